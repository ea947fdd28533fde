"""The Evaluate page's Test examples tab: what a person wants to look at after a text, image or forecast run.

Text: the worst-classified test texts with their true and predicted label, the probability of the truth and
each word coloured by its weight (gui.pages.evaluate.text_examples). Images: a grid of test images, errors
first, captioned true → predicted. Forecasts: the actual and predicted series over time. Which column, pixel
group or time column that is comes from the run's own bundle (its preprocessing, whatever the document's
settings are now); the run's test outputs name each row's position in the table ("rows"), and the texts,
image paths, pixels and times are read from the document's table at those positions.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from engine.preprocess.image_encoder import PixelEncoder
from engine.preprocess.text_encoder import TextEncoder
from gui.infra.theme import style_plot
from gui.pages.evaluate.text_examples import ShownText, TextExamplesView

MAX_TEXTS = 100
MAX_IMAGES = 60
THUMB = 72  # pixels on screen per test image
GRID_COLUMNS = 10


def examples_input(record) -> tuple[str, object] | None:
    """What the Test examples tab shows for a run, read from the run's bundle: ("forecast", time column),
    ("text", TextEncoder), ("image", ImageEncoder) or ("pixels", PixelEncoder) of the first such input;
    None when there is nothing to show (a table run, no bundle, no recorded test rows)."""
    if record is None or not record.bundle or "rows" not in record.test_outputs:
        return None
    inputs = run_inputs(record.bundle)
    if inputs is None:
        return None
    if inputs.forecast:
        return ("forecast", inputs.forecast["time_column"]) if record.is_regression else None
    if record.is_regression or not inputs.encoders:
        return None
    encoder = inputs.encoders[0]
    kind = "text" if isinstance(encoder, TextEncoder) else "pixels" if isinstance(encoder, PixelEncoder) else "image"
    return kind, encoder


def run_inputs(bundle_path: str):
    """The bundle's fitted inputs (engine.io.bundle.read_inputs), None when it has none or cannot be read;
    read again only when the file changes."""
    try:
        stat = Path(bundle_path).stat()
    except OSError:
        return None
    return _read_inputs(str(bundle_path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_inputs(path: str, _mtime_ns: int, _size: int):
    from engine.errors import ProjectError
    from engine.io.bundle import read_inputs

    try:
        return read_inputs(path)
    except ProjectError:
        return None


class ExamplesView(QWidget):
    """Test examples of one run; show_run(record, document) fills it (or says why there is nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.texts = TextExamplesView(self)
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
        found = examples_input(record) if table is not None else None
        outputs = record.test_outputs if record is not None else {}
        rows = np.asarray(outputs.get("rows", []), dtype=np.int64)
        if found is None or found[0] != "text":
            self.texts.stop()  # the words of a text run shown before are no longer needed
        if found is None or not len(rows) or rows.max() >= len(table.frame):
            self._say(self.tr("This run has no text, image or forecast test examples to show "
                              "(a run trained before this view existed: train it again)."))
            return
        kind, source = found
        frame = table.frame
        needed = [source] if kind == "forecast" else source.columns if kind == "pixels" else [source.column]
        missing = [column for column in needed if column not in frame.columns]
        if missing:  # another file was opened since the run
            self._say(self.tr("The table has no column '{column}', which this run read: open the data it was "
                              "trained on to see its test examples.").format(column=missing[0]))
        elif kind == "forecast":
            self._show_series(frame[source].iloc[rows], outputs, source, record.target)
        elif kind == "text":
            self._show_texts(frame, rows, outputs, record, source.column, document.data_folder)
        else:
            self._show_images(frame, rows, kind, source, outputs, record, document.data_folder)

    def _say(self, text: str) -> None:
        self.texts.stop()
        self.heading.setText("")
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def wait_for_tasks(self, timeout_ms: int = 5000) -> bool:
        """Block until the words of the texts are weighed (tests; the window closing)."""
        return self.texts.wait_for_tasks(timeout_ms)

    def _show_texts(self, frame: pd.DataFrame, rows: np.ndarray, outputs: dict, record, column: str,
                    folder: Path | None) -> None:
        truth, proba = np.asarray(outputs["y_true"]), _class_proba(outputs)
        predicted = _predicted(proba, record)
        p_true = proba[np.arange(len(truth)), truth]
        order = np.argsort(p_true, kind="stable")[:MAX_TEXTS]
        wrong = int((predicted != truth).sum())
        self.heading.setText(self.tr("The {shown} test texts the model found hardest, worst first ({wrong} of "
                                     "{total} test texts misclassified in this sample).").format(
            shown=len(order), wrong=wrong, total=len(truth)))
        names = record.class_names
        texts = frame[column].iloc[rows[order]]
        shown = [ShownText("" if pd.isna(text) else str(text), _name(names, truth[i]), _name(names, predicted[i]),
                           float(p_true[i])) for text, i in zip(texts, order)]
        self.texts.show_texts(shown, record.bundle, frame.iloc[rows[order]], column,
                              [int(predicted[i]) for i in order], folder)
        self.stack.setCurrentWidget(self.texts)

    def _show_images(self, frame: pd.DataFrame, rows: np.ndarray, kind: str, encoder, outputs: dict, record,
                     folder: Path | None) -> None:
        names = record.class_names
        truth, proba = np.asarray(outputs["y_true"]), _class_proba(outputs)
        predicted = _predicted(proba, record)
        wrong = predicted != truth
        order = np.concatenate([np.flatnonzero(wrong), np.flatnonzero(~wrong)])[:MAX_IMAGES]
        self.heading.setText(self.tr("Test images, errors first: {wrong} of {total} misclassified in this sample "
                                     "(true → predicted).").format(wrong=int(wrong.sum()), total=len(truth)))
        if kind == "pixels":  # the pixels as the model saw them: the run's own columns, order, shape and range
            images = [_pixel_image(pixels) for pixels in encoder.transform(frame.iloc[rows[order]])]
        else:
            images = [_file_image(path, folder) for path in frame[encoder.column].iloc[rows[order]]]
        while self.grid_layout.count():
            self.grid_layout.takeAt(0).widget().deleteLater()
        for place, (i, image) in enumerate(zip(order, images)):
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


def _predicted(proba: np.ndarray, record) -> np.ndarray:
    """The predicted classes: the most probable, or for a binary run its decision threshold's side."""
    if record.task == "binary":
        return (proba[:, 1] >= record.decision_threshold).astype(np.int64)
    return proba.argmax(axis=1)


def _pixel_image(pixels: np.ndarray) -> QImage:
    """A QImage of one uint8 (channels, height, width) image: grey for one channel, RGB for three."""
    channels, height, width = pixels.shape
    if channels >= 3:
        rgb = np.ascontiguousarray(pixels[:3].transpose(1, 2, 0))
        return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
    grey = np.ascontiguousarray(pixels[0])
    return QImage(grey.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


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
