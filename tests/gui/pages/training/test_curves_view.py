"""The live loss/metric plots: axes that stay put while a run lasts, and follow the data afterwards.

Re-drawing an axis (tick text and grid over the whole plot) is the costly part of a repaint; these
tests pin down when the app lets that happen: a few times a run, never at every epoch or at the
moment a run ends.
"""


import numpy as np
import pytest

from gui.pages.training.curves import AXIS_WIDTH, CurvesView


@pytest.fixture
def view(qtbot):
    widget = CurvesView()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def y_range(plot):
    return tuple(plot.getPlotItem().vb.viewRange()[1])


def play_run(view, epochs=20, steps=50, metric="accuracy", on_epoch=None):
    """A live run: batch losses falling from ~0.7, validation accuracy rising from 0.80 (or RMSE falling)."""
    view.clear()
    view.begin_run(steps, epochs)
    rng = np.random.default_rng(0)
    for epoch in range(1, epochs + 1):
        step = np.arange((epoch - 1) * steps + 1, epoch * steps + 1, dtype=float)
        view.add_batch_losses(np.column_stack([step, 0.3 + 0.4 * np.exp(-step / 300) + 0.02 * rng.random(steps)]))
        value = 0.80 + 0.005 * epoch if metric == "accuracy" else 2.0 / epoch
        view.add_epoch({"epoch": epoch, "train_loss": 0.3 + 0.1 / epoch, "val_loss": 0.32 + 0.1 / epoch,
                        "metrics": {metric: value}})
        view.flush()
        if on_epoch:
            on_epoch(epoch)


@pytest.mark.parametrize("metric", ["accuracy", "rmse"])
def test_the_axes_change_a_few_times_a_run_not_at_every_epoch(view, metric):
    ranges = {"loss": [], "metric": []}

    def note(_epoch):
        ranges["loss"].append(y_range(view.loss_plot))
        ranges["metric"].append(y_range(view.metric_plot))

    play_run(view, metric=metric, on_epoch=note)
    assert len(set(ranges["loss"])) <= 2  # anchored at 0, grows only with a new highest loss
    assert len(set(ranges["metric"])) <= 3
    low, high = ranges["loss"][-1]
    assert low == 0.0 and high > 0.7  # every batch loss is inside
    values = view.metric_series.ys
    low, high = ranges["metric"][-1]
    assert low <= values.min() and values.max() <= high
    if metric == "accuracy":
        assert high > 1.0 and low < 0.8  # up to a perfect score, from well below the first one


def test_the_end_of_a_run_keeps_the_view_and_the_next_change_fits_the_data(view):
    play_run(view)
    live_x = tuple(view.loss_plot.getPlotItem().vb.viewRange()[0])
    live_y = y_range(view.loss_plot)
    view.end_run()
    view.flush()
    view.set_overlays([])  # what the runs list sends when a run is added and nothing is ticked
    view.flush()
    assert tuple(view.loss_plot.getPlotItem().vb.viewRange()[0]) == live_x and y_range(view.loss_plot) == live_y
    assert len(view.batch_item.xData) == 20 * 50  # every point now, not the live envelope

    view.set_overlays([("Run 1", [{"epoch": 1, "val_loss": 5.0, "metrics": {"accuracy": 0.5}}])])
    view.flush()
    view.loss_plot.getPlotItem().vb.updateAutoRange()
    assert y_range(view.loss_plot)[1] >= 5.0  # the overlay is in view


def test_both_plots_keep_one_y_axis_width_so_epochs_line_up(view):
    play_run(view, epochs=3)
    widths = {plot.getPlotItem().getAxis("left").width() for plot in (view.loss_plot, view.metric_plot)}
    assert widths == {AXIS_WIDTH}


def _noisy_record(rng, epochs=30):
    history = [{"epoch": e, "train_loss": 0.34 + 0.001 * np.sin(e), "val_loss": 0.345 + 0.001 * np.cos(e),
                "metrics": {"accuracy": 0.750 + 0.008 * rng.random()}} for e in range(1, epochs + 1)]
    from engine.runs.record import RunRecord

    return RunRecord.from_dict({"history": history, "best_epoch": 5})


def settle(qtbot, view):
    view.flush()
    qtbot.wait(50)  # pyqtgraph fits auto-ranged axes to the data from the event loop


def test_noise_does_not_fill_the_axes_of_a_finished_run(qtbot, view):
    """Validation accuracy wobbling between 0.750 and 0.758 must not be drawn as a dramatic zig-zag."""
    view.show_record(_noisy_record(np.random.default_rng(1)))
    settle(qtbot, view)
    low, high = y_range(view.metric_plot)
    assert high - low >= 0.1 and low <= 0.750 and high >= 0.758
    low, high = y_range(view.loss_plot)
    assert high - low >= 0.2 * 0.346 * 0.5 and low <= 0.339 and high >= 0.346  # relative: a 1-2-5 step of 20%
    view.log_scale.setChecked(True)
    settle(qtbot, view)
    low, high = y_range(view.loss_plot)
    assert high - low >= 0.3  # log10 units: at least a factor of two


def test_the_loss_legend_is_outside_the_plotted_area(qtbot, view):
    play_run(view, epochs=5)
    view.show_record(_noisy_record(np.random.default_rng(2)))
    view.set_overlays([("Run 1", [{"epoch": 1, "val_loss": 0.4, "metrics": {"accuracy": 0.5}}])])
    settle(qtbot, view)
    item = view.loss_plot.getPlotItem()
    legend = item.legend
    assert legend is not None and len(legend.items) == 6  # 4 curves, the best-epoch marker, one overlay
    data_area = item.vb.sceneBoundingRect()
    box = legend.sceneBoundingRect()
    assert box.width() > 50 and box.height() > 10
    assert not box.intersects(data_area), (box, data_area)
    assert view.loss_plot.rect().contains(legend.mapRectToScene(legend.boundingRect()).toRect())


def _title(plot) -> str:
    return plot.getPlotItem().titleLabel.text


@pytest.mark.parametrize("task, title", [("binary", "Validation accuracy"), ("regression", "Validation RMSE"),
                                         (None, "Validation metric")])
def test_another_project_empties_the_axes_and_titles_the_metric_for_its_task(qtbot, view, task, title):
    """New project / Open CSV / Open project: the empty plots had kept the old run's axes (0-20 epochs,
    its loss range) and its metric title ("Validation RMSE" with no target)."""
    play_run(view, metric="rmse" if task != "regression" else "accuracy")
    view.end_run()
    view.flush()
    view.reset(task)
    qtbot.wait(20)  # no flush: the page calls reset() alone, and the visible plot's auto-range must not fit old points
    for plot in (view.loss_plot, view.metric_plot):
        (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
        assert (x0, x1, y0, y1) == pytest.approx((0, 1, 0, 1))
        assert view.train_item.xData is None or len(view.train_item.xData) == 0
    assert _title(view.metric_plot) == title
    # the next run shown is fitted again
    play_run(view, epochs=5)
    view.end_run()
    view.flush()
    assert view.loss_plot.getPlotItem().vb.viewRange()[0][1] > 4
