"""Runs side by side: a table of every run's settings, architecture, parent, change and scores, and the
differences between two chosen runs (engine.runs.compare does the reading; this draws it)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from engine.runs.compare import COLUMNS, compare_rows, diff_runs
from gui.pages.training.runs_list import run_label

# English, translated where shown: the compare table's headers by column key, the diff's, and the kinds of difference
HEADERS = {"run": QT_TRANSLATE_NOOP("RunsCompareView", "Run"), "parent": QT_TRANSLATE_NOOP("RunsCompareView", "From"),
           "changed": QT_TRANSLATE_NOOP("RunsCompareView", "Changed"),
           "learning_rate": QT_TRANSLATE_NOOP("RunsCompareView", "Learning rate"),
           "batch_size": QT_TRANSLATE_NOOP("RunsCompareView", "Batch"),
           "epochs": QT_TRANSLATE_NOOP("RunsCompareView", "Epochs"),
           "optimizer": QT_TRANSLATE_NOOP("RunsCompareView", "Optimizer"),
           "architecture": QT_TRANSLATE_NOOP("RunsCompareView", "Architecture"),
           "best_val_loss": QT_TRANSLATE_NOOP("RunsCompareView", "Best val. loss"),
           "test_score": QT_TRANSLATE_NOOP("RunsCompareView", "Test score"),
           "ended": QT_TRANSLATE_NOOP("RunsCompareView", "Ended because")}
DIFF_HEADERS = (QT_TRANSLATE_NOOP("RunsCompareView", "What differs"), QT_TRANSLATE_NOOP("RunsCompareView", "First"),
                QT_TRANSLATE_NOOP("RunsCompareView", "Second"))
KIND_WORDS = {"setting": QT_TRANSLATE_NOOP("RunsCompareView", "setting"),
              "model": QT_TRANSLATE_NOOP("RunsCompareView", "model"),
              "result": QT_TRANSLATE_NOOP("RunsCompareView", "result")}


class RunsCompareView(QWidget):
    """A projection of document.runs (rebuilt from runs_changed): the compare table, and the diff of the runs
    picked in the two boxes (by default the last run and the run it came from)."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.table = _table([self.tr(HEADERS.get(key, header)) for key, header in COLUMNS])
        _fit_to_contents(self.table, [c for c, (key, _) in enumerate(COLUMNS) if key != "architecture"])
        self.table.setToolTip(self.tr("Every run's settings and scores; 'Changed' is what it changed from the run "
                                      "in 'From'."))
        self.first = QComboBox()
        self.second = QComboBox()
        self.diff = _table([self.tr(header) for header in DIFF_HEADERS])
        _fit_to_contents(self.diff, [0])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Diff")))
        pick.addWidget(self.first, 1)
        pick.addWidget(QLabel(self.tr("vs")))
        pick.addWidget(self.second, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(pick)
        right_layout.addWidget(self.diff, 1)
        right_layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.first.currentIndexChanged.connect(self._on_choice_changed)
        self.second.currentIndexChanged.connect(self._on_choice_changed)
        document.runs_changed.connect(self._on_document_runs_changed)
        self._on_document_runs_changed()

    def choose(self, first: int, second: int) -> None:
        """Diff run `first` against run `second` (indices into document.runs)."""
        self.first.setCurrentIndex(first)
        self.second.setCurrentIndex(second)

    @Slot()
    def _on_document_runs_changed(self) -> None:
        runs = self.document.runs
        rows = compare_rows(runs)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(COLUMNS):
                item = QTableWidgetItem(row[key])
                item.setToolTip(row[key])
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        names = [run_label(i) for i in range(len(runs))]
        for box in (self.first, self.second):
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.blockSignals(False)
        if runs:
            last = runs[-1]
            parent = last.parent if last.parent is not None and 0 <= last.parent < len(runs) else len(runs) - 2
            self.choose(max(parent, 0), len(runs) - 1)
        self._on_choice_changed()

    @Slot()
    def _on_choice_changed(self) -> None:
        runs = self.document.runs
        a, b = self.first.currentIndex(), self.second.currentIndex()
        if not (0 <= a < len(runs) and 0 <= b < len(runs)):
            self.diff.setRowCount(0)
            self.summary.setText(self.tr("Train two runs to compare them.") if len(runs) < 2 else "")
            return
        found = diff_runs(runs[a], runs[b])
        self.diff.setRowCount(len(found))
        for r, difference in enumerate(found):
            for c, text in enumerate((difference.what, difference.first, difference.second)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{self.tr(KIND_WORDS[difference.kind])}: {difference.what}")
                self.diff.setItem(r, c, item)
        self.diff.resizeColumnsToContents()
        same = self.tr("{first} and {second}: the same run.") if a == b else \
            self.tr("{first} and {second}: the same settings and model.")
        self.summary.setText("" if found else same.format(first=run_label(a), second=run_label(b)))
        self.summary.setVisible(not found)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit_to_contents(table: QTableWidget, columns: list[int]) -> None:
    """Keep these columns as wide as their header and cells whenever either changes: a short Chinese header
    ("来自") over empty cells was cut once the texts changed after the last resizeColumnsToContents."""
    for column in columns:
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
