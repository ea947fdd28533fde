"""The protocol between the app and the training process, declared once (no Qt here).

Every message is a small dataclass, picklable because it crosses a multiprocessing pipe; receivers
dispatch on its type (`match`), never on a string. The same messages flow when a run executes in
a thread of the app instead (tests that monkeypatch the engine): only the transport differs.

App -> training process:
    StartRun(run_id, request, stopped, paused)   run `request` (a RunRequest); the flags say whether
                                                 Stop or Pause were pressed before it got there
    StopRun(run_id) / PauseRun(run_id) / ResumeRun(run_id)   act on that run within one batch
    Shutdown()                                   stop every run and end the process

Training process (or a run in a thread) -> app, for one run, in order:
    ProcessReady()                the process has imported the training stack (sent once, at start)
    RunBegan(info)                the engine's RunStarted event as a dict (device_name, steps_per_epoch, epochs, ...)
    BatchLosses(points)           [[global_step, loss], ...] since the last flush (~10 a second)
    EpochReport(data)             the engine's EpochEnded event as a dict (epoch, train_loss, val_loss, metrics, ...)
    RanOutOfMemory(batch_size)    sent just before RunFailed when the device ran out of memory
    RunFinished(record, bundle)   the run's record (as execute_run builds it) and the bundle path
    RunFailed(message, reason)    a message for a person; `reason` is the EndReason when the run ended
                                  on its own terms (e.g. CANCELLED: stopped before any epoch finished);
                                  `images_droppable`: the app adds how to leave out rows of missing images
    Unexpected(summary, details)  an engine bug: "KeyError: ..." and the traceback text; the app logs it
    RunDone(run_id)               the run's messages are over; the process is free for the next run

The last message of a run before RunDone is RunFinished, RunFailed or Unexpected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.training.events import EndReason

FLUSH_INTERVAL = 0.1  # seconds between BatchLosses messages (~10 a second)


@dataclass
class RunRequest:
    """Everything one training run needs, as copies (the run never reads the live document).

    Built by gui.pages.training.requests; sent to the training process inside StartRun.
    """

    frame: object  # pandas.DataFrame, or None when the receiver already holds the table named frame_key
    schema: object  # engine.data.Schema copy
    spec: object  # engine.graph.ModelSpec copy
    config: object  # engine.training.TrainConfig copy
    split: object  # engine.preprocess.Split copy
    bundle_path: Path
    checkpoint_path: Path
    resume_from: Path | None = None
    previous_batch_losses: list = field(default_factory=list)  # carried into the record on "continue"
    flush_interval: float = FLUSH_INTERVAL
    frame_key: tuple | None = None  # names the table for the process's cache (set when the run is sent)
    language: str = "en"  # the app's language: the training process says the engine's messages in it
    base_dir: Path | None = None  # the table's folder: image paths are read from it
    image_size: tuple[int, int] | None = None  # (height, width) images are resized to; None: the files' size
    drop_unreadable: bool = False  # leave out rows whose image can't be read (else the run stops and names them)


# -- app -> training process --------------------------------------------------------------------------------
@dataclass(frozen=True)
class StartRun:
    run_id: int
    request: RunRequest
    stopped: bool = False
    paused: bool = False


@dataclass(frozen=True)
class StopRun:
    run_id: int


@dataclass(frozen=True)
class PauseRun:
    run_id: int


@dataclass(frozen=True)
class ResumeRun:
    run_id: int


@dataclass(frozen=True)
class Shutdown:
    pass


# -- training process -> app -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProcessReady:
    pass


@dataclass(frozen=True)
class RunBegan:
    info: dict


@dataclass(frozen=True)
class BatchLosses:
    points: list


@dataclass(frozen=True)
class EpochReport:
    data: dict


@dataclass(frozen=True)
class ReadingImages:
    """Image files read so far, of all, before training starts."""

    done: int
    total: int


@dataclass(frozen=True)
class RanOutOfMemory:
    batch_size: int


@dataclass(frozen=True)
class RunFinished:
    record: object  # the RunRecord execute_run built; carried as is
    bundle: str


@dataclass(frozen=True)
class RunFailed:
    message: str
    reason: EndReason | None = None
    images_droppable: bool = False  # image files were missing, the others fine: the app says how to leave them out


@dataclass(frozen=True)
class Unexpected:
    summary: str
    details: str


@dataclass(frozen=True)
class RunDone:
    run_id: int


RUN_ENDS = (RunFinished, RunFailed, Unexpected)  # one of these is a run's last message before RunDone
