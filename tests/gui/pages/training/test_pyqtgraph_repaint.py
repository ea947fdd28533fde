"""Repaint a pyqtgraph plot 1000 times offscreen.

PySide6 6.12.0 aborts on Python 3.11 after a few hundred pyqtgraph repaints ("none_dealloc"):
this guards the pinned binding (pyproject) against a silent upgrade.
"""

import numpy as np
import pyqtgraph as pg


def test_a_plot_survives_1000_repaints(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    curve = widget.plot([], [], pen="b")
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)
    line = pg.InfiniteLine(angle=90)
    widget.addItem(line)
    x = np.arange(2000, dtype=float)
    for i in range(1000):
        n = 100 + (i * 7) % 1900
        curve.setData(x[:n], np.sin(x[:n] / 50.0 + i))
        line.setValue(i % 50)
        widget.repaint()
    image = widget.grab()
    assert not image.isNull() and image.width() == 400
    assert len(curve.xData) == 100 + (999 * 7) % 1900
