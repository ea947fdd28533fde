"""The training process: a child Python process that executes training runs for the app (no Qt here).

Why a process and not only a thread: the training loop is Python between small torch calls, so
in a thread it holds the interpreter lock (GIL) most of the time, and every repaint of the curves
on the UI thread stalls it (and vice versa). In its own process the loop keeps a core to itself
and the window stays responsive.

One child is started in the background after the window shows (`prestart`), so the first Train
click finds torch already imported there; a run `acquire`s a child, sends it one StartRun and
reads its messages (gui.pages.training.protocol) until RunDone, then `release`s it for the next run. The
child keeps the last table and its preprocessing, so a second run on the same data sends no table.
A child that dies (a crash in a native library, killed by the system) ends its run with a
message; the next run starts a fresh one.

Pipes carry pickled objects between these two processes of the same program only; no file a
user opens is ever unpickled.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import sys
import threading
import traceback
from contextlib import contextmanager

from gui.pages.training.protocol import (PauseRun, ResumeRun, RunDone, ProcessReady, Shutdown, StartRun, StopRun,
                                         Unexpected)

logger = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
KEEP_IDLE = 1  # started children kept for the next run


class ProcessGone(RuntimeError):
    """The training process ended or its pipe broke."""


class TrainingProcess:
    """The app's handle on one child process (used by one run at a time)."""

    def __init__(self):
        child_requests, self._requests = _CONTEXT.Pipe(duplex=False)
        self._events, child_events = _CONTEXT.Pipe(duplex=False)
        self._process = _CONTEXT.Process(target=serve, args=(child_requests, child_events),
                                         name="layerlab-training", daemon=True)
        self._send_lock = threading.Lock()
        self.frame_key = None  # the table the child holds ...
        self._frame = None  # ... kept alive here, so its id() cannot name another table
        with _main_module_hidden():
            self._process.start()
        child_requests.close()  # the child's ends: closed here, so a dead child reads as end-of-file
        child_events.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def exit_code(self) -> int | None:
        return self._process.exitcode

    def holds(self, frame_key) -> bool:
        return frame_key is not None and frame_key == self.frame_key

    def start_run(self, start: StartRun) -> None:
        """Send one run (with its table unless the child holds it already)."""
        self.send(start)
        if start.request.frame is not None:
            self.frame_key, self._frame = start.request.frame_key, start.request.frame

    def send(self, message) -> None:
        """Send one protocol message (StartRun, StopRun, ...); raises ProcessGone if the child is gone."""
        try:
            with self._send_lock:
                self._requests.send(message)
        except (OSError, ValueError) as exc:
            raise ProcessGone(str(exc)) from exc

    def receive(self):
        """The child's next protocol message (blocking), or None when the child is gone."""
        try:
            return self._events.recv()
        except (EOFError, OSError):
            return None

    def close(self, timeout: float = 3.0) -> None:
        """Ask the child to quit; stop it by force if it does not within `timeout`."""
        try:
            self.send(Shutdown())
        except ProcessGone:
            pass
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(1.0)
        for connection in (self._requests, self._events):
            connection.close()


@contextmanager
def _main_module_hidden():
    """Start a child that does not run the parent's main script again.

    multiprocessing's spawn imports the parent's ``__main__`` in the child; the child needs nothing
    from it (its target lives here), and a script without an ``if __name__ == "__main__"`` guard
    would run a second time there. Without ``__spec__`` and ``__file__`` spawn skips that import.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


# -- the pool (any thread) ---------------------------------------------------------------------------------
_lock = threading.Lock()
_idle: list[TrainingProcess] = []


def prestart() -> None:
    """Start a child now (in the background after start-up), so the first run needn't wait for its imports."""
    with _lock:
        if any(p.alive for p in _idle):
            return
        _idle.append(TrainingProcess())


def acquire() -> TrainingProcess:
    """An idle child, or a new one."""
    with _lock:
        while _idle:
            process = _idle.pop()
            if process.alive:
                return process
            process.close(0)
    return TrainingProcess()


def release(process: TrainingProcess) -> None:
    """Keep a healthy child for the next run; close it otherwise."""
    with _lock:
        if process.alive and len(_idle) < KEEP_IDLE:
            _idle.append(process)
            return
    process.close()


def shutdown() -> None:
    """Close the idle children (the app is quitting)."""
    with _lock:
        idle, _idle[:] = list(_idle), []
    for process in idle:
        process.close()


# -- the child -------------------------------------------------------------------------------------------
def serve(requests, events) -> None:
    """The child's main: import the training stack, then execute each StartRun until Shutdown."""
    from engine.i18n import set_language
    from gui.pages.training.execution import RunControl, TableCache, execute_run, preload

    send_lock = threading.Lock()

    def send(message) -> None:
        with send_lock:
            events.send(message)

    try:
        preload()
    except Exception as exc:  # noqa: BLE001 - say why, then end: the app reports the run as failed
        send(Unexpected(f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc))))
        return
    runs: queue.Queue = queue.Queue()
    controls: dict[int, RunControl] = {}
    controls_lock = threading.Lock()

    def control_for(run_id: int) -> RunControl:
        with controls_lock:
            return controls.setdefault(run_id, RunControl())

    def listen() -> None:
        """Reads the app's messages: runs are queued; stop/pause/resume act on their run at once."""
        while True:
            try:
                message = requests.recv()
            except (EOFError, OSError):  # the app is gone
                message = Shutdown()
            match message:
                case StartRun(run_id=run_id, stopped=stopped, paused=paused):
                    control = control_for(run_id)
                    if stopped:
                        control.request_stop()
                    elif paused:
                        control.pause()
                    runs.put((run_id, message.request, control))
                case StopRun(run_id=run_id):
                    control_for(run_id).request_stop()
                case PauseRun(run_id=run_id):
                    control_for(run_id).pause()
                case ResumeRun(run_id=run_id):
                    control_for(run_id).resume()
                case Shutdown():
                    with controls_lock:
                        for control in controls.values():
                            control.request_stop()
                    runs.put(None)
                    return
                case _:
                    logger.error("The training process ignored an unknown message: %r", message)

    threading.Thread(target=listen, name="layerlab-training-requests", daemon=True).start()
    send(ProcessReady())
    cache = TableCache()
    while True:
        item = runs.get()
        if item is None:
            return
        run_id, request, control = item
        try:
            set_language(request.language)  # the engine's messages (errors, why the run ended) in the app's language
            execute_run(request, send, control, cache)
            send(RunDone(run_id))
        except (OSError, ValueError):  # the app closed its end of the pipe
            return
        finally:
            with controls_lock:
                for old in [i for i in controls if i <= run_id]:
                    del controls[old]
