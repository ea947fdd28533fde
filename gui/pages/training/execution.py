"""One training run from start to saved bundle, reported as protocol messages (no Qt here).

`execute_run` is what the training child process executes for each StartRun
(gui.pages.training.process); a TrainingRun in in-thread mode calls it in its own background thread
(gui.pages.training.run). Either way it reports through `send(message)`, one of the dataclasses of
gui.pages.training.protocol: RunBegan, BatchLosses (throttled to ~10 a second), EpochReport, then
RunFinished, RunFailed (after RanOutOfMemory when the device ran out of memory) or Unexpected.
`RunControl` carries Stop / Pause / Resume to the run; `TableCache` keeps the last table between runs.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
import traceback

from gui.pages.training.protocol import (FLUSH_INTERVAL, BatchLosses, EpochReport, RanOutOfMemory, ReadingImages,
                                         RunFailed, RunFinished, RunRequest, RunBegan, Unexpected)

logger = logging.getLogger(__name__)

__all__ = ["FLUSH_INTERVAL", "MAX_RECORDED_BATCH_POINTS", "RunControl", "TableCache", "execute_run",
           "is_out_of_memory", "out_of_memory_message", "preload"]

MAX_RECORDED_BATCH_POINTS = 4000  # batch losses kept in a run's record for later plots


class RunControl:
    """Stop / pause / resume for one run, which may not have started yet (any thread).

    The flags are kept until the run's pipeline is attached, then passed on to it at once.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._pipeline = None
        self.stop_requested = False
        self.paused = False

    def attach(self, pipeline) -> None:
        with self._lock:
            self._pipeline = pipeline
            if self.stop_requested:
                pipeline.request_stop()
            elif self.paused:
                pipeline.pause()

    def request_stop(self) -> None:
        with self._lock:
            self.stop_requested = True
            pipeline = self._pipeline
        if pipeline is not None:
            pipeline.request_stop()

    def pause(self) -> None:
        with self._lock:
            self.paused = True
            pipeline = self._pipeline
        if pipeline is not None:
            pipeline.pause()

    def resume(self) -> None:
        with self._lock:
            self.paused = False
            pipeline = self._pipeline
        if pipeline is not None:
            pipeline.resume()


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

    def frame_for(self, request: RunRequest):
        with self._lock:
            if request.frame is not None:
                if request.frame_key != self.frame_key:
                    self._data_key = self._data = None
                self.frame_key, self.frame = request.frame_key, request.frame
            elif request.frame_key != self.frame_key:
                raise RuntimeError("The training process was sent no table.")
            return self.frame

    @staticmethod
    def data_key(request: RunRequest):
        return (request.frame_key, json.dumps(request.schema.to_dict(), sort_keys=True, default=str),
                json.dumps(request.split.to_dict(), sort_keys=True, default=str), str(request.base_dir),
                request.image_size, request.drop_unreadable)

    def data_for(self, request: RunRequest):
        with self._lock:
            return self._data if self.data_key(request) == self._data_key else None

    def keep_data(self, request: RunRequest, data) -> None:
        with self._lock:
            self._data_key, self._data = self.data_key(request), data


def preload() -> None:
    """Import the training stack so the first run starts at once (any thread)."""
    import engine.io.bundle  # noqa: F401
    import engine.runs.pipeline  # noqa: F401
    import engine.runs.files  # noqa: F401
    import torch

    # torch._dynamo (seconds) is imported by the first optimizer built here, and by an image or text run's first
    # step (a table's run skips it: engine.training.lazy_dynamo): paid here, not on Train.
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def execute_run(request: RunRequest, send, control: RunControl, cache: TableCache) -> None:
    """Prepare, train, score and save one run, reporting protocol messages through `send`.

    The last message sent is RunFinished, RunFailed or Unexpected; nothing is raised.
    """
    try:
        _run(request, send, control, cache)
    except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
        if is_out_of_memory(exc):
            batch = int(getattr(request.config, "batch_size", 0) or 0)
            logger.warning("Out of device memory at batch size %s: %s", batch, str(exc)[:300])
            _free_device_memory()
            send(RanOutOfMemory(batch))
            send(RunFailed(out_of_memory_message(batch)))
        elif _expected(exc, request):
            send(RunFailed(_describe_expected(exc, request), images_droppable=bool(getattr(exc, "droppable", False))))
        else:
            summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            send(Unexpected(summary, "".join(traceback.format_exception(exc)).rstrip()))


def _run(request: RunRequest, send, control: RunControl, cache: TableCache) -> None:
    from engine.runs.finish import NoModelToSave, finish_run
    from engine.runs.pipeline import RunPipeline

    frame = cache.frame_for(request)
    relay = _make_relay(send, request.flush_interval, list(request.previous_batch_losses))
    pipeline = RunPipeline(frame, request.schema, request.spec, request.config, request.split,
                           callbacks=[relay], checkpoint_path=request.checkpoint_path, base_dir=request.base_dir,
                           image_size=request.image_size, drop_unreadable=request.drop_unreadable)
    control.attach(pipeline)
    pipeline.data = cache.data_for(request)
    if pipeline.data is None:
        cache.keep_data(request, pipeline.prepare(progress=lambda done, total: send(ReadingImages(done, total))))
    trained = pipeline.run(resume_from=request.resume_from)
    trained.record = trained.record.with_changes(batch_losses=_thin(relay.recorded, MAX_RECORDED_BATCH_POINTS))
    try:
        record = finish_run(trained, request.bundle_path, request.checkpoint_path)
    except NoModelToSave as exc:
        send(RunFailed(str(exc), trained.result.reason))
        return
    send(RunFinished(record, record.bundle))


def _expected(exc: Exception, request: RunRequest) -> bool:
    from engine.errors import LayerLabError

    return isinstance(exc, (LayerLabError, ValueError)) or _checkpoint_mismatch(exc, request)


def _checkpoint_mismatch(exc: Exception, request: RunRequest) -> bool:
    return request.resume_from is not None and isinstance(exc, RuntimeError) and "state_dict" in str(exc)


def _describe_expected(exc: Exception, request: RunRequest) -> str:
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
    """What to tell a person whose run ran out of GPU memory (English in the training process, which has no
    translator: the page says it again in the app's language)."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    at = translate("TrainingRun", " at batch size {size}").format(size=batch_size) if batch_size else ""
    smaller = translate("TrainingRun", " (e.g. {size})").format(size=max(1, batch_size // 2)) if batch_size > 1 else ""
    return translate("TrainingRun", "The GPU ran out of memory{at}. Try a smaller batch size{smaller}, a smaller "
                     "model, or close other programs that use the GPU. Your project is unchanged.").format(
        at=at, smaller=smaller)


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
    """Turns engine events into protocol messages, batch losses throttled at the source; runs in the
    training loop's thread."""

    def __init__(self, send, flush_interval: float, recorded: list):
        self.send = send
        self.flush_interval = flush_interval
        self.pending: list[list] = []
        self.recorded = recorded
        self.last_flush = -float("inf")  # the first batch is sent at once: the curve starts immediately

    def on_run_start(self, event) -> None:
        self.send(RunBegan(event.to_dict()))

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
        self.send(EpochReport(data))

    def on_run_end(self, event) -> None:
        self._flush(time.perf_counter())

    def _flush(self, now: float) -> None:
        if self.pending:
            points, self.pending = self.pending, []
            self.send(BatchLosses(points))
        self.last_flush = now


def _thin(points: list, most: int) -> list:
    if len(points) <= most:
        return [list(p) for p in points]
    step = len(points) / most
    return [list(points[int(i * step)]) for i in range(most)]
