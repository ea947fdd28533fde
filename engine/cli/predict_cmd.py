"""`layerlab predict MODEL CSV [-o OUT]`: the CSV's rows plus prediction columns."""

from __future__ import annotations

from pathlib import Path


def add_parser(sub, common) -> None:
    p = sub.add_parser("predict", parents=[common], help="predict a CSV with a trained model",
                       description="Apply a trained model bundle to a CSV and write its rows plus prediction columns.")
    p.add_argument("model", help="a trained model bundle (*.llmodel)")
    p.add_argument("csv", help="the CSV to predict (the same columns as the training data; the target may be absent)")
    p.add_argument("-o", "--out", help="output CSV (default: <csv name>_predictions.csv beside the input)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing output file of another kind (never the model or the CSV read)")
    p.add_argument("--raw", action="store_true",
                   help="write cells as they are: no quote before cells a spreadsheet would run as formulas "
                        "(=, +, -, @)")
    p.add_argument("--threshold", type=float, metavar="P",
                   help="binary models: predict the positive class from this probability on (0 < P < 1; "
                        "default: the threshold stored in the model, 0.5 unless chosen on the Evaluate page)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.io.predict import Predictor

    from engine.io.output_paths import check_outputs

    out = Path(args.out) if args.out else Path(args.csv).with_name(Path(args.csv).stem + "_predictions.csv")
    check_outputs([(out, "the predictions", (".csv", ".tsv", ".txt"))],
                  {"model bundle": args.model, "CSV to predict": args.csv}, force=args.force)
    predictor = Predictor.load(args.model, threshold=args.threshold)
    result = predictor.predict_file(args.csv, out, raw=args.raw)
    chosen = f" (decision threshold {predictor.threshold:g})" if predictor.bundle.task == "binary" else ""
    print(f"Predicted {len(result):,} rows -> {out}{chosen}")
    empty = predictor.rows_without_features(result).nonzero()[0] + 1
    if len(empty):
        import sys

        shown = ", ".join(map(str, empty[:10])) + (", …" if len(empty) > 10 else "")
        print(f"warning: {len(empty):,} row(s) have every input column empty (row {shown}): their predictions "
              "are only the model's guess for a blank row.", file=sys.stderr)
    return 0
