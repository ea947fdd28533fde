"""TrainingRun: one training run as the app sees it — start, pause, resume, stop, and what it reports.

The run executes in the training child process (gui.pages.training.process), so the training loop
never competes with the UI thread for the interpreter lock; a background task (gui.infra.background)
sends the StartRun, relays the process's messages (gui.pages.training.protocol) to the GUI thread
and ends with the run. With `in_process=False` the run executes in that task's thread instead:
tests that inject faults into the engine with monkeypatch (which cannot reach another process) use it.

Nothing torch-shaped reaches the UI thread: events are dicts, lists and floats; batch losses come
at most ~10 times a second (throttled where they are made); the model is saved to a bundle by
the run and only its path is sent. A run is no Qt child of the page: if the page goes away mid-run
it is `detach`ed, stops within one batch and ends on its own; gui.infra.background knows it meanwhile.
"""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from gui.infra import background
from gui.pages.data.images_panel import with_way_out
from gui.pages.training import process as training_process
from gui.pages.training.execution import RunControl, TableCache, execute_run
from gui.pages.training.protocol import (RUN_ENDS, BatchLosses, EpochReport, PauseRun, ProcessReady, RanOutOfMemory,
                                         ReadingImages, ResumeRun, RunDone, RunFailed, RunFinished, RunRequest,
                                         RunBegan, StartRun, StopRun, Unexpected)

logger = logging.getLogger(__name__)

__all__ = ["TrainingRun", "active_runs", "stop_all"]

_ACTIVE: set["TrainingRun"] = set()
_thread_cache = TableCache()  # the table and its preprocessing for runs executed in a thread of the app
_run_ids = itertools.count(1)


def active_runs() -> int:
    """How many runs are still under way (tests and the main window use it)."""
    return len(_ACTIVE)


def stop_all(timeout_ms: int = 5000) -> bool:
    """Stop every run and wait for each (its last messages delivered); True if all ended in time."""
    return all(run.stop_and_wait(timeout_ms) for run in list(_ACTIVE))


class TrainingRun(QObject):
    """One run of a RunRequest, in the training process (or, with in_process=False, in a thread).

    Signals (GUI thread): run_started(dict), batch_losses(list [[step, loss], ...]), epoch_ended(dict),
    paused_changed(bool), run_finished(object record, str bundle path), run_failed(str message, object
    EndReason or None), ran_out_of_memory(int batch size; just before run_failed), ended() once
    the run is over (after run_finished or run_failed). Controls (GUI thread): start(), pause(),
    resume(), stop(), stop_and_wait(), detach(); honoured within one batch.
    """

    run_started = Signal(dict)
    reading_images = Signal(int, int)  # image files read, of all, before training starts
    batch_losses = Signal(list)
    epoch_ended = Signal(dict)
    paused_changed = Signal(bool)
    run_finished = Signal(object, str)
    run_failed = Signal(str, object)
    ran_out_of_memory = Signal(int)
    ended = Signal()

    def __init__(self, request: RunRequest, in_process: bool = True, flush_interval: float | None = None):
        super().__init__()
        self.request = request
        self.in_process = in_process
        self.flush_interval = request.flush_interval if flush_interval is None else flush_interval
        self._lock = threading.Lock()  # guards _process, shared with the relay thread
        self._control = RunControl()  # the flags; acts on the run itself when it executes in a thread
        self._process: training_process.TrainingProcess | None = None
        self._run_id = next(_run_ids)
        self._task: background.BackgroundTask | None = None
        self._detached = False

    @property
    def is_running(self) -> bool:
        return self._task is not None

    @property
    def paused(self) -> bool:
        return self._control.paused

    @property
    def stop_requested(self) -> bool:
        return self._control.stop_requested

    @property
    def process_pid(self) -> int | None:
        """The training process's id while the run is there (tests kill it)."""
        with self._lock:
            return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the run (once)."""
        if self._task is not None:
            raise RuntimeError("This run was started already")
        install_quit_hook()
        task = background.BackgroundTask(self._execute, self._request(), name="layerlab-training")
        task.partial_result_ready.connect(self._on_task_message)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_task_finished)
        self._task = task
        _ACTIVE.add(self)
        task.start()

    # -- controls (GUI thread) ---------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop after the current batch; the best weights so far are kept and saved."""
        self._control.request_stop()
        self._forward(StopRun(self._run_id))

    def pause(self) -> None:
        if self._control.paused or self._control.stop_requested:
            return
        self._control.pause()
        self._forward(PauseRun(self._run_id))
        self._emit_paused(True)

    def resume(self) -> None:
        if not self._control.paused:
            return
        self._control.resume()
        self._forward(ResumeRun(self._run_id))
        self._emit_paused(False)

    def detach(self) -> None:
        """The view is gone: stop the run and report nothing more (it still ends cleanly)."""
        self._detached = True
        self.stop()

    def stop_and_wait(self, timeout_ms: int = 5000) -> bool:
        """Stop and block until the run has ended; its last messages are delivered before this returns."""
        task = self._task
        if task is None:
            return True
        self.stop()
        return task.wait(timeout_ms)

    def _forward(self, message) -> None:
        """Pass a control on to the training process, if the run is there."""
        with self._lock:
            process = self._process
        if process is not None:
            try:
                process.send(message)
            except training_process.ProcessGone:
                pass  # the run is ending anyway; the relay reports how

    def _emit_paused(self, paused: bool) -> None:
        if not self._detached:
            self.paused_changed.emit(paused)

    # -- the relay: a background thread ----------------------------------------------------------------------
    def _request(self) -> RunRequest:
        """This run's own copy of the request, naming its table for the training process's cache."""
        frame = self.request.frame
        return replace(self.request, frame_key=(id(frame), len(frame)) if frame is not None else None,
                       flush_interval=self.flush_interval,
                       previous_batch_losses=list(self.request.previous_batch_losses))

    def _execute(self, state: background.TaskState, request: RunRequest) -> None:
        """Execute the run (in the process, or here) and hand each message to the GUI thread."""
        if not self.in_process:
            execute_run(request, state.set_partial_result, self._control, _thread_cache)
            return
        process = training_process.acquire()
        if process.holds(request.frame_key):
            request.frame = None  # the child has this table (and maybe its preprocessing) already
        with self._lock:
            self._process = process
        done = ended = False
        try:
            # the flags are read after _process is set: a control pressed meanwhile is either in them or forwarded
            process.start_run(StartRun(self._run_id, request, self._control.stop_requested, self._control.paused))
            while not done:
                message = process.receive()
                if message is None:
                    break
                done = isinstance(message, RunDone)
                if not isinstance(message, (RunDone, ProcessReady)):
                    ended = ended or isinstance(message, RUN_ENDS)
                    state.set_partial_result(message)
        except training_process.ProcessGone:
            pass
        finally:
            with self._lock:
                self._process = None
        if done:
            training_process.release(process)
            return
        process.close(0)
        code = process.exit_code
        logger.error("The training process ended unexpectedly (exit code %s)", code)
        if not ended:  # else it had already reported the run's end
            state.set_partial_result(RunFailed(QCoreApplication.translate(
                "TrainingRun", "The training process ended unexpectedly (exit code {code}). Your project is "
                "unchanged; press Train to start again.").format(code=code)))

    # -- the relay's reports (GUI thread) ------------------------------------------------------------------------
    @Slot(object)
    def _on_task_message(self, message) -> None:
        if self._detached:
            return
        match message:
            case ReadingImages(done=done, total=total):
                self.reading_images.emit(done, total)
            case RunBegan(info=info):
                self.run_started.emit(info)
            case BatchLosses(points=points):
                self.batch_losses.emit(points)
            case EpochReport(data=data):
                self.epoch_ended.emit(data)
            case RanOutOfMemory(batch_size=batch_size):
                self.ran_out_of_memory.emit(batch_size)
            case RunFinished(record=record, bundle=bundle):
                self.run_finished.emit(record, bundle)
            case RunFailed(message=text, reason=reason, images_droppable=droppable):
                self.run_failed.emit(with_way_out(text, droppable=droppable), reason)
            case Unexpected(summary=summary, details=details):
                self.run_failed.emit(_describe_unexpected(summary, details), None)
            case _:
                logger.error("A training run sent an unknown message: %r", message)

    @Slot(object)
    def _on_task_failed(self, exc: BaseException) -> None:
        """A bug in the relay itself: it must still reach the person as a message."""
        import traceback

        summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        self._on_task_message(Unexpected(summary, "".join(traceback.format_exception(exc)).rstrip()))

    @Slot()
    def _on_task_finished(self) -> None:
        self._task = None
        _ACTIVE.discard(self)
        if not self._detached:
            self.ended.emit()


def _describe_unexpected(summary: str, details: str) -> str:
    from gui.infra import crash_log

    log = crash_log.report_details(summary, details, "the training run")  # a dialog says where
    text = QCoreApplication.translate("TrainingRun", "Training failed unexpectedly ({summary}). The details were "
                                      "written to {log}; your project is unchanged.") if log else \
        QCoreApplication.translate("TrainingRun", "Training failed unexpectedly ({summary}). The details are in "
                                   "the log; your project is unchanged.")
    return text.format(summary=summary[:250], log=log)


def install_quit_hook() -> None:
    background.call_before_quit(_on_application_about_to_quit)


def _on_application_about_to_quit() -> None:
    """Before the app quits: stop every run (its record still delivered), then close the idle training process."""
    stop_all()
    training_process.shutdown()
