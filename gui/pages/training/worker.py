"""The training worker: runs one training job for a QThread and reports with plain-data signals.

The job itself (gui.pages.training.job: prepare, train, score, save the bundle) runs in the training
child process (gui.pages.training.process), so the training loop never competes with the UI thread
for the interpreter lock; this worker sends the request, relays the child's messages as queued
Qt signals, and forwards stop / pause / resume. Nothing torch-shaped crosses to the UI thread:
events are dicts, lists and floats; batch losses come at most ~10 times a second; the model is
saved to a bundle by the job and only its path is sent.
"""

from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from gui.pages.training import process as training_process
from gui.pages.training.job import (FLUSH_INTERVAL, MAX_RECORDED_BATCH_POINTS, JobControl, JobRequest, TableCache,
                              is_out_of_memory, out_of_memory_message, preload, run_job)

logger = logging.getLogger(__name__)

__all__ = ["FLUSH_INTERVAL", "MAX_RECORDED_BATCH_POINTS", "JobRequest", "TrainingWorker", "is_out_of_memory",
           "out_of_memory_message", "preload_engine"]

# Run jobs in the training child process. False runs them in the worker's own thread: tests that
# inject faults into the engine with monkeypatch (which cannot reach another process) use that.
USE_TRAINING_PROCESS = True


_thread_cache = TableCache()  # the table and its preprocessing for runs in the worker thread


def preload_engine() -> None:
    """Start the training process and import the training stack here too (the app needs torch for devices
    and evaluation), so the first Train click starts at once. Safe to call from any thread."""
    if USE_TRAINING_PROCESS:
        training_process.prestart()
    preload()


class TrainingWorker(QObject):
    """Runs one training job in its thread (call `run` there via QThread.started).

    Signals (emitted in the worker thread, queued to receivers in the UI thread):
        run_started(dict): RunStarted fields (device_name, steps_per_epoch, first_epoch, epochs, ...).
        batch_losses(list): [[global_step, loss], ...] since the previous flush, ≤ ~10 signals a second.
        epoch_ended(dict): EpochEnded fields (epoch, train_loss, val_loss, metrics, lr, samples_per_sec).
        run_finished(dict, str): the run record (JSON-safe, with bundle/checkpoint/metrics_csv paths and
            test_outputs as lists) and the bundle path.
        run_failed(str): a message for a person (no traceback).
        ran_out_of_memory(int): the device ran out of memory at this batch size (sent just before run_failed,
            so the page can offer a retry at a smaller batch).
        paused_changed(bool): the pause state changed.
        done(): the worker has finished (after run_finished or run_failed).
    Controls (any thread): request_stop(), pause(), resume(); honoured within one batch.
    """

    run_started = Signal(dict)
    batch_losses = Signal(list)
    epoch_ended = Signal(dict)
    run_finished = Signal(dict, str)
    run_failed = Signal(str)
    ran_out_of_memory = Signal(int)
    paused_changed = Signal(bool)
    done = Signal()

    def __init__(self, inputs: JobRequest, flush_interval: float = FLUSH_INTERVAL):
        super().__init__()
        self.inputs = inputs
        self.flush_interval = flush_interval
        self._lock = threading.Lock()
        self._control = JobControl()  # the flags; acts on the job itself when it runs in this thread
        self._process: training_process.TrainingProcess | None = None
        self._run_id = 0

    # -- controls: any thread ------------------------------------------------------------------------
    def request_stop(self) -> None:
        """Stop after the current batch; the best weights so far are kept and saved."""
        with self._lock:
            self._control.request_stop()
        self._forward("stop")

    def pause(self) -> None:
        with self._lock:
            changed = not self._control.paused and not self._control.stop_requested
            if changed:
                self._control.pause()
        if changed:
            self._forward("pause")
            self._emit_paused(True)

    def resume(self) -> None:
        with self._lock:
            changed = self._control.paused
            if changed:
                self._control.resume()
        if changed:
            self._forward("resume")
            self._emit_paused(False)

    def _forward(self, kind: str) -> None:
        """Pass a control on to the training process, if the run is there."""
        with self._lock:
            process, run_id = self._process, self._run_id
        if process is not None:
            try:
                process.send((kind, run_id))
            except training_process.ProcessGone:
                pass  # the run is ending anyway; its receive loop reports how

    def _emit_paused(self, paused: bool) -> None:
        try:
            self.paused_changed.emit(paused)
        except RuntimeError:  # the run ended and Qt already deleted this object
            pass

    @property
    def stop_requested(self) -> bool:
        return self._control.stop_requested

    # -- the run: worker thread -----------------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        """Prepare, train, score and save; always ends with run_finished or run_failed, then done."""
        try:
            request = self._request()
            if USE_TRAINING_PROCESS:
                self._run_in_process(request)
            else:
                run_job(request, self._dispatch, self._control, _thread_cache)
        except Exception as exc:  # noqa: BLE001 - a bug here must still reach the user as a message
            summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self._dispatch(("unexpected", summary, "".join(traceback.format_exception(exc)).rstrip()))
        finally:
            self.done.emit()
            app = QCoreApplication.instance()
            if app is not None and self.thread() is not app.thread():
                self.thread().quit()  # a direct call: the UI thread may be blocked in QThread.wait()

    def _request(self) -> JobRequest:
        """This run's own copy of the inputs, naming its table for the training process's cache."""
        frame = self.inputs.frame
        return replace(self.inputs, frame_key=(id(frame), len(frame)), flush_interval=self.flush_interval,
                       previous_batch_losses=list(self.inputs.previous_batch_losses))

    def _run_in_process(self, request: JobRequest) -> None:
        """Send the run to a training process and relay its messages until it says done (or dies)."""
        process = training_process.acquire()
        if process.holds(request.frame_key):
            request.frame = None  # the child has this table (and maybe its preprocessing) already
        with self._lock:
            self._process, self._run_id = process, training_process.next_run_id()
            stopped, paused = self._control.stop_requested, self._control.paused
            run_id = self._run_id
        finished = ended = False
        try:
            process.start_run(request, run_id, stopped, paused)
            while True:
                message = process.receive()
                if message is None:
                    break
                if message[0] == "done":
                    finished = True
                    break
                if message[0] != "ready":
                    ended = ended or message[0] in ("run_finished", "run_failed", "unexpected")
                    self._dispatch(message)
        except training_process.ProcessGone:
            pass
        finally:
            with self._lock:
                self._process = None
        if finished:
            training_process.release(process)
            return
        process.close(0)
        code = process.exit_code
        logger.error("The training process ended unexpectedly (exit code %s)", code)
        if ended:
            return  # it had already reported the run's end
        self.run_failed.emit(f"The training process ended unexpectedly (exit code {code}). Your project is "
                             "unchanged; press Train to start again.")

    def _dispatch(self, message: tuple) -> None:
        """One message from the job (gui.pages.training.job) as the matching signal."""
        kind = message[0]
        if kind == "unexpected":
            self.run_failed.emit(self._describe_unexpected(message[1], message[2]))
        else:
            getattr(self, kind).emit(*message[1:])

    @staticmethod
    def _describe_unexpected(summary: str, details: str) -> str:
        from gui.infra import crash_log

        log = crash_log.report_details(summary, details, "the training worker")  # a dialog says where
        where = f"were written to {log}" if log else "are in the log"
        return (f"Training failed unexpectedly ({summary[:250]}). "
                f"The details {where}; your project is unchanged.")
