"""`layerlab export MODEL --format onnx|pt2|project -o PATH`."""

from __future__ import annotations


FORMATS = ("onnx", "pt2", "project")


def add_parser(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help="export a trained model to ONNX, a PyTorch program or code",
                       description="Export a trained bundle: ONNX (checked with onnxruntime), a torch.export program "
                                   "(.pt2), or a standalone PyTorch training project (a folder).")
    p.add_argument("model", help="a trained model bundle (*.llmodel)")
    p.add_argument("--format", "-f", choices=FORMATS, required=True)
    p.add_argument("-o", "--out", required=True, help="output file (onnx, pt2) or folder (project)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.export import export_model

    report = export_model(args.model, args.format, args.out)
    print(report.summary())
    return 0
