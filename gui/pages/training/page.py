"""The Training page: settings form, Train / Pause / Stop / Continue, progress, live curves and the runs list.

The page owns no training logic: it copies the document's inputs into a RunRequest, starts a
TrainingRun (gui.pages.training.run; the training itself happens in the training process) and
draws what the run reports.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QScrollArea, QSpinBox, QSplitter, QTabWidget,
                               QToolBar, QVBoxLayout, QWidget)

from engine.runs.record import RunRecord
from engine.training import EndReason
from gui.infra import messages
from gui.infra.lazy_widget import LazyWidget
from gui.pages.training.fit_advice import FitAdvicePanel, apply_remedy
from gui.pages.training.progress import ProgressView
from gui.pages.training.requests import continue_request, continue_target, continued_record, new_run_request, now_iso
from gui.pages.training.runs_list import RunsList, end_status, end_status_kind, run_label
from gui.pages.training.protocol import RunRequest
from gui.pages.training.run import TrainingRun
from gui.pages.training.runs_compare import RunsCompareView
from gui.pages.training.settings_form import TrainingSettingsForm, commit_pending_edits

__all__ = ["TrainingPage"]

class TrainingPage(QWidget):
    """Train the document's model and watch it learn.

    Actions (for the main window's menus/toolbar): train_action (F5), pause_action (F6, also resumes),
    stop_action (Esc), continue_action (+N epochs from `continue_epochs`). Signals: starting(), run_started(),
    paused_changed(bool), run_finished(int run_index), run_failed(str message).
    `train_in_process` (default True): runs execute in the training process; False executes them in a
    thread of the app (tests that monkeypatch the engine).
    """

    run_started = Signal()
    paused_changed = Signal(bool)
    run_finished = Signal(int)
    run_failed = Signal(str)
    starting = Signal()  # a run (new or continued) is about to start: the window shows this page

    def __init__(self, document, parent: QWidget | None = None, train_in_process: bool = True):
        super().__init__(parent)
        self.document = document
        self.train_in_process = train_in_process
        self._run: TrainingRun | None = None
        self._continuing: int | None = None
        self._stopping = False
        self._shown_index = -1
        self._out_of_memory: tuple[int, bool] | None = None  # (batch size, was a "continue") to offer a retry
        self._project = document.project  # the project shown; another one (New, Open) resets the page
        self.running_index: int | None = None  # the run under way (new or continued), for labels
        self._started_at = ""  # when the run under way was started (ISO time)
        self._advice_shown = False  # the Fit advice tab was brought forward during the run under way
        self._lineage: tuple[int | None, str] = (None, "")  # the new run's parent run and remedy (RunRecord fields)
        self._remedy: tuple[int, str] | None = None  # set by a remedy's button for the run it starts
        self._make_actions()
        self.form = TrainingSettingsForm(document)
        self.progress = ProgressView()
        self._curves_slot = LazyWidget(self._make_curves)
        self.runs = RunsList(document)
        self.advice = FitAdvicePanel()
        self.compare = RunsCompareView(document)
        self._layout()
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.progress.tick)
        for signal in (document.spec_changed, document.schema_changed, document.table_changed,
                       document.config_changed):
            signal.connect(self._update_actions)
        document.runs_changed.connect(self._on_document_runs_changed)
        self.runs.selection_changed.connect(self._on_runs_selection_changed)
        self.runs.overlays_changed.connect(self._on_runs_overlays_changed)
        self.advice.diagnosed.connect(self._on_advice_diagnosed)
        self.advice.remedy_chosen.connect(self._on_advice_remedy_chosen)
        self._on_runs_selection_changed(self.runs.selected_index)
        self._update_actions()

    # -- construction ---------------------------------------------------------------------------------------
    @property
    def curves(self):
        """The live loss and metric plots (a CurvesView), built when the page is first shown or a run needs them."""
        return self._curves_slot.widget()

    def _make_curves(self):
        from gui.pages.training.curves import CurvesView

        view = CurvesView()
        view.refreshed.connect(self.progress.tick)
        return view

    def _make_actions(self) -> None:
        self.train_action = QAction(self.tr("Train"), self)
        self.train_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.train_action.triggered.connect(self._on_train_action_triggered)
        self.pause_action = QAction(self.tr("Pause"), self)
        self.pause_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.pause_action.setToolTip(self.tr("Pause the run; Resume (F6 again) carries on from the same batch (F6)"))
        self.pause_action.triggered.connect(self._on_pause_action_triggered)
        self.stop_action = QAction(self.tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.setToolTip(self.tr("Stop after the current batch and keep the best model so far (Esc)"))
        self.stop_action.triggered.connect(self._on_stop_action_triggered)
        self.continue_action = QAction(self.tr("Continue training"), self)
        self.continue_action.triggered.connect(self._on_continue_action_triggered)
        self.lr_find_action = QAction(self.tr("Find learning rate…"), self)
        self.lr_find_action.setToolTip(self.tr("Sweep the learning rate on a copy of the model and suggest one "
                                               "(the learning-rate range test)"))
        self.lr_find_action.triggered.connect(self._on_lr_find_action_triggered)
        self._lr_finder = None  # the dialog, made on first use
        for action in (self.train_action, self.pause_action, self.stop_action, self.continue_action):
            self.addAction(action)
        self.continue_epochs = QSpinBox()
        self.continue_epochs.setRange(1, 100_000)
        self.continue_epochs.setValue(10)
        self.continue_epochs.setSuffix(self.tr(" epochs"))
        self.continue_epochs.setPrefix("+")
        self.continue_epochs.setToolTip(self.tr("How many epochs Continue training adds to the selected run"))

    def _layout(self) -> None:
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.train_action, self.pause_action, self.stop_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.continue_action)
        toolbar.addWidget(self.continue_epochs)
        toolbar.addSeparator()
        toolbar.addAction(self.lr_find_action)
        self.blocker = QLabel()
        self.blocker.setWordWrap(True)
        self.blocker.setStyleSheet("color: #b26a00;")
        top = QHBoxLayout()
        top.addWidget(toolbar)
        top.addWidget(self.blocker, 1)

        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.form.sizeHint().width() + 24)
        right = QSplitter(Qt.Orientation.Vertical)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.advice.setMinimumHeight(44)  # it scrolls: at 1024x600 the curves need the height more
        self.tabs.addTab(self.runs, self.tr("Runs"))
        self.tabs.addTab(self.advice, self.tr("Fit advice"))
        compare_scroll = QScrollArea()  # two tables and a diff: they scroll rather than make a 1024x600 window taller
        compare_scroll.setWidget(self.compare)
        compare_scroll.setWidgetResizable(True)
        compare_scroll.setFrameShape(QFrame.Shape.NoFrame)
        compare_scroll.setMinimumHeight(44)
        self.tabs.addTab(compare_scroll, self.tr("Compare runs"))
        right.addWidget(self._curves_slot)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        right.setSizes([600, 90])  # runs, advice and comparison scroll; the curves get the height
        right_box = QWidget()
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(right, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right_box)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # -- public ---------------------------------------------------------------------------------------------------
    @property
    def is_training(self) -> bool:
        return self._run is not None and self._run.is_running

    def stop_and_wait(self, timeout_ms: int = 5000) -> bool:
        """Stop a running run and wait for it to end (its best model is still recorded). True if idle."""
        run = self._run
        if run is None:
            return True
        return run.stop_and_wait(timeout_ms)

    # -- actions ----------------------------------------------------------------------------------------------------
    def _commit_pending_edits(self) -> None:
        """Typed-but-unconfirmed numbers count: in this page's form and anywhere in its window (e.g. the
        layer properties on the Model page when F5 is pressed there)."""
        focus = QApplication.focusWidget()
        commit_pending_edits(self, self.window(), focus.window() if focus is not None else None)

    @Slot()
    def _on_train_action_triggered(self) -> None:
        if self.is_training:
            return
        self._commit_pending_edits()
        self.document.wait_for_context()  # an edit just committed may have set the inputs to be worked out again
        blocker = self.document.training_blocker()
        if blocker:
            self.progress.set_status(blocker, "error")
            return
        inputs = new_run_request(self.document)
        self._continuing = None
        self._shown_index = -1
        self.curves.clear()
        self._lineage = self._remedy or (self._parent_for_new_run(), "")
        self._remedy = None
        run = run_label(len(self.document.runs))
        status = self.tr("Starting {run} with {change}…").format(run=run, change=self._lineage[1]) \
            if self._lineage[1] else self.tr("Starting {run}…").format(run=run)
        self._start(inputs, status)

    @Slot()
    def _on_continue_action_triggered(self) -> None:
        if self.is_training:
            return
        self._commit_pending_edits()
        index = self._continue_target()
        if index is None:
            return
        inputs = continue_request(self.document, index, self.continue_epochs.value())
        if isinstance(inputs, str):
            self.progress.set_status(inputs, "error")
            return
        record = self.document.runs[index]
        self._continuing = index
        self._shown_index = index
        self.curves.show_record(record)
        self._start(inputs, self.tr("Continuing {run} to %n epochs…", "", inputs.config.epochs).format(
            run=run_label(index)))

    def _start(self, inputs: RunRequest, status: str) -> None:
        self.running_index = self._continuing if self._continuing is not None else len(self.document.runs)
        self.starting.emit()
        run = TrainingRun(inputs, in_process=self.train_in_process)
        run.run_started.connect(self._on_run_run_started)
        run.reading_images.connect(self._on_run_reading_images)
        run.batch_losses.connect(self._on_run_batch_losses)
        run.epoch_ended.connect(self._on_run_epoch_ended)
        run.paused_changed.connect(self._on_run_paused_changed)
        run.run_finished.connect(self._on_run_run_finished)
        run.run_failed.connect(self._on_run_run_failed)
        run.ran_out_of_memory.connect(self._on_run_ran_out_of_memory)
        run.ended.connect(self._on_run_ended)
        self.destroyed.connect(run.detach)  # the page may go away mid-run: the run still ends cleanly
        self._run = run
        self._advice_shown = False
        previous = self.document.runs[self._continuing] if self._continuing is not None else None
        self._started_at = (previous.started_at if previous else "") or now_iso()
        self.runs.show_running(self.running_index, self._started_at,
                               f"{previous.epochs_run if previous else 0}/{inputs.config.epochs}")
        self.progress.set_status(status, "busy")
        run.start()
        self._clock.start()
        self._update_actions()

    @Slot()
    def _on_pause_action_triggered(self) -> None:
        if not self.is_training:
            return
        if self._run.paused:
            self._run.resume()
        else:
            self._run.pause()

    @Slot()
    def _on_stop_action_triggered(self) -> None:
        if self.is_training:
            self._run.stop()
            self.progress.set_status(self.tr("Stopping after the current batch…"), "warn")
            self._stopping = True
            self._update_actions()

    @Slot()
    def _on_lr_find_action_triggered(self) -> None:
        if self.is_training:
            return
        self._commit_pending_edits()
        if self._lr_finder is None:
            from gui.pages.training.lr_finder_panel import LearningRateFinderDialog

            self._lr_finder = LearningRateFinderDialog(self.document, self)
        self._lr_finder.show()
        self._lr_finder.start()

    # -- run signals -----------------------------------------------------------------------------------------------
    @Slot(dict)
    def _on_run_reading_images(self, done: int, total: int) -> None:
        self.progress.set_status(self.tr("Reading the image files: {done} of {total}…").format(
            done=f"{done:,}", total=f"{total:,}"), "busy")

    def _on_run_run_started(self, info: dict) -> None:
        self.curves.begin_run(info.get("steps_per_epoch", 1), info.get("epochs"))
        continued = self.document.runs[self._continuing] if self._continuing is not None else None
        run = self._run.request if self._run is not None else None
        if run is not None:
            self.advice.begin_live(run.config, run.spec, info.get("constant_loss"),
                                   continued.history if continued else None)
        self.progress.start(info, elapsed_before=continued.seconds if continued else 0.0)
        self.run_started.emit()

    @Slot(list)
    def _on_run_batch_losses(self, points: list) -> None:
        self.curves.add_batch_losses(points)
        self.progress.add_steps(points[-1][0])

    @Slot(dict)
    def _on_run_epoch_ended(self, data: dict) -> None:
        self.curves.add_epoch(data)
        self.advice.add_epoch(data)
        self.progress.epoch_ended(data)
        self.runs.set_running_epochs(f"{data['epoch']}/{self.progress.epochs}")

    @Slot(bool)
    def _on_run_paused_changed(self, paused: bool) -> None:
        self.pause_action.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.progress.set_paused(paused)
        self.runs.set_paused(paused)
        self.paused_changed.emit(paused)

    @Slot(object, str)
    def _on_run_run_finished(self, record: RunRecord, bundle: str) -> None:
        self.progress.finish()
        self.curves.end_run()
        self.runs.end_running()
        if self._continuing is not None and self._continuing < len(self.document.runs):
            index = self._continuing
            self._shown_index = index
            previous = self.document.runs[index]
            record = continued_record(previous, record).with_changes(parent=previous.parent, change=previous.change)
            self.document.replace_run(index, record)
        else:
            # the run started when Train was pressed (as listed since), not when the training process got to it
            record = record.with_changes(started_at=self._started_at or record.started_at, parent=self._lineage[0],
                                         change=self._lineage[1])
            index = self._shown_index = len(self.document.runs)
            index = self.document.add_run(record)
        self.curves.set_best_epoch(record.best_epoch)
        self.advice.show_record(index, self.document.runs[index])
        self.progress.set_status(end_status(index, record), end_status_kind(record))
        self.run_finished.emit(index)

    @Slot(str, object)
    def _on_run_run_failed(self, message: str, reason: EndReason | None) -> None:
        if self._out_of_memory is not None:  # the training process said it in English
            from gui.pages.training.execution import out_of_memory_message

            message = out_of_memory_message(self._out_of_memory[0])
        self.progress.finish()
        self.curves.end_run()
        self.runs.end_running()
        self.progress.set_status(message, "warn" if reason == EndReason.CANCELLED else "error")
        self.run_failed.emit(message)

    @Slot(int)
    def _on_run_ran_out_of_memory(self, batch_size: int) -> None:
        self._out_of_memory = (batch_size, self._continuing is not None)

    @Slot()
    def _on_run_ended(self) -> None:
        if self._out_of_memory is not None:  # offered once the run is over, from the event loop
            QTimer.singleShot(0, self, self._offer_smaller_batch)
        self._clock.stop()
        self.pause_action.setText(self.tr("Pause"))
        self._run = None
        self.running_index = None
        self.advice.end_live()
        self.runs.end_running()
        self._continuing = None
        self._stopping = False
        self.curves.flush()
        self._update_actions()

    @Slot()
    def _offer_smaller_batch(self) -> None:
        """Out of GPU memory: say so, and offer to train again at half the batch size (an undoable edit)."""
        if self._out_of_memory is None:
            return
        batch, continuing = self._out_of_memory
        self._out_of_memory = None
        from gui.pages.training.execution import out_of_memory_message

        message = out_of_memory_message(batch)
        if continuing or batch <= 1 or self.is_training:
            messages.show_warning(self, self.tr("Out of GPU memory"), message)
            return
        smaller = batch // 2
        if not messages.ask_retry_smaller_batch(self, message, smaller):
            return
        from engine.training.config import TrainConfig

        config = TrainConfig.from_dict(self.document.config.to_dict())
        config.batch_size = smaller
        self.document.edit_config(config, self.tr("Batch size {size} (out of GPU memory)").format(size=smaller))
        self.train_action.trigger()

    # -- views --------------------------------------------------------------------------------------------------------
    @Slot()
    def _on_document_runs_changed(self) -> None:
        if self.document.project is not self._project:
            self._on_document_project_replaced()
        self._update_actions()

    def _on_document_project_replaced(self) -> None:
        """New or Open: nothing of the previous project stays on screen; the new one's last run is shown."""
        self._project = self.document.project
        self._shown_index = -1
        if not self.is_training:
            self._continuing = None
        self.progress.reset()
        self.advice.clear()
        if self._curves_slot.is_built:
            self.curves.reset(self.document.schema.task if self.document.schema is not None else None)
        self._on_runs_selection_changed(self.runs.selected_index)

    @Slot(int)
    def _on_runs_selection_changed(self, index: int) -> None:
        self._update_actions()
        # a run object from Train to its end (is_training only once started): the list re-selecting a finished
        # run while the new one starts must not draw that run's curves under the new one's
        if self._run is not None or not 0 <= index < len(self.document.runs) or index == self._shown_index:
            return
        self._shown_index = index
        self.curves.show_record(self.document.runs[index])
        self.advice.show_record(index, self.document.runs[index])

    @Slot(list)
    def _on_runs_overlays_changed(self, indices: list) -> None:
        runs = self.document.runs
        self.curves.set_overlays([(run_label(i), runs[i].history) for i in indices if i < len(runs)])

    @Slot()
    def _update_actions(self) -> None:
        training = self.is_training
        blocker = self.document.training_blocker()
        # While the inputs are worked out Train stays pressable (a click waits for them): committing a typed edit on
        # the way to the button starts that work, and a button disabled under the mouse would lose the click.
        self.train_action.setEnabled(not training and (blocker is None or self.document.context_pending))
        self.train_action.setToolTip(self.tr("Train the model (F5)") if blocker is None
                                     else self.tr("Can't train: {reason}").format(reason=blocker))
        self.blocker.setText("" if blocker is None or training
                             else self.tr("Can't train yet: {reason}").format(reason=blocker))
        self.blocker.setVisible(bool(self.blocker.text()))
        self.pause_action.setEnabled(training)
        self.stop_action.setEnabled(training and not self._stopping)
        target = self._continue_target()
        can_continue = not training and blocker is None and target is not None
        self.continue_action.setEnabled(can_continue)
        self.continue_epochs.setEnabled(not training)
        self.continue_action.setToolTip(
            self.tr("Train {run} for more epochs from its checkpoint").format(run=run_label(target))
            if target is not None else self.tr("Select a finished run whose checkpoint still exists"))
        self.form.setEnabled(not training)
        self.lr_find_action.setEnabled(not training and blocker is None)

    def _continue_target(self) -> int | None:
        return continue_target(self.document.runs, self.runs.selected_index)

    def _parent_for_new_run(self) -> int | None:
        """The run a new run is compared with: the one selected, else the last one."""
        runs, selected = self.document.runs, self.runs.selected_index
        return selected if 0 <= selected < len(runs) else (len(runs) - 1 if runs else None)

    # -- fit advice -----------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_advice_diagnosed(self, diagnosis) -> None:
        last = int(self.curves.train.xs[-1]) if self.curves.train.n else None
        self.curves.gap_marker.show_gap(diagnosis.gap_start if diagnosis is not None else None, last)
        fit = diagnosis.fit.value if diagnosis is not None else ""
        index = self.tabs.indexOf(self.advice)
        titles = {"overfitting": self.tr("Fit advice: overfitting"), "underfitting": self.tr("Fit advice: underfitting")}
        self.tabs.setTabText(index, titles.get(fit, self.tr("Fit advice")))
        if fit in ("overfitting", "underfitting") and self.is_training and not self._advice_shown:
            self._advice_shown = True  # said once a run: the user may go back to another tab
            self.tabs.setCurrentIndex(index)

    @Slot(int, object)
    def _on_advice_remedy_chosen(self, index: int, remedy) -> None:
        """A remedy's button: the document becomes run `index`'s settings and model plus the change (undoable),
        and a new run starts, recorded as that run's child with the change in words."""
        if self.is_training or not 0 <= index < len(self.document.runs):
            return
        apply_remedy(self.document, self.document.runs[index], remedy)
        self._remedy = (index, remedy.change)
        self.train_action.trigger()
        self._remedy = None

