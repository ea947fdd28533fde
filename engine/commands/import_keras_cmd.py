"""`layerlab import-keras FILE.py -o SPEC.json [--config CONFIG.json]`: Keras Sequential code -> ModelSpec."""

from __future__ import annotations

import json


def add_parser(sub, common) -> None:
    p = sub.add_parser("import-keras", parents=[common], help="turn Keras Sequential code into a LayerLab model",
                       description="Read a Keras Sequential model from a Python file (parsed, never run) and write "
                                   "it as a LayerLab model spec, plus its training settings with --config.")
    p.add_argument("file", metavar="FILE.py", help="Python source with a keras Sequential model")
    p.add_argument("-o", "--out", required=True, metavar="SPEC.json", help="where to write the model spec")
    p.add_argument("--config", metavar="CONFIG.json", help="also write the training settings (TrainConfig JSON)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.atomic import write_text_atomic
    from engine.export.keras_import import import_keras_file

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
    c = result.config
    print(f"Train it with: layerlab train --csv DATA.csv --target COLUMN --model {args.out} --epochs {c.epochs} "
          f"--batch-size {c.batch_size} --optimizer {c.optimizer} --lr {c.learning_rate:g}")
    return 0
