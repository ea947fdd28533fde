"""Training: configuration, the loop, its events and checkpoints."""

from engine.training.config import OPTIMIZERS, PRECISIONS, SCHEDULES, TrainConfig, auto_config
from engine.training.events import (CANCELLED, DIVERGED, EARLY_STOPPED, FINISHED, THRESHOLD, BatchEnded, Callback,
                                    EpochEnded, History, RunEnded, RunStarted)
from engine.training.trainer import RunResult, Trainer, loss_function, target_tensor

__all__ = [
    "OPTIMIZERS", "PRECISIONS", "SCHEDULES", "TrainConfig", "auto_config", "CANCELLED", "DIVERGED", "EARLY_STOPPED",
    "FINISHED", "THRESHOLD", "BatchEnded", "Callback", "EpochEnded", "History", "RunEnded", "RunStarted", "RunResult",
    "Trainer", "loss_function", "target_tensor",
]
