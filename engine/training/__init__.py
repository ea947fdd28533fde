"""Training: configuration, the loop, its events and checkpoints.

Importing this package does not import torch (the GUI starts faster); Trainer loads it.
"""

from engine.training.config import OPTIMIZERS, PRECISIONS, SCHEDULES, TrainConfig, auto_config
from engine.training.events import (BatchEnded, Callback, EndReason, EpochEnded, RunEnded, RunStarted,
                                    reason_words)

_PARTS = ("loss_function", "target_tensor")  # from engine.training.parts


def __getattr__(name: str):
    """The loop needs torch; settings and events do not. Load the loop (and torch) on first use."""
    if name == "Trainer":
        from engine.training.trainer import Trainer

        return Trainer
    if name in _PARTS:
        from engine.training import parts

        return getattr(parts, name)
    raise AttributeError(f"module 'engine.training' has no attribute {name!r}")


__all__ = [
    "OPTIMIZERS", "PRECISIONS", "SCHEDULES", "TrainConfig", "auto_config", "EndReason", "reason_words",
    "BatchEnded", "Callback", "EpochEnded", "RunEnded", "RunStarted",
    "Trainer", "loss_function", "target_tensor",
]
