"""Find the compute devices off the UI thread (listing CUDA devices initialises the driver).

The same background thread imports the training stack (gui.pages.training.worker.preload_engine) and the plot
modules (pyqtgraph), so the first Train click starts at once. The result is cached for the session.
"""

from __future__ import annotations

import gc
import logging
import threading

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class DeviceCatalog(QObject):
    """Session-wide list of devices. Signal ready(list[(id, label)], str|None cpu_reason)."""

    ready = Signal(list, object)
    _instance: "DeviceCatalog | None" = None

    def __init__(self):
        super().__init__()
        self.devices: list[tuple[str, str]] | None = None
        self.cpu_reason: str | None = None
        self._started = False

    @classmethod
    def instance(cls) -> "DeviceCatalog":
        if cls._instance is None:
            cls._instance = DeviceCatalog()
        return cls._instance

    def probe(self) -> None:
        """Start the background probe once; `ready` is emitted (queued) when it is done."""
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._probe, name="layerlab-device-probe", daemon=True).start()

    def _probe(self) -> None:
        try:
            from engine.devices import available_devices, cpu_reason
            from gui.pages.training.worker import preload_engine

            devices = [(d.id, d.label) for d in available_devices()]
            reason = cpu_reason()
            preload_engine()
            from gui.infra.lazy_widget import preload_plot_modules

            preload_plot_modules()
            # What is loaded now lives as long as the app: take it out of the cyclic collector's full
            # passes, which otherwise walk ~430k objects (350-450 ms, holding the GIL, so the window
            # freezes) at unpredictable moments, e.g. at the end of a run. Refcounting still frees them.
            gc.freeze()
        except Exception:  # noqa: BLE001 - the form still offers Auto and CPU
            logger.exception("Could not list the compute devices")
            devices, reason = [("cpu", "CPU")], "the device list could not be read"
        self.devices, self.cpu_reason = devices, reason
        self.ready.emit(devices, reason)
