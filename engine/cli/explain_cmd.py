"""`layerlab explain MODEL DATA [--row N] [--dependence COLUMN] [--json]`: which columns a model relies on."""

from __future__ import annotations

from engine.insight.defaults import DEFAULT_MAX_ROWS, DEFAULT_REPEATS


def add_parser(sub, common) -> None:
    p = sub.add_parser("explain", parents=[common], help="which columns a trained model relies on",
                       description="Permutation importance of each column of the table: how much the model's "
                                   "accuracy (RMSE for regression) worsens when that column's values are shuffled, "
                                   "with the spread over the shuffles. Use rows the model was not trained on "
                                   "(e.g. a held-out file) for honest figures. --row N explains one prediction "
                                   "instead; --dependence COLUMN shows how the average prediction moves with a "
                                   "numeric column.")
    p.add_argument("model", help="a trained model bundle (*.llmodel)")
    p.add_argument("csv", help="rows in the training data's columns, with the target for importance")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--row", type=int, metavar="N",
                   help="explain the prediction for data row N (1 = the first row after the header)")
    p.add_argument("--dependence", metavar="COLUMN", help="partial dependence on this numeric column")
    p.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, metavar="R",
                   help=f"shuffles per column (default {DEFAULT_REPEATS})")
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffles and row samples (default 0)")
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"score a fixed random sample of at most N rows (default {DEFAULT_MAX_ROWS:,})")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.terminal import print_json
    from engine.data import read_csv
    from engine.errors import DataError
    from engine.io.bundle import load_bundle

    if args.row is not None and args.dependence:
        raise DataError("Choose one of --row and --dependence.")
    bundle = load_bundle(args.model)
    frame = read_csv(args.csv, min_rows=1).frame
    if args.row is not None:
        result, text = _row(bundle, frame, args)
    elif args.dependence:
        result, text = _dependence(bundle, frame, args)
    else:
        result, text = _importance(bundle, frame, args)
    if args.json:
        print_json(result)
    else:
        print(text)
    return 0


def _importance(bundle, frame, args) -> tuple[dict, str]:
    from engine.insight.importance import permutation_importance
    from engine.runs.metrics import METRIC_LABELS, format_metric

    result = permutation_importance(bundle, frame, repeats=args.repeats, seed=args.seed, max_rows=args.max_rows)
    accuracy = result.metric == "accuracy"
    change = "drop in accuracy" if accuracy else "rise in RMSE"
    lines = [f"Permutation importance on {result.rows:,} rows of {args.csv} ({METRIC_LABELS[result.metric]} "
             f"{format_metric(result.metric, result.score)}; {result.repeats} shuffles per column, seed {result.seed})",
             "", f"{'column':<24} {change}"]
    for c in result.columns:
        figure = f"{100 * c.mean:+.1f} points ± {100 * c.std:.1f}" if accuracy else f"{c.mean:+.4g} ± {c.std:.2g}"
        lines.append(f"{c.column[:24]:<24} {figure}")
    return result.to_dict(), "\n".join(lines)


def _row(bundle, frame, args) -> tuple[dict, str]:
    from engine.errors import DataError
    from engine.insight.attribution import explain_row

    if not 1 <= args.row <= len(frame):
        raise DataError(f"Row {args.row} is not in '{args.csv}': it has rows 1 to {len(frame):,}.", path=args.csv)
    reference = frame
    if args.max_rows is not None and len(frame) > args.max_rows:
        reference = frame.sample(args.max_rows, random_state=args.seed)
    explanation = explain_row(bundle, frame.iloc[[args.row - 1]], reference=reference)
    lines = [f"Row {args.row}: predicted {explanation.prediction}; {explanation.output_name} "
             f"{explanation.output:.4g} (baseline {explanation.baseline_output:.4g}: {explanation.baseline})",
             "", f"{'column':<24} {'value':<20} contribution"]
    for column, share in explanation.contributions.items():
        value = str(frame.iloc[args.row - 1][column])
        lines.append(f"{column[:24]:<24} {value[:20]:<20} {share:+.4g}")
    lines.append(f"(contributions add up to {explanation.output - explanation.baseline_output:+.4g}, "
                 f"within {abs(explanation.delta):.2g})")
    return {"row": args.row, **explanation.to_dict()}, "\n".join(lines)


def _dependence(bundle, frame, args) -> tuple[dict, str]:
    from engine.insight.partial_dependence import partial_dependence

    result = partial_dependence(bundle, frame, args.dependence, max_rows=args.max_rows, seed=args.seed)
    lines = [f"Partial dependence on {result.column}: the average over {result.rows:,} rows", "",
             f"{result.column[:20]:<20} " + "  ".join(name for name in result.output_names)]
    for value, averages in zip(result.grid, result.average):
        lines.append(f"{value:<20.4g} " + "  ".join(f"{a:.4g}" for a in averages))
    return result.to_dict(), "\n".join(lines)
