"""Predict on a CSV with a run's bundle, off the UI thread, and show/save the result.

PredictionTask runs engine.predict.Predictor in a QThreadPool thread and reports through
PredictionSignals (queued to the UI thread); PredictionDialog shows the table and saves it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QRunnable, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from gui import messages


class PredictionSignals(QObject):
    """finished(object frame, str csv_path) or failed(str message), emitted from the pool thread."""

    finished = Signal(object, str)
    failed = Signal(str)


class PredictionTask(QRunnable):
    """Load the bundle and predict every row of the CSV (the frame returned holds inputs + predictions)."""

    def __init__(self, bundle_path: str | Path, csv_path: str | Path, signals: PredictionSignals):
        super().__init__()
        self.bundle_path, self.csv_path, self.signals = str(bundle_path), str(csv_path), signals
        self.setAutoDelete(True)

    def run(self) -> None:
        from engine.errors import LayerLabError

        try:
            from engine.predict import Predictor

            frame = Predictor.load(self.bundle_path).predict_file(self.csv_path)
        except LayerLabError as exc:
            self.signals.failed.emit(str(exc))
        except (OSError, ValueError) as exc:
            self.signals.failed.emit(f"Could not predict on '{self.csv_path}': {exc}")
        except Exception as exc:  # noqa: BLE001 - a person gets a message, never a traceback
            self.signals.failed.emit(f"Prediction failed unexpectedly ({type(exc).__name__}: {exc}).")
        else:
            self.signals.finished.emit(frame, self.csv_path)


class FrameTableModel(QAbstractTableModel):
    """A read-only, virtual table over a pandas DataFrame (only visible cells are formatted)."""

    def __init__(self, frame, parent: QObject | None = None):
        super().__init__(parent)
        self.frame = frame

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.frame.iat[index.row(), index.column()]
        if isinstance(value, float):
            return "" if value != value else f"{value:.6g}"
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self.frame.columns[section])
        return str(section + 1)


class PredictionDialog(QDialog):
    """The predictions for a CSV: a table (inputs + predicted columns) and "Save as CSV…"."""

    def __init__(self, frame, csv_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.frame, self.csv_path = frame, csv_path
        self.setWindowTitle(f"Predictions for {Path(csv_path).name}")
        predicted = [c for c in frame.columns if str(c).startswith(("predicted_", "probability_"))]
        summary = QLabel(f"{len(frame):,} rows from {Path(csv_path).name}; prediction columns: "
                         f"{', '.join(map(str, predicted))}.", self)
        summary.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setModel(FrameTableModel(frame, self.view))
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton("Save as CSV…", self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_dialog)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def save_dialog(self) -> None:
        source = Path(self.csv_path)
        default = str(source.with_name(f"{source.stem}-predictions.csv"))
        path, _ = QFileDialog.getSaveFileName(self, "Save predictions", default, "CSV tables (*.csv)")
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        from engine.atomic import write_text_atomic

        try:
            write_text_atomic(path, self.frame.to_csv(index=False))
        except OSError as exc:
            messages.show_error(self, "Cannot save the predictions",
                                f"Could not write '{path}': {exc.strerror or exc}. Choose another folder.")
            return False
        return True
