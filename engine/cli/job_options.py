"""The options that name a job's data, model and training settings (`layerlab train` and `lr-find`).

`engine.cli.inputs.resolve_job_inputs` reads the namespace these options fill.
"""

from __future__ import annotations

import argparse

from engine.io.examples import EXAMPLES
from engine.tasks import TASKS
from engine.training import OPTIMIZERS, PRECISIONS, SCHEDULES


def add_job_options(p: argparse.ArgumentParser) -> None:
    """Add the data (project, --example, --csv/--target, …), model (--template/--model) and settings flags."""
    add_data_options(p)
    p.add_argument("--epochs", type=int)
    _add_settings_options(p)


def add_data_options(p: argparse.ArgumentParser) -> None:
    """The data, model, --config and --split flags (`layerlab sweep` adds its own --epochs and --seed)."""
    p.add_argument("project", nargs="?", help="a *.layerlab project file")
    p.add_argument("--example", choices=list(EXAMPLES), help="a bundled example data set")
    p.add_argument("--csv", help="a CSV file to train on")
    p.add_argument("--target", help="the column to predict")
    p.add_argument("--task", choices=TASKS, help="override the inferred task")
    p.add_argument("--ignore", action="append", default=[], metavar="COL", help="leave a column out (repeatable)")
    p.add_argument("--kind", action="append", default=[], metavar="COL=KIND", help="override a column's kind")
    model = p.add_mutually_exclusive_group()
    model.add_argument("--template", help="a model template (see `layerlab info --templates`)")
    model.add_argument("--model", metavar="SPEC.json", help="a ModelSpec JSON file")
    p.add_argument("--config", metavar="CONFIG.json",
                   help="training settings from a JSON file (as `layerlab import-keras --config` writes); "
                        "flags given as well win over it")
    p.add_argument("--split", default=None, metavar="TRAIN/VAL/TEST", help="percentages, default 70/15/15")
    _add_input_options(p)


def _add_input_options(p: argparse.ArgumentParser) -> None:
    """Forecasting (a time column) and image-file flags."""
    p.add_argument("--time-column", metavar="COL",
                   help="forecast: the rows are a time series ordered by COL (dates or increasing numbers); "
                        "the split becomes chronological")
    p.add_argument("--lookback", type=_positive, metavar="N",
                   help="forecast from the last N rows (default: chosen from the data, printed)")
    p.add_argument("--horizon", type=_positive, metavar="H", help="predict the target H rows ahead (default 1)")
    p.add_argument("--image-size", type=_image_size, metavar="HxW",
                   help="resize images to H×W pixels (default: the size of the training files)")
    p.add_argument("--drop-unreadable-images", action="store_true",
                   help="leave out rows whose image file is missing or unreadable (default: stop and list them)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def _image_size(text: str) -> tuple[int, int]:
    """--image-size 28x28 (or a single 28 for a square)."""
    height, _, width = text.lower().replace("×", "x").partition("x")
    try:
        size = (int(height), int(width or height))
    except ValueError:
        size = (0, 0)
    if min(size) < 1 or max(size) > 4096:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 28x28 (height x width, 1 to 4096 pixels)")
    return size


def _add_settings_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--batch-size", type=int)
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--lr", "--learning-rate", dest="learning_rate", type=float)
    p.add_argument("--weight-decay", type=float)
    p.add_argument("--schedule", choices=SCHEDULES)
    p.add_argument("--early-stopping", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--patience", type=int)
    p.add_argument("--loss-threshold", type=float, help="stop when the validation loss falls below this")
    p.add_argument("--seed", type=int)
    p.add_argument("--device", help="auto (default), cpu, cuda, cuda:N or mps")
    p.add_argument("--precision", choices=PRECISIONS, help="mixed precision on CUDA")
    p.add_argument("--class-weights", type=_class_weights, metavar="none|balanced|CLASS=W,...",
                   help="weigh the loss per class: balanced (n / (classes x count) on the training rows) or "
                        "one weight per class, e.g. \"no=1,yes=3\" (classes left out weigh 1)")


def _class_weights(text: str):
    """--class-weights as TrainConfig.class_weights; argparse reports a bad value with the message."""
    from engine.training.config import parse_class_weights

    try:
        return parse_class_weights(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
