"""The theme switch: Light/Dark apply at once (on the offscreen platform, which cannot switch its colour scheme,
through the app's own palette), and the training curves, the Evaluate plots and the Model canvas follow."""

import pytest
from PySide6.QtGui import QGuiApplication, QPalette

from gui.infra.theme import THEMES, apply_theme, canvas_colours, is_dark, plot_colours
from gui.pages.evaluate.plots import RocPlot
from gui.pages.model.view import GraphView
from gui.pages.training.curves import CurvesView


@pytest.fixture(autouse=True)
def system_theme_after(qapp):
    yield
    apply_theme("system")


def _plot_is_dark(plot) -> bool:
    return plot.backgroundBrush().color().lightness() < 128


def _axis_text_lightness(plot) -> int:
    return plot.getPlotItem().getAxis("left").textPen().color().lightness()


def test_light_and_dark_switch_the_palette():
    apply_theme("dark")
    assert is_dark(QGuiApplication.palette())
    assert QGuiApplication.palette().color(QPalette.ColorRole.Text).lightness() > 200
    apply_theme("light")
    assert not is_dark(QGuiApplication.palette())
    apply_theme("system")
    assert not is_dark(QGuiApplication.palette())  # the offscreen platform's own scheme is light
    with pytest.raises(ValueError, match="Unknown theme"):
        apply_theme("sepia")
    assert THEMES == ("system", "light", "dark")


def test_plots_follow_at_once(qtbot):
    curves, roc = CurvesView(), RocPlot()
    qtbot.addWidget(curves)
    qtbot.addWidget(roc)
    assert not _plot_is_dark(curves.loss_plot) and not _plot_is_dark(roc)
    apply_theme("dark")
    qtbot.waitUntil(lambda: _plot_is_dark(curves.loss_plot) and _plot_is_dark(curves.metric_plot) and _plot_is_dark(roc))
    assert _axis_text_lightness(curves.loss_plot) > 200 and _axis_text_lightness(roc) > 200
    title = curves.loss_plot.getPlotItem().titleLabel
    assert title.opts["color"] == plot_colours(QGuiApplication.palette()).foreground.name()
    apply_theme("light")
    qtbot.waitUntil(lambda: not _plot_is_dark(curves.loss_plot) and not _plot_is_dark(roc))
    assert _axis_text_lightness(curves.loss_plot) < 100


def test_canvas_follows_at_once(window, qtbot):
    window.resize(1024, 700)
    window.show()
    window.show_page("Model")
    view = window.findChild(GraphView)
    qtbot.waitUntil(view.isVisible)

    def corner_lightness() -> int:
        return view.viewport().grab().toImage().pixelColor(3, 3).lightness()

    light = corner_lightness()
    apply_theme("dark")
    qtbot.waitUntil(lambda: corner_lightness() < 100)
    assert canvas_colours(view.palette()).background.lightness() < 100 < light
    apply_theme("light")
    qtbot.waitUntil(lambda: corner_lightness() > 200)
