"""The app's handle on a running sweep: its own spawned process (which starts the workers), a Stop flag,
and a reader that polls the study's storage once a second.

The window only draws: the sweep trains in other processes, and the storage is read in a reader process of its
own (kept for the session) while a background thread waits for the answer. Read in a thread of the window's
process, Optuna and SQLAlchemy held the interpreter lock for milliseconds at a time and left garbage whose
collection passes (0.1-0.3 s, walking every object of the app) froze the window.
"""

from __future__ import annotations

import multiprocessing
import queue
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, QTimer, Signal

from engine.sweeps.results import snapshot
from engine.sweeps.runner import sweep_process_main
from gui.infra.background import BackgroundTask, call_before_quit
from gui.pages.training.process import _main_module_hidden

POLL_MS = 1000
_CONTEXT = multiprocessing.get_context("spawn")
_reader: ProcessPoolExecutor | None = None


def read_in_reader_process(storage_url: str, study_name: str, previous: dict | None) -> Future:
    """Ask the reader process for the study as the page shows it (`previous`: the last one read). UI thread: the
    first call starts the process."""
    global _reader
    if _reader is None:
        _reader = ProcessPoolExecutor(max_workers=1, mp_context=_CONTEXT)
        call_before_quit(close_reader)
    with _main_module_hidden():  # the process starts here, on the first request
        return _reader.submit(snapshot, storage_url, study_name, previous=previous)


def close_reader() -> None:
    """End the reader process (at quit, or when it died: the next read starts another)."""
    global _reader
    if _reader is not None:
        _reader.shutdown(wait=False, cancel_futures=True)
        _reader = None


def wait_for_snapshot(state, answer: Future) -> dict:
    """The background task's work: wait for the reader process's answer (the thread holds no lock meanwhile)."""
    return answer.result()


class SweepController(QObject):
    """Starts, stops and watches one sweep at a time.

    Signals: snapshot_ready(dict) (engine.sweeps.results.snapshot), running_changed(bool), failed(str).
    """

    snapshot_ready = Signal(object)
    running_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._process = None
        self._stop_event = None
        self._errors = None
        self._job_queue = None  # kept while the process may still read it (a dropped queue's semaphore is gone)
        self._reader: BackgroundTask | None = None
        self._watched: tuple[str, str] | None = None  # (storage URL, study name)
        self._read_again = False
        self._last: dict | None = None  # the last snapshot read of the watched study
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        call_before_quit(self.stop_and_wait)

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self, job, jobs: int) -> None:
        """Run `job` (engine.sweeps.trial_run.SweepJob) with `jobs` workers; Resume is the same call again."""
        if self.is_running:
            return
        self._stop_event, self._errors, self._job_queue = _CONTEXT.Event(), _CONTEXT.Queue(), _CONTEXT.Queue()
        self._process = _CONTEXT.Process(target=sweep_process_main, name="layerlab-sweep", daemon=False,
                                         args=(self._job_queue, jobs, self._stop_event, self._errors))
        with _main_module_hidden():
            self._process.start()
        self._job_queue.put(job)  # the queue's thread writes it: the window does not wait for the process to read it
        self._job_queue.cancel_join_thread()  # nor, at quit, for a process that ended before reading it
        self.watch(job.storage_url, job.study_name)
        self.running_changed.emit(True)

    def watch(self, storage_url: str, study_name: str) -> None:
        """Show this study (running or not): read it now and every second while a sweep runs."""
        self._watched = (storage_url, study_name)
        self._last = None
        self._read()
        self._timer.start()

    def stop(self) -> None:
        """Ask the sweep to stop: its workers end, their running trials are marked interrupted."""
        if self._stop_event is not None:
            self._stop_event.set()

    def stop_and_wait(self) -> None:
        """At quit: stop the sweep and wait for it (its finished trials are in the storage already)."""
        if self.is_running:
            self.stop()
            self._process.join(timeout=15)
            if self._process.is_alive():
                self._process.kill()

    def _on_timer_timeout(self) -> None:
        if self._process is not None and not self._process.is_alive():
            self._process.join()
            self._process = None
            try:
                message = self._errors.get_nowait()
            except queue.Empty:
                message = None
            self.running_changed.emit(False)
            if message:
                self.failed.emit(message)
            self._read()
            self._timer.stop()
            return
        self._read()

    def _read(self) -> None:
        if self._watched is None:
            return
        if self._reader is not None and self._reader.is_running:
            self._read_again = True  # e.g. the sweep just ended: its last trials must still be shown
            return
        self._read_again = False
        answer = read_in_reader_process(*self._watched, self._last)
        self._reader = BackgroundTask(wait_for_snapshot, answer, name="layerlab-sweep-reader")
        self._reader.succeeded.connect(self._on_reader_succeeded)
        self._reader.failed.connect(self._on_reader_failed)
        self._reader.start()

    def _on_reader_succeeded(self, result: dict) -> None:
        self._last = result
        self.snapshot_ready.emit(result)
        if self._read_again:
            self._read()

    def _on_reader_failed(self, error: object) -> None:
        if isinstance(error, BrokenProcessPool):  # the reader process died (killed): the next read starts another
            close_reader()
            return
        self._timer.stop()
        self.failed.emit(str(error))
