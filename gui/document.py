"""The open project as one document: the single source of truth every view projects.

ProjectDocument holds the engine Project (model spec, schema, split, settings, runs), the
loaded data table and the QUndoStack. Views never change engine objects directly: they call
the edit_* methods, which push one QUndoCommand per user action; views redraw from signals.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine.data import Schema, Table, infer_schema
from engine.graph import ModelSpec, Problem, load_template, validate
from engine.layers import ShapeContext
from engine.preprocess import Split
from engine.preprocess.model_context import context_key
from engine.io.project import UNTITLED, ImageOptions, Project, design_for, model_name, new_project_for_data
from engine.runs.record import RunRecord
from engine.training import TrainConfig
from gui.context_worker import ContextWorker

STARTER_TEMPLATES = ("tutorial-mlp", "regression-mlp", "text_light", "text_classifier", "image_cnn", "forecaster")
"""The templates a new project on a table starts from (engine.io.project.design_for): while the design is one
of them, or the one-branch-per-input design for the data, untouched, it follows the data's target, kinds and time
column."""

class SnapshotCommand(QUndoCommand):
    """Replace one part of the document (spec, schema, split, config, image options or sweep space) and put it
    back on undo.

    Snapshots are copies, so undo/redo can never be corrupted by later in-place edits.
    Consecutive commands with the same merge key (e.g. dragging a node) collapse into one.
    """

    def __init__(self, document: "ProjectDocument", part: str, before, after, text: str, merge_key: int = -1):
        super().__init__(text)
        self.document, self.part = document, part
        self.before, self.after = before, after
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if other.id() != self.id() or self.id() < 0 or other.part != self.part:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.document._set_part(self.part, self.after)

    def undo(self) -> None:
        self.document._set_part(self.part, self.before)


class ProjectDocument(QObject):
    """The open project. Signals: spec_changed, schema_changed, config_changed, table_changed,
    runs_changed, sweep_space_changed, path_changed(str), modified_changed(bool), context_changed (the model's
    inputs, worked out in the background, arrived; schema_changed follows it, for the views that show them)."""

    spec_changed = Signal()
    schema_changed = Signal()
    config_changed = Signal()
    table_changed = Signal()
    runs_changed = Signal()
    sweep_space_changed = Signal()
    context_changed = Signal()
    path_changed = Signal(str)
    modified_changed = Signal(bool)

    MERGE_MOVE = 1
    MERGE_PARAM = 2
    MERGE_SWEEP = 3

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.project = Project(spec=load_template("tutorial-mlp"))
        self.table: Table | None = None
        self.path: Path | None = None
        self.temp_runs_folder: Path | None = None  # this unsaved project's own runs folder (run_files.runs_dir)
        self._context: ShapeContext | None = None
        self._context_valid = False
        self.context_preprocessor = None  # the Preprocessor behind context() (explains the input width)
        self._context_key: str | None = None  # the settings context() was last asked for
        self._context_worker = ContextWorker(self)
        self._context_worker.ready.connect(self._on_context_worker_ready)
        self._dirty_outside_undo = False
        self._starter_design = False  # a new project on a table: its template follows the target's task
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # -- read access ------------------------------------------------------------------------------
    @property
    def spec(self) -> ModelSpec:
        return self.project.spec

    @property
    def schema(self) -> Schema | None:
        return self.project.schema

    @property
    def config(self) -> TrainConfig:
        return self.project.config

    @property
    def split(self) -> Split:
        return self.project.split

    @property
    def runs(self) -> list[RunRecord]:
        return self.project.runs

    @property
    def image_options(self) -> ImageOptions:
        """How runs read the table's image files (size, leaving out unreadable ones)."""
        return self.project.images

    def run_data_options(self) -> dict:
        """RunPipeline's data options for a run of this project: the table's folder and the image options."""
        return self.project.images.run_options(self.data_folder)

    @property
    def is_modified(self) -> bool:
        return self._dirty_outside_undo or not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path else self.project.name

    @property
    def title_name(self) -> str:
        """The window title's name: the file's stem, or "Untitled (penguins.csv)" for a new project on a table."""
        if self.path is None and self.project.name == UNTITLED and self.project.data_path:
            return f"{UNTITLED} ({Path(self.project.data_path).name})"
        return self.display_name

    @property
    def suggested_name(self) -> str:
        """A file name stem for Save As and exports: the project file's, its name, or its data file's."""
        if self.path:
            return self.path.stem
        name = self.project.name
        if (not name or name == UNTITLED) and self.project.data_path:
            name = Path(self.project.data_path).stem
        cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name or "").strip(" .")
        return cleaned or UNTITLED

    @property
    def model_name(self) -> str:
        """The name runs and exports carry: the project's (engine.io.project.model_name's rule)."""
        return model_name(self.spec.name, self.suggested_name)

    def run_spec(self) -> ModelSpec:
        """A copy of the design for a new run, named after the project (a template's name is not the model's)."""
        spec = self.spec.copy()
        spec.name = self.model_name
        return spec

    def context(self) -> ShapeContext | None:
        """Input/output widths for shape inference, from the data (None until a table with a target is loaded,
        and while text or image inputs are worked out in the background: see context_pending). Never blocks."""
        if not self._context_valid:
            self._context = self._compute_context()
            self._context_valid = True
        return self._context

    @property
    def context_pending(self) -> bool:
        """The model's inputs for the current data and settings are being worked out (context_changed follows)."""
        self.context()
        return self._context is None and self._context_worker.is_working_on(self._context_key)

    def wait_for_context(self, timeout_ms: int = 30_000) -> ShapeContext | None:
        """context(), after waiting for one being worked out. Blocks the window: only for what cannot go on
        without it (scripts, tests, an action the user asked for)."""
        if self.context_pending:
            self._context_worker.wait(timeout_ms)
        return self.context()

    def problems(self) -> list[Problem]:
        """Everything wrong with the model for the current data (empty when it can be trained)."""
        return validate(self.spec, self.context())

    def training_blocker(self) -> str | None:
        """Why Train is disabled, in words, or None when training can start."""
        if self.table is None:
            return self.tr("Open a CSV file first.")
        if self.schema is None or not self.schema.target:
            reason = self.schema.target_reason if self.schema is not None else ""
            why = f" ({reason})" if reason and not self.schema.target_chosen else ""
            return self.tr("Choose the column to predict on the Data page{why}.").format(why=why)
        if not self.schema.features:
            return self.tr("Choose at least one feature column on the Data page.")
        if self.context_pending:
            return self.tr("Working out the model's inputs from the data…")
        problems = self.problems()
        if problems:
            first = problems[0]
            more = self.tr(" (and {count} more)").format(count=len(problems) - 1) if len(problems) > 1 else ""
            return self.tr("Fix the model: {layer}: {problem}{more}").format(
                layer=first.node_id or self.tr("model"), problem=first.message, more=more)
        config_problems = self.config.validate()
        if config_problems:
            return config_problems[0]
        return None

    # -- undoable edits ---------------------------------------------------------------------------
    def edit_spec(self, new_spec: ModelSpec, text: str, merge_key: int = -1) -> None:
        """Replace the model spec as one undoable step (the caller builds `new_spec` from spec.copy())."""
        self.undo_stack.push(SnapshotCommand(self, "spec", self.spec.copy(), new_spec.copy(), text, merge_key))

    def edit_schema(self, new_schema: Schema, text: str) -> None:
        """Replace the column roles/kinds/target as one undoable step.

        In a project started on a table whose design is still an untouched starter template, an edit after which
        another template fits (a target of another task, an image or text column, a time column) also swaps in
        that template (same undo step).
        """
        before = self.schema.copy() if self.schema else None
        fitting = self._fitting_template(new_schema)
        if fitting is not None:
            self.undo_stack.beginMacro(text)
        self.undo_stack.push(SnapshotCommand(self, "schema", before, new_schema.copy(), text))
        if fitting is not None:
            self.edit_spec(fitting, self.tr("Use the {name} template").format(name=fitting.name))
            self.undo_stack.endMacro()

    def _fitting_template(self, new_schema: Schema) -> ModelSpec | None:
        if not self._starter_design or not new_schema.target or not new_schema.task:
            return None
        current = self.spec.to_dict()
        rows = len(self.table.frame) if self.table is not None else 0
        starters = [load_template(name).to_dict() for name in STARTER_TEMPLATES]
        if current not in starters and (self.schema is None or current != design_for(self.schema, rows).to_dict()):
            return None  # the user changed the design: it is theirs
        wanted = design_for(new_schema, rows)
        return wanted if wanted.to_dict() != current else None

    def edit_split(self, new_split: Split, text: str | None = None) -> None:
        self.undo_stack.push(SnapshotCommand(self, "split", Split.from_dict(self.split.to_dict()),
                                             Split.from_dict(new_split.to_dict()), text or self.tr("Change split")))

    def edit_config(self, new_config: TrainConfig, text: str | None = None) -> None:
        self.undo_stack.push(SnapshotCommand(self, "config", TrainConfig.from_dict(self.config.to_dict()),
                                             TrainConfig.from_dict(new_config.to_dict()),
                                             text or self.tr("Change training settings")))

    def edit_image_options(self, new_options: ImageOptions, text: str) -> None:
        """Replace the image options (frozen, so the snapshots are safe) as one undoable step."""
        self.undo_stack.push(SnapshotCommand(self, "images", self.image_options, new_options, text))

    def edit_sweep_space(self, new_space: dict, text: str, merge_key: int = -1) -> None:
        """Replace the saved sweep space (engine.sweeps.space.SweepSpace.to_dict()) as one undoable step."""
        self.undo_stack.push(SnapshotCommand(self, "sweep_space", copy.deepcopy(self.project.sweep_space),
                                             copy.deepcopy(new_space), text, merge_key))

    def end_merge(self, merge_key: int) -> None:
        """Close the top command for merging: the next edit with `merge_key` starts a new undo step.

        Qt merges any two consecutive commands with the same id; one drag (or one run of spin-box
        steps) must merge with itself, but not with the drag before it.
        """
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index > 0 else None
        if isinstance(top, SnapshotCommand) and top.merge_key == merge_key:
            top.merge_key = -1

    def _set_part(self, part: str, value) -> None:
        if part == "spec":
            self.project.spec = value.copy()
            self.spec_changed.emit()
        elif part == "schema":
            self.project.schema = value.copy() if value is not None else None
            self._context_valid = False
            self.schema_changed.emit()
            self.spec_changed.emit()  # widths and the Output layer follow the target
        elif part == "split":
            self.project.split = Split.from_dict(value.to_dict())
            self._context_valid = False  # the training rows, so possibly the widths, change
            self.schema_changed.emit()
            self.spec_changed.emit()
        elif part == "config":
            self.project.config = TrainConfig.from_dict(value.to_dict())
            self.config_changed.emit()
        elif part == "images":
            self.project.images = value
            self._context_valid = False  # an image input's shape follows the size
            self.schema_changed.emit()
            self.spec_changed.emit()
        elif part == "sweep_space":
            self.project.sweep_space = copy.deepcopy(value)
            self.sweep_space_changed.emit()

    # -- data and runs (not undoable: they are facts, not edits) --------------------------------
    def set_table(self, table: Table, schema: Schema | None = None) -> None:
        """Use a newly loaded table; the schema is inferred unless given (e.g. from a project file)."""
        self.table = table
        self.project.data_path = str(table.path) if table.path else None
        self.project.schema = schema.copy() if schema is not None else infer_schema(table.frame)
        self._context_valid = False
        self._context_worker.forget()  # results hold for the table they were worked out on
        self.undo_stack.clear()
        self._mark_dirty()
        self.table_changed.emit()
        self.schema_changed.emit()
        self.spec_changed.emit()

    def start_project_for_table(self) -> None:
        """Make the table just loaded (set_table) the data of a new untitled project: the fitting template,
        default settings sized to the data, no runs, no file. The old project's file is not touched.
        Like an example, it holds no work yet (the table is on disk): it counts as unmodified until edited."""
        rows = len(self.table.frame) if self.table is not None else 0
        self.project = new_project_for_data(rows, self.project.schema, self.project.data_path)
        self.path = None
        self.temp_runs_folder = None  # a new project: its runs are numbered in a folder of its own
        self._starter_design = True
        self._context_valid = False
        self.undo_stack.clear()
        self.mark_clean()
        self.path_changed.emit("")
        for signal in (self.schema_changed, self.config_changed, self.spec_changed, self.runs_changed):
            signal.emit()

    def add_run(self, record: RunRecord) -> int:
        """Append a finished run's record; returns its index."""
        self.project.runs.append(RunRecord.from_dict(record))
        self._mark_dirty()
        self.runs_changed.emit()
        return len(self.project.runs) - 1

    def replace_run(self, index: int, record: RunRecord) -> None:
        """Replace a run's record (after "Continue training" extended it)."""
        self.project.runs[index] = RunRecord.from_dict(record)
        self._mark_dirty()
        self.runs_changed.emit()

    # -- files ----------------------------------------------------------------------------------------
    def load_project(self, project: Project, path: str | Path | None) -> None:
        """Show `project` (already read from `path`); the data table is loaded separately via set_table()."""
        self.project = project
        self.table = None
        self.path = Path(path) if path else None
        self.temp_runs_folder = None
        self._starter_design = False
        self._context_valid = False
        self._context_worker.forget()
        self.undo_stack.clear()
        self._dirty_outside_undo = False
        self.undo_stack.setClean()
        self.path_changed.emit(str(self.path or ""))
        self.modified_changed.emit(False)
        for signal in (self.table_changed, self.schema_changed, self.config_changed, self.spec_changed,
                       self.runs_changed):
            signal.emit()

    def save(self, path: str | Path | None = None) -> Path:
        """Save to `path` (or the current path) atomically. Raises ProjectError on failure (file untouched)."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("No file name: use Save As.")
        self.project.name = target.stem
        self.project.save(target)
        self.path = target
        self._dirty_outside_undo = False
        self.undo_stack.setClean()
        self.path_changed.emit(str(target))
        self.modified_changed.emit(False)
        return target

    def mark_clean(self) -> None:
        """The document as it is now has nothing to save (an example shown, or a project's own data loaded)."""
        self._dirty_outside_undo = False
        self.undo_stack.setClean()
        self.modified_changed.emit(False)

    def mark_modified(self) -> None:
        """Something not on the undo stack changed (a restored copy, a relocated data file): offer to save."""
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        was = self.is_modified
        self._dirty_outside_undo = True
        if not was:
            self.modified_changed.emit(True)

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(self.is_modified)

    def _compute_context(self) -> ShapeContext | None:
        self.context_preprocessor, self._context_key = None, None
        schema = self.schema
        if self.table is None or schema is None or not schema.target or not schema.task or not schema.features:
            return None
        # the same training rows and settings as a run: engine.preprocess.model_context.fit_context's arguments
        settings = {"base_dir": self.data_folder, "image_size": self.image_options.size}
        self._context_key = context_key(schema, self.split, **settings)
        fitted = self._context_worker.result(self._context_key, self.table.frame, schema, self.split, settings)
        if fitted is None:  # being worked out in the background: _on_context_worker_ready
            return None
        self.context_preprocessor = fitted.preprocessor
        return fitted.context

    def _on_context_worker_ready(self, key: str) -> None:
        if not self._context_valid or key != self._context_key:
            return  # settings changed since: the result is kept for them, but not shown now
        self._context_valid = False
        self.context_changed.emit()
        self.schema_changed.emit()  # the Data page's model inputs, the readiness and the Train button show them

    @property
    def data_folder(self) -> Path | None:
        """The table's folder, from which its image paths are read (None: the working folder)."""
        return Path(self.table.path).parent if self.table is not None and self.table.path else None
