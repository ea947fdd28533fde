"""A small distribution plot and summary for one column: histogram or top levels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.data import ColumnInfo
from engine.errors import DataError
from engine.data.image_preview import preview_images
from engine.preprocess.text_encoder import sequence_length, token_counts
from gui.pages.data.columns_model import kind_label, role_label

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

HISTOGRAM_BINS = 30
TOP_LEVELS = 10
_NUMERIC_KINDS = ("numeric",)
_LABEL_CHARS = 18
TEXT_SAMPLE = 2_000  # texts counted for a text column's summary: enough for its percentiles, quick on a click


def _fmt(value: float) -> str:
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1e4 else f"{value:.4g}"


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"


def _bins(values: np.ndarray, unique: int):
    """Bin edges: whole numbers get whole-number-wide bins (no empty/double bins from aliasing)."""
    lo, hi = float(values.min()), float(values.max())
    if np.all(values == np.round(values)) and hi - lo < 1e9:
        width = max(1.0, np.ceil((hi - lo + 1) / HISTOGRAM_BINS))
        return np.arange(lo - 0.5, hi + width, width)
    return int(min(HISTOGRAM_BINS, max(unique, 1)))


def column_summary(series: pd.Series, info: ColumnInfo, base_dir=None, image_size=None) -> dict:
    """Plain numbers for one column: how to draw it and the words under the plot.

    base_dir: the table's folder, which an image column's paths are relative to; image_size: (height, width)
    images are resized to (None: the files' size).
    Returns {"mode": "histogram"|"bars"|"dates"|"images"|"empty", "edges"/"heights", "labels"/"counts" or
    "mosaic", "text": str}.
    """
    n = len(series)
    missing_share = 100.0 * info.missing / n if n else 0.0
    head = translate("ColumnSummary", "{missing} missing ({share} %) · {unique} unique").format(
        missing=f"{info.missing:,}", share=f"{missing_share:.1f}", unique=f"{info.unique:,}")
    present = series.dropna()
    if present.empty:
        return {"mode": "empty", "text": head}
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if info.kind in _NUMERIC_KINDS and numeric:
        values = present.to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        heights, edges = np.histogram(values, bins=_bins(values, info.unique))
        text = head + "\n" + translate("ColumnSummary", "min {min} · max {max} · mean {mean} · median {median}").format(
            min=_fmt(values.min()), max=_fmt(values.max()), mean=_fmt(values.mean()), median=_fmt(np.median(values)))
        return {"mode": "histogram", "edges": edges, "heights": heights, "text": text}
    if pd.api.types.is_datetime64_any_dtype(series):
        seconds = present.astype("datetime64[s]").astype("int64").to_numpy(dtype=float)
        heights, edges = np.histogram(seconds, bins=HISTOGRAM_BINS)
        text = head + "\n" + translate("ColumnSummary", "from {first} to {last}").format(first=present.min(), last=present.max())
        return {"mode": "dates", "edges": edges, "heights": heights, "text": text}
    if info.kind == "text":
        return _text_summary(present, head)
    if info.kind == "image":
        return _image_summary(present, head, base_dir, image_size)
    counts = present.value_counts()
    if info.kind == "integer_category" and len(counts) <= TOP_LEVELS:
        counts = counts.sort_index()  # 0, 1, 2, ... reads better than by frequency
    top = counts.iloc[:TOP_LEVELS]
    shares = ", ".join(f"{_short(str(k))} {100.0 * v / len(present):.0f} %"
                       for k, v in top.iloc[:3].items())
    more = translate("ColumnSummary", " (+{count} more levels)").format(count=f"{len(counts) - TOP_LEVELS:,}") \
        if len(counts) > TOP_LEVELS else ""
    text = head + "\n" + translate("ColumnSummary", "top: {shares}").format(shares=shares) + more
    return {"mode": "bars", "labels": [str(k) for k in top.index],
            "counts": top.to_numpy(dtype=float), "text": text}


def _text_summary(present: pd.Series, head: str) -> dict:
    """Tokens per text as a histogram, with the sequence length the model reads marked."""
    sampled = len(present) > TEXT_SAMPLE
    texts = present.sample(TEXT_SAMPLE, random_state=0) if sampled else present
    counts = token_counts(texts)
    length = sequence_length(counts)
    heights, edges = np.histogram(counts, bins=_bins(counts.astype(float), len(np.unique(counts))))
    lines = [head, translate("ColumnSummary", "tokens per text: median {median} · 95th percentile {p95} · longest "
                             "{longest}").format(median=_fmt(round(np.median(counts))), p95=_fmt(round(np.percentile(counts, 95))),
                                                 longest=_fmt(counts.max())),
             translate("ColumnSummary", "{share} % are longer than {length} tokens (the dashed line); the model "
                       "reads their start only").format(share=f"{100.0 * np.mean(counts > length):.1f}",
                                                        length=length)]
    if sampled:
        lines[1] += translate("ColumnSummary", " (from {count} sampled texts)").format(count=f"{TEXT_SAMPLE:,}")
    return {"mode": "histogram", "edges": edges, "heights": heights, "text": "\n".join(lines), "marker": length}


def _image_summary(present: pd.Series, head: str, base_dir, image_size) -> dict:
    """A tile of sampled images at the size the model will see them."""
    try:
        probe, mosaic = preview_images(present.tolist(), base_dir, size=image_size)
    except DataError as exc:
        return {"mode": "empty", "text": head + "\n" + str(exc)}
    height, width = image_size or probe.size
    shape = f"{probe.channels}×{height}×{width}"
    return {"mode": "images", "mosaic": mosaic,
            "text": head + "\n" + translate("ColumnSummary", "images as the model sees them: {shape}").format(
                shape=shape)}


class DistributionView(QWidget):
    """The selected column's distribution: a pyqtgraph histogram (numbers, dates) or horizontal
    bars of the most frequent levels (categories), with a one- or two-line summary beneath."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel(self.tr("Select a column to see its distribution."))
        self.title.setObjectName("distributionTitle")
        self.plot = pg.PlotWidget(background=None)
        self.plot.setMinimumHeight(72)  # the Data page must fit a 1024×600 window, with the target prompt shown
        # It takes the height there is, and asks for none: the page's scrolling right column is as tall as its
        # contents prefer (their height for its width), and pyqtgraph prefers 480 px, which made it scroll.
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.15)
        text_colour = QGuiApplication.palette().color(QPalette.ColorRole.Text)
        for axis in ("left", "bottom"):
            item.getAxis(axis).setTextPen(text_colour)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setObjectName("distributionSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        self.mode = "empty"
        self._bars: pg.BarGraphItem | None = None
        self._marker: pg.InfiniteLine | None = None
        self._image: pg.ImageItem | None = None
        self._cache: dict[tuple, dict] = {}
        self._show_axes(False)

    def clear(self, message: str | None = None) -> None:
        """Show nothing but message (by default: select a column)."""
        message = self.tr("Select a column to see its distribution.") if message is None else message
        self._remove_bars()
        self._show_axes(False)
        self.mode = "empty"
        self.title.setText(message)
        self.summary.setText("")

    def forget(self) -> None:
        """Drop cached summaries (the data changed)."""
        self._cache.clear()

    def show_column(self, series: pd.Series, info: ColumnInfo, base_dir=None, image_size=None) -> None:
        """Draw series (the column's values) as described by info (its kind); base_dir: the table's folder;
        image_size: what images are resized to (None: the files' size)."""
        key = (info.name, info.kind, image_size if info.kind == "image" else None)
        summary = self._cache.get(key)
        if summary is None:
            summary = self._cache[key] = column_summary(series, info, base_dir, image_size)
        self._remove_bars()
        self.mode = summary["mode"]
        self.title.setText(f"<b>{info.name}</b> · {kind_label(info.kind)} · {role_label(info.role)}")
        self.summary.setText(summary["text"])
        item = self.plot.getPlotItem()
        brush = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
        left, bottom = item.getAxis("left"), item.getAxis("bottom")
        self._show_axes(self.mode not in ("empty", "images"))
        item.invertY(self.mode == "images")  # images draw top row first
        item.setAspectLocked(self.mode == "images")
        if self.mode in ("histogram", "dates"):
            edges, heights = summary["edges"], summary["heights"]
            self._bars = pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], y0=0, y1=heights,
                                         brush=brush, pen=pg.mkPen(brush.darker(130)))
            left.setTicks(None)
            bottom.setTicks(self._date_ticks(edges) if self.mode == "dates" else None)
            item.addItem(self._bars)
            item.setXRange(float(edges[0]), float(edges[-1]), padding=0.02)
            item.setYRange(0, float(max(heights.max(), 1)), padding=0.05)
            if "marker" in summary:
                self._marker = pg.InfiniteLine(pos=summary["marker"], angle=90,
                                               pen=pg.mkPen(left.textPen().color(), style=Qt.PenStyle.DashLine))
                item.addItem(self._marker)
        elif self.mode == "images":
            mosaic = summary["mosaic"]
            self._image = pg.ImageItem(mosaic[..., 0] if mosaic.shape[2] == 1 else mosaic, axisOrder="row-major",
                                       levels=(0, 255))
            item.addItem(self._image)
            item.setXRange(0, mosaic.shape[1], padding=0.02)
            item.setYRange(0, mosaic.shape[0], padding=0.02)
        elif self.mode == "bars":
            counts = summary["counts"]
            ys = np.arange(len(counts))[::-1].astype(float)  # most frequent on top
            self._bars = pg.BarGraphItem(x0=0, width=counts, y=ys, height=0.7, brush=brush,
                                         pen=pg.mkPen(brush.darker(130)))
            left.setTicks([[(float(y), _short(label)) for y, label in zip(ys, summary["labels"])]])
            bottom.setTicks(None)
            item.addItem(self._bars)
            item.setYRange(-0.6, len(counts) - 0.4, padding=0)
            item.setXRange(0, float(counts.max()), padding=0.05)

    def _show_axes(self, visible: bool) -> None:
        item = self.plot.getPlotItem()
        for axis in ("left", "bottom"):
            item.showAxis(axis, visible)
        item.showGrid(x=False, y=visible, alpha=0.15)

    def _remove_bars(self) -> None:
        if self._bars is not None:
            self.plot.getPlotItem().removeItem(self._bars)
            self._bars = None
        if self._image is not None:
            self.plot.getPlotItem().removeItem(self._image)
            self._image = None
        if self._marker is not None:
            self.plot.getPlotItem().removeItem(self._marker)
            self._marker = None

    @staticmethod
    def _date_ticks(edges: np.ndarray) -> list:
        picks = np.linspace(edges[0], edges[-1], 4)
        span_days = (edges[-1] - edges[0]) / 86400
        fmt = "%Y-%m-%d" if span_days > 2 else "%H:%M"
        labels = [pd.Timestamp(int(s), unit="s").strftime(fmt) for s in picks]
        return [list(zip(picks.tolist(), labels))]
