"""Turn `layerlab train` arguments into a table, schema, model spec, settings and split."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from engine.data import Schema, infer_schema, read_csv
from engine.errors import DataError, ProjectError, SpecError
from engine.graph import ModelSpec, load_template, template_names
from engine.preprocess import Split
from engine.training import TrainConfig, auto_config

CONFIG_FLAGS = ("epochs", "batch_size", "optimizer", "learning_rate", "weight_decay", "schedule", "early_stopping",
                "patience", "loss_threshold", "seed", "device", "precision")


@dataclass
class JobInputs:
    frame: pd.DataFrame
    schema: Schema
    spec: ModelSpec
    config: TrainConfig
    split: Split
    source: str
    default_name: str
    warnings: list[str] = field(default_factory=list)


def resolve_job_inputs(args) -> JobInputs:
    """Read the data and settings named by the arguments. Raises DataError/ProjectError/SpecError for people."""
    sources = [s for s in (args.project, args.example, args.csv) if s]
    if len(sources) != 1:
        raise DataError("Give exactly one of: a project file, --example NAME, or --csv FILE --target COLUMN.")
    if args.project:
        return _from_project(args)
    if args.example:
        from engine.examples import get_example

        example = get_example(args.example)
        table = read_csv(example.path)
        schema = infer_schema(table.frame, target=example.target)
        spec = _spec(args, default=example.template)
        config = example.config or default_config(table.frame, schema)
        return _finish(args, table.frame, schema, spec, config, Split(), f"example '{example.name}'", example.name,
                       table.warnings)
    table = read_csv(args.csv)
    if not args.target:
        raise DataError(_target_needed(args.csv, infer_schema(table.frame)), path=args.csv)
    if args.target not in table.frame.columns:
        raise DataError(f"Column '{args.target}' is not in '{args.csv}'. Its columns are: "
                        f"{', '.join(map(str, table.frame.columns[:30]))}.", path=args.csv, column=args.target)
    schema = infer_schema(table.frame, target=args.target, task=args.task)
    spec = _spec(args, default=default_template(schema.task))
    return _finish(args, table.frame, schema, spec, default_config(table.frame, schema), Split(), args.csv,
                   Path(args.csv).stem, table.warnings)


def _target_needed(csv, schema: Schema) -> str:
    """--csv without --target: say which column would be predicted (never pick it silently)."""
    candidates = schema.target_candidates
    listed = ", ".join(candidates[:15]) + (", …" if len(candidates) > 15 else "")
    if schema.target:
        why = f"it looks like --target {schema.target}: {schema.target_reason}"
    else:
        why = schema.target_reason
    return (f"--csv needs --target COLUMN, the column the model should predict: in '{Path(csv).name}' {why}; "
            f"name one with --target; candidates: {listed or '(none: no column can be predicted)'}.")


def default_template(task: str | None) -> str:
    """The template used when none is named: the tutorial MLP for classification, the regression MLP otherwise."""
    return "regression-mlp" if task == "regression" else "tutorial-mlp"


def default_config(frame: pd.DataFrame, schema: Schema) -> TrainConfig:
    """Settings sized to the table (early stopping with an epoch cap)."""
    return auto_config(int(len(frame) * Split().train))


def _from_project(args) -> JobInputs:
    from engine.project import Project

    project = Project.load(args.project)
    if not project.data_path:
        raise ProjectError(f"Project '{args.project}' has no data file: open it in the app and choose a CSV.")
    if not Path(project.data_path).is_file():
        raise ProjectError(f"The project's data file '{project.data_path}' no longer exists. "
                           "Move it back, or open the project in the app to locate it.")
    table = read_csv(project.data_path)
    schema = project.schema or infer_schema(table.frame)
    spec = _spec(args, default=None) if (args.template or args.model) else project.spec
    return _finish(args, table.frame, schema, spec, project.config, project.split, args.project,
                   Path(args.project).stem, table.warnings)


def _spec(args, default: str | None) -> ModelSpec:
    if args.model:
        path = Path(args.model)
        if not path.is_file():
            raise SpecError(f"Model spec '{path}' does not exist.")
        try:
            return ModelSpec.from_json(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise SpecError(f"Model spec '{path}' is not JSON text.") from exc
    name = args.template or default
    if name not in template_names():
        raise SpecError(f"Unknown template '{name}': choose one of {', '.join(template_names())}.")
    return load_template(name)


def _finish(args, frame, schema, spec, config, split, source, name, warnings) -> JobInputs:
    for column in args.ignore:
        schema.set_role(column, "ignore")
    for item in args.kind:
        column, _, kind = item.partition("=")
        schema.set_kind(column, kind)
    if args.task and schema.target:
        schema.set_task(args.task)
    overrides = {f: getattr(args, f) for f in CONFIG_FLAGS if getattr(args, f, None) is not None}
    if overrides:
        config = TrainConfig.from_dict({**config.to_dict(), **overrides})
    problems = config.validate()
    if problems:
        raise DataError(" ".join(problems))
    if args.split:
        split = parse_split(args.split, seed=config.seed)
    elif args.seed is not None:
        split = Split.from_dict({**split.to_dict(), "seed": config.seed})
    return JobInputs(frame, schema, spec, config, split, source, name, list(warnings))


def parse_split(text: str, seed: int = 0) -> Split:
    """Parse '70/15/15' (percentages summing to 100) into a Split."""
    try:
        parts = [float(p) for p in text.split("/")]
    except ValueError:
        parts = []
    if len(parts) != 3 or any(p < 0 for p in parts) or abs(sum(parts) - 100) > 1e-6 or parts[0] == 0:
        raise DataError(f"--split '{text}' is not valid: give three percentages that add up to 100, e.g. 70/15/15.")
    return Split(train=parts[0] / 100, val=parts[1] / 100, test=parts[2] / 100, seed=seed)
