"""Live loss and metric curves (pyqtgraph): one persistent curve per series, redrawn from a timer.

Data arrives as plain numbers and is appended to growable numpy buffers (O(1) per point); the
plots are touched only from a coalescing timer at most ~10 times a second, with downsampling and
clip-to-view, so the cost of a redraw does not grow with the length of the run.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from engine.runs.metrics import PRIMARY_METRIC, format_metric
from gui.infra.theme import style_plot
from gui.pages.training.gap_marker import GapMarker
from gui.pages.training.plot_widgets import (TimedPlotWidget, add_legend_below, blend, faded, fit_legend_columns,
                                             set_min_y_span)
from gui.pages.training.ranges import follow_loss_range, follow_metric_range, minimum_span
from gui.pages.training.runs_list import metric_word
from gui.pages.training.series import Ema, Envelope, Series

REFRESH_MS = 100  # the fastest redraw rate (~10 a second)
MAX_REFRESH_MS = 1000
UI_BUDGET = 0.12  # at most this share of the UI thread's time goes to redrawing curves (slow machines redraw less often)
TRAIN_COLOR, VAL_COLOR, BATCH_COLOR, METRIC_COLOR, BEST_COLOR = "#1f77b4", "#ff7f0e", "#7f9cc9", "#2ca02c", "#2e8b57"
OVERLAY_COLORS = ("#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#2ca02c")
METRIC_TITLES = {"accuracy": QT_TRANSLATE_NOOP("CurvesView", "Validation accuracy"),
                 "rmse": QT_TRANSLATE_NOOP("CurvesView", "Validation RMSE")}  # English; translated where shown
SYMBOLS_UP_TO = 150
TITLE_SIZE = "10pt"  # the plots' titles
LEGEND_COLUMNS = 5
AXIS_WIDTH = 52  # pixels for the y axis' tick labels  # epoch markers are drawn while a run has at most this many epochs


class CurvesView(QWidget):
    """Loss plot (batch loss raw + EMA-smoothed, train and validation loss per epoch) above a metric plot.

    Controls: smoothing slider (TensorBoard-style debiased EMA), log-scale toggle, hover read-out,
    best-epoch marker, overlays of other runs. Signal refreshed(): the plots were redrawn (benchmarks).
    """

    refreshed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps_per_epoch = 1
        self.batch = Series()
        self.smooth = Series()
        self.train = Series(128)
        self.val = Series(128)
        self.metric_series = Series(128)
        self._batch_envelope = Envelope(self.batch)
        self._smooth_envelope = Envelope(self.smooth)
        self.metric_name = ""
        self.best_epoch: int | None = None
        self._ema = Ema(0.6)
        self._dirty = False
        self._last_refresh = 0.0
        self._interval_ms = REFRESH_MS
        self._refresh_seconds = 0.0
        self._overlay_items: list = []
        self._live = False
        self._y_range: tuple[float, float] | None = None
        self._metric_range: tuple[float, float] | None = None
        self._loss_bounds = (math.inf, -math.inf, math.inf)  # min, max, min positive of the shown losses
        self._metric_title = ""
        self._best_drawn: tuple | None = None
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_refresh_timer)
        self._metric_timer = QTimer(self)
        self._metric_timer.setSingleShot(True)
        self._metric_timer.timeout.connect(self._refresh_metric)

    # -- construction ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        base, text = self.palette().color(QPalette.ColorRole.Base), self.palette().color(QPalette.ColorRole.Text)
        self.loss_plot = self._plot(self.tr("Loss"), base, text)
        self.metric_plot = self._plot(self.tr("Validation metric"), base, text)
        self.loss_plot.setMinimumHeight(150)  # its legend takes two rows: at 1024×600 the curves kept 20 px
        self.metric_plot.setMinimumHeight(100)
        self.metric_plot.setXLink(self.loss_plot)
        add_legend_below(self.loss_plot, text, LEGEND_COLUMNS)
        # opaque pens of width 1: alpha-blended or wide lines cost several times more to rasterise
        self.batch_item = self._curve(self.loss_plot, blend(QColor(BATCH_COLOR), base, 0.3), 1, self.tr("batch loss"))
        self.smooth_item = self._curve(self.loss_plot, BATCH_COLOR, 1, self.tr("batch loss (smoothed)"))
        self.train_item = self._curve(self.loss_plot, TRAIN_COLOR, 2, self.tr("train loss"), symbol=True)
        self.val_item = self._curve(self.loss_plot, VAL_COLOR, 2, self.tr("validation loss"), symbol=True)
        self.metric_item = self._curve(self.metric_plot, METRIC_COLOR, 2, None, symbol=True)
        pen = pg.mkPen(BEST_COLOR, width=1, style=Qt.PenStyle.DashLine)
        self.best_lines = [pg.InfiniteLine(angle=90, movable=False, pen=pen) for _ in range(2)]
        self.best_point = pg.ScatterPlotItem(size=12, symbol="star", brush=pg.mkBrush(BEST_COLOR), pen=None,
                                             name=self.tr("best epoch (lowest val. loss)"))
        cross_pen = pg.mkPen(faded(text, 110), width=1)
        self.crosshairs = [pg.InfiniteLine(angle=90, movable=False, pen=cross_pen) for _ in range(2)]
        for plot, best, cross in zip((self.loss_plot, self.metric_plot), self.best_lines, self.crosshairs):
            for item in (best, cross):
                item.setVisible(False)
                plot.addItem(item, ignoreBounds=True)
        self.loss_plot.addItem(self.best_point)
        self.gap_marker = GapMarker(self.loss_plot)  # where overfitting starts (set by the Fit advice)
        self._proxies = [pg.SignalProxy(p.scene().sigMouseMoved, rateLimit=30, slot=self._on_plot_mouse_moved)
                         for p in (self.loss_plot, self.metric_plot)]

        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(int(self._ema.weight * 100))
        self.smoothing.setFixedWidth(140)
        self.smoothing.setToolTip(self.tr("Exponential moving average of the batch loss, as in TensorBoard (0 = raw)."))
        self.smoothing.valueChanged.connect(self._on_smoothing_changed)
        self.smoothing_value = QLabel(f"{self._ema.weight:.2f}")
        self.log_scale = QCheckBox(self.tr("Log scale"))
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        self.readout = QLabel(" ")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Smoothing")))
        controls.addWidget(self.smoothing)
        controls.addWidget(self.smoothing_value)
        controls.addSpacing(12)
        controls.addWidget(self.log_scale)
        controls.addSpacing(12)
        controls.addWidget(self.readout, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.metric_plot, 2)

    def _plot(self, title: str, base: QColor, text: QColor) -> pg.PlotWidget:
        plot = TimedPlotWidget(background=base)
        plot.setMinimumHeight(120)
        item = plot.getPlotItem()
        item.setTitle(title, color=text.name(), size=TITLE_SIZE)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setLabel("bottom", self.tr("epoch"))
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
            # the axis also draws the grid over the whole plot: cache it, or every curve update replays its text
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # A fixed width: otherwise longer tick labels re-lay the whole plot out mid-run, and the two
        # x-linked plots would place the same epoch at different pixels.
        item.getAxis("left").setWidth(AXIS_WIDTH)
        item.setMenuEnabled(False)
        item.vb.setMouseEnabled(x=True, y=False)
        return plot

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_legend()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark (Preferences or the system)
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        """Re-colour the plots' backgrounds, axes, titles, legend and the lines drawn from the text colour."""
        for plot in (self.loss_plot, self.metric_plot):
            colours = style_plot(plot, self.palette())
        self.batch_item.setPen(pg.mkPen(blend(QColor(BATCH_COLOR), colours.background, 0.3), width=1))
        for cross in self.crosshairs:
            cross.setPen(pg.mkPen(faded(colours.foreground, 110), width=1))

    def _fit_legend(self) -> None:
        """As many legend entries a row as the plot's width holds (up to LEGEND_COLUMNS)."""
        fit_legend_columns(self.loss_plot.getPlotItem().legend, self.loss_plot.width() - AXIS_WIDTH - 8, LEGEND_COLUMNS)

    def _curve(self, plot: pg.PlotWidget, color, width: float, name: str | None, symbol: bool = False):
        kwargs = {"pen": pg.mkPen(color, width=width), "name": name, "antialias": False}
        if symbol:
            kwargs.update(symbol="o", symbolSize=5, symbolBrush=pg.mkBrush(color), symbolPen=None)
        item = plot.plot([], [], **kwargs)
        item.setDownsampling(auto=True, method="peak")
        item.setClipToView(True)
        return item

    # -- data in (UI thread; cheap: buffers only) ------------------------------------------------------------
    def clear(self) -> None:
        """Forget the shown run (overlays stay)."""
        for series in (self.batch, self.smooth, self.train, self.val, self.metric_series):
            series.clear()
        self._ema.reset()
        self._loss_bounds = (math.inf, -math.inf, math.inf)
        self.best_epoch = None
        self.gap_marker.show_gap(None)
        self.readout.setText(" ")
        self._schedule(now=True)

    def reset(self, task: str | None = None) -> None:
        """Another project (New, Open, Open CSV): forget the shown run and the overlays, put both plots back
        on their empty range (0..1, not the previous run's axes) and title the metric plot for `task`'s metric
        (binary/multiclass: accuracy, regression: RMSE; no task: "Validation metric")."""
        self.clear()
        self.set_overlays([])
        self.metric_name = PRIMARY_METRIC.get(task, "") if task else ""
        self._y_range = self._metric_range = None
        self._refresh()  # empty the curves now: auto-range on a visible plot would fit the old points
        for plot in (self.loss_plot, self.metric_plot):
            view = plot.getPlotItem().vb
            view.setLimits(minYRange=None)
            view.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            view.enableAutoRange()  # the next data shown is fitted (an empty plot keeps 0..1)
        self._metric_timer.stop()
        self._refresh_metric()

    def begin_run(self, steps_per_epoch: int, epochs: int | None = None) -> None:
        """A run (new or continued) started: batch steps are placed at global_step / steps_per_epoch.

        With `epochs` the x axis spans the whole run and the y axis only grows in steps, so a live
        redraw repaints curves, not axes (axis text is the costly part of a pyqtgraph repaint).
        """
        self.steps_per_epoch = max(1, int(steps_per_epoch))
        self._live = epochs is not None
        self._interval_ms, self._refresh_seconds = REFRESH_MS, 0.0  # earlier (idle) redraws don't set the pace
        for plot in (self.loss_plot, self.metric_plot):
            plot.paint_seconds = 0.0
        self._y_range = self._metric_range = None
        if self._live:
            for plot in (self.loss_plot, self.metric_plot):
                plot.getPlotItem().vb.disableAutoRange()
            self.loss_plot.setXRange(0, max(1, int(epochs)), padding=0.02)

    def end_run(self) -> None:
        """Back to exploring, with every point. A live run's view stays as it was, so the end of a run
        re-lays no axes out (no jump, no stall); the axes follow the data again at the next change of
        what is shown (another run, overlays, log scale) or with the plot's auto-range button."""
        was_live, self._live = self._live, False
        self._y_range = self._metric_range = None
        if not was_live:
            self._follow_data()
        self._schedule(now=True)

    def _follow_data(self) -> None:
        if not self._live:
            for plot in (self.loss_plot, self.metric_plot):
                plot.getPlotItem().vb.enableAutoRange()

    def show_record(self, record) -> None:
        """Show a finished run from its RunRecord (history and, when recorded, batch losses)."""
        self.clear()
        history = record.history
        batches = record.batch_losses
        steps = record.steps_per_epoch
        if batches and not steps and history:
            steps = max(1, round(batches[-1][0] / max(1, history[-1]["epoch"])))
        self.begin_run(steps or 1)
        self.end_run()
        if batches:
            self.add_batch_losses(batches)
        for epoch in history:
            self.add_epoch(epoch)
        self.set_best_epoch(record.best_epoch)

    def add_batch_losses(self, points: list) -> None:
        data = np.asarray(points, dtype=float).reshape(-1, 2)
        if not len(data):
            return
        first = self.batch.n == 0
        xs = data[:, 0] / self.steps_per_epoch
        self.batch.extend(xs, data[:, 1])
        self._note_losses(data[:, 1])
        self.smooth.extend(xs, self._ema.smooth(data[:, 1]))
        self._schedule(now=first)  # the run's first point is drawn at once

    def add_epoch(self, data: dict) -> None:
        epoch = float(data["epoch"])
        self.train.extend([epoch], [_num(data.get("train_loss"))])
        self.val.extend([epoch], [_num(data.get("val_loss"))])
        self._note_losses([self.train.ys[-1], self.val.ys[-1]])
        metrics = data.get("metrics") or {}
        if metrics:
            self.metric_name = next(iter(metrics))
            self.metric_series.extend([epoch], [_num(metrics[self.metric_name])])
        self._update_best()
        self._schedule()

    def set_best_epoch(self, epoch: int | None) -> None:
        self.best_epoch = int(epoch) if epoch else None
        self._schedule()

    def set_overlays(self, runs: list[tuple[str, list]]) -> None:
        """Overlay other runs' validation loss and metric per epoch: [(label, history), ...]."""
        if not runs and not self._overlay_items:
            return  # nothing shown, nothing to show: keep the view as it is
        self._follow_data()
        legend = self.loss_plot.getPlotItem().legend
        for plot, item in self._overlay_items:
            plot.removeItem(item)
            if legend is not None and plot is self.loss_plot:
                legend.removeItem(item)
        self._overlay_items = []
        for index, (label, history) in enumerate(runs):
            color = OVERLAY_COLORS[index % len(OVERLAY_COLORS)]
            epochs = [float(e["epoch"]) for e in history]
            pen = pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine)
            loss = self.loss_plot.plot(epochs, [_num(e.get("val_loss")) for e in history], pen=pen,
                                       name=self.tr("{run} val loss").format(run=label))
            self._overlay_items.append((self.loss_plot, loss))
            values = [_num(next(iter(e["metrics"].values()))) if e.get("metrics") else math.nan for e in history]
            metric = self.metric_plot.plot(epochs, values, pen=pen)
            self._overlay_items.append((self.metric_plot, metric))
        self._fit_legend()

    # -- drawing (timer) --------------------------------------------------------------------------------------
    def _schedule(self, now: bool = False) -> None:
        self._dirty = True
        if self._timer.isActive() and not (now and self._timer.remainingTime() > 0):
            return
        wait = self._interval_ms - (time.perf_counter() - self._last_refresh) * 1000
        self._timer.start(0 if now or wait <= 0 else int(wait))

    @Slot()
    def _on_refresh_timer(self) -> None:
        self._refresh(split=True)

    def _refresh(self, split: bool = False) -> None:
        """Hand the buffered points to the plots; with `split` the metric plot follows in a later
        turn of the event loop, so the two repaints never block the window back to back."""
        if not self._dirty:
            return
        self._dirty = False
        start = self._last_refresh = time.perf_counter()
        self._adapt_interval()
        if self._live:  # while a run lasts: the envelope (bounded cost); afterwards every point, for zooming
            self.batch_item.setData(*self._batch_envelope.view())
            self.smooth_item.setData(*self._smooth_envelope.view())
        else:
            self.batch_item.setData(self.batch.xs, self.batch.ys)
            self.smooth_item.setData(self.smooth.xs, self.smooth.ys)
        self._set_epoch_data(((self.train_item, self.train), (self.val_item, self.val)))
        self._keep_minimum_spans(("loss",))
        if self._live:
            self._follow_y_range()
        self._refresh_seconds += time.perf_counter() - start
        if split:
            self._metric_timer.start(0)
        else:
            self._refresh_metric()

    @Slot()
    def _refresh_metric(self) -> None:
        start = time.perf_counter()
        self._set_epoch_data(((self.metric_item, self.metric_series),))
        self._keep_minimum_spans(("metric",))
        if self._live:
            self._follow_metric_range()
        title = self.tr(METRIC_TITLES[self.metric_name]) if self.metric_name in METRIC_TITLES else \
            self.tr("Validation {metric}").format(metric=self.metric_name) if self.metric_name else \
            self.tr("Validation metric")
        if title != self._metric_title:
            self._metric_title = title
            self.metric_plot.getPlotItem().setTitle(title)
        self._draw_best()
        self.refreshed.emit()
        self._refresh_seconds += time.perf_counter() - start

    def _set_epoch_data(self, pairs) -> None:
        for item, series in pairs:
            symbol = None if self._live or series.n > SYMBOLS_UP_TO else "o"  # scatter symbols are costly to repaint
            if item.opts["symbol"] != symbol:
                item.setSymbol(symbol)
            elif item.xData is not None and len(item.xData) == series.n and series.n and item.xData[-1] == series.xs[-1]:
                continue  # unchanged: don't make pyqtgraph redo its bounds and repaint
            item.setData(series.xs, series.ys)

    def _adapt_interval(self) -> None:
        """Keep drawing within UI_BUDGET: the last cycle's cost (data + paint) sets the next interval."""
        plots = (self.loss_plot, self.metric_plot)
        cost = self._refresh_seconds + sum(p.paint_seconds for p in plots)
        self._refresh_seconds = 0.0
        for p in plots:
            p.paint_seconds = 0.0
        self._interval_ms = int(min(MAX_REFRESH_MS, max(REFRESH_MS, cost * 1000 / UI_BUDGET)))

    def _draw_best(self) -> None:
        best = self.best_epoch
        hit = np.nonzero(self.val.xs == best)[0][:1] if best is not None else []
        marker = (best, float(self.val.ys[hit[0]]) if len(hit) else None)
        if marker == self._best_drawn:
            return
        self._best_drawn = marker
        for line in self.best_lines:
            line.setVisible(best is not None)
            if best is not None:
                line.setValue(best)
        self.best_point.setData([best] if marker[1] is not None else [], [marker[1]] if marker[1] is not None else [])

    def _follow_y_range(self) -> None:
        """Grow the loss plot's y range with a margin, so it changes a few times a run, not at every redraw."""
        new = follow_loss_range(self._loss_bounds, self.log_scale.isChecked(), self._y_range)
        if new is not None:
            self._y_range = new
            self.loss_plot.setYRange(*new, padding=0)

    def _follow_metric_range(self) -> None:
        """The metric plot's y range, chosen so that it changes a few times a run, not at every epoch
        (re-drawing an axis is the costly part of a repaint)."""
        new = follow_metric_range(self.metric_name, self.metric_series.ys, self._metric_range)
        if new is not None:
            self._metric_range = new
            self.metric_plot.setYRange(*new, padding=0)

    def _keep_minimum_spans(self, plots=("loss", "metric")) -> None:
        """However the axes are fitted (live, auto-range, overlays), noise never fills a plot: each y axis
        spans at least ranges.minimum_span (set only when it changes, a few times a run)."""
        if "loss" in plots:
            lo, hi, _ = self._loss_bounds
            values = [v for v in (lo, hi) if math.isfinite(v)]
            set_min_y_span(self.loss_plot, minimum_span(values, None, self.log_scale.isChecked()))
        if "metric" in plots:
            set_min_y_span(self.metric_plot, minimum_span(self.metric_series.ys, self.metric_name or None))

    def _note_losses(self, values) -> None:
        """Keep the loss bounds up to date in O(new values), for _follow_y_range."""
        values = np.asarray(values, dtype=float)
        values = values[np.isfinite(values)]
        if not len(values):
            return
        lo, hi, lo_positive = self._loss_bounds
        positive = values[values > 0]
        self._loss_bounds = (min(lo, float(values.min())), max(hi, float(values.max())),
                             min(lo_positive, float(positive.min())) if len(positive) else lo_positive)

    def flush(self) -> None:
        """Redraw now (tests and screenshots)."""
        self._timer.stop()
        self._metric_timer.stop()
        self._dirty = True
        self._refresh()

    # -- helpers ----------------------------------------------------------------------------------------------------
    def _update_best(self) -> None:
        ys = self.val.ys
        if len(ys) and np.isfinite(ys).any():
            self.best_epoch = int(self.val.xs[int(np.nanargmin(ys))])

    @Slot(int)
    def _on_smoothing_changed(self, value: int) -> None:
        self._ema = Ema(value / 100.0)
        self.smoothing_value.setText(f"{self._ema.weight:.2f}")
        self.smooth.clear()
        if self.batch.n:
            self.smooth.extend(self.batch.xs.copy(), self._ema.smooth(self.batch.ys.copy()))
        self._schedule(now=True)

    @Slot(bool)
    def _on_log_scale_toggled(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(x=False, y=on)
        self._y_range = None
        self._follow_data()
        self._schedule(now=True)

    def _on_plot_mouse_moved(self, event) -> None:
        pos = event[0]
        for plot in (self.loss_plot, self.metric_plot):
            if plot.sceneBoundingRect().contains(pos) or plot.plotItem.sceneBoundingRect().contains(pos):
                x = plot.getPlotItem().vb.mapSceneToView(pos).x()
                break
        else:
            return
        self.show_readout_at(x)

    def show_readout_at(self, x: float) -> None:
        """Move the crosshair to epoch position `x` and describe the nearest epoch."""
        for cross in self.crosshairs:
            cross.setValue(x)
            cross.setVisible(True)
        if not self.train.n:
            self.readout.setText(self.tr("epoch {position}").format(position=f"{x:.2f}"))
            return
        i = int(np.argmin(np.abs(self.train.xs - x)))
        parts = [self.tr("Epoch {epoch}").format(epoch=int(self.train.xs[i])),
                 self.tr("train {loss}").format(loss=f"{self.train.ys[i]:.4g}"),
                 self.tr("val {loss}").format(loss=f"{self.val.ys[i]:.4g}")]
        if self.metric_series.n > i:
            parts.append(f"{metric_word(self.metric_name)} {format_metric(self.metric_name, self.metric_series.ys[i])}")
        if self.smooth.n:
            j = min(int(np.searchsorted(self.smooth.xs, x)), self.smooth.n - 1)
            parts.append(self.tr("batch (smoothed) {loss}").format(loss=f"{self.smooth.ys[j]:.4g}"))
        if self.best_epoch == int(self.train.xs[i]):
            parts.append(self.tr("best"))
        self.readout.setText(" · ".join(parts))


def _num(value) -> float:
    return math.nan if value is None else float(value)
