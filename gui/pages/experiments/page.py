"""The Experiments page: a hyper-parameter sweep over the project's design and settings (engine.sweeps).

Top: the sweep space (saved in the project), trials, workers, pruner, Start/Resume, Stop and "Use this
trial". Below: the live trials table, the best-so-far curve, parallel coordinates and parameter
importances. The sweep runs in its own processes (SweepController); this page only draws.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from engine.errors import LayerLabError
from engine.graph import ModelSpec
from engine.sweeps.results import best_row
from engine.sweeps.space import SweepSpace, check_space, default_space
from engine.sweeps.study_store import default_db_path, sqlite_url, trials_folder_for
from engine.sweeps.trial_run import SweepJob, adopt_trial
from engine.sweeps.workers import PRUNERS
from engine.training import TrainConfig
from gui.document import ProjectDocument
from gui.infra import messages
from gui.infra.lazy_widget import LazyWidget
from gui.pages.experiments.space_editor import SweepSpaceEditor
from gui.pages.experiments.sweep_control import SweepController
from gui.pages.experiments.trials_table import TrialsTable, state_label
from gui.pages.training.run_files import next_run_paths, note_temp_sweep, runs_dir

STUDY_NAME = "sweep"
PRUNER_LABELS = {"median": QT_TRANSLATE_NOOP("ExperimentsPage", "Median"), "hyperband": "Hyperband",
                 "none": QT_TRANSLATE_NOOP("ExperimentsPage", "None")}


class ExperimentsPage(QWidget):
    """Hyper-parameter sweeps of the open project. Views of the document; the sweep runs elsewhere."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("experiments_page")
        self.document = document
        self.control = SweepController(self)
        self._rows: list = []
        self._space_shown = SweepSpace()
        self._merge_target, self._merge_index = "", -1  # the space edit the next one may merge with

        self.space_editor = SweepSpaceEditor(self)
        self.trials_spin = QSpinBox(self)
        self.trials_spin.setRange(1, 10_000)
        self.trials_spin.setValue(20)
        self.workers_spin = QSpinBox(self)
        self.workers_spin.setRange(1, max(1, os.cpu_count() or 1))
        self.workers_spin.setValue(max(1, min(2, os.cpu_count() or 1)))
        self.pruner_combo = QComboBox(self)
        for pruner in PRUNERS:
            self.pruner_combo.addItem(self.tr(PRUNER_LABELS.get(pruner, pruner)), pruner)
        self.start_button = QPushButton(self.tr("Start sweep"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.use_button = QPushButton(self.tr("Use this trial"), self)
        self.use_button.setToolTip(self.tr("Put the trial's model and settings on the canvas and its trained model "
                                           "in the runs list (the best trial when none is selected)."))
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        self.trials_table = TrialsTable(self)
        self._snapshot: dict | None = None  # the sweep last read: the plots draw it once they are built
        self._plots_slot = LazyWidget(self._make_plots, on_built=self._draw_snapshot)  # pyqtgraph waits
        self._lay_out()

        self.space_editor.space_edited.connect(self._on_space_editor_space_edited)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.control.snapshot_ready.connect(self._on_control_snapshot_ready)
        self.control.running_changed.connect(self._on_control_running_changed)
        self.control.failed.connect(self._on_control_failed)
        document.spec_changed.connect(self._on_document_spec_changed)
        document.sweep_space_changed.connect(self._on_document_sweep_space_changed)
        document.path_changed.connect(self._on_document_path_changed)
        self._on_document_path_changed("")
        self._update_buttons()

    def _lay_out(self) -> None:
        space_box = QGroupBox(self.tr("Search space: the fields to sweep"), self)
        QVBoxLayout(space_box).addWidget(self.space_editor)
        settings = QFormLayout()
        settings.addRow(self.tr("Trials"), self.trials_spin)
        settings.addRow(self.tr("Parallel workers"), self.workers_spin)
        settings.addRow(self.tr("Pruning"), self.pruner_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        side = QVBoxLayout()
        side.addLayout(settings)
        side.addLayout(buttons)
        side.addWidget(self.use_button)
        side.addWidget(self.status_label, 1)
        top = QHBoxLayout()
        top.addWidget(space_box, 3)
        top.addLayout(side, 1)
        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.addWidget(self.trials_table)
        lower.addWidget(self._plots_slot)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        lower.setSizes([200, 300])  # the plots need the height; the table scrolls
        top_widget = QWidget(self)
        top_widget.setLayout(top)
        top_widget.setMaximumHeight(230)
        layout = QVBoxLayout(self)
        layout.addWidget(top_widget)
        layout.addWidget(lower, 1)

    @property
    def plots(self):
        """The best-so-far, parallel-coordinates and importance plots (a SweepPlots), built when first shown."""
        return self._plots_slot.widget()

    def _make_plots(self):
        from gui.pages.experiments.sweep_plots import SweepPlots

        return SweepPlots()

    def _draw_snapshot(self, plots) -> None:
        if self._snapshot is not None:
            plots.show_snapshot(self._snapshot, self._space_shown)

    # -- where the study lives -------------------------------------------------------------------------------
    def storage_url(self) -> str:
        """`<project>.sweep.db` beside a saved project; in the unsaved project's runs folder otherwise."""
        path = self.document.path
        if path:
            return sqlite_url(default_db_path(Path(path).parent, Path(path).stem))
        database = default_db_path(runs_dir(self.document), "untitled")
        note_temp_sweep(database)  # removed at quit with the unsaved project's runs
        return sqlite_url(database)

    def make_job(self) -> SweepJob:
        """The sweep of the current data, design, settings and space; LayerLabError when it cannot start."""
        blocker = self.document.training_blocker()
        if blocker:
            raise LayerLabError(blocker)
        space = self.space_editor.space()
        check_space(space, self.document.spec)
        url = self.storage_url()
        return SweepJob(frame=self.document.table.frame, schema=self.document.schema.copy(),
                        spec=self.document.run_spec(), config=self.document.config, split=self.document.split,
                        space=space, storage_url=url, study_name=STUDY_NAME,
                        trials_folder=trials_folder_for(url, runs_dir(self.document)),
                        n_trials=self.trials_spin.value(), pruner=self.pruner_combo.currentData(),
                        data_options=self.document.run_data_options())  # image folder, size, unreadable files

    # -- user intents -----------------------------------------------------------------------------------------
    def _on_start_clicked(self) -> None:
        defaulted = not self.space_editor.space().params and not self.document.training_blocker()
        if defaulted:
            self._use_default_space()
        try:
            job = self.make_job()
        except LayerLabError as exc:
            self.status_label.setText(str(exc))
            return
        self._space_shown = job.space
        self.control.start(job, self.workers_spin.value())
        status = self.tr("Sweep running: %n trial(s), {workers} worker(s).", "", job.n_trials).format(
            workers=self.workers_spin.value())
        if defaulted:
            status += " " + self.tr("Nothing was marked to sweep, so it searches the learning rate and each Dense "
                                    "layer's width: the rows above, yours to edit for the next sweep.")
        self.status_label.setText(status)

    def _use_default_space(self) -> None:
        """Start from what `layerlab sweep` searches by default; shown in the editor, one undo step."""
        space = default_space(self.document.spec)
        self.space_editor.set_space(space)
        self.document.edit_sweep_space(space.to_dict(), self.tr("Sweep the default space"))

    def _on_stop_clicked(self) -> None:
        self.control.stop()
        self.status_label.setText(self.tr("Stopping: running trials end and are run again on Resume."))

    def _on_use_clicked(self) -> None:
        row = self._chosen_row()
        if row is None:
            self.status_label.setText(self.tr("No complete trial yet."))
            return
        bundle, _checkpoint = next_run_paths(self.document)
        try:
            record = adopt_trial(row.bundle, bundle)
        except LayerLabError as exc:
            messages.show_error(self, self.tr("Use this trial"), str(exc))
            return
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Use sweep trial {number}").format(number=row.number))
        self.document.edit_spec(ModelSpec.from_dict(record.spec),
                                self.tr("Model of sweep trial {number}").format(number=row.number))
        self.document.edit_config(TrainConfig.from_dict(record.config),
                                  self.tr("Settings of sweep trial {number}").format(number=row.number))
        stack.endMacro()
        self.document.add_run(record)
        self.status_label.setText(self.tr("Trial {number} is on the canvas, and its model is the newest run on the "
                                          "Training page (Evaluate and Export read it as any run).").format(
                                              number=row.number))

    def _chosen_row(self):
        number = self.trials_table.selected_number()
        chosen = [r for r in self._rows if r.number == number and r.state == "complete"]
        return chosen[0] if chosen else best_row(self._rows)

    def _on_space_editor_space_edited(self, text: str, merge_key: str) -> None:
        """One undo step per edit; a spin box stepped or typed into merges into one step until another edit."""
        space = self.space_editor.space().to_dict()
        if space == self.document.project.sweep_space:
            return
        stack = self.document.undo_stack
        if not merge_key or merge_key != self._merge_target or stack.index() != self._merge_index:
            self.document.end_merge(ProjectDocument.MERGE_SWEEP)
        self.document.edit_sweep_space(space, text, ProjectDocument.MERGE_SWEEP if merge_key else -1)
        self._merge_target, self._merge_index = merge_key, stack.index()

    # -- document and sweep events -----------------------------------------------------------------------------
    def _on_document_spec_changed(self) -> None:
        self.space_editor.set_model(self.document.spec)

    def _on_document_sweep_space_changed(self) -> None:
        """Undo/redo (or another view) changed the space: show it, unless the editor is where it came from."""
        space = SweepSpace.from_dict(self.document.project.sweep_space)
        if space.to_dict() != self.space_editor.space().to_dict():
            self.space_editor.set_space(space)

    def _on_document_path_changed(self, _path: str) -> None:
        """Another project: its saved space, and its earlier sweep's results if it has one."""
        self._space_shown = SweepSpace.from_dict(self.document.project.sweep_space)
        self.space_editor.set_model(self.document.spec)
        self.space_editor.set_space(self._space_shown)
        self._rows = []
        self.trials_table.show_rows([], None)
        url = self.storage_url() if self.document.path else None
        if url and Path(url[len("sqlite:///"):]).is_file() and not self.control.is_running:
            self.control.watch(url, STUDY_NAME)

    def _on_control_snapshot_ready(self, result: dict) -> None:
        self._rows = result["rows"]
        best = best_row(self._rows)
        self.trials_table.show_rows(self._rows, best.number if best else None)
        self._snapshot = result
        if self._plots_slot.is_built:
            self._draw_snapshot(self.plots)
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        """"Running: 3 complete, 1 running. Best: trial 2, val loss 0.41." from the trials last read."""
        counts = {}
        for r in self._rows:
            counts[r.state] = counts.get(r.state, 0) + 1
        summary = ", ".join(self.tr("{count} {state}").format(count=n, state=state_label(state))
                            for state, n in counts.items())
        best = best_row(self._rows)
        if best is not None:
            summary += self.tr(". Best: trial {number}, val loss {value}.").format(number=best.number,
                                                                                  value=f"{best.value:.4g}")
        if summary and self.control.is_running:
            summary = self.tr("Running: {summary}").format(summary=summary)
        self.status_label.setText(summary or self.tr("No trial yet."))

    def _on_control_running_changed(self, running: bool) -> None:
        self._update_buttons()
        if not running:
            self._show_summary()
            self.start_button.setText(self.tr("Resume") if self._unfinished() else self.tr("Start sweep"))

    def _on_control_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _unfinished(self) -> bool:
        counted = [r for r in self._rows if not r.failure.startswith("interrupted")]
        return 0 < len(counted) < self.trials_spin.value()

    def _update_buttons(self) -> None:
        running = self.control.is_running
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.use_button.setEnabled(best_row(self._rows) is not None)
