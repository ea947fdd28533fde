"""One training run from start to saved bundle, reporting plain-data messages (no Qt here).

`run_job` is what the training child process executes for each request (gui.pages.training.process);
the worker can also call it in its own thread (gui.pages.training.worker). Either way it reports through
`send(message)`, a tuple whose first item names it:

    ("run_started", dict)            RunStarted fields
    ("batch_losses", list)           [[global_step, loss], ...] since the last flush (~10 a second)
    ("epoch_ended", dict)            EpochEnded fields
    ("run_finished", dict, str)      the run record (JSON-safe) and the bundle path
    ("run_failed", str)              a message for a person
    ("ran_out_of_memory", int)       sent before run_failed when the device ran out of memory
    ("unexpected", str, str)         an engine bug: summary ("KeyError: ...") and traceback text;
                                     the receiver logs it and tells the person where

The last message of every run is one of run_finished, run_failed or unexpected.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

FLUSH_INTERVAL = 0.1  # seconds between batch-loss messages (~10 a second)
MAX_RECORDED_BATCH_POINTS = 4000  # batch losses kept in a run's record for later plots


@dataclass
class JobRequest:
    """Copies of everything a run needs (picklable: it crosses into the training process); the run
    never reads the live document."""

    frame: object  # pandas.DataFrame, or None when the receiver already holds the table with frame_key
    schema: object  # engine.data.Schema copy
    spec: object  # engine.graph.ModelSpec copy
    config: object  # engine.training.TrainConfig copy
    split: object  # engine.preprocess.Split copy
    bundle_path: Path
    checkpoint_path: Path
    resume_from: Path | None = None
    previous_batch_losses: list = field(default_factory=list)  # carried into the record on "continue"
    flush_interval: float = FLUSH_INTERVAL
    frame_key: tuple | None = None  # identifies the table (set by the worker when it sends the request)


class JobControl:
    """Stop / pause / resume for a run that may not have started yet (any thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._job = None
        self.stop_requested = False
        self.paused = False

    def attach(self, job) -> None:
        with self._lock:
            self._job = job
            if self.stop_requested:
                job.request_stop()
            elif self.paused:
                job.pause()

    def request_stop(self) -> None:
        with self._lock:
            self.stop_requested = True
            job = self._job
        if job is not None:
            job.request_stop()

    def pause(self) -> None:
        with self._lock:
            self.paused = True
            job = self._job
        if job is not None:
            job.pause()

    def resume(self) -> None:
        with self._lock:
            self.paused = False
            job = self._job
        if job is not None:
            job.resume()


class TableCache:
    """The last table and its prepared data (split + fitted preprocessing), reused while they match.

    A second run on the same data (a new design, other settings, Continue) then skips sending the
    table and preprocessing it again.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.frame_key = None
        self.frame = None
        self._data_key = None
        self._data = None

    def frame_for(self, request: JobRequest):
        with self._lock:
            if request.frame is not None:
                if request.frame_key != self.frame_key:
                    self._data_key = self._data = None
                self.frame_key, self.frame = request.frame_key, request.frame
            elif request.frame_key != self.frame_key:
                raise RuntimeError("The training process was sent no table.")
            return self.frame

    @staticmethod
    def data_key(request: JobRequest):
        return (request.frame_key, json.dumps(request.schema.to_dict(), sort_keys=True, default=str),
                json.dumps(request.split.to_dict(), sort_keys=True, default=str))

    def data_for(self, request: JobRequest):
        with self._lock:
            return self._data if self.data_key(request) == self._data_key else None

    def keep_data(self, request: JobRequest, data) -> None:
        with self._lock:
            self._data_key, self._data = self.data_key(request), data


def preload() -> None:
    """Import the training stack so the first run starts at once (any thread)."""
    import engine.io.bundle  # noqa: F401
    import engine.runs.pipeline  # noqa: F401
    import engine.runs.files  # noqa: F401
    import torch

    # torch.optim imports torch._dynamo on the first optimizer built (seconds): pay it here, not on Train.
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def run_job(request: JobRequest, send, control: JobControl, cache: TableCache) -> None:
    """Prepare, train, score and save; the last message sent is run_finished, run_failed or unexpected."""
    try:
        _run(request, send, control, cache)
    except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
        if is_out_of_memory(exc):
            batch = int(getattr(request.config, "batch_size", 0) or 0)
            logger.warning("Out of device memory at batch size %s: %s", batch, str(exc)[:300])
            _free_device_memory()
            send(("ran_out_of_memory", batch))
            send(("run_failed", out_of_memory_message(batch)))
        elif _expected(exc, request):
            send(("run_failed", _describe_expected(exc, request)))
        else:
            summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            send(("unexpected", summary, "".join(traceback.format_exception(exc)).rstrip()))


def _run(request: JobRequest, send, control: JobControl, cache: TableCache) -> None:
    from engine.io.bundle import save_bundle
    from engine.io.jsonutil import json_safe
    from engine.runs.pipeline import TrainingJob, sample_outputs
    from engine.runs.files import write_metrics_csv
    from gui.pages.training.run_files import metrics_csv_for

    frame = cache.frame_for(request)
    relay = _make_relay(send, request.flush_interval, list(request.previous_batch_losses))
    job = TrainingJob(frame, request.schema, request.spec, request.config, request.split,
                      callbacks=[relay], checkpoint_path=request.checkpoint_path)
    control.attach(job)
    job.data = cache.data_for(request)
    if job.data is None:
        cache.keep_data(request, job.prepare())
    trained = job.run(resume_from=request.resume_from)
    history = trained.result.history
    if not history:
        message = trained.result.message.replace(" The weights from the last good epoch are kept.", "")
        send(("run_failed", f"{message} No epoch finished, so there is no model to save.".strip()))
        return
    bundle = save_bundle(request.bundle_path, trained)
    metrics_csv = write_metrics_csv(metrics_csv_for(bundle), history)
    record = trained.to_record()
    started = trained.result.started
    record.update({
        "bundle": str(bundle),
        "checkpoint": str(request.checkpoint_path),
        "metrics_csv": str(metrics_csv),
        "engine_path": started.engine_path if started else "",
        "steps_per_epoch": started.steps_per_epoch if started else 0,
        "batch_losses": _thin(relay.recorded, MAX_RECORDED_BATCH_POINTS),
        "test_outputs": {k: v.tolist() for k, v in sample_outputs(trained.test_outputs).items()},
    })
    send(("run_finished", json_safe(record), str(bundle)))


def _expected(exc: Exception, request: JobRequest) -> bool:
    from engine.errors import LayerLabError

    return isinstance(exc, (LayerLabError, ValueError)) or _checkpoint_mismatch(exc, request)


def _checkpoint_mismatch(exc: Exception, request: JobRequest) -> bool:
    return request.resume_from is not None and isinstance(exc, RuntimeError) and "state_dict" in str(exc)


def _describe_expected(exc: Exception, request: JobRequest) -> str:
    if _checkpoint_mismatch(exc, request):
        return ("The run's checkpoint no longer fits the data (its columns changed since the run). "
                "Continue training needs the same columns: train a new run instead.")
    return str(exc)


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


def _make_relay(send, flush_interval: float, recorded: list):
    """An engine Callback relaying to `send` (the Callback class needs torch, so it is made here, lazily)."""
    from engine.training import Callback

    class Relay(_EventRelay, Callback):
        pass

    return Relay(send, flush_interval, recorded)


class _EventRelay:
    """Turns engine events into throttled messages; runs in the training loop's thread."""

    def __init__(self, send, flush_interval: float, recorded: list):
        self.send = send
        self.flush_interval = flush_interval
        self.pending: list[list] = []
        self.recorded = recorded
        self.last_flush = -float("inf")  # the first batch is sent at once: the curve starts immediately

    def on_run_start(self, event) -> None:
        self.send(("run_started", event.to_dict()))

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
        self.send(("epoch_ended", data))

    def on_run_end(self, event) -> None:
        self._flush(time.perf_counter())

    def _flush(self, now: float) -> None:
        if self.pending:
            points, self.pending = self.pending, []
            self.send(("batch_losses", points))
        self.last_flush = now


def _thin(points: list, most: int) -> list:
    if len(points) <= most:
        return [list(p) for p in points]
    step = len(points) / most
    return [list(points[int(i * step)]) for i in range(most)]
