"""Plain files written beside a bundle: the per-epoch metrics table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from engine.io.atomic import write_text_atomic
from engine.training import EpochEnded


def write_metrics_csv(path: str | Path, history: list[EpochEnded]) -> Path:
    """Write one row per epoch (epoch, train_loss, val_loss, metrics..., lr, seconds, samples_per_sec)."""
    rows = []
    for e in history:
        row = {"epoch": e.epoch, "train_loss": e.train_loss, "val_loss": e.val_loss}
        row.update({f"val_{k}": v for k, v in e.metrics.items()})
        row.update({"lr": e.lr, "seconds": e.seconds, "samples_per_sec": e.samples_per_sec})
        rows.append(row)
    path = Path(path)
    write_text_atomic(path, pd.DataFrame(rows).to_csv(index=False))
    return path
