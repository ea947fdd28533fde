"""The explanation plots (pyqtgraph): column importance with error bars, one prediction's signed
contributions, and partial dependence. Colours follow the widget palette (light and dark)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QWidget

RAISES = QColor(214, 96, 77)  # a contribution towards the explained output
LOWERS = QColor(67, 147, 195)  # a contribution away from it
BARS = QColor(46, 125, 220)
CURVES = [QColor(46, 125, 220), QColor(214, 96, 77), QColor(60, 160, 90), QColor(150, 100, 200),
          QColor(200, 150, 40), QColor(90, 90, 90)]
MAX_BARS = 12  # more columns than this: the rest are summed into one bar ("N other columns")
LABEL_CHARACTERS = 28
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


def curve_colour(k: int) -> QColor:
    """The colour of output k's partial-dependence curve."""
    return CURVES[k % len(CURVES)]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[:LABEL_CHARACTERS - 1] + "…"


class ExplainPlot(pg.PlotWidget):
    """A PlotWidget whose background, axes and title follow the Qt palette; `reset()` empties it."""

    def __init__(self, x_label: str, y_label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._labels = (x_label, y_label)
        self.setMinimumSize(200, 110)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        for name in ("bottom", "left"):
            self.getPlotItem().getAxis(name).enableAutoSIPrefix(False)  # "(x0.001)" tells people nothing
        self.refresh_palette()

    def set_labels(self, x_label: str, y_label: str = "") -> None:
        self._labels = (x_label, y_label)
        self.refresh_palette()

    def refresh_palette(self) -> None:
        foreground = self.palette().color(QPalette.ColorRole.Text)
        self.setBackground(self.palette().color(QPalette.ColorRole.Base))
        item = self.getPlotItem()
        for name, label in (("bottom", self._labels[0]), ("left", self._labels[1])):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
            axis.setLabel(label, color=foreground.name())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_labels"):
            self.refresh_palette()
        super().changeEvent(event)


class _BarPlot(ExplainPlot):
    """Horizontal bars, one per label, the first label at the top."""

    def __init__(self, x_label: str, parent: QWidget | None = None):
        super().__init__(x_label, "", parent)
        self.showGrid(x=True, y=False, alpha=0.25)
        self.zero = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen((150, 150, 150)))
        self.addItem(self.zero)
        self.bars: pg.BarGraphItem | None = None
        self.labels: list[str] = []

    def _draw_bars(self, labels: list[str], widths: np.ndarray, colours: list[QColor]) -> np.ndarray:
        if self.bars is not None:
            self.removeItem(self.bars)
            self.bars = None
        self.labels = list(labels)
        y = np.arange(len(labels))[::-1].astype(float)  # the first label on top
        if len(labels):
            self.bars = pg.BarGraphItem(x0=np.zeros(len(labels)), y=y, height=0.6, width=widths,
                                        brushes=[pg.mkBrush(c) for c in colours], pens=[pg.mkPen(c) for c in colours])
            self.addItem(self.bars)
        self.getPlotItem().getAxis("left").setTicks([[(float(v), _short(t)) for v, t in zip(y, labels)]])
        self.setYRange(-0.6, max(len(labels) - 0.4, 0.6), padding=0)
        self._fit_label_font()
        return y

    def _fit_label_font(self) -> None:
        """Labels small enough not to overlap when the plot is short (a 1024×600 window), never under 7 pt."""
        font = QFont(self.font())
        rows = max(len(self.labels), 1)
        room = 0.75 * self.height() / rows  # pixels per bar, less the axis and margins
        points = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        pixels_per_point = QFontMetricsF(font).height() / points
        font.setPointSizeF(max(7.0, min(points, room / pixels_per_point)))
        self.getPlotItem().getAxis("left").setStyle(tickFont=font)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "labels"):
            self._fit_label_font()


class ImportancePlot(_BarPlot):
    """Each column's permutation importance (mean drop of the score) with ± 1 standard deviation whiskers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("ExplainPlots", "drop in accuracy (points)"), parent)
        self.errors = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.25)
        self.addItem(self.errors)

    def set_importance(self, columns: list[str], means, stds, x_label: str) -> None:
        """Bars for `columns` (most important first) of length `means`, whiskers of ± `stds`."""
        means, stds = np.asarray(means, dtype=float), np.asarray(stds, dtype=float)
        self.set_labels(x_label)
        y = self._draw_bars(columns, means, [BARS] * len(columns))
        self.errors.setData(x=means, y=y, left=stds, right=stds, beam=0.25,
                            pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=1.5))
        if len(means):
            low, high = float(min(0.0, (means - stds).min())), float(max(0.0, (means + stds).max()))
            pad = 0.05 * (high - low or 1.0)
            self.setXRange(low - pad, high + pad, padding=0)

    def reset(self) -> None:
        self.set_importance([], [], [], self._labels[0])


class ContributionPlot(_BarPlot):
    """One prediction's contribution per column: bars to the right raise the explained output, to the left
    lower it; the largest first, the smallest summed into one bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("ExplainPlots", "contribution (points)"), parent)

    def set_contributions(self, contributions: dict[str, float], labels: dict[str, str], x_label: str) -> None:
        """`contributions` largest magnitude first; `labels` what each column's bar says ("contract = One year")."""
        items = list(contributions.items())
        if len(items) > MAX_BARS:
            rest = items[MAX_BARS - 1:]
            other = translate("ExplainPlots", "{count} other columns").format(count=len(rest))
            items = items[:MAX_BARS - 1] + [(other, sum(v for _, v in rest))]
        names = [labels.get(name, name) for name, _ in items]
        values = np.array([v for _, v in items], dtype=float)
        self.set_labels(x_label)
        self._draw_bars(names, values, [RAISES if v >= 0 else LOWERS for v in values])
        if len(values):
            reach = float(np.abs(values).max()) or 1.0
            self.setXRange(-1.08 * reach, 1.08 * reach, padding=0)

    def reset(self) -> None:
        self.set_contributions({}, {}, self._labels[0])


class DependencePlot(ExplainPlot):
    """Partial dependence: the average output (one curve per output) as one column varies."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", "", parent)
        self.showGrid(x=True, y=True, alpha=0.25)
        self.curves: list[pg.PlotDataItem] = []  # one per output, coloured CURVES[k] (a legend would hide them)

    def set_curves(self, grid, average, output_names: list[str], column: str, y_label: str) -> None:
        self._remove_curves()
        average = np.asarray(average, dtype=float).reshape(len(grid), len(output_names))
        for k in range(len(output_names)):
            colour = curve_colour(k)
            self.curves.append(self.plot(np.asarray(grid, dtype=float), average[:, k], pen=pg.mkPen(colour, width=2.5),
                                         symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None))
        self.set_labels(column, y_label)
        self.enableAutoRange()

    def _remove_curves(self) -> None:
        for curve in self.curves:
            self.removeItem(curve)
        self.curves = []

    def reset(self) -> None:
        self._remove_curves()
        self.set_labels("", "")
