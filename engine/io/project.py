"""The project file (*.layerlab): data source, column choices, split, model design, settings, run history.

Plain versioned JSON, saved atomically. Older formats are migrated on load; newer ones are refused
with a message to upgrade.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.io.user_files import regular_file
from engine.io.atomic import write_text_atomic
from engine.io import jsonutil
from engine.io.jsonutil import dumps
from engine.data import Schema
from engine.errors import LayerLabError, ProjectError
from engine.i18n import N_, _
from engine.graph import ModelSpec
from engine.preprocess import Split
from engine.runs.record import FILE_FIELDS, RunRecord
from engine.tasks import Task
from engine.training import TrainConfig

UNTITLED = "Untitled"
FORMAT = "layerlab.project"
VERSION = 1
SUFFIX = ".layerlab"
MAX_PROJECT_BYTES = 64 * 1024**2  # a project is kilobytes (with long run histories, a few MB)


MAX_IMAGE_SIDE = 4096  # as `layerlab train --image-size`


@dataclass(frozen=True)
class ImageOptions:
    """How a run reads the data's image files: the size every image is resized to ((height, width); None: the
    size of the training files) and whether rows whose file is missing or unreadable are left out (else the run
    stops and lists them). `layerlab train --image-size/--drop-unreadable-images` set the same."""

    size: tuple[int, int] | None = None
    drop_unreadable: bool = False

    def to_dict(self) -> dict:
        return {"size": list(self.size) if self.size else None, "drop_unreadable": self.drop_unreadable}

    @classmethod
    def from_dict(cls, data) -> "ImageOptions":
        """From to_dict()'s dict (None or absent: the defaults). Raises ValueError/TypeError for damage."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise TypeError("'images' should be an object")
        size = data.get("size")
        if size is not None:
            if (not isinstance(size, list) or len(size) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_IMAGE_SIDE
                               for v in size)):
                raise ValueError(f"'images.size' should be [height, width] in pixels (1 to {MAX_IMAGE_SIDE}), "
                                 f"not {size!r}")
            size = (size[0], size[1])
        drop = data.get("drop_unreadable", False)
        if not isinstance(drop, bool):
            raise TypeError("'images.drop_unreadable' should be true or false")
        return cls(size, drop)

    def run_options(self, base_dir) -> dict:
        """RunPipeline's data options (base_dir: the table's folder, from which image paths are read)."""
        return {"base_dir": base_dir, "image_size": self.size, "drop_unreadable": self.drop_unreadable}


@dataclass
class Project:
    """Everything a user designs; the GUI's document and `layerlab train PROJECT` both use it."""

    spec: ModelSpec
    config: TrainConfig = field(default_factory=TrainConfig)
    data_path: str | None = None  # absolute in memory; written relative to the project file where possible
    schema: Schema | None = None
    split: Split = field(default_factory=Split)
    runs: list[RunRecord] = field(default_factory=list)
    name: str = "Untitled"
    sweep_space: dict = field(default_factory=dict)  # engine.sweeps.space.SweepSpace.to_dict(); {} = none yet
    images: ImageOptions = field(default_factory=ImageOptions)

    def to_dict(self, project_path: str | Path | None = None) -> dict:
        """JSON-safe dict; the data path is made relative to `project_path`'s folder when possible."""
        data_path = self.data_path
        if data_path and project_path:
            try:
                data_path = os.path.relpath(Path(data_path).resolve(), Path(project_path).resolve().parent)
            except ValueError:  # another drive on Windows
                pass
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "data": {"path": data_path, "schema": self.schema.to_dict() if self.schema else None,
                     "split": self.split.to_dict(), "images": self.images.to_dict()},
            "model": self.spec.to_dict(),
            "training": self.config.to_dict(),
            "runs": [(_run_paths(r, project_path, relative=True) if project_path else r).to_dict() for r in self.runs],
            "sweep": self.sweep_space,
        }

    @classmethod
    def from_dict(cls, data: dict, project_path: str | Path | None = None) -> "Project":
        """Build from a dict (migrating older versions). Raises ProjectError for newer or damaged ones."""
        if not isinstance(data, dict) or data.get("format", FORMAT) != FORMAT:
            raise ProjectError(_("This is not a LayerLab project file."))
        data = migrate(data)
        try:
            source = data.get("data") or {}
            data_path = source.get("path")
            if data_path and project_path and not Path(data_path).is_absolute():
                data_path = str((Path(project_path).resolve().parent / data_path).resolve())
            return cls(
                spec=ModelSpec.from_dict(data["model"]),
                config=TrainConfig.from_dict(data.get("training") or {}),
                data_path=data_path,
                schema=Schema.from_dict(source["schema"]) if source.get("schema") else None,
                split=Split.from_dict(source["split"]) if source.get("split") else Split(),
                runs=[_run_paths(r, project_path, relative=False) if project_path else r
                      for r in _runs(data.get("runs"))],  # migrated from older records' dicts
                name=str(data.get("name") or "Untitled"),
                sweep_space=_sweep_space(data.get("sweep")),
                images=ImageOptions.from_dict(source.get("images")),  # absent in projects from before image files
            )
        except LayerLabError as exc:
            raise ProjectError(_("The project's content is invalid: {error}").format(error=exc)) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise ProjectError(_("The project file is damaged ({error}).").format(error=error)) from exc

    def save(self, path: str | Path) -> Path:
        """Write atomically; on failure the previous file is left intact and ProjectError says why."""
        path = Path(path)
        try:
            write_text_atomic(path, dumps(self.to_dict(path), indent=2))
        except OSError as exc:
            raise ProjectError(_("Could not save the project to '{path}': {reason}. "
                                 "The previous file, if any, is unchanged; choose another folder.").format(
                path=path, reason=exc.strerror or exc)) from exc
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Project":
        """Open a project file. Raises ProjectError naming the file and what to do."""
        path = Path(path)
        if not path.exists() and not path.is_symlink():
            raise ProjectError(_("Project file '{path}' does not exist.").format(path=path))
        regular_file(path, "Project file", ProjectError, MAX_PROJECT_BYTES)  # a FIFO, a device, a folder, a loop
        try:
            data = jsonutil.loads(path.read_text(encoding="utf-8"))
        except jsonutil.JSONTooDeep as exc:
            raise ProjectError(_("'{path}' is damaged: {error}. Restore a backup or the autosaved copy.").format(
                path=path, error=exc)) from exc
        except UnicodeDecodeError as exc:
            raise ProjectError(_("'{path}' is not a LayerLab project (not UTF-8 text).").format(path=path)) from exc
        except json.JSONDecodeError as exc:
            raise ProjectError(_("'{path}' is damaged: invalid JSON at line {line}, column {column} "
                                 "({error}). Restore a backup or the autosaved copy.").format(
                path=path, line=exc.lineno, column=exc.colno, error=exc.msg)) from exc
        try:
            return cls.from_dict(data, path)
        except ProjectError as exc:
            raise ProjectError(f"'{path}': {exc}") from exc


def default_template(task: str | None) -> str:
    """The template a new project on a table starts from: the regression MLP for a numeric target,
    the tutorial MLP otherwise (its Output layer follows the data's classes)."""
    return "regression-mlp" if task == Task.REGRESSION else "tutorial-mlp"


TEXT_TRANSFORMER_ROWS = 20_000
"""Below this many rows a transformer has too little text to learn from: the light text model fits better."""


def template_for(schema: Schema | None, n_rows: int) -> str:
    """The template a new project on this data starts from (the app's Open CSV and `train --csv` alike): the
    forecaster for a time series, the image CNN for image or pixel columns, a text model for free text (the light
    one below TEXT_TRANSFORMER_ROWS rows), else the table MLP for the task."""
    if schema is None:
        return default_template(None)
    if schema.time_column:
        return "forecaster"
    kinds = {c.kind for c in schema.columns if c.role == "feature" and c.name != schema.target}
    if kinds & {"image", "pixels"}:
        return "image_cnn"
    if "text" in kinds:
        return "text_classifier" if n_rows >= TEXT_TRANSFORMER_ROWS else "text_light"
    return default_template(schema.task)


COMBINED_DESIGN = N_("Several inputs")
"""The name of a starting design with one branch per model input (engine.graph.combined_design)."""
_BRANCH_KINDS = ("text", "image", "pixels")  # each column (pixel group) of these kinds is a model input of its own


def input_branches(schema: Schema, n_rows: int) -> list[tuple[str, str]]:
    """(model input, template) per model input of the data, in the order the model reads them: "table" for the
    table columns first, then each text column, image column and pixel group, each with the template made for it."""
    features = [c for c in schema.columns if c.role == "feature" and c.name != schema.target]
    branches = [("table", default_template(schema.task))] if any(c.kind not in _BRANCH_KINDS for c in features) else []
    for col in features:
        if col.kind == "text":
            branches.append((col.name, "text_classifier" if n_rows >= TEXT_TRANSFORMER_ROWS else "text_light"))
        elif col.kind == "image":
            branches.append((col.name, "image_cnn"))
        elif col.kind == "pixels":
            group = getattr(col, "group", None) or "pixels"
            if all(source != group for source, _template in branches):
                branches.append((group, "image_cnn"))
    return branches


def design_for(schema: Schema | None, n_rows: int):
    """The starting design for this data (a ModelSpec): template_for's template when the model has one input,
    else one branch per input (a text column beside table columns, say) joined before the head."""
    from engine.graph import load_template
    from engine.graph.combined_design import combined_design

    branches = input_branches(schema, n_rows) if schema is not None and not schema.time_column else []
    if len(branches) < 2:
        return load_template(template_for(schema, n_rows))
    return combined_design(branches, COMBINED_DESIGN)  # stored in English, like the templates' names


def new_project_for_data(n_rows: int, schema: Schema | None, data_path: str | None = None,
                         name: str = UNTITLED) -> Project:
    """A new project for a table of ``n_rows`` rows: the fitting template and default settings sized to the
    data (early stopping with an epoch cap), the default split, no runs. The GUI's Open CSV and
    `layerlab train --csv` both start here."""
    from engine.training import auto_config
    from engine.training.config import for_template

    split = Split()
    template = template_for(schema, n_rows)
    return Project(spec=design_for(schema, n_rows),
                   config=for_template(auto_config(int(n_rows * split.train)), template), data_path=data_path,
                   schema=schema.copy() if schema is not None else None, split=split, name=name)


def stock_model_names() -> set[str]:
    """Names a design gets from LayerLab itself (each template's, an imported Keras model's): they say
    where a design started, not what the model is, so runs and exports are named after the project instead."""
    from engine.importers.keras import IMPORTED_NAME
    from engine.graph import load_template, template_names

    global _STOCK_NAMES
    if _STOCK_NAMES is None:
        _STOCK_NAMES = {load_template(n).name for n in template_names()} | {IMPORTED_NAME, COMBINED_DESIGN}
    return set(_STOCK_NAMES)


_STOCK_NAMES: set[str] | None = None


def model_name(spec_name: str | None, project_name: str | None) -> str:
    """The name a trained model, its generated code and its exports carry.

    A design's own name is kept when a person gave it one; a stock name (a template's, "Imported Keras
    model") or none gives way to ``project_name`` (the project's or the data file's name). The result is
    plain text for docstrings and metadata (engine.export.model_code.safe_title), never code.
    """
    from engine.export.model_code import safe_title

    if spec_name and spec_name not in stock_model_names():
        return safe_title(spec_name)
    return safe_title(project_name or spec_name, fallback=UNTITLED)


def _run_paths(record: RunRecord, project_path, relative: bool) -> RunRecord:
    """A run record with its file paths made relative to the project's folder (when inside it), or back."""
    folder = Path(project_path).resolve().parent
    changes = {}
    for key in FILE_FIELDS:
        value = getattr(record, key)
        if not value:
            continue
        if relative and Path(value).is_absolute():
            try:
                rel = os.path.relpath(Path(value).resolve(), folder)
            except ValueError:  # another drive on Windows: keep it absolute
                continue
            if not rel.startswith(".."):
                changes[key] = Path(rel).as_posix()
        elif not relative and not Path(value).is_absolute():
            changes[key] = str((folder / value).resolve())
    return record.with_changes(**changes) if changes else record


def migrate(data: dict) -> dict:
    """Bring an older project dict up to VERSION. Version 0 had the model and training at the top level."""
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ProjectError(_("Unknown project format version {version}.").format(version=repr(version)))
    if version > VERSION:
        raise ProjectError(_("This project was made by a newer LayerLab (project format {version}; this version "
                             "reads up to {supported}). Upgrade LayerLab to open it.").format(version=version,
                                                                                              supported=VERSION))
    if version == 0:
        data = dict(data)
        data.setdefault("data", {"path": data.pop("data_path", None), "schema": None, "split": None})
        data.setdefault("training", data.pop("config", {}))
        data["version"] = 1
    return data


def _runs(runs) -> list[RunRecord]:
    """The run history as RunRecords (each migrated from its own version); TypeError, reported as damage,
    for anything but a list of objects."""
    runs = runs or []
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        raise TypeError("'runs' should be a list of objects")
    return [RunRecord.from_dict(r) for r in runs]


def _sweep_space(data) -> dict:
    """The saved sweep space (absent in projects from before sweeps); checked when a sweep starts."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError("'sweep' should be an object")
    return data


def data_outside_folder(data_path: str | Path | None, project_path: str | Path | None) -> bool:
    """Whether a project's data file lies outside the project's folder (and its subfolders).

    A project shared by someone else may point anywhere (`../../secret/creds.csv`); its values would then end up
    in trained bundles' preprocessing state. The app asks before reading such a file; the CLI says it does.
    """
    if not data_path or not project_path:
        return False
    folder = Path(project_path).resolve().parent
    return not Path(data_path).resolve().is_relative_to(folder)
