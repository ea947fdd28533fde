"""`layerlab export MODEL --format onnx|pt2|project -o PATH [--check-csv CSV]`."""

from __future__ import annotations

FORMATS = ("onnx", "pt2", "project")


def add_parser(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help="export a trained model to ONNX, a PyTorch program or code",
                       description="Export a trained bundle: ONNX (checked with onnx.checker and onnxruntime), a "
                                   "torch.export program (.pt2), or a standalone PyTorch training project (a "
                                   "folder with model.py, train.py, predict.py). Every export is checked against "
                                   "the LayerLab model; a failed check leaves no file behind.")
    p.add_argument("model", help="a trained model bundle (*.llmodel)")
    p.add_argument("--format", "-f", choices=FORMATS, required=True)
    p.add_argument("-o", "--out", required=True, help="output file (onnx, pt2) or folder (project)")
    p.add_argument("--check-csv", metavar="CSV", help="also check the export on real rows from this CSV")
    p.add_argument("--force", action="store_true",
                   help="replace an existing <name>.preprocessor.json, or files of an earlier project export edited "
                        "since (a user's other files are never deleted)")
    p.add_argument("--name", help="the model's name in the exported code and metadata (default: the bundle's)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.export import export_model

    report = export_model(args.model, args.format, args.out, check_csv=args.check_csv, name=args.name,
                          force=args.force)
    print(report.summary())
    return 0
