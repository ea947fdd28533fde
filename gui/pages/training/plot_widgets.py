"""The plot widgets under the live curves: an axis that re-draws only when it must, a timed PlotWidget, and a
legend placed under a plot rather than over its data."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem


class SteadyAxis(pg.AxisItem):
    """An axis that redraws its text and grid only when its range or its view's size really changed.

    pyqtgraph's AxisItem throws its rendered picture away on every range signal of its view, even
    when the range is the same (e.g. the x axis during a live run, or the other plot's linked
    axis): rendering tick text is the costly part of a live redraw.
    """

    _drawn_for = None

    def linkedViewChanged(self, view, newRange=None):  # noqa: N802, N803 - pyqtgraph's names
        vertical = self.orientation in ("left", "right")
        if newRange is None:
            newRange = view.viewRange()[1 if vertical else 0]
        state = (tuple(newRange), view.width(), view.height(), view.yInverted() if vertical else view.xInverted())
        if state == self._drawn_for:
            return
        self._drawn_for = state
        super().linkedViewChanged(view, newRange)


class TimedPlotWidget(pg.PlotWidget):
    """A PlotWidget that keeps the time its paints took, so the redraw rate can adapt to the machine."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, axisItems={"left": SteadyAxis("left"), "bottom": SteadyAxis("bottom")}, **kwargs)
        self.paint_seconds = 0.0

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        start = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds += time.perf_counter() - start


def add_legend_below(plot: pg.PlotWidget, text: QColor, columns: int) -> pg.LegendItem:
    """A legend as rows under the plot's x axis, outside the data area, so it never covers the curves.

    It becomes the PlotItem's legend: curves plotted with a name join it.
    """
    item = plot.getPlotItem()
    legend = pg.LegendItem(colCount=columns, labelTextColor=text, verSpacing=-6, horSpacing=18)
    legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # redrawn as a pixmap
    item.layout.addItem(legend, 4, 1)  # rows 0-3: title, top axis, view box, bottom axis
    item.layout.setAlignment(legend, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    item.legend = legend
    return legend


def fit_legend_columns(legend: pg.LegendItem, room: float, most: int) -> None:
    """As many entries a row (up to `most`) as `room` pixels hold; more rows otherwise."""
    for columns in range(most, 0, -1):
        legend.setColumnCount(columns)
        legend.layout.invalidate()
        if legend.layout.preferredWidth() <= room:
            break


def blend(color: QColor, background: QColor, amount: float) -> QColor:
    """`color` painted at `amount` opacity over `background`, as an opaque colour."""
    mix = [round(amount * a + (1 - amount) * b) for a, b in zip(color.getRgb()[:3], background.getRgb()[:3])]
    return QColor(*mix)


def faded(color, alpha: int) -> QColor:
    color = QColor(color)
    color.setAlpha(alpha)
    return color


def set_min_y_span(plot: pg.PlotWidget, span: float) -> None:
    """Keep `plot` from zooming its y axis in below `span` (0: no limit); the limit is only reset when it changes."""
    view = plot.getPlotItem().vb
    if view.state["limits"]["yRange"][0] != (span or None):
        view.setLimits(minYRange=span or None)
