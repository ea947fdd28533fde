"""Read a CSV file (and infer its schema) in a background thread, with progress and cancel.

The worker lives in its own QThread and talks to the UI thread only through queued signals
that carry plain values (a percentage, a message, the finished Table and Schema). A newer
load supersedes an older one: the old worker is asked to stop at its next progress report
and whatever it still sends is ignored (every signal carries its job number).
"""

from __future__ import annotations

import logging

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, Qt, QThread, Signal, Slot

from engine.data import infer_schema, read_csv
from engine.errors import LayerLabError

READ_SHARE = 90  # percent of the bar for reading; the rest is schema inference

# Threads still running after their loader went away (e.g. the page was closed mid-load) are
# kept here until they finish, so Python never deletes a running QThread.
_RUNNING: dict[int, tuple[QThread, "LoadWorker"]] = {}


class _Cancelled(Exception):
    """Raised from the progress callback to stop read_csv early."""


class LoadWorker(QObject):
    """Runs read_csv + infer_schema on its QThread; never touches a widget.

    Signals (all carry the job number): progressed(job, percent), succeeded(job, table, schema),
    failed(job, message), finished(job) — the last one always comes, after the others.
    """

    progressed = Signal(int, int)
    succeeded = Signal(int, object, object)
    failed = Signal(int, str)
    finished = Signal(int)

    def __init__(self, job: int, path: str | Path):
        super().__init__()
        self.job = job
        self.path = Path(path)
        self._stop = threading.Event()
        self._last_percent = -1

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report (thread-safe)."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        name = self.path.name
        try:
            table = read_csv(self.path, progress=self._report)
            self._check()
            schema = infer_schema(table.frame)
            self._check()
            self._emit_percent(100)
            self.succeeded.emit(self.job, table, schema)
        except _Cancelled:
            pass
        except LayerLabError as exc:
            self.failed.emit(self.job, str(exc))
        except MemoryError:
            self.failed.emit(self.job, f"'{name}' is too large to fit in memory. Close other "
                             "programs, or open a smaller part of the file.")
        except OSError as exc:
            self.failed.emit(self.job, f"Could not read '{name}': {exc.strerror or exc}. "
                             "Check that the file exists and that you may read it.")
        except Exception as exc:  # noqa: BLE001 - a person gets a sentence, never a traceback
            logging.getLogger(__name__).exception("unexpected error while reading %s", name)
            self.failed.emit(self.job, f"Could not read '{name}' ({type(exc).__name__}: {exc}). "
                             "Check that it is a plain CSV file.")
        finally:
            self.finished.emit(self.job)

    def _check(self) -> None:
        if self._stop.is_set():
            raise _Cancelled

    def _report(self, fraction: float) -> None:
        self._check()
        self._emit_percent(int(READ_SHARE * min(max(fraction, 0.0), 1.0)))

    def _emit_percent(self, percent: int) -> None:
        if percent != self._last_percent:  # at most ~100 signals per file, whatever the width
            self._last_percent = percent
            self.progressed.emit(self.job, percent)


class CsvLoader(QObject):
    """Starts and supersedes background CSV loads; forwards the current job's results.

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
        self._job = 0
        self._current: LoadWorker | None = None
        self._threads: dict[int, tuple[QThread, LoadWorker]] = {}

    @property
    def is_busy(self) -> bool:
        return self._current is not None

    @property
    def path(self) -> Path | None:
        """The file being read now (None when idle)."""
        return self._current.path if self._current is not None else None

    def start(self, path: str | Path) -> None:
        """Read path in the background; a load already running is cancelled and ignored."""
        self._cancel_current()
        self._job += 1
        worker = LoadWorker(self._job, path)
        thread = QThread()
        thread.setObjectName(f"csv-loader-{self._job}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_worker_progressed)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        # Direct: the thread stops itself even if this loader is gone by then.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_worker_finished)
        self._threads[self._job] = _RUNNING[id(thread)] = (thread, worker)
        self._current = worker
        was_busy = len(self._threads) > 1
        thread.start()
        self.started.emit(str(path))
        if not was_busy:
            self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Stop the current load; nothing it finds will be reported."""
        if self._current is not None:
            self._cancel_current()
            self.busy_changed.emit(False)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Cancel every load and wait for their threads to end (e.g. before closing)."""
        self._cancel_current()
        deadline = QDeadlineTimer(timeout_ms)
        for job, (thread, worker) in list(self._threads.items()):
            worker.cancel()
            if not thread.wait(deadline):
                return False
        QCoreApplication.sendPostedEvents(self)
        for job in list(self._threads):
            self._release(job)
        return True

    def _cancel_current(self) -> None:
        if self._current is not None:
            self._current.cancel()
            self._current = None

    def _is_current(self, job: int) -> bool:
        assert QThread.currentThread() is self.thread(), "loader slots run on the GUI thread"
        return self._current is not None and self._current.job == job

    @Slot(int, int)
    def _on_worker_progressed(self, job: int, percent: int) -> None:
        if self._is_current(job):
            self.progress_changed.emit(percent)

    @Slot(int, object, object)
    def _on_worker_succeeded(self, job: int, table, schema) -> None:
        if self._is_current(job):
            path = str(self._current.path)
            self._current = None
            self.busy_changed.emit(False)
            self.loaded.emit(table, schema, path)

    @Slot(int, str)
    def _on_worker_failed(self, job: int, message: str) -> None:
        if self._is_current(job):
            self._current = None
            self.busy_changed.emit(False)
            self.failed.emit(message)

    @Slot(int)
    def _on_worker_finished(self, job: int) -> None:
        if job in self._threads:
            self._threads[job][0].wait()
            self._release(job)

    def _release(self, job: int) -> None:
        thread, _worker = self._threads.pop(job)
        _RUNNING.pop(id(thread), None)
