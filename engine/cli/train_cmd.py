"""`layerlab train`: from a project, a CSV + target, or the bundled example, to a saved bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.cli.job_options import add_job_options
from engine.errors import ProjectError
from engine.tasks import Task


def add_parser(sub, common) -> None:
    p = sub.add_parser("train", parents=[common], help="train a model and save it as a bundle",
                       description="Train from a project file, a CSV (--csv, --target) or a bundled example "
                                   "(--example churn), print the test metrics and save the model bundle.")
    add_job_options(p)
    p.add_argument("--tensorboard", action="store_true", help="also log to TensorBoard (needs the tensorboard extra)")
    p.add_argument("--out", "-o", help="where to write the model bundle (*.llmodel)")
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint beside --out")
    p.add_argument("--force", action="store_true",
                   help="replace existing files of another kind at --out and its side files (never an input)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.terminal import install_stop_on_interrupt, print_json
    from engine.cli.progress_bar import DecodeBar, ProgressBar
    from engine.runs.finish import finish_run
    from engine.runs.files import BUNDLE_SUFFIX, checkpoint_for
    from engine.runs.pipeline import RunPipeline
    from engine.cli.inputs import resolve_job_inputs

    inputs = resolve_job_inputs(args)
    out = Path(args.out) if args.out else Path(inputs.default_name + BUNDLE_SUFFIX)
    checkpoint = checkpoint_for(out)
    _check_outputs(args, out, tensorboard=bool(args.tensorboard or inputs.config.tensorboard))
    if args.resume and not checkpoint.is_file():
        raise ProjectError(f"Nothing to resume: no checkpoint at '{checkpoint}'. Train once with --out {out}.")
    callbacks = [] if args.quiet or args.json else [ProgressBar()]
    tensorboard = None
    if args.tensorboard or inputs.config.tensorboard:
        from engine.training.tensorboard_log import TensorBoardLogger

        tensorboard = TensorBoardLogger(out.with_name(out.stem + "-tensorboard"))
        callbacks.append(tensorboard)
    pipeline = RunPipeline(inputs.frame, inputs.schema, inputs.spec, inputs.config, inputs.split,
                           callbacks=callbacks, checkpoint_path=checkpoint, **inputs.data_options)
    install_stop_on_interrupt(pipeline.request_stop)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a))
    data = pipeline.prepare(progress=None if args.quiet or args.json else DecodeBar())
    for warning in inputs.warnings + data.warnings:
        print(f"note: {warning}", file=sys.stderr)
    table = (f"{len(data.preprocessor.input_columns)} feature columns -> {data.preprocessor.width} inputs"
             if not data.sources else  # text, images or a series: each input is described below
             f"{_counted(len(inputs.schema.features), 'feature column')} -> "
             f"{_counted(len(data.sources), 'model input')}")
    say(f"Data: {inputs.source} — {len(inputs.frame):,} rows; target '{inputs.schema.target}' "
        f"({data.preprocessor.task}); {table}; split {len(data.y_train)}/{len(data.y_val)}/{len(data.y_test)}")
    for line in describe_inputs(data) if data.sources else ():
        say(line)
    trained = pipeline.run(resume_from=checkpoint if args.resume else None)
    if tensorboard is not None and not trained.context.sources:
        tensorboard.log_graph(trained.model, trained.context.input_width, trained.spec, trained.context)
        tensorboard.close()
    record = finish_run(trained, out, checkpoint)
    if args.json:
        print_json(record.to_dict())
        return 0
    say(record.message)
    say(_format_scores(record))
    say(f"Model saved to {out}\nPer-epoch metrics: {record.metrics_csv}")
    return 0


def describe_inputs(data) -> list[str]:
    """What the model reads beside the table, and a forecast's window settings (chosen or given)."""
    from engine.i18n import _

    lines = []
    for source in data.sources:
        if source.kind == "text":
            lines.append(_("Input '{name}': text, {length} tokens per row (the 95th percentile of the training "
                           "texts), {words} words").format(name=source.name, length=source.shape[0],
                                                           words=f"{source.vocab_size:,}"))
        elif source.kind == "image":
            lines.append(_("Input '{name}': images {shape} (channels × height × width)").format(
                name=source.name, shape="×".join(map(str, source.shape))))
    forecast = data.encoders.forecast if data.encoders is not None else None
    if forecast:
        chosen = _("given") if data.schema.lookback else _("chosen from the time step: one cycle, e.g. 12 months")
        lines.append(_("Forecast: '{target}' {horizon} row(s) ahead (horizon) from the last {lookback} rows "
                       "(lookback, {chosen}), in the order of '{time}'; chronological split, windows inside each "
                       "part").format(target=data.schema.target, horizon=forecast["horizon"],
                                      lookback=forecast["lookback"], chosen=chosen, time=forecast["time_column"]))
    return lines


def _input_files(args) -> dict:
    """The files `layerlab train` reads, by what they are (for the messages)."""
    files = {"project file": args.project, "training CSV": args.csv, "model spec": args.model,
             "settings file": args.config}
    if args.project:
        from engine.io.project import Project

        files["project's data file"] = Project.load(args.project).data_path
    if args.example:
        from engine.io.examples import get_example

        files["example's data file"] = get_example(args.example).path
    return files


def _check_outputs(args, out: Path, tensorboard: bool) -> None:
    """Refuse, before any training, an --out whose bundle or side files would replace an input, a folder, or
    a file of another kind (unless --force), or that lies in a missing or read-only folder."""
    from engine.io.output_paths import check_outputs
    from engine.runs.files import checkpoint_for, metrics_csv_for

    outputs = [(out, "the model bundle", (".llmodel",)),
               (checkpoint_for(out), "the training checkpoint", (".ckpt",)),
               (metrics_csv_for(out), "the per-epoch metrics CSV", (".csv",))]
    if tensorboard:
        outputs.append((out.with_name(out.stem + "-tensorboard"), "the TensorBoard log folder", (), True))
    check_outputs(outputs, _input_files(args), force=args.force)


def _format_scores(record) -> str:
    from engine.runs.metrics import format_metric as f  # the numbers read as on the app's pages

    m, base = record.test_metrics, record.baseline
    lines = [f"Test results ({m['n']} rows):"]
    if record.task == Task.REGRESSION:
        lines.append(f"  network:  MAE {f('mae', m['mae'])}  RMSE {f('rmse', m['rmse'])}  R² {f('r2', m['r2'])}")
        for b in base.get("candidates") or ([base] if base.get("metrics") else []):
            name, b = b["model"], b["metrics"]
            lines.append(f"  {name}:  MAE {f('mae', b['mae'])}  RMSE {f('rmse', b['rmse'])}  R² {f('r2', b['r2'])}")
    else:
        auc = f"  ROC-AUC {f('roc_auc', m['roc_auc'])}" if "roc_auc" in m else ""
        lines.append(f"  network:  accuracy {f('accuracy', m['accuracy'])}  F1 {f('f1', m['f1'])}  "
                     f"log loss {f('log_loss', m['log_loss'])}{auc}")
        if base.get("metrics"):
            b = base["metrics"]
            bauc = f"  ROC-AUC {f('roc_auc', b['roc_auc'])}" if "roc_auc" in b else ""
            lines.append(f"  {base['model']}:  accuracy {f('accuracy', b['accuracy'])}  F1 {f('f1', b['f1'])}  "
                         f"log loss {f('log_loss', b['log_loss'])}{bauc}")
        lines.append(f"  always the most common class:  accuracy {f('accuracy', base['majority_accuracy'])}")
    return "\n".join(lines)


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
