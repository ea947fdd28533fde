"""The live trials table: number, state, best validation loss, epochs, pruned, parameters, why it failed."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

COLUMNS = ("#", QT_TRANSLATE_NOOP("TrialsTable", "State"), QT_TRANSLATE_NOOP("TrialsTable", "Val loss"),
           QT_TRANSLATE_NOOP("TrialsTable", "Epochs"), QT_TRANSLATE_NOOP("TrialsTable", "Pruned"),
           QT_TRANSLATE_NOOP("TrialsTable", "Parameters"), QT_TRANSLATE_NOOP("TrialsTable", "Note"))
STATE_LABELS = {"running": QT_TRANSLATE_NOOP("TrialsTable", "running"),
                "complete": QT_TRANSLATE_NOOP("TrialsTable", "complete"),
                "pruned": QT_TRANSLATE_NOOP("TrialsTable", "pruned"),
                "failed": QT_TRANSLATE_NOOP("TrialsTable", "failed"),
                "waiting": QT_TRANSLATE_NOOP("TrialsTable", "waiting")}


class TrialsTable(QTableWidget):
    """Rows of engine.sweeps.results.TrialRow; the best trial in bold. Signal: trial_selected(int number, -1 none)."""

    trial_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("trials_table")
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.verticalHeader().setVisible(False)
        self.setMinimumHeight(70)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        self.itemSelectionChanged.connect(self._on_table_selection_changed)
        self._numbers: list[int] = []

    def show_rows(self, rows: list, best_number: int | None) -> None:
        selected = self.selected_number()
        self.blockSignals(True)
        self.setRowCount(len(rows))
        self._numbers = [r.number for r in rows]
        for i, r in enumerate(rows):
            pruned = self.tr("after epoch {epoch}").format(epoch=r.pruned_epoch) \
                if r.state == "pruned" and r.pruned_epoch else ""
            cells = (str(r.number), state_label(r.state), "" if r.value is None else f"{r.value:.4g}",
                     "" if r.epochs_run is None else str(r.epochs_run), pruned,
                     ", ".join(f"{_name(k)}={_short(v)}" for k, v in r.params.items()), " ".join(r.failure.split()))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.number == best_number:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                if column == 6 and text:
                    item.setToolTip(r.failure)
                self.setItem(i, column, item)
            if r.number == selected:
                self.selectRow(i)
        self.blockSignals(False)

    def selected_number(self) -> int:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self._numbers[rows[0].row()] if rows and rows[0].row() < len(self._numbers) else -1

    def _on_table_selection_changed(self) -> None:
        self.trial_selected.emit(self.selected_number())


def state_label(state: str) -> str:
    """A trial's state ("complete", …) in the user's language."""
    return QCoreApplication.translate("TrialsTable", STATE_LABELS[state]) if state in STATE_LABELS else state


def _name(path: str) -> str:
    return path[len("layers."):] if path.startswith("layers.") else path


def _short(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)
