"""A placeholder that builds its real widget the first time it is shown or asked for.

The plots import pyqtgraph (about 0.4 s, and more to build), so views that are not on screen when
the window opens are built later: when their page is first shown, or when code first needs them
(e.g. a run starts and its curves must exist).
"""

from __future__ import annotations

import importlib
from typing import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

# The modules behind the lazily built plots; importing them is most of a plot's cost.
PLOT_MODULES = ("gui.pages.training.curves", "gui.pages.evaluate.plots", "gui.pages.data.distribution",
                "gui.pages.experiments.sweep_plots")


def preload_plot_modules() -> None:
    """Import the plot modules (pyqtgraph) off the UI thread; building a plot later then costs only its widgets.

    Module imports only: no widget is made here (widgets belong to the UI thread).
    """
    for name in PLOT_MODULES:
        importlib.import_module(name)


class LazyWidget(QWidget):
    """Holds `factory()`'s widget once built; `widget()` builds it on demand, then calls `on_built(widget)`."""

    def __init__(self, factory: Callable[[], QWidget], on_built: Callable[[QWidget], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._on_built = on_built
        self._widget: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._widget is not None

    def widget(self) -> QWidget:
        """The real widget, built now if it was not yet."""
        if self._widget is None:
            self._widget = self._factory()
            self.layout().addWidget(self._widget)
            if self.isVisible():
                self._widget.show()
            if self._on_built is not None:
                self._on_built(self._widget)
        return self._widget

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.widget()
        super().showEvent(event)
