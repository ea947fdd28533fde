"""The decision-threshold tab's plots (pyqtgraph): the precision-recall curve and the calibration curve,
and the marker that shows the current threshold on a curve. The numbers come from engine.runs.decision."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from gui.pages.evaluate.confusion import CORRECT, WRONG
from gui.pages.evaluate.plots import _PaletteAwarePlot

GREY = (150, 150, 150)
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


def threshold_marker(plot: pg.PlotWidget) -> pg.ScatterPlotItem:
    """A ring on `plot` where the current threshold sits on its curve (moved with setData)."""
    marker = pg.ScatterPlotItem(size=13, pen=pg.mkPen(WRONG, width=2.5), brush=pg.mkBrush(None))
    marker.setZValue(10)
    plot.addItem(marker)
    return marker


class PrecisionRecallPlot(_PaletteAwarePlot):
    """Precision against recall over every threshold; the dashed line is the share of positive rows
    (what guessing achieves); the average precision in the title."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("DecisionPlots", "Precision-recall"), translate("DecisionPlots", "Recall"),
                         translate("DecisionPlots", "Precision"), parent)
        self.setXRange(-0.02, 1.04, padding=0)
        self.setYRange(-0.02, 1.04, padding=0)
        self.chance = self.plot([], [], pen=pg.mkPen(GREY, width=1, style=Qt.PenStyle.DashLine))
        self.curve = self.plot([], [], pen=pg.mkPen(CORRECT, width=2.5))
        self.marker = threshold_marker(self)

    def set_curve(self, curve: dict, positive_share: float | None) -> None:
        from engine.runs.metrics import format_metric

        self.curve.setData(np.asarray(curve.get("recall", []), dtype=float),
                           np.asarray(curve.get("precision", []), dtype=float))
        share = [] if positive_share is None else [positive_share, positive_share]
        self.chance.setData([0, 1] if share else [], share)
        average = curve.get("average_precision")
        self.set_title(translate("DecisionPlots", "Average precision {value}").format(
            value=format_metric('precision', average)) if average is not None else "")

    def mark(self, recall: float, precision: float) -> None:
        self.marker.setData([recall], [precision])

    def reset(self) -> None:
        """No curve (another project is shown)."""
        self.set_curve({}, None)
        self.marker.setData([], [])


class CalibrationPlot(_PaletteAwarePlot):
    """Reliability diagram: per bin of predicted probability, the share of rows that were positive.
    On the diagonal = the probabilities can be taken at their word; the Brier score in the title."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(translate("DecisionPlots", "Calibration"), translate("DecisionPlots", "Mean predicted probability"),
                         translate("DecisionPlots", "Share positive"), parent)
        self.setXRange(-0.02, 1.04, padding=0)
        self.setYRange(-0.02, 1.04, padding=0)
        self.diagonal = self.plot([0, 1], [0, 1], pen=pg.mkPen(GREY, width=1, style=Qt.PenStyle.DashLine))
        self.curve = self.plot([], [], pen=pg.mkPen(CORRECT, width=2.5), symbol="o", symbolSize=7,
                               symbolBrush=pg.mkBrush(CORRECT), symbolPen=None)

    def set_curve(self, calibration: dict) -> None:
        self.curve.setData(np.asarray(calibration.get("mean_predicted", []), dtype=float),
                           np.asarray(calibration.get("observed", []), dtype=float))
        brier = calibration.get("brier")
        self.set_title(translate("DecisionPlots", "Brier score {brier} (0 = perfect, {bins} bins)").format(
            brier=f"{brier:.4f}", bins=calibration.get('bins', 10)) if brier is not None else "")

    def reset(self) -> None:
        """No curve (another project is shown)."""
        self.set_curve({})
