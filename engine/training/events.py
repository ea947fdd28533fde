"""Events a Trainer reports, and the Callback interface that receives them.

Events are plain data (numbers and strings), safe to copy to another thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from engine.i18n import N_, _


class EndReason(StrEnum):
    """Why a run ended; the value is what run records store, `words` what people read."""

    FINISHED = "finished"
    EARLY_STOPPED = "early-stopped"
    THRESHOLD = "threshold reached"
    CANCELLED = "cancelled"
    DIVERGED = "diverged"

    @property
    def words(self) -> str:
        return _(_REASON_WORDS[self])


_REASON_WORDS = {EndReason.FINISHED: N_("finished"), EndReason.EARLY_STOPPED: N_("early stopping"),
                 EndReason.THRESHOLD: N_("loss threshold reached"), EndReason.CANCELLED: N_("stopped by the user"),
                 EndReason.DIVERGED: N_("diverged")}  # English; `words` is in the user's language


def reason_words(reason: str) -> str:
    """A stored end reason in the words shown everywhere; an unknown one (a newer file) as it is."""
    try:
        return EndReason(reason).words
    except ValueError:
        return str(reason)


@dataclass
class RunStarted:
    device: str
    device_name: str
    n_train: int
    n_val: int
    steps_per_epoch: int
    first_epoch: int
    epochs: int
    batch_size: int
    parameters: int
    engine_path: str = "autograd"
    constant_loss: float | None = None  # validation loss of a constant prediction (engine.insight.fitting)
    streamed_mb: float = 0.0  # MB of decoded training images read from disk batch by batch (0: all in memory)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class BatchEnded:
    epoch: int
    step: int  # 1-based step within the epoch
    global_step: int
    loss: float  # mean training loss over the batches since the previous BatchEnded


@dataclass
class EpochEnded:
    epoch: int  # 1-based
    train_loss: float
    val_loss: float
    metrics: dict = field(default_factory=dict)
    lr: float = 0.0
    seconds: float = 0.0
    samples_per_sec: float = 0.0  # training phase only (validation excluded)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class RunEnded:
    """Why and where a run stopped; Trainer.fit returns the one it reported.

    ``history`` holds every epoch's numbers (a resumed run's earlier epochs too) and ``started``
    the run's RunStarted, so a caller needs no callback to read them.
    """

    reason: str
    message: str
    epochs_run: int
    best_epoch: int | None
    best_val_loss: float | None
    seconds: float
    history: list[EpochEnded] = field(default_factory=list)
    started: RunStarted | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class Callback:
    """Receives a Trainer's events; override the hooks you need. Runs on the training thread."""

    def on_run_start(self, event: RunStarted) -> None:
        pass

    def on_batch_end(self, event: BatchEnded) -> None:
        pass

    def on_epoch_end(self, event: EpochEnded) -> None:
        pass

    def on_run_end(self, event: RunEnded) -> None:
        pass
