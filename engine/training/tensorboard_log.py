"""Optional TensorBoard logging of a training run: per-epoch scalars and the model graph.

TensorBoard is an optional extra (``pip install 'layerlab[tensorboard]'``); it is imported only
when a logger is created, and a clear message says how to install it when it is missing.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import torch

from engine.errors import LayerLabError
from engine.training import Callback, EpochEnded, RunEnded, RunStarted

INSTALL_HINT = "pip install 'layerlab[tensorboard]'  (or: pip install tensorboard)"


class TensorBoardUnavailable(LayerLabError):
    """The tensorboard package is not installed."""


def _summary_writer_class():
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as exc:
        raise TensorBoardUnavailable("TensorBoard logging needs the tensorboard package, which is not installed "
                                     f"({exc}). Install it with: {INSTALL_HINT}. Training works without it; "
                                     "leave out --tensorboard.") from None
    return SummaryWriter


class TensorBoardLogger(Callback):
    """Writes a run to a TensorBoard log folder: loss/train, loss/val, val/<metric>, lr, speed per epoch.

    ``log_graph(model, input_width)`` adds the model graph (falling back to the layer summary as
    text when tracing fails; ``graph_note`` says which happened). View with
    ``tensorboard --logdir <log_dir>``.

    Raises:
        TensorBoardUnavailable: on construction, when tensorboard is not installed.
    """

    def __init__(self, log_dir: str | Path, *, model: torch.nn.Module | None = None,
                 input_width: int | None = None):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.writer = _summary_writer_class()(log_dir=str(self.log_dir))
        self.graph_note: str | None = None
        if model is not None and input_width is not None:
            self.log_graph(model, input_width)

    # -- callback hooks -------------------------------------------------------------------------
    def on_run_start(self, event: RunStarted) -> None:
        self.writer.add_text("run/start", f"device {event.device_name}; {event.n_train} training rows, "
                                          f"{event.n_val} validation rows; batch {event.batch_size}; "
                                          f"{event.parameters:,} parameters; epochs {event.first_epoch}-"
                                          f"{event.epochs}")

    def on_epoch_end(self, event: EpochEnded) -> None:
        step = event.epoch
        self.writer.add_scalar("loss/train", event.train_loss, step)
        self.writer.add_scalar("loss/val", event.val_loss, step)
        for name, value in event.metrics.items():
            self.writer.add_scalar(f"val/{name}", value, step)
        self.writer.add_scalar("lr", event.lr, step)
        self.writer.add_scalar("speed/samples_per_sec", event.samples_per_sec, step)
        self.writer.flush()

    def on_run_end(self, event: RunEnded) -> None:
        self.writer.add_text("run/end", f"{event.reason}: {event.message} (best epoch {event.best_epoch})")
        self.writer.flush()

    # -- the model ----------------------------------------------------------------------------
    def log_graph(self, model: torch.nn.Module, input_width: int, spec=None, ctx=None) -> str:
        """Add the model graph (traced on a copy, in eval mode, on the CPU); if tracing fails, log the
        layer summary as text instead. Returns (and keeps in ``graph_note``) what was logged."""
        probe = copy.deepcopy(model).to("cpu").eval()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # add_graph still traces with torch.jit
                self.writer.add_graph(probe, torch.zeros(2, input_width), use_strict_trace=False)
            self.graph_note = "model graph logged"
        except Exception as exc:  # tracing can fail in many ways; the text summary still helps
            text = _summary(model, spec, ctx)
            self.writer.add_text("model/summary", f"The graph could not be traced ({exc}); layer summary:\n\n"
                                                  f"    " + text.replace("\n", "\n    "))
            self.graph_note = f"model graph could not be traced ({type(exc).__name__}); logged the summary text"
        self.writer.flush()
        return self.graph_note

    def close(self) -> None:
        """Flush and close the log files."""
        self.writer.close()


def _summary(model, spec, ctx) -> str:
    spec = spec if spec is not None else getattr(model, "spec", None)
    ctx = ctx if ctx is not None else getattr(model, "ctx", None)
    if spec is not None and ctx is not None:
        from engine.graph import summary_text

        return summary_text(spec, ctx)
    return str(model)
