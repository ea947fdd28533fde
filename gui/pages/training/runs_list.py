"""The Runs list: every run of the session and of the project file; ticked runs are overlaid on the curves."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from engine.runs.record import RunRecord
from engine.tasks import Task
from engine.training import EndReason, reason_words

COLUMNS = (QT_TRANSLATE_NOOP("RunsList", "Run"), QT_TRANSLATE_NOOP("RunsList", "Started"),
           QT_TRANSLATE_NOOP("RunsList", "Epochs"), QT_TRANSLATE_NOOP("RunsList", "Ended because"),
           QT_TRANSLATE_NOOP("RunsList", "Test score"), QT_TRANSLATE_NOOP("RunsList", "Device"))  # English
METRIC_WORDS = {"accuracy": QT_TRANSLATE_NOOP("RunsList", "accuracy")}  # others (rmse, …) read the same everywhere


def main_test_score(record: RunRecord) -> str:
    """The run's headline test number, named like its per-epoch metric (accuracy or RMSE)."""
    history = record.history
    names = list((history[-1].get("metrics") or {}).keys()) if history else []
    name = names[0] if names else ("rmse" if record.task == Task.REGRESSION else "accuracy")
    value = record.test_metrics.get(name)
    from engine.runs.metrics import format_metric  # one way to write a metric, on every page and in the CLI

    if not isinstance(value, (int, float)):
        return "—"
    return f"{metric_word(name)} {format_metric(name, value)}"


def metric_word(name: str) -> str:
    """A metric's key ("accuracy", "rmse") as the runs list and the read-out name it."""
    return QCoreApplication.translate("RunsList", METRIC_WORDS[name]) if name in METRIC_WORDS else name


def run_label(index: int) -> str:
    return QCoreApplication.translate("RunsList", "Run {number}").format(number=index + 1)


RUNNING = QT_TRANSLATE_NOOP("RunsList", "running…")  # English; translated where shown
PAUSED = QT_TRANSLATE_NOOP("RunsList", "paused")


class RunsList(QWidget):
    """A checkable list over document.runs (a projection; rebuilt from runs_changed).

    Signals: selection_changed(int) (-1 when nothing is selected), overlays_changed(list) (ticked indices).
    """

    selection_changed = Signal(int)
    overlays_changed = Signal(list)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.tree = QTreeWidget()
        self.tree.setMinimumHeight(40)  # it scrolls; at 1024x600 the curves above it need the height more
        self.tree.setHeaderLabels([self.tr(title) for title in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setToolTip(self.tr("Select a run to show it and to continue it; tick runs to overlay their curves."))
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.tree.itemSelectionChanged.connect(self._on_tree_selection_changed)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        document.runs_changed.connect(self._on_document_runs_changed)
        self._ticked: set[int] = set()
        self._rebuilding = False
        self._count = 0
        self._project = document.project
        self._running: tuple[int, str, str] | None = None  # (index, started at, epochs) of the run under way
        self._paused = False
        self._on_document_runs_changed()

    @property
    def selected_index(self) -> int:
        items = self.tree.selectedItems()
        return int(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else -1

    def select(self, index: int) -> None:
        if 0 <= index < self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(index))

    def ticked(self) -> list[int]:
        return sorted(self._ticked)

    def show_running(self, index: int, started_at: str, epochs: str = "") -> None:
        """A run is under way: a new one gets its row now (not only when it ends), a continued one is marked."""
        self._running = (index, started_at, epochs)
        self._paused = False
        self._on_document_runs_changed()

    def set_running_epochs(self, epochs: str) -> None:
        """The run under way finished an epoch ("3/20")."""
        if self._running is None:
            return
        index, started_at, _ = self._running
        self._running = (index, started_at, epochs)
        item = self.tree.topLevelItem(index)
        if item is not None:
            item.setText(2, epochs)

    def set_paused(self, paused: bool) -> None:
        """The run under way was paused or resumed: its row says "Paused" or "Running…"."""
        self._paused = bool(paused)
        if self._running is not None:
            item = self.tree.topLevelItem(self._running[0])
            if item is not None:
                item.setText(3, _sentence(self.tr(PAUSED if self._paused else RUNNING)))

    def end_running(self) -> None:
        """The run under way ended (its record, if any, arrives through document.runs_changed)."""
        self._paused = False
        if self._running is not None:
            self._running = None
            self._on_document_runs_changed()

    @Slot()
    def _on_document_runs_changed(self) -> None:
        runs = self.document.runs
        previous = self.selected_index
        if self.document.project is not self._project:  # another project: its runs, its last one shown
            self._project = self.document.project
            self._ticked, self._count, previous = set(), 0, -1
        self._ticked = {i for i in self._ticked if i < len(runs)}
        self._rebuilding = True
        try:
            self.tree.clear()
            for index, record in enumerate(runs):
                item = QTreeWidgetItem([run_label(index), _time(record.started_at), str(record.epochs_run),
                                        _sentence(reason_words(record.reason)), main_test_score(record),
                                        record.device])
                item.setData(0, Qt.ItemDataRole.UserRole, index)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked if index in self._ticked else Qt.CheckState.Unchecked)
                item.setToolTip(3, record.message)
                item.setToolTip(0, _config_summary(record.config))
                self.tree.addTopLevelItem(item)
            self._add_running_row(len(runs))
        finally:
            self._rebuilding = False
        grew = len(runs) > self._count
        self._count = len(runs)
        target = previous if 0 <= previous < len(runs) and not grew else len(runs) - 1  # a new run is shown
        self.tree.blockSignals(True)
        self.select(target)
        self.tree.blockSignals(False)
        self.selection_changed.emit(self.selected_index)
        self.overlays_changed.emit(self.ticked())

    def _add_running_row(self, count: int) -> None:
        if self._running is None:
            return
        index, started_at, epochs = self._running
        if index < count:  # a continued run: its row says so
            item = self.tree.topLevelItem(index)
        else:
            item = QTreeWidgetItem([run_label(index), "", "", "", "—", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(0, self.tr("This run is under way; it can be compared and continued when it ends."))
            self.tree.addTopLevelItem(item)
        item.setText(1, _time(started_at) or item.text(1))
        item.setText(2, epochs)
        item.setText(3, _sentence(self.tr(PAUSED if self._paused else RUNNING)))
        font = item.font(3)
        font.setItalic(True)
        item.setFont(3, font)

    @Slot()
    def _on_tree_selection_changed(self) -> None:
        if self._rebuilding:  # clear() deselects items of the old list: their indices may not exist any more
            return
        self.selection_changed.emit(self.selected_index)

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._rebuilding or column != 0:
            return
        index = int(item.data(0, Qt.ItemDataRole.UserRole))
        if item.checkState(0) == Qt.CheckState.Checked:
            self._ticked.add(index)
        else:
            self._ticked.discard(index)
        self.overlays_changed.emit(self.ticked())


def _time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError):
        return ""
    if moment.date() == datetime.now().astimezone().date():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _config_summary(config: dict) -> str:
    keys = ("optimizer", "learning_rate", "batch_size", "epochs", "schedule", "weight_decay", "seed")
    return "\n".join(f"{k}: {config[k]}" for k in keys if k in config)


def end_status(index: int, record: RunRecord) -> str:
    """Why the run ended and what it scored, in one line."""
    reason = record.reason
    message = record.message or reason_words(reason)
    score = main_test_score(record)
    name = Path(record.bundle).name
    if reason == EndReason.CANCELLED and record.best_epoch:
        message += QCoreApplication.translate("TrainingPage", " Kept the best weights (epoch {epoch}).").format(
            epoch=record.best_epoch)
    return QCoreApplication.translate("TrainingPage", "{run}: {message} Test {score}. Saved {file}.").format(
        run=run_label(index), message=message, score=score, file=name)


REASON_KIND = {EndReason.FINISHED: "ok", EndReason.EARLY_STOPPED: "ok", EndReason.THRESHOLD: "ok",
               EndReason.CANCELLED: "warn", EndReason.DIVERGED: "error"}


def end_status_kind(record: RunRecord) -> str:
    """How the status line shows a run's end: "ok", "warn" (stopped) or "error" (diverged)."""
    return REASON_KIND.get(record.reason, "ok")
