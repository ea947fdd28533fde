"""Start-up warm-up: what the app does in the background once the window shows, so the first Train is instant.

In order, in one background task (gui.infra.background): list the compute devices (the settings form
waits for them), pre-start the training process (it imports torch in parallel), import the
training stack here too (the app needs torch for devices and evaluation), import the plot modules
(pyqtgraph; no widget is built off the UI thread) and the sweep modules (Optuna), then freeze the garbage
collector's view of everything loaded so far.

Why freeze: what is loaded now lives as long as the app. Frozen, it leaves the cyclic collector's
full passes, which otherwise walk ~430k objects (350-450 ms, holding the GIL, so the window freezes)
at unpredictable moments, e.g. at the end of a run. Reference counting still frees them.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, Slot

from gui.infra import background

logger = logging.getLogger(__name__)

_warm_up: "WarmUp | None" = None


def warm_up() -> "WarmUp":
    """Start the warm-up (once per session; later calls return the same one). GUI thread."""
    global _warm_up
    if _warm_up is None:
        _warm_up = WarmUp()
        _warm_up.start()
    return _warm_up


class WarmUp(QObject):
    """The start-up warm-up task; `task` is None once it has ended."""

    def __init__(self):
        super().__init__()
        self.task: background.BackgroundTask | None = None

    def start(self) -> None:
        from gui.pages.training.device_probe import DeviceCatalog
        from gui.pages.training.run import install_quit_hook

        install_quit_hook()  # the pre-started training process is closed when the app quits
        catalog = DeviceCatalog.instance()
        self.task = background.BackgroundTask(_warm_up_steps, catalog.claim_probe(), name="layerlab-warm-up",
                               wait_at_exit=False)  # imports can't be interrupted; quitting needn't wait
        self.task.partial_result_ready.connect(self._on_task_devices_listed)
        self.task.failed.connect(self._on_task_failed)
        self.task.finished.connect(self._on_task_finished)
        self.task.start()

    @Slot(object)
    def _on_task_devices_listed(self, devices) -> None:
        from gui.pages.training.device_probe import DeviceCatalog

        DeviceCatalog.instance().set_devices(*devices)

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        logger.error("The start-up warm-up failed; the first run starts more slowly",
                     exc_info=(type(exc), exc, exc.__traceback__))

    @Slot()
    def _on_task_finished(self) -> None:
        self.task = None


def _warm_up_steps(state: background.TaskState, list_devices: bool) -> None:
    from gui.infra.lazy_widget import preload_plot_modules
    from gui.pages.training import process
    from gui.pages.training.device_probe import list_devices as devices
    from gui.pages.training.execution import preload

    if list_devices:
        state.set_status(QCoreApplication.translate("Warmup", "Looking for a GPU"))
        state.set_partial_result(devices())
    if state.stop_requested:
        return
    state.set_status(QCoreApplication.translate("Warmup", "Starting the training process"))
    process.prestart()
    state.set_status(QCoreApplication.translate("Warmup", "Loading the training stack"))
    preload()
    preload_plot_modules()
    preload_sweep_modules()
    gc.freeze()


def preload_sweep_modules() -> None:
    """Import Optuna and its database layer (about 0.8 s): the Experiments page's first read of a sweep's storage
    would otherwise import them while a sweep runs, holding the interpreter lock (a 0.4 s stall of the window)."""
    import optuna  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401
