"""The Evaluate page's plots (pyqtgraph): ROC curve, predicted-vs-actual and residuals.

Colours come from the widget palette, so light and dark themes are both readable.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from gui.infra.theme import plot_colours, style_plot
from gui.pages.evaluate.confusion import CORRECT

MAX_SCATTER_POINTS = 5000  # beyond this a scatter is a blur; a seeded sample keeps it honest and fast
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls
TITLE_SIZE = "11pt"


class _PaletteAwarePlot(pg.PlotWidget):
    """A PlotWidget whose background, axes and text follow the Qt palette (light or dark).

    Subclasses empty themselves with reset(), never clear(): PlotWidget.__init__ copies the PlotItem's clear()
    onto each instance, so an override named clear() is shadowed and the call would remove every item for good.
    """

    def __init__(self, title: str, x_label: str, y_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._title, self._labels = title, (x_label, y_label)
        self.setMinimumSize(280, 200)  # the ROC title ("AUC 88.6 % (50 % = chance)") is cut below this
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setMenuEnabled(False)
        self.refresh_palette()

    def foreground(self) -> QColor:
        return plot_colours(self.palette()).foreground

    def set_title(self, title: str) -> None:
        self._title = title
        self.getPlotItem().setTitle(title, color=self.foreground().name(), size=TITLE_SIZE)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # light <-> dark (Preferences or the system); pyqtgraph's own __init__ changes the palette before ours ran
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_labels"):
            self.refresh_palette()
        super().changeEvent(event)

    def refresh_palette(self) -> None:
        item = self.getPlotItem()
        item.setLabel("bottom", self._labels[0])
        item.setLabel("left", self._labels[1])
        style_plot(self, self.palette())
        self.set_title(self._title)


class RocPlot(_PaletteAwarePlot):
    """ROC curve of a binary classifier with the chance diagonal; AUC in the title."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("EvaluatePlots", "ROC curve"), translate("EvaluatePlots", "False positive rate"),
                         translate("EvaluatePlots", "True positive rate"), parent)
        self.setXRange(-0.02, 1.04, padding=0)
        self.setYRange(-0.02, 1.04, padding=0)
        self.setAspectLocked(False)
        self.chance = self.plot([0, 1], [0, 1], pen=pg.mkPen((150, 150, 150), width=1, style=Qt.PenStyle.DashLine))
        self.curve = self.plot([], [], pen=pg.mkPen(CORRECT, width=2.5))

    def set_curve(self, fpr, tpr, auc: float | None) -> None:
        self.curve.setData(np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float))
        from engine.runs.metrics import format_metric

        self.set_title(translate("EvaluatePlots", "AUC {auc} (50 % = chance)").format(auc=format_metric('roc_auc', auc))
                       if auc is not None else "")

    def reset(self) -> None:
        """No curve (another project is shown); the chance diagonal stays."""
        self.set_curve([], [], None)


def _sample(n: int) -> np.ndarray:
    if n <= MAX_SCATTER_POINTS:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, MAX_SCATTER_POINTS, replace=False))


class PredictedVsActualPlot(_PaletteAwarePlot):
    """Each test row as a point (actual, predicted); on the diagonal = perfect."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("EvaluatePlots", "Predicted vs actual"), translate("EvaluatePlots", "Actual"),
                         translate("EvaluatePlots", "Predicted"), parent)
        self.diagonal = self.plot([], [], pen=pg.mkPen((150, 150, 150), width=1, style=Qt.PenStyle.DashLine))
        self.points = pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(46, 125, 220, 150))
        self.addItem(self.points)

    def set_values(self, actual, predicted) -> None:
        actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
        keep = _sample(len(actual))
        self.points.setData(actual[keep], predicted[keep])
        if len(actual):
            low = float(min(actual.min(), predicted.min()))
            high = float(max(actual.max(), predicted.max()))
            self.diagonal.setData([low, high], [low, high])
        else:
            self.diagonal.setData([], [])

    def reset(self) -> None:
        """No points (another project is shown)."""
        self.set_values([], [])


class ResidualsPlot(_PaletteAwarePlot):
    """Residual (actual − predicted) against the prediction; a good model scatters evenly around 0."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("EvaluatePlots", "Residuals (test rows)"), translate("EvaluatePlots", "Predicted"),
                         translate("EvaluatePlots", "Actual − predicted"), parent)
        self.zero = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen((150, 150, 150), style=Qt.PenStyle.DashLine))
        self.addItem(self.zero)
        self.points = pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(220, 90, 60, 150))
        self.addItem(self.points)

    def set_values(self, actual, predicted) -> None:
        actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
        keep = _sample(len(actual))
        self.points.setData(predicted[keep], (actual - predicted)[keep])

    def reset(self) -> None:
        """No points (another project is shown)."""
        self.set_values([], [])
