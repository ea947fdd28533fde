"""Read a CSV file (and infer its schema) in a background task, with progress and cancel.

The reading runs in a gui.infra.background BackgroundTask: it reports its progress (throttled there, at the source)
and hands back the finished Table and Schema; every signal reaches this loader on the GUI thread. A
newer load supersedes an older one: the old task is discarded (asked to stop at its next progress
report, and whatever it still sends is dropped).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from engine.data import infer_schema, read_csv
from engine.errors import LayerLabError
from gui.infra import background

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

logger = logging.getLogger(__name__)

READ_SHARE = 90  # percent of the bar for reading; the rest is schema inference


def load_table(state: background.TaskState, path: Path):
    """read_csv + infer_schema (in the task's thread); returns (table, schema). Stops at a progress report
    once a stop is requested."""

    def report(fraction: float) -> None:
        state.check_stop()
        state.set_progress(READ_SHARE * min(max(fraction, 0.0), 1.0))

    table = read_csv(path, progress=report)
    state.check_stop()
    schema = infer_schema(table.frame)
    state.check_stop()
    state.set_progress(100)
    return table, schema


def describe_load_error(exc: BaseException, name: str) -> str:
    """What to tell a person whose file could not be read (never a traceback)."""
    if isinstance(exc, LayerLabError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return translate("CsvLoader", "'{name}' is too large to fit in memory. Close other programs, or open a smaller part of "
                                          "the file.").format(name=name)
    if isinstance(exc, OSError):
        return translate("CsvLoader", "Could not read '{name}': {error}. Check that the file exists and that you may read it.").format(
            name=name, error=exc.strerror or exc)
    logger.error("unexpected error while reading %s", name, exc_info=(type(exc), exc, exc.__traceback__))
    return translate("CsvLoader", "Could not read '{name}' ({error}). Check that it is a plain CSV file.").format(
        name=name, error=f"{type(exc).__name__}: {exc}")


class CsvLoader(QObject):
    """Starts and supersedes background CSV loads; forwards the current load's results.

    Signals: started(str path), progress_changed(int percent), loaded(object table,
    object schema, str path), failed(str message), busy_changed(bool).
    """

    started = Signal(str)
    progress_changed = Signal(int)
    loaded = Signal(object, object, str)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._current: background.BackgroundTask | None = None
        self._path: Path | None = None
        self._superseded: list[background.BackgroundTask] = []  # discarded loads whose threads have not ended yet

    @property
    def is_busy(self) -> bool:
        return self._current is not None

    @property
    def path(self) -> Path | None:
        """The file being read now (None when idle)."""
        return self._path if self._current is not None else None

    @property
    def running_loads(self) -> int:
        """Loads whose threads are still running, superseded ones included."""
        self._superseded = [task for task in self._superseded if task.is_running]
        return len(self._superseded) + (self._current is not None)

    def start(self, path: str | Path) -> None:
        """Read path in the background; a load already running is cancelled and ignored."""
        was_busy = self._current is not None
        self._supersede_current()
        self._path = Path(path)
        task = background.BackgroundTask(load_table, self._path, name="layerlab-csv-loader")
        task.progress_changed.connect(self._on_task_progress_changed)
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(self._on_task_failed)
        self._current = task
        task.start()
        self.started.emit(str(path))
        if not was_busy:
            self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Stop the current load; nothing it finds will be reported."""
        if self._current is not None:
            self._supersede_current()
            self.busy_changed.emit(False)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Cancel every load and wait for their threads to end (e.g. before closing)."""
        self._supersede_current()
        ended = all(task.wait(timeout_ms) for task in self._superseded)
        self._superseded = [task for task in self._superseded if task.is_running]
        return ended

    def _supersede_current(self) -> None:
        if self._current is not None:
            self._current.discard()
            self._superseded.append(self._current)
            self._current = None

    @Slot(int)
    def _on_task_progress_changed(self, percent: int) -> None:
        if self.sender() is self._current:
            self.progress_changed.emit(percent)

    @Slot(object)
    def _on_task_succeeded(self, result) -> None:
        if self.sender() is self._current:
            table, schema = result
            self._current = None
            self.busy_changed.emit(False)
            self.loaded.emit(table, schema, str(self._path))

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        if self.sender() is self._current:
            self._current = None
            self.busy_changed.emit(False)
            self.failed.emit(describe_load_error(exc, self._path.name))
