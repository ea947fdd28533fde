"""The Evaluate page's Test examples tab: what a person wants to look at after a text, image or forecast run.

Text: the worst-classified test texts with their true and predicted label and the probability of the truth.
Images: a grid of test images, errors first, captioned true → predicted. Forecasts: the actual and predicted
series over time. The run's test outputs name each row's position in the table ("rows"); the texts, image
paths and times are read from the document's table at those positions.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHeaderView, QLabel, QScrollArea, QStackedWidget,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from gui.infra.theme import style_plot

MAX_TEXTS = 100
MAX_IMAGES = 60
THUMB = 72  # pixels on screen per test image
GRID_COLUMNS = 10


def examples_input(record, schema) -> tuple[str, list[str]] | None:
    """(kind, columns) the Test examples tab shows for a run: ("text", [column]), ("image", [path column]),
    ("pixels", pixel columns) or ("forecast", [time column]); None when there is nothing to show."""
    if record is None or schema is None or "rows" not in record.test_outputs:
        return None
    if record.is_regression:
        time_column = schema.time_column
        known = time_column and any(c.name == time_column for c in schema.columns)
        return ("forecast", [time_column]) if known else None
    wanted = {node.get("params", {}).get("source", "") for node in record.spec.get("nodes", [])
              if node.get("type") == "Input"}
    for col in schema.columns:
        if col.role != "feature" or col.kind not in ("text", "image", "pixels"):
            continue
        name = col.group if col.kind == "pixels" else col.name
        if name in wanted or "" in wanted:
            members = [c.name for c in schema.columns if c.kind == "pixels" and c.group == col.group]
            return (col.kind, members) if col.kind == "pixels" else (col.kind, [col.name])
    return None


class ExamplesView(QWidget):
    """Test examples of one run; show_run(record, document) fills it (or says why there is nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.texts = QTableWidget(0, 4, self)
        self.texts.setHorizontalHeaderLabels([self.tr("True"), self.tr("Predicted"), self.tr("P(true)"),
                                              self.tr("Text")])
        self.texts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.texts.setWordWrap(False)  # one line a text; the whole text in its tooltip
        self.texts.verticalHeader().setVisible(False)
        header = self.texts.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.grid = QWidget()
        self.grid_layout = QGridLayout(self.grid)
        self.grid_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        self.series = pg.PlotWidget(self)
        self.series.setMenuEnabled(False)
        self.series.showGrid(x=True, y=True, alpha=0.25)
        self.series.addLegend(offset=(10, 10))
        self.stack = QStackedWidget(self)
        for widget in (self.message, self.texts, scroll, self.series):
            self.stack.addWidget(widget)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)

    def show_run(self, record, document) -> None:
        """Show the test examples of `record` from the document's table (the one the run was trained on)."""
        table = document.table
        found = examples_input(record, document.schema) if table is not None else None
        outputs = record.test_outputs if record is not None else {}
        rows = np.asarray(outputs.get("rows", []), dtype=np.int64)
        if found is None or not len(rows) or rows.max() >= len(table.frame):
            self.heading.setText("")
            self.message.setText(self.tr("This run has no text, image or forecast test examples to show "
                                         "(a run trained before this view existed: train it again)."))
            self.stack.setCurrentWidget(self.message)
            return
        kind, columns = found
        frame = table.frame
        if kind == "forecast":
            self._show_series(frame[columns[0]].iloc[rows], outputs, columns[0], record.target)
        elif kind == "text":
            self._show_texts(frame[columns[0]].iloc[rows].astype(str).tolist(), outputs, record.class_names)
        else:
            self._show_images(frame, rows, kind, columns, outputs, record.class_names, document.data_folder)

    def _show_texts(self, texts: list[str], outputs: dict, names: list[str]) -> None:
        truth, proba = np.asarray(outputs["y_true"]), _class_proba(outputs)
        predicted = proba.argmax(axis=1)
        p_true = proba[np.arange(len(truth)), truth]
        order = np.argsort(p_true, kind="stable")[:MAX_TEXTS]
        wrong = int((predicted != truth).sum())
        self.heading.setText(self.tr("The {shown} test texts the model found hardest, worst first ({wrong} of "
                                     "{total} test texts misclassified in this sample).").format(
            shown=len(order), wrong=wrong, total=len(truth)))
        self.texts.setRowCount(len(order))
        for row, i in enumerate(order):
            cells = (_name(names, truth[i]), _name(names, predicted[i]), f"{p_true[i]:.0%}", texts[i])
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and predicted[i] != truth[i]:
                    item.setForeground(Qt.GlobalColor.red)
                self.texts.setItem(row, column, item)
        self.stack.setCurrentWidget(self.texts)

    def _show_images(self, frame: pd.DataFrame, rows: np.ndarray, kind: str, columns: list[str], outputs: dict,
                     names: list[str], folder: Path | None) -> None:
        truth, proba = np.asarray(outputs["y_true"]), _class_proba(outputs)
        predicted = proba.argmax(axis=1)
        wrong = predicted != truth
        order = np.concatenate([np.flatnonzero(wrong), np.flatnonzero(~wrong)])[:MAX_IMAGES]
        self.heading.setText(self.tr("Test images, errors first: {wrong} of {total} misclassified in this sample "
                                     "(true → predicted).").format(wrong=int(wrong.sum()), total=len(truth)))
        while self.grid_layout.count():
            self.grid_layout.takeAt(0).widget().deleteLater()
        for place, i in enumerate(order):
            image = _pixel_image(frame, rows[i], columns) if kind == "pixels" else _file_image(
                frame[columns[0]].iloc[rows[i]], folder)
            cell = QLabel()
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = self.tr("{true} → {predicted}").format(true=_name(names, truth[i]),
                                                              predicted=_name(names, predicted[i]))
            if image is None or image.isNull():
                cell.setText(self.tr("(unreadable)") + "\n" + caption)
            else:
                pixmap = QPixmap.fromImage(image).scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio)
                cell.setPixmap(pixmap)
            cell.setToolTip(caption)
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if wrong[i]:
                label.setStyleSheet("color: #c0392b; font-weight: bold;")
            row, column = divmod(place, GRID_COLUMNS)
            self.grid_layout.addWidget(cell, 2 * row, column)
            self.grid_layout.addWidget(label, 2 * row + 1, column)
        self.stack.setCurrentWidget(self.stack.widget(2))

    def _show_series(self, times: pd.Series, outputs: dict, time_column: str, target: str) -> None:
        x, dates = _time_values(times)
        order = np.argsort(x, kind="stable")
        x = x[order]
        actual, predicted = np.asarray(outputs["y_true"])[order], np.asarray(outputs["y_pred"])[order]
        self.heading.setText(self.tr("'{target}' over '{time}' in the test part: actual and predicted.").format(
            target=target, time=time_column))
        plot = self.series
        plot.clear()
        plot.setAxisItems({"bottom": pg.DateAxisItem() if dates else pg.AxisItem("bottom")})
        colours = style_plot(plot, plot.palette())
        plot.plot(x, actual, pen=pg.mkPen(colours.foreground, width=2), name=self.tr("actual"))
        plot.plot(x, predicted, pen=pg.mkPen("#e67e22", width=2), name=self.tr("predicted"))
        plot.setLabel("bottom", time_column)
        plot.setLabel("left", target)
        self.stack.setCurrentWidget(self.series)


def _class_proba(outputs: dict) -> np.ndarray:
    """(N, classes) probabilities; a binary run stores the second class's probability alone."""
    proba = np.asarray(outputs["proba"], dtype=float)
    return np.column_stack([1 - proba, proba]) if proba.ndim == 1 else proba


def _name(names: list[str], index) -> str:
    return names[int(index)] if 0 <= int(index) < len(names) else str(int(index))


def _file_image(path, folder: Path | None) -> QImage | None:
    if not isinstance(path, str) or not path:
        return None
    full = Path(path) if Path(path).is_absolute() or folder is None else folder / path
    return QImage(str(full))


def _pixel_image(frame: pd.DataFrame, row: int, columns: list[str]) -> QImage | None:
    """A square grey image from one row's pixel columns (scaled to 0..255 by the row's own range)."""
    side = math.isqrt(len(columns))
    if side * side != len(columns):
        return None
    values = pd.to_numeric(frame[columns].iloc[row], errors="coerce").to_numpy(dtype=float)
    values = np.nan_to_num(values - np.nanmin(values))
    top = values.max()
    grey = np.ascontiguousarray((values / top * 255 if top > 0 else values).reshape(side, side).astype(np.uint8))
    return QImage(grey.data, side, side, side, QImage.Format.Format_Grayscale8).copy()


def _time_values(times: pd.Series) -> tuple[np.ndarray, bool]:
    """Numbers for the x axis: seconds since 1970 for dates (a date axis), else the numbers themselves."""
    if not pd.api.types.is_datetime64_any_dtype(times):
        numbers = pd.to_numeric(times, errors="coerce")
        if numbers.notna().all():
            return numbers.to_numpy(dtype=float), False
        times = pd.to_datetime(times, errors="coerce")
    if times.dt.tz is not None:
        times = times.dt.tz_convert(None)
    return ((times - pd.Timestamp(0)) / pd.Timedelta(seconds=1)).to_numpy(dtype=float), True
