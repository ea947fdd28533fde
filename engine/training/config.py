"""TrainConfig: every knob of a training run, as plain JSON-able data."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop")
SCHEDULES = ("none", "step", "cosine", "one_cycle", "plateau")
PRECISIONS = ("off", "bf16", "fp16")


@dataclass
class TrainConfig:
    """Hyper-parameters of one run. Defaults are the tutorial's (adam, lr 1e-3, 10 epochs, batch 32)."""

    epochs: int = 10
    batch_size: int = 32
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "none"
    step_size: int = 10
    gamma: float = 0.5
    early_stopping: bool = False
    patience: int = 5
    min_delta: float = 0.0
    restore_best: bool = True
    loss_threshold: float | None = None
    seed: int = 0
    device: str = "auto"
    precision: str = "off"
    tensorboard: bool = False

    def validate(self) -> list[str]:
        """Every problem with these settings, as sentences for a person (empty when fine)."""
        problems = []
        if not isinstance(self.epochs, int) or not 1 <= self.epochs <= 100_000:
            problems.append(f"Epochs must be a whole number from 1 to 100000 (got {self.epochs}).")
        if not isinstance(self.batch_size, int) or not 1 <= self.batch_size <= 1_000_000:
            problems.append(f"Batch size must be a whole number from 1 to 1000000 (got {self.batch_size}).")
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"Optimizer '{self.optimizer}' is unknown: choose one of {', '.join(OPTIMIZERS)}.")
        if not (isinstance(self.learning_rate, (int, float)) and math.isfinite(self.learning_rate) and self.learning_rate > 0):
            problems.append(f"Learning rate must be a positive number (got {self.learning_rate}).")
        if not (isinstance(self.weight_decay, (int, float)) and self.weight_decay >= 0):
            problems.append(f"Weight decay must be zero or positive (got {self.weight_decay}).")
        if self.schedule not in SCHEDULES:
            problems.append(f"Schedule '{self.schedule}' is unknown: choose one of {', '.join(SCHEDULES)}.")
        if self.precision not in PRECISIONS:
            problems.append(f"Precision '{self.precision}' is unknown: choose one of {', '.join(PRECISIONS)}.")
        if self.patience < 1:
            problems.append(f"Patience must be at least 1 epoch (got {self.patience}).")
        if self.step_size < 1:
            problems.append(f"Step size must be at least 1 epoch (got {self.step_size}).")
        return problems

    def to_dict(self) -> dict:
        """JSON-safe dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        """Build from a dict; unknown keys (from newer versions) are ignored, missing ones take defaults."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(data).items() if k in known})


def auto_config(n_train: int) -> TrainConfig:
    """Defaults for an arbitrary table: early stopping on a capped epoch budget sized to the data.

    Small tables get small batches and many epochs; large ones larger batches, so a run
    processes a few million samples at most before early stopping decides.
    """
    if n_train < 2_000:
        batch = 32
    elif n_train < 20_000:
        batch = 64
    elif n_train < 200_000:
        batch = 256
    else:
        batch = 1024
    budget_samples = 4_000_000
    epochs = int(min(300, max(15, budget_samples // max(n_train, 1))))
    return TrainConfig(
        epochs=epochs,
        batch_size=batch,
        optimizer="adamw",
        learning_rate=1e-3,
        weight_decay=1e-4,
        schedule="plateau",
        early_stopping=True,
        patience=max(5, min(20, epochs // 10)),
        restore_best=True,
    )
