"""Background tasks: one way to run work off the UI thread (in the spirit of Orange's TaskState/ConcurrentMixin).

A `BackgroundTask` runs `function(state, *args)` in a Python thread. The function sees only a `TaskState`: it
reports a status line, its progress (throttled here, at the source: at most one per percent and per
`progress_interval`) and partial results (every one delivered, in order), and asks
`state.stop_requested` (or calls `state.check_stop()`, which raises `TaskStopped`) to end early.
Its return value arrives as `succeeded(result)`, an exception as `failed(exception)`; `finished()`
always comes last. Every signal of a BackgroundTask is emitted on the GUI thread (the worker's reports are
queued to the task's own slots, which re-emit them), so receivers never run in the worker thread.

This module keeps every running task (`running_tasks`); `stop_all` asks each to stop and waits for
it, delivering what it still reported. The application's aboutToQuit does that, so no thread runs
past the window (except tasks made with wait_at_exit=False, whose work may simply be dropped). A task is no Qt child of anything: a page destroyed mid-task leaves it to end on
its own (`discard` it to stop it and drop whatever it still reports).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

logger = logging.getLogger(__name__)

_RUNNING: set["BackgroundTask"] = set()
_BEFORE_QUIT: set[Callable[[], None]] = set()


class TaskStopped(Exception):
    """Raised by TaskState.check_stop() once a stop was requested; the task then ends quietly."""


class TaskState:
    """What the background function sees of its task (any method may be called from the worker thread)."""

    def __init__(self, task: "BackgroundTask", progress_interval: float):
        self._task = task
        self._stop = threading.Event()
        self._progress_interval = progress_interval
        self._last_percent = -1
        self._last_progress_at = -float("inf")

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def check_stop(self) -> None:
        """Raise TaskStopped if a stop was requested (a convenient exit from deep inside a callback)."""
        if self._stop.is_set():
            raise TaskStopped

    def set_status(self, text: str) -> None:
        self._task._reported_status.emit(text)

    def set_progress(self, percent: float) -> None:
        """Progress 0-100; sent only when the whole percent changed and not more often than the interval
        (100 always goes through)."""
        value = int(min(max(percent, 0.0), 100.0))
        now = time.monotonic()
        if value == self._last_percent or (value < 100 and now - self._last_progress_at < self._progress_interval):
            return
        self._last_percent, self._last_progress_at = value, now
        self._task._reported_progress.emit(value)

    def set_partial_result(self, value: Any) -> None:
        """Hand the GUI thread an intermediate result (each one is delivered, in order)."""
        self._task._reported_partial.emit(value)


class BackgroundTask(QObject):
    """One function running in a background thread, reporting through queued signals (GUI thread).

    Signals: status_changed(str), progress_changed(int percent), partial_result_ready(object),
    succeeded(object result), failed(object exception, with its __traceback__), finished() — always
    last, once the thread has ended. After `discard()` nothing more is emitted.
    """

    status_changed = Signal(str)
    progress_changed = Signal(int)
    partial_result_ready = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    # emitted in the worker thread, received (queued) by this object's slots in the GUI thread
    _reported_status = Signal(str)
    _reported_progress = Signal(int)
    _reported_partial = Signal(object)
    _reported_end = Signal(bool, object)

    def __init__(self, function: Callable[..., Any], *args, name: str = "layerlab-task",
                 progress_interval: float = 0.05, wait_at_exit: bool = True):
        super().__init__()
        self.name = name
        self.wait_at_exit = wait_at_exit  # False: nothing is lost if the app quits under it (e.g. warm-up imports)
        self.state = TaskState(self, progress_interval)
        self._function, self._args = function, args
        self._thread: threading.Thread | None = None
        self._discarded = False
        self._ended = False
        self._reported_status.connect(self._on_worker_status)
        self._reported_progress.connect(self._on_worker_progress)
        self._reported_partial.connect(self._on_worker_partial)
        self._reported_end.connect(self._on_worker_end)

    @property
    def is_running(self) -> bool:
        """Started and not yet finished (finished() not yet emitted)."""
        return self._thread is not None and not self._ended

    @property
    def stop_requested(self) -> bool:
        return self.state.stop_requested

    def start(self) -> "BackgroundTask":
        """Start the thread (once); returns self."""
        _assert_gui_thread()
        if self._thread is not None:
            raise RuntimeError(f"{self.name} was started already")
        _install_quit_hook()
        self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
        _RUNNING.add(self)
        self._thread.start()
        return self

    def request_stop(self) -> None:
        """Ask the function to stop (it sees state.stop_requested); what it still reports is delivered."""
        self.state._stop.set()

    def discard(self) -> None:
        """Stop, and deliver nothing more (the receiver has moved on); the thread still ends on its own."""
        self._discarded = True
        self.request_stop()

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until the thread ends, then deliver what it reported (finished() included); True if it ended."""
        _assert_gui_thread()
        thread = self._thread
        if thread is None or self._ended:
            return True
        thread.join(max(timeout_ms, 0) / 1000)
        if thread.is_alive():
            return False
        QCoreApplication.sendPostedEvents(self)  # the queued reports, in order, the end among them
        return True

    # -- the worker thread ------------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            result = self._function(self.state, *self._args)
        except TaskStopped:
            self._reported_end.emit(False, None)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as failed(exc)
            self._reported_end.emit(False, exc)
        else:
            self._reported_end.emit(True, result)

    # -- the GUI thread ---------------------------------------------------------------------------------
    @Slot(str)
    def _on_worker_status(self, text: str) -> None:
        _assert_gui_thread()
        if not self._discarded:
            self.status_changed.emit(text)

    @Slot(int)
    def _on_worker_progress(self, percent: int) -> None:
        _assert_gui_thread()
        if not self._discarded:
            self.progress_changed.emit(percent)

    @Slot(object)
    def _on_worker_partial(self, value) -> None:
        _assert_gui_thread()
        if not self._discarded:
            self.partial_result_ready.emit(value)

    @Slot(bool, object)
    def _on_worker_end(self, ok: bool, value) -> None:
        _assert_gui_thread()
        if self._ended:
            return
        self._ended = True
        self._thread.join()  # it has just reported its end: let it finish before anything waits on it
        _RUNNING.discard(self)
        if self._discarded:
            return
        if ok:
            self.succeeded.emit(value)
        elif value is not None:
            self.failed.emit(value)
        self.finished.emit()


def running_tasks() -> list[BackgroundTask]:
    """Every task started and not yet finished."""
    return list(_RUNNING)


def stop_all(timeout_ms: int = 5000, at_exit: bool = False) -> bool:
    """Ask every running task to stop, wait for each (delivering what it reported); True if all ended in time.

    `at_exit`: the app is quitting; tasks made with wait_at_exit=False are asked to stop but not waited for.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    for task in running_tasks():
        task.request_stop()
    ended = True
    for task in running_tasks():
        if task.wait_at_exit or not at_exit:
            ended = task.wait(int(max(0.0, deadline - time.monotonic()) * 1000)) and ended
    return ended


def _assert_gui_thread() -> None:
    app = QCoreApplication.instance()
    assert app is None or QThread.currentThread() is app.thread(), "task slots run on the GUI thread"


def call_before_quit(function: Callable[[], None]) -> None:
    """Run `function` when the application is about to quit (once, however often this is called)."""
    app = QCoreApplication.instance()
    if app is not None and function not in _BEFORE_QUIT:
        app.aboutToQuit.connect(function)
        _BEFORE_QUIT.add(function)


def _install_quit_hook() -> None:
    call_before_quit(_on_application_about_to_quit)


def _on_application_about_to_quit() -> None:
    if not stop_all(at_exit=True):
        logger.warning("Background tasks still running at exit: %s", ", ".join(t.name for t in running_tasks()))
