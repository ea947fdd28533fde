"""The Experiments page's plots: the best-so-far curve, parallel coordinates over the swept parameters and
Optuna's parameter importances. Each is one persistent pyqtgraph item set updated with setData."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter

BEST = QColor(31, 119, 180)
TRIAL = QColor(150, 150, 150)
MAX_LABEL = 18
TITLE_SIZE = "10pt"  # the plots' titles
VALUE_AXIS = "value"  # the parallel coordinates' last axis: the validation loss (not a parameter path)
SHADES = 8  # darknesses of the parallel coordinates' lines, from the worst trial's to the best's


class BestSoFarPlot(pg.PlotWidget):
    """Every finished trial's validation loss (dots) and the lowest one so far (a step line)."""

    def __init__(self, parent=None):
        super().__init__(parent, background=None)
        self.setTitle(self.tr("Best validation loss so far"), size=TITLE_SIZE)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setMinimumHeight(110)
        self.setLabel("bottom", self.tr("trial"))
        self.setLabel("left", self.tr("val loss"))
        self.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self._dots = self.plot([], [], pen=None, symbol="o", symbolSize=6, symbolBrush=TRIAL, symbolPen=None)
        self._best = self.plot([], [], pen=pg.mkPen(BEST, width=2), stepMode=None)

    def show_rows(self, rows: list, curve: list[tuple[int, float]]) -> None:
        done = [r for r in rows if r.value is not None and math.isfinite(r.value) and r.state != "running"]
        self._dots.setData([r.number for r in done], [r.value for r in done])
        self._best.setData([n for n, _ in curve], [v for _, v in curve])


class ParallelCoordinatesPlot(pg.PlotWidget):
    """One line per complete trial across the swept parameters and the validation loss, each axis scaled to
    0..1 (log axes in log scale, choices by their order); the better the trial, the darker its line.

    The lines are drawn by SHADES items, one per darkness (each a path broken at NaNs), updated in place: an item
    per trial, made anew at each read of the sweep, cost the window 1-2 ms a trial, every second."""

    def __init__(self, parent=None):
        super().__init__(parent, background=None)
        self.setTitle(self.tr("Parallel coordinates (darker = lower val loss)"), size=TITLE_SIZE)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setMinimumHeight(110)
        self.getPlotItem().hideAxis("left")
        self.setMouseEnabled(x=False, y=False)
        self._shades = [self.plot([], [], pen=pg.mkPen(_shade(k), width=2), connect="finite")
                        for k in range(SHADES)]  # the darkest, best lines last: on top

    def show_rows(self, rows: list, space) -> None:
        done = [r for r in rows if r.state == "complete" and r.value is not None]
        params = [p for p in space.params if any(p.path in r.params for r in done)] if space else []
        axes = [(p.path, p) for p in params] + [(VALUE_AXIS, None)]
        names = [_short(name) for name, _ in axes[:-1]] + [self.tr("val loss")]
        self.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        columns = [[_param_value(r, name, p) for r in done] for name, p in axes]
        scaled = [_scale(values, log=bool(p and p.log)) for values, (_, p) in zip(columns, axes)] if done else []
        order = sorted(range(len(done)), key=lambda i: -done[i].value)  # worst first
        by_shade: list[list[int]] = [[] for _ in range(SHADES)]
        for rank, i in enumerate(order):
            by_shade[round(rank / max(1, len(done) - 1) * (SHADES - 1))].append(i)
        for line, members in zip(self._shades, by_shade):
            xs = [x for _ in members for x in (*range(len(axes)), math.nan)]
            ys = [y for i in members for y in (*(column[i] for column in scaled), math.nan)]
            line.setData(xs, ys)
        self.setXRange(-0.5, len(axes) - 0.5, padding=0)  # room for the first and last axis names
        self.setYRange(-0.05, 1.05, padding=0)


class ParamImportancePlot(pg.PlotWidget):
    """Optuna's parameter importances as horizontal bars (or why there are none yet)."""

    def __init__(self, parent=None):
        super().__init__(parent, background=None)
        self.setTitle(self.tr("Parameter importance"), size=TITLE_SIZE)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setMinimumHeight(110)
        self.setMouseEnabled(x=False, y=False)
        self._bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=BEST)
        self.addItem(self._bars)
        self._note = pg.TextItem("", color=TRIAL, anchor=(0.5, 0.5))
        self.addItem(self._note)

    def show_importances(self, importances: dict[str, float], note: str) -> None:
        names = list(importances)[::-1]  # most important on top
        self._bars.setOpts(x0=[0] * len(names), y=list(range(len(names))), width=[importances[n] for n in names])
        self.getPlotItem().getAxis("left").setTicks([[(i, _short(n)) for i, n in enumerate(names)]])
        self._note.setText("" if names else note)
        if names:
            self.setXRange(0, 1, padding=0.02)
            self.setYRange(-0.6, len(names) - 0.4, padding=0)
        else:
            self.setXRange(0, 1, padding=0)
            self.setYRange(0, 1, padding=0)
            self._note.setPos(0.5, 0.5)


class SweepPlots(QSplitter):
    """The three plots side by side, drawn from one snapshot of the sweep (engine.sweeps.results.snapshot)."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.best_plot = BestSoFarPlot(self)
        self.parallel_plot = ParallelCoordinatesPlot(self)
        self.importance_plot = ParamImportancePlot(self)
        for plot in (self.best_plot, self.parallel_plot, self.importance_plot):
            self.addWidget(plot)

    def show_snapshot(self, result: dict, space) -> None:
        self.best_plot.show_rows(result["rows"], result["curve"])
        self.parallel_plot.show_rows(result["rows"], space)
        self.importance_plot.show_importances(result["importances"], result["importances_note"])


def _shade(index: int) -> QColor:
    """The color of the parallel coordinates' lines of darkness `index` (0: the palest, the worst trials)."""
    color = QColor(BEST)
    color.setAlpha(int(60 + 195 * index / (SHADES - 1)))
    return color


def _param_value(row, name: str, param):
    if param is None:
        return row.value
    value = row.params.get(name)
    if param.is_choice:
        return param.choices.index(value) if value in param.choices else 0
    return value


def _scale(values: list, log: bool) -> list[float]:
    """Values to 0..1 (0.5 for a column of one value)."""
    numbers = [math.log10(v) if log and v and v > 0 else float(v or 0) for v in values]
    low, high = min(numbers), max(numbers)
    if high - low < 1e-12:
        return [0.5] * len(numbers)
    return [(v - low) / (high - low) for v in numbers]


def _short(path: str) -> str:
    """"dense_1.units" for "layers.dense_1.units", cut to fit under an axis."""
    text = path[len("layers."):] if path.startswith("layers.") else path
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"

