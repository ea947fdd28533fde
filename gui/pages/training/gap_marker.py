"""The mark on the loss plot where overfitting starts: a line at the epoch of the lowest validation loss and a
shaded band from there to the last epoch, where validation loss rises while training loss falls."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication

from gui.infra.theme import is_dark

GAP_COLORS = ("#c2185b", "#f06292")  # (light, dark): apart from the curves' blues, orange and green


class GapMarker:
    """Draws on `plot` (a pyqtgraph PlotWidget); hidden until show_gap() gets an epoch."""

    def __init__(self, plot: pg.PlotWidget):
        label = QCoreApplication.translate("GapMarker", "gap opens · epoch {value:.0f}")  # pyqtgraph fills in value
        self.line = pg.InfiniteLine(angle=90, movable=False, label=label,
                                    labelOpts={"position": 0.92, "anchors": [(0, 0.5), (0, 0.5)]})
        self.band = pg.LinearRegionItem(movable=False, pen=pg.mkPen(None))
        self._colour(GAP_COLORS[0])
        for item in (self.band, self.line):
            item.setVisible(False)
            item.setZValue(-5)  # under the curves
            plot.addItem(item, ignoreBounds=True)
        self.start: int | None = None

    def show_gap(self, start: int | None, end: int | None = None) -> None:
        """Mark the gap from epoch `start` to `end` (the last epoch); None hides the mark."""
        self.start = start
        shown = start is not None
        self.line.setVisible(shown)
        self.band.setVisible(shown and end is not None and end > start)
        if shown:
            self._colour(GAP_COLORS[is_dark(QGuiApplication.palette())])
            self.line.setValue(start)
            if end is not None and end > start:
                self.band.setRegion((start, end))

    def _colour(self, colour: str) -> None:
        """Line, label and band in `colour` (the theme's: set again each time the mark is shown)."""
        self.line.setPen(pg.mkPen(colour, width=2, style=Qt.PenStyle.DashDotLine))
        self.line.label.setColor(colour)
        band = QColor(colour)
        band.setAlpha(28)
        self.band.setBrush(pg.mkBrush(band))
