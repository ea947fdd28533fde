"""Turn `layerlab train` arguments into a table, schema, model spec, settings and split."""

from __future__ import annotations

import sys

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from engine.io.user_files import regular_file
from engine.data import Schema, infer_schema, read_csv
from engine.errors import DataError, ProjectError, SpecError
from engine.i18n import _
from engine.graph import ModelSpec, load_template, template_names
from engine.preprocess import Split
from engine.io.project import default_template, design_for, template_for  # noqa: F401 - default_template: kept for callers
from engine.tasks import TASKS
from engine.training import TrainConfig
from engine.training.config import for_template

CONFIG_FLAGS = ("epochs", "batch_size", "optimizer", "learning_rate", "weight_decay", "schedule", "early_stopping",
                "patience", "loss_threshold", "seed", "device", "precision", "class_weights")


@dataclass
class SettingsFile:
    """A training settings file (`layerlab train --config`): TrainConfig keys, plus optional split and task."""

    values: dict
    split: Split | None = None
    task: str | None = None
    warnings: list[str] = field(default_factory=list)


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
    data_options: dict = field(default_factory=dict)  # RunPipeline's base_dir, drop_unreadable, image_size


def resolve_job_inputs(args) -> JobInputs:
    """Read the data and settings named by the arguments. Raises DataError/ProjectError/SpecError for people."""
    sources = [s for s in (args.project, args.example, args.csv) if s]
    if len(sources) != 1:
        raise DataError(_("Give exactly one of: a project file, --example NAME, or --csv FILE --target COLUMN."))
    settings = read_settings_file(args.config) if getattr(args, "config", None) else None
    if args.project:
        return _from_project(args, settings)
    if args.example:
        from engine.io.examples import load_example

        loaded = load_example(args.example)
        _set_time_column(args, loaded.schema)
        spec = _spec(args, default=None) if (args.template or args.model) else loaded.spec
        template = args.template or (None if args.model else loaded.example.template)
        config = loaded.config if loaded.example.config else for_template(loaded.config, template)
        return _finish(args, loaded.table.frame, loaded.schema, spec, config, loaded.split,
                       f"example '{args.example}'", args.example, loaded.table.warnings, settings,
                       base_dir=loaded.example.path.parent)
    table = read_csv(args.csv)
    if not args.target:
        raise DataError(_target_needed(args.csv, infer_schema(table.frame)), path=args.csv)
    if args.target not in table.frame.columns:
        raise DataError(_("Column '{column}' is not in '{file}'. Its columns are: {columns}.").format(
            column=args.target, file=args.csv, columns=", ".join(map(str, table.frame.columns[:30]))),
            path=args.csv, column=args.target)
    schema = infer_schema(table.frame, target=args.target, task=args.task or (settings.task if settings else None),
                          base_dir=Path(args.csv).parent)
    _set_time_column(args, schema)
    for column in args.ignore:  # before the template is picked: an ignored text column picks no text model
        schema.set_role(column, "ignore")
    template = args.template or (None if args.model else template_for(schema, len(table.frame)))
    chosen = args.template or args.model
    spec = _spec(args, default=template) if chosen else design_for(schema, len(table.frame))
    config = for_template(default_config(table.frame, schema), template)
    return _finish(args, table.frame, schema, spec, config, Split(), args.csv,
                   Path(args.csv).stem, table.warnings, settings, base_dir=Path(args.csv).parent)


def _set_time_column(args, schema: Schema) -> None:
    """--time-column/--lookback/--horizon onto the schema (the lookback and horizon need the time column)."""
    if getattr(args, "time_column", None):
        schema.set_time_column(args.time_column, lookback=args.lookback, horizon=args.horizon)
    elif getattr(args, "lookback", None) or getattr(args, "horizon", None):
        if not schema.time_column:
            raise DataError(_("--lookback and --horizon are for forecasting: name the time column with "
                              "--time-column COL."))
        schema.set_time_column(schema.time_column, lookback=args.lookback or schema.lookback,
                               horizon=args.horizon or schema.horizon)


def read_settings_file(path: str | Path) -> SettingsFile:
    """Read a training settings JSON file (what `layerlab import-keras --config` writes).

    Its keys are TrainConfig fields (epochs, batch_size, optimizer, learning_rate, …); "split"
    (train/val/test fractions) and "task" are optional. Keys it does not know are reported as warnings.

    Raises:
        ProjectError: the file is missing, not JSON, or not an object; DataError: a value is invalid.
    """
    path = Path(path)
    if not path.is_file():
        raise ProjectError(_("Settings file '{path}' does not exist.").format(path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ProjectError(_("Settings file '{path}' is not UTF-8 text.").format(path=path)) from exc
    except json.JSONDecodeError as exc:
        raise ProjectError(_("Settings file '{path}' is not valid JSON: line {line}, column {column} ({problem}).")
                           .format(path=path, line=exc.lineno, column=exc.colno, problem=exc.msg)) from exc
    if not isinstance(data, dict):
        raise ProjectError(_("Settings file '{path}' should hold a JSON object such as {example}.").format(
            path=path, example='{"epochs": 20}'))
    known = {f.name for f in fields(TrainConfig)}
    values = {k: v for k, v in data.items() if k in known}
    problems = TrainConfig.from_dict({**TrainConfig().to_dict(), **values}).validate()
    if problems:
        raise DataError(_("Settings file '{path}': {problems}").format(path=path, problems=" ".join(problems)),
                        path=str(path))
    split = None
    if data.get("split") is not None:
        try:
            split = Split.from_dict(data["split"])
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise DataError(_("Settings file '{path}': 'split' is not valid ({problem}); give train, val and test "
                              "fractions, e.g. {example}.").format(
                path=path, problem=exc, example='{"train": 0.7, "val": 0.15, "test": 0.15}'), path=str(path)) from exc
    task = data.get("task")
    if task is not None and task not in TASKS:
        raise DataError(_("Settings file '{path}': task {task} is unknown; choose one of {tasks}.").format(
            path=path, task=repr(task), tasks=", ".join(TASKS)), path=str(path))
    unknown = sorted(set(data) - known - {"split", "task"})
    warnings = [_("{file}: ignored unknown settings: {settings}.").format(
        file=path.name, settings=", ".join(map(str, unknown)))] if unknown else []
    return SettingsFile(values, split, task, warnings)


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


def default_config(frame: pd.DataFrame, schema: Schema) -> TrainConfig:
    """Settings sized to the table (early stopping with an epoch cap), as a new project in the app gets."""
    from engine.io.project import new_project_for_data

    return new_project_for_data(len(frame), schema).config


def _from_project(args, settings: SettingsFile | None = None) -> JobInputs:
    from engine.io.project import Project, data_outside_folder

    project = Project.load(args.project)
    if not project.data_path:
        raise ProjectError(f"Project '{args.project}' has no data file: open it in the app and choose a CSV.")
    data = Path(project.data_path)
    if not data.exists() and not data.is_symlink():
        raise ProjectError(f"The project's data file '{project.data_path}' no longer exists. "
                           "Move it back, or open the project in the app to locate it.")
    regular_file(data, "The project's data file", ProjectError)  # a FIFO, a device, a symlink loop
    if data_outside_folder(project.data_path, args.project):
        print(f"note: project '{args.project}' reads its data from '{data.resolve()}', outside the project's "
              "folder.", file=sys.stderr)
    table = read_csv(project.data_path)
    schema = project.schema or infer_schema(table.frame)
    spec = _spec(args, default=None) if (args.template or args.model) else project.spec
    _set_time_column(args, schema)
    return _finish(args, table.frame, schema, spec, project.config, project.split, args.project,
                   Path(args.project).stem, table.warnings, settings, base_dir=data.parent, images=project.images)


def _spec(args, default: str | None) -> ModelSpec:
    if args.model:
        path = Path(args.model)
        if not path.exists() and not path.is_symlink():
            raise SpecError(_("Model spec '{path}' does not exist.").format(path=path))
        regular_file(path, "Model spec", SpecError)
        try:
            return ModelSpec.from_json(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise SpecError(_("Model spec '{path}' is not JSON text.").format(path=path)) from exc
    name = args.template or default
    if name not in template_names():
        raise SpecError(_("Unknown template '{name}': choose one of {templates}.").format(
            name=name, templates=", ".join(template_names())))
    return load_template(name)


def _finish(args, frame, schema, spec, config, split, source, name, warnings,
            settings: SettingsFile | None = None, base_dir=None, images=None) -> JobInputs:
    """Apply the settings file, then the flags (which win), over the source's own settings (`images`: a
    project's engine.io.project.ImageOptions)."""
    warnings = list(warnings)
    task = args.task
    if settings is not None:
        config = TrainConfig.from_dict({**config.to_dict(), **settings.values})
        split = settings.split or split
        task = task or settings.task
        warnings += settings.warnings
    for column in args.ignore:
        schema.set_role(column, "ignore")
    for item in args.kind:
        column, _, kind = item.partition("=")
        schema.set_kind(column, kind)
    if task and schema.target and schema.task != task:
        schema.set_task(task)
    overrides = {f: getattr(args, f) for f in CONFIG_FLAGS if getattr(args, f, None) is not None}
    if overrides:
        config = TrainConfig.from_dict({**config.to_dict(), **overrides})
    problems = config.validate()
    if problems:
        raise DataError(" ".join(problems))
    from engine.io.project import model_name

    spec.name = model_name(spec.name, name)  # a template's name gives way to the project's / data's
    if args.split:
        split = parse_split(args.split, seed=config.seed)
    elif args.seed is not None:
        split = Split.from_dict({**split.to_dict(), "seed": config.seed})
    options = {"base_dir": base_dir,
               "image_size": getattr(args, "image_size", None) or (images.size if images else None),
               "drop_unreadable": bool(getattr(args, "drop_unreadable_images", False)
                                       or (images and images.drop_unreadable))}
    return JobInputs(frame, schema, spec, config, split, source, name, list(warnings), options)


def parse_split(text: str, seed: int = 0) -> Split:
    """Parse '70/15/15' (percentages summing to 100) into a Split."""
    try:
        parts = [float(p) for p in text.split("/")]
    except ValueError:
        parts = []
    if len(parts) != 3 or any(p < 0 for p in parts) or abs(sum(parts) - 100) > 1e-6 or parts[0] == 0:
        raise DataError(_("--split '{text}' is not valid: give three percentages that add up to 100, e.g. "
                          "70/15/15.").format(text=text))
    return Split(train=parts[0] / 100, val=parts[1] / 100, test=parts[2] / 100, seed=seed)
