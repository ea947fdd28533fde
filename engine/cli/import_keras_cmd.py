"""`layerlab import-keras FILE.py -o SPEC.json [--config CONFIG.json]`: Keras Sequential code -> ModelSpec."""

from __future__ import annotations

import json
import shlex
from pathlib import Path


def add_parser(sub, common) -> None:
    p = sub.add_parser("import-keras", parents=[common], help="turn Keras Sequential code into a LayerLab model",
                       description="Read a Keras Sequential model from a Python file (parsed, never run) and write "
                                   "it as a LayerLab model spec, plus its training settings with --config.")
    p.add_argument("file", metavar="FILE.py", help="Python source with a keras Sequential model")
    p.add_argument("-o", "--out", required=True, metavar="SPEC.json", help="where to write the model spec")
    p.add_argument("--config", metavar="CONFIG.json", help="also write the training settings (TrainConfig JSON)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.io.atomic import write_text_atomic
    from engine.importers.keras import import_keras_file

    from engine.errors import ProjectError
    from engine.io.output_paths import refuse_overwriting_inputs

    refuse_overwriting_inputs(args.out, {"Keras source": args.file}, "the model spec (-o)")
    if args.config:
        refuse_overwriting_inputs(args.config, {"Keras source": args.file}, "the settings (--config)")
    if args.config and Path(args.out).resolve() == Path(args.config).resolve():
        raise ProjectError(f"-o and --config both name '{args.out}'; the settings would replace the model spec. "
                           "Choose two different files.")
    result = import_keras_file(args.file)
    write_text_atomic(args.out, result.spec.to_json())
    if args.config:
        data = result.config.to_dict()
        if result.split is not None:
            data["split"] = result.split.to_dict()  # TrainConfig.from_dict ignores it; kept for people and tools
        if result.task:
            data["task"] = result.task
        write_text_atomic(args.config, json.dumps(data, indent=2))
    print(result.summary())
    print(f"Model spec written to {args.out}" + (f"; settings to {args.config}" if args.config else ""))
    print("Train it with: " + train_command(args.out, args.config, result.config))
    return 0


def train_command(spec_path: str, config_path: str | None, config) -> str:
    """The one `layerlab train` command line for the imported model (DATA.csv and COLUMN to fill in).

    With a settings file it reads every setting from there (`--config`); without one the main
    settings are spelled out as flags.
    """
    words = ["layerlab", "train", "--csv", "DATA.csv", "--target", "COLUMN", "--model", shlex.quote(str(spec_path))]
    if config_path:
        words += ["--config", shlex.quote(str(config_path))]
    else:
        words += ["--epochs", str(config.epochs), "--batch-size", str(config.batch_size),
                  "--optimizer", config.optimizer, "--lr", f"{config.learning_rate:g}"]
    return " ".join(words)
