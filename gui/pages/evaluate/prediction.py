"""Predict on a CSV with a run's bundle, off the UI thread, and show/save the result.

`predict_csv` runs engine.io.predict.Predictor in a gui.infra.background BackgroundTask (the Evaluate page starts
it); `describe_prediction_error` words its failures; PredictionDialog shows the table and saves it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QStyle, QTableView,
                               QVBoxLayout, QWidget)

from gui.infra import messages

MAX_COLUMN_WIDTH = 320  # px; a longer header or value is elided, its full text in the tooltip
WARNING_HEADER = QT_TRANSLATE_NOOP("PredictionTableModel", "Check")  # English; the model translates
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


@dataclass
class PredictionResult:
    """What a prediction task hands the page: the frame (inputs + predictions), which rows had every
    input empty (a boolean per row), the CSV predicted and the token of the project it was started for."""

    frame: object
    no_features: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    token: int = 0
    csv_path: str = ""
    notes: list[str] = field(default_factory=list)


def predict_csv(state, bundle_path: str | Path, csv_path: str | Path, token: int = 0) -> PredictionResult:
    """Load the bundle and predict every row of the CSV (in a task's thread; `state` is its TaskState).

    The engine's warnings about the data (words filled in as missing in a numeric column, …) become `notes`
    that the window shows, as the CLI prints them."""
    from engine.errors import DataWarning
    from engine.io.predict import Predictor

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        predictor = Predictor.load(str(bundle_path))
        frame = predictor.predict_file(str(csv_path))
    notes = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, DataWarning)))
    return PredictionResult(frame, predictor.rows_without_features(frame), token, str(csv_path), notes)


def describe_prediction_error(exc: BaseException, csv_path: str | Path) -> str:
    """What to tell a person whose prediction failed (never a traceback)."""
    from engine.errors import LayerLabError

    if isinstance(exc, LayerLabError):
        return str(exc)
    if isinstance(exc, (OSError, ValueError)):
        return translate("Prediction", "Could not predict on '{path}': {error}").format(path=csv_path, error=exc)
    return translate("Prediction", "Prediction failed unexpectedly ({kind}: {error}).").format(
        kind=type(exc).__name__, error=exc)


def format_cell(column: str, value) -> str:
    """A cell for reading: probabilities as percentages ("87.3 %"), predicted numbers with 4 significant
    digits but whole units kept ("0.8730", "234,568"), other numbers as in the file (up to 6 digits)."""
    if value is None:
        return ""
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return ""
        if str(column).startswith("probability_"):
            return f"{100 * value:.1f} %"
        if str(column).startswith("predicted_"):
            return _prediction_number(value)
        return f"{value:.6g}"
    return str(value)


def _prediction_number(value: float) -> str:
    if value == 0 or math.isinf(value):
        return f"{value:g}"
    exponent = math.floor(math.log10(abs(value)))
    if exponent < -4 or exponent >= 15:
        return f"{value:.3e}"
    return f"{value:,.{max(0, 3 - exponent)}f}"


class PredictionTableModel(QAbstractTableModel):
    """The predictions table: a read-only, virtual table over a pandas DataFrame (only visible cells are formatted).

    With `flagged` (a boolean per row), a first column marks the rows whose inputs were all empty.
    """

    def __init__(self, frame, parent: QObject | None = None, flagged=None):
        super().__init__(parent)
        self.frame = frame
        self.flagged = np.asarray(flagged, dtype=bool) if flagged is not None else np.zeros(len(frame), dtype=bool)
        self.offset = 1 if self.flagged.any() else 0  # the warning column only when there is something to flag

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame.columns) + self.offset

    def column_name(self, section: int) -> str:
        return self.tr(WARNING_HEADER) if section < self.offset else str(self.frame.columns[section - self.offset])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column < self.offset:
            return self._warning_data(row, role)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.frame.iat[row, column - self.offset]
            if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return format_cell(self.column_name(column), self.frame.iat[row, column - self.offset])

    def _warning_data(self, row: int, role: int):
        if not self.flagged[row]:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "⚠ " + self.tr("every input empty")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Every input column of this row is empty, so its prediction is only the model's guess "
                           "for a blank row. Fill in the row or leave it out.")
        if role == Qt.ItemDataRole.ForegroundRole:
            from PySide6.QtGui import QColor

            return QColor("#c0392b")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.column_name(section)
        flagged = section < len(self.flagged) and self.flagged[section]  # seen at any scroll position
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Every input column of this row is empty: its prediction is a guess.") if flagged else None
        return f"{section + 1} ⚠" if flagged else str(section + 1)


class PredictionDialog(QDialog):
    """The predictions for a CSV: a table (inputs + predicted columns, rows with no inputs flagged) and
    "Save as CSV…" (never the default button: Enter does not open a save dialog)."""

    def __init__(self, frame, csv_path: str, parent: QWidget | None = None, no_features=None, notes=()):
        super().__init__(parent)
        self.frame, self.csv_path = frame, csv_path
        self.setWindowTitle(self.tr("Predictions for {name}").format(name=Path(csv_path).name))
        predicted = [c for c in frame.columns if str(c).startswith(("predicted_", "probability_"))]
        self.model = PredictionTableModel(frame, None, no_features)
        self.flagged_count = int(self.model.flagged.sum())
        text = self.tr("{count} rows from {name}; prediction columns: {columns}.", "", len(frame)).format(
            count=f"{len(frame):,}", name=Path(csv_path).name, columns=", ".join(map(str, predicted)))
        if self.flagged_count:
            rows = np.flatnonzero(self.model.flagged)[:5] + 1
            more = "…" if self.flagged_count > 5 else ""
            flagged = (self.tr("{count} row (row {rows}) had every input empty: its prediction is a guess, marked in "
                               "the “Check” column.") if self.flagged_count == 1 else
                       self.tr("{count} rows (row {rows}) had every input empty: their predictions are guesses, "
                               "marked in the “Check” column."))
            text += "\n⚠ " + flagged.format(count=f"{self.flagged_count:,}", rows=", ".join(map(str, rows)) + more)
        for note in notes:  # the engine's words, as the CLI prints them after "warning:"
            text += f"\n⚠ {note[:1].upper()}{note[1:]}"
        self.summary = QLabel(text, self)
        self.summary.setWordWrap(True)
        self.view = QTableView(self)
        self.model.setParent(self.view)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self._fit_columns()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(self.tr("Save as CSV…"), self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_dialog)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # Enter in the table must not open "Save as" (or close the window)
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def _fit_columns(self) -> None:
        """Columns as wide as their header and first rows' values need, up to MAX_COLUMN_WIDTH."""
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(200)  # sample the first rows, not a million of them
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.resizeColumnsToContents()
        margin = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 12
        for column in range(self.model.columnCount()):
            title = self.fontMetrics().horizontalAdvance(self.model.column_name(column)) + margin
            self.view.setColumnWidth(column, min(MAX_COLUMN_WIDTH, max(self.view.columnWidth(column), title)))
    def save_dialog(self) -> None:
        source = Path(self.csv_path)
        default = str(source.with_name(f"{source.stem}-predictions.csv"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save predictions"), default, self.tr("CSV tables (*.csv)"))
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Write the table with the engine's predictions writer (the CLI's: cells that would run as spreadsheet
        formulas are escaped), never over the CSV it predicted."""
        from engine.errors import ProjectError
        from engine.io.output_paths import refuse_overwriting_inputs
        from engine.io.predict import write_predictions_csv

        try:
            refuse_overwriting_inputs(path, {self.tr("CSV the predictions were made for"): self.csv_path},
                                      self.tr("the predictions"))
        except ProjectError as exc:
            messages.show_error(self, self.tr("Cannot save the predictions"), str(exc))
            return False
        try:
            write_predictions_csv(path, self.frame)
        except OSError as exc:
            messages.show_error(self, self.tr("Cannot save the predictions"),
                                self.tr("Could not write '{path}': {reason}. Choose another folder.").format(
                                    path=path, reason=exc.strerror or exc))
            return False
        return True
