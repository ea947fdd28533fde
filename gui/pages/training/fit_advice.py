"""The fit advice: what the losses say (overfitting, underfitting, a good fit) in words, live as epochs arrive
and for a finished run, with one button per remedy that starts a new run with exactly that change (shown
beside the button). The diagnosis and the remedies are the engine's (engine.insight)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from engine.graph import ModelSpec
from engine.insight.fitting import Diagnosis, Fit, diagnose, diagnose_record
from engine.insight.remedies import Remedy, remedies_for
from engine.runs.record import RunRecord
from engine.training.config import TrainConfig
from gui.infra.theme import is_dark

LIVE_DELAY_MS = 250  # epochs arriving faster than this are diagnosed together
FIT_COLORS = {Fit.OVERFITTING: ("#c2185b", "#f06292"), Fit.UNDERFITTING: ("#b26a00", "#ffb74d")}  # (light, dark)
REMEDY_COLUMNS = 2  # remedies side by side: five fit in three rows
IDLE_WORDS = QT_TRANSLATE_NOOP("FitAdvicePanel", "Train a run, or select one in Runs: its losses are read here for "
                                                  "overfitting and underfitting.")  # English; translated where shown


def apply_remedy(document, record: RunRecord, remedy: Remedy) -> None:
    """Make the document's settings and model the run's plus the remedy, as one undoable edit."""
    stack = document.undo_stack
    text = QCoreApplication.translate("FitAdvicePanel", "Remedy: {change}").format(change=remedy.change)
    stack.beginMacro(text)
    try:
        document.edit_config(remedy.train_config(), text)
        spec = remedy.model_spec() or ModelSpec.from_dict(record.spec)
        spec.name = document.spec.name
        if spec.to_dict() != document.spec.to_dict():
            document.edit_spec(spec, text)
    finally:
        stack.endMacro()


class FitAdvicePanel(QWidget):
    """Shows a Diagnosis and its remedies for the run under way (live) or a selected finished run.

    Signals: diagnosed(object Diagnosis) after each new diagnosis; remedy_chosen(int run index, object Remedy)
    when a remedy's button is pressed (only for a finished run).
    """

    diagnosed = Signal(object)
    remedy_chosen = Signal(int, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.diagnosis: Diagnosis | None = None
        self.remedies: list[Remedy] = []
        self.buttons: list[QPushButton] = []
        self.changes: list[QLabel] = []  # beside each button: exactly what its run changes
        self._index = -1  # the finished run shown; -1 while live or empty
        self._record: RunRecord | None = None
        self._live_history: list[dict] = []
        self._live_constant: float | None = None
        self._live_run: tuple[TrainConfig, ModelSpec] | None = None
        self.words = QLabel(self.tr(IDLE_WORDS))
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.grid = QGridLayout()
        for column in range(REMEDY_COLUMNS):
            self.grid.setColumnStretch(2 * column + 1, 1)
        self.grid.setHorizontalSpacing(10)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.words)
        inner.addWidget(self.hint)
        inner.addLayout(self.grid)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LIVE_DELAY_MS)
        self._timer.timeout.connect(self._on_live_timer)

    # -- a run under way ------------------------------------------------------------------------------------------
    def begin_live(self, config: TrainConfig, spec: ModelSpec, constant_loss: float | None = None,
                   history: list | None = None) -> None:
        """A run started (a continued one with its earlier epochs in `history`): diagnose its epochs as they come."""
        self._index = -1
        self._live_history = list(history or [])
        self._live_constant = constant_loss
        self._live_run = (config, spec)
        self._show(diagnose(self._live_history, constant_loss=constant_loss), live=True)

    def add_epoch(self, data: dict) -> None:
        """An epoch of the run under way ended (the engine's EpochEnded as a dict)."""
        self._live_history.append(data)
        if not self._timer.isActive():
            self._timer.start()

    def end_live(self) -> None:
        """The run under way ended (its record is shown with show_record when it arrives)."""
        self._timer.stop()
        self._live_run = None

    def flush(self) -> None:
        """Diagnose the epochs received so far now (tests and screenshots)."""
        if self._timer.isActive():
            self._timer.stop()
            self._on_live_timer()

    @Slot()
    def _on_live_timer(self) -> None:
        if self._live_run is not None:
            self._show(diagnose(self._live_history, constant_loss=self._live_constant), live=True)

    # -- a finished run ---------------------------------------------------------------------------------------------
    def show_record(self, index: int, record: RunRecord) -> None:
        """Diagnose finished run `index` and offer its remedies."""
        self._timer.stop()
        self._live_run = None
        self._index = index
        self._record = record
        self._show(diagnose_record(record), live=False)

    def clear(self) -> None:
        self._timer.stop()
        self._live_run = None
        self._index = -1
        self.diagnosis = None
        self.words.setText(self.tr(IDLE_WORDS))
        self.words.setStyleSheet("")
        self._set_remedies([], "")
        self.diagnosed.emit(None)

    # -- drawing ------------------------------------------------------------------------------------------------------
    def _show(self, diagnosis: Diagnosis, live: bool) -> None:
        self.diagnosis = diagnosis
        colors = FIT_COLORS.get(diagnosis.fit)
        color = colors[is_dark(self.palette())] if colors else None
        self.words.setText(diagnosis.words)
        self.words.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")
        if live:
            config, spec = self._live_run
        else:
            config, spec = _run_inputs(self._record)
        remedies = remedies_for(diagnosis, config, spec) if config is not None and spec is not None else []
        if not remedies:
            hint = ""
        elif live:
            hint = self.tr("Each button starts a new run with exactly the change beside it, once this run has ended:")
        else:
            hint = self.tr("Each button starts a new run from this run's settings with exactly the change beside it:")
        self._set_remedies(remedies, hint, enabled=not live)
        self.diagnosed.emit(diagnosis)

    def _set_remedies(self, remedies: list[Remedy], hint: str, enabled: bool = True) -> None:
        if [r.to_dict() for r in remedies] == [r.to_dict() for r in self.remedies] and self.buttons:
            for button in self.buttons:
                button.setEnabled(enabled)
            self.hint.setText(hint)
            return
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.remedies, self.buttons, self.changes = list(remedies), [], []
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for row, remedy in enumerate(remedies):
            button = QPushButton(remedy.title)
            button.setToolTip(remedy.why)
            button.setEnabled(enabled)
            button.setProperty("remedy_row", row)
            button.clicked.connect(self._on_button_clicked)
            change = QLabel(remedy.change)
            change.setWordWrap(True)
            change.setToolTip(remedy.why)
            self.grid.addWidget(button, row // REMEDY_COLUMNS, 2 * (row % REMEDY_COLUMNS))
            self.grid.addWidget(change, row // REMEDY_COLUMNS, 2 * (row % REMEDY_COLUMNS) + 1)
            self.buttons.append(button)
            self.changes.append(change)

    @Slot()
    def _on_button_clicked(self) -> None:
        row = self.sender().property("remedy_row")
        if self._index >= 0 and row is not None and 0 <= row < len(self.remedies):
            self.remedy_chosen.emit(self._index, self.remedies[row])


def _run_inputs(record: RunRecord) -> tuple[TrainConfig | None, ModelSpec | None]:
    """A recorded run's settings and model, or Nones when the record lacks them (an old or damaged one)."""
    try:
        return TrainConfig.from_dict(record.config), ModelSpec.from_dict(record.spec)
    except Exception:  # noqa: BLE001 - a record without a readable model gets no remedies, never an error
        return None, None
