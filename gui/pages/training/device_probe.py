"""The compute devices this machine offers, listed off the UI thread (listing CUDA devices initialises the driver).

`list_devices` does the work (any thread); `DeviceCatalog` keeps the answer for the session and says
when it is known. The start-up warm-up (gui.infra.warmup) lists them first thing; a form that needs
them before that asks the catalog to `probe` in a background task of its own.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from gui.infra import background

logger = logging.getLogger(__name__)


def list_devices() -> tuple[list[tuple[str, str]], str | None]:
    """[(device id, label), ...] and why only the CPU is used (None when a GPU is there); any thread."""
    try:
        from engine.devices import available_devices, cpu_reason

        return [(d.id, d.label) for d in available_devices()], cpu_reason()
    except Exception:  # noqa: BLE001 - the form still offers Auto and CPU
        logger.exception("Could not list the compute devices")
        return [("cpu", "CPU")], QCoreApplication.translate("TrainingSettingsForm", "the device list could not be read")


class DeviceCatalog(QObject):
    """Session-wide list of devices. Signal ready(list[(id, label)], str|None cpu_reason), once, when known."""

    ready = Signal(list, object)
    _instance: "DeviceCatalog | None" = None

    def __init__(self):
        super().__init__()
        self.devices: list[tuple[str, str]] | None = None
        self.cpu_reason: str | None = None
        self._started = False
        self._task: background.BackgroundTask | None = None

    @classmethod
    def instance(cls) -> "DeviceCatalog":
        if cls._instance is None:
            cls._instance = DeviceCatalog()
        return cls._instance

    def claim_probe(self) -> bool:
        """True once: the caller lists the devices and hands them to `set_devices` (the warm-up does)."""
        if self._started:
            return False
        self._started = True
        return True

    def probe(self) -> None:
        """List the devices in a background task, unless that is done or under way; `ready` follows."""
        if not self.claim_probe():
            return
        self._task = background.BackgroundTask(_probe, name="layerlab-device-probe", wait_at_exit=False)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.start()

    @Slot(object)
    def _on_task_succeeded(self, result) -> None:
        self._task = None
        self.set_devices(*result)

    def set_devices(self, devices: list, reason: str | None) -> None:
        """The devices are known (GUI thread)."""
        self.devices, self.cpu_reason = devices, reason
        self.ready.emit(devices, reason)


def _probe(state: background.TaskState):
    return list_devices()
