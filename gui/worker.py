"""The training worker: runs engine.pipeline.TrainingJob in a QThread and reports with plain-data signals.

Nothing torch-shaped crosses to the UI thread: events become dicts, lists and floats; batch
losses are collected and flushed at most `flush_interval` seconds apart (never one signal per
batch); the model is saved to a bundle in the worker thread and only its path is sent.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

logger = logging.getLogger(__name__)

FLUSH_INTERVAL = 0.1  # seconds between batch-loss signals (~10 a second)
MAX_RECORDED_BATCH_POINTS = 4000  # batch losses kept in a run's record for later plots


@dataclass
class WorkerInputs:
    """Copies of everything a run needs; the worker never reads the live document."""

    frame: object  # pandas.DataFrame (read-only while the run lasts)
    schema: object  # engine.data.Schema copy
    spec: object  # engine.graph.ModelSpec copy
    config: object  # engine.training.TrainConfig copy
    split: object  # engine.preprocess.Split copy
    bundle_path: Path
    checkpoint_path: Path
    resume_from: Path | None = None
    previous_batch_losses: list = field(default_factory=list)  # carried into the record on "continue"


class _PreparedCache:
    """The last prepared data (split + fitted preprocessing), reused while the table, columns and split match.

    A second run on the same data (a new design, other settings, Continue) then skips the
    preprocessing. The frame is held so that its id cannot be reused by another table.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._frame = None
        self._data = None

    @staticmethod
    def key(inputs: WorkerInputs):
        return (id(inputs.frame), len(inputs.frame), json.dumps(inputs.schema.to_dict(), sort_keys=True, default=str),
                json.dumps(inputs.split.to_dict(), sort_keys=True, default=str))

    def get(self, key):
        with self._lock:
            return self._data if key == self._key else None

    def put(self, key, frame, data) -> None:
        with self._lock:
            self._key, self._frame, self._data = key, frame, data


prepared_cache = _PreparedCache()


def preload_engine() -> None:
    """Import the training stack (torch, sklearn) so the first Train click starts at once.

    Safe to call from any thread; the main window or the Training page calls it in the background.
    """
    import engine.bundle  # noqa: F401
    import engine.pipeline  # noqa: F401
    import engine.run_files  # noqa: F401
    import torch

    # torch.optim imports torch._dynamo on the first optimizer built (seconds): pay it here, not on Train.
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


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

    def __init__(self, inputs: WorkerInputs, flush_interval: float = FLUSH_INTERVAL):
        super().__init__()
        self.inputs = inputs
        self.flush_interval = flush_interval
        self._lock = threading.Lock()
        self._job = None
        self._stop_requested = False
        self._paused = False

    # -- controls: any thread ------------------------------------------------------------------------
    def request_stop(self) -> None:
        """Stop after the current batch; the best weights so far are kept and saved."""
        with self._lock:
            self._stop_requested = True
            job = self._job
        if job is not None:
            job.request_stop()

    def pause(self) -> None:
        with self._lock:
            changed = not self._paused and not self._stop_requested
            self._paused = self._paused or changed
            job = self._job
        if job is not None and changed:
            job.pause()
        if changed:
            self._emit_paused(True)

    def resume(self) -> None:
        with self._lock:
            changed = self._paused
            self._paused = False
            job = self._job
        if job is not None and changed:
            job.resume()
        if changed:
            self._emit_paused(False)

    def _emit_paused(self, paused: bool) -> None:
        try:
            self.paused_changed.emit(paused)
        except RuntimeError:  # the run ended and Qt already deleted this object
            pass

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    # -- the run: worker thread -----------------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        """Prepare, train, score and save; always ends with run_finished or run_failed, then done."""
        out_of_memory = False
        try:
            self._run()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
            out_of_memory = is_out_of_memory(exc)
            if out_of_memory:
                batch = int(getattr(self.inputs.config, "batch_size", 0) or 0)
                logger.warning("Out of device memory at batch size %s: %s", batch, str(exc)[:300])
                self.ran_out_of_memory.emit(batch)
                self.run_failed.emit(out_of_memory_message(batch))
            else:
                self.run_failed.emit(self._describe(exc))
        finally:
            if out_of_memory:
                _free_device_memory()
            self.done.emit()
            app = QCoreApplication.instance()
            if app is not None and self.thread() is not app.thread():
                self.thread().quit()  # a direct call: the UI thread may be blocked in QThread.wait()

    def _run(self) -> None:
        from engine.bundle import save_bundle
        from engine.jsonutil import json_safe
        from engine.pipeline import TrainingJob, sample_outputs
        from engine.run_files import write_metrics_csv
        from gui.run_files import metrics_csv_for

        inputs = self.inputs
        relay = _make_relay(self, self.flush_interval, list(inputs.previous_batch_losses))
        job = TrainingJob(inputs.frame, inputs.schema, inputs.spec, inputs.config, inputs.split,
                          callbacks=[relay], checkpoint_path=inputs.checkpoint_path)
        with self._lock:
            self._job = job
            if self._stop_requested:
                job.request_stop()
            elif self._paused:
                job.pause()
        key = prepared_cache.key(inputs)
        job.data = prepared_cache.get(key)
        if job.data is None:
            prepared_cache.put(key, inputs.frame, job.prepare())
        trained = job.run(resume_from=inputs.resume_from)
        history = trained.result.history
        if not history:
            message = trained.result.message.replace(" The weights from the last good epoch are kept.", "")
            self.run_failed.emit(f"{message} No epoch finished, so there is no model to save.".strip())
            return
        bundle = save_bundle(inputs.bundle_path, trained)
        metrics_csv = write_metrics_csv(metrics_csv_for(bundle), history)
        record = trained.to_record()
        record.update({
            "bundle": str(bundle),
            "checkpoint": str(inputs.checkpoint_path),
            "metrics_csv": str(metrics_csv),
            "engine_path": trained.result.started.engine_path if trained.result.started else "",
            "steps_per_epoch": trained.result.started.steps_per_epoch if trained.result.started else 0,
            "batch_losses": _thin(relay.recorded, MAX_RECORDED_BATCH_POINTS),
            "test_outputs": {k: v.tolist() for k, v in sample_outputs(trained.test_outputs).items()},
        })
        self.run_finished.emit(json_safe(record), str(bundle))

    def _describe(self, exc: Exception) -> str:
        from engine.errors import LayerLabError

        if isinstance(exc, (LayerLabError, ValueError)):
            return str(exc)
        if self.inputs.resume_from is not None and isinstance(exc, RuntimeError) and "state_dict" in str(exc):
            return ("The run's checkpoint no longer fits the data (its columns changed since the run). "
                    "Continue training needs the same columns: train a new run instead.")
        from gui import crash_log

        log = crash_log.report_exception(exc, "the training worker")  # logged with its traceback; a dialog says so
        where = f"were written to {log}" if log else "are in the log"
        return (f"Training failed unexpectedly ({type(exc).__name__}: {str(exc)[:200]}). "
                f"The details {where}; your project is unchanged.")


def is_out_of_memory(exc: BaseException) -> bool:
    """True for the device running out of memory (CUDA's OutOfMemoryError, or MPS/CUDA's RuntimeError text)."""
    torch = sys.modules.get("torch")
    oom_type = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None) if torch else None
    if oom_type is not None and isinstance(exc, oom_type):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def out_of_memory_message(batch_size: int) -> str:
    """What to tell a person whose run ran out of GPU memory."""
    at = f" at batch size {batch_size}" if batch_size else ""
    smaller = f" (e.g. {max(1, batch_size // 2)})" if batch_size > 1 else ""
    return (f"The GPU ran out of memory{at}. Try a smaller batch size{smaller}, a smaller model, or close other "
            "programs that use the GPU. Your project is unchanged.")


def _free_device_memory() -> None:
    """Give cached GPU memory back after an out-of-memory error, so a retry starts from a clean slate."""
    torch = sys.modules.get("torch")
    try:
        if torch is not None and torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception:  # noqa: BLE001 - best effort only
        logger.debug("Could not empty the CUDA cache", exc_info=True)


def _make_relay(worker: "TrainingWorker", flush_interval: float, recorded: list):
    """An engine Callback relaying to `worker` (the Callback class needs torch, so it is made here, lazily)."""
    from engine.training import Callback

    class Relay(_EventRelay, Callback):
        pass

    return Relay(worker, flush_interval, recorded)


class _EventRelay:
    """Turns engine events into throttled worker signals; runs in the worker thread."""

    def __init__(self, worker: TrainingWorker, flush_interval: float, recorded: list):
        self.worker = worker
        self.flush_interval = flush_interval
        self.pending: list[list] = []
        self.recorded = recorded
        self.last_flush = -float("inf")  # the first batch is sent at once: the curve starts immediately

    def on_run_start(self, event) -> None:
        self.worker.run_started.emit(event.to_dict())

    def on_batch_end(self, event) -> None:
        point = [event.global_step, event.loss]
        self.pending.append(point)
        self.recorded.append(point)
        now = time.perf_counter()
        if now - self.last_flush >= self.flush_interval:
            self._flush(now)

    def on_epoch_end(self, event) -> None:
        self._flush(time.perf_counter())
        data = event.to_dict()
        data["metrics"] = dict(data.get("metrics") or {})
        self.worker.epoch_ended.emit(data)

    def on_run_end(self, event) -> None:
        self._flush(time.perf_counter())

    def _flush(self, now: float) -> None:
        if self.pending:
            points, self.pending = self.pending, []
            self.worker.batch_losses.emit(points)
        self.last_flush = now


def _thin(points: list, most: int) -> list:
    if len(points) <= most:
        return [list(p) for p in points]
    step = len(points) / most
    return [list(points[int(i * step)]) for i in range(most)]
