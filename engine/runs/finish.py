"""Finishing a run: save its model bundle and per-epoch metrics CSV, and say where they are.

The CLI (`layerlab train`) and the app's training process both end a run here, so a run stopped before
its first epoch is refused the same way everywhere and its files are named by one rule (engine.runs.files).
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import DataError
from engine.runs.files import checkpoint_for, metrics_csv_for, write_metrics_csv
from engine.runs.record import RunRecord

KEPT_WEIGHTS_NOTE = " The weights from the last good epoch are kept."


class NoModelToSave(DataError):
    """The run ended before its first epoch finished: there are no weights worth a bundle."""


def no_model_message(message: str) -> str:
    """Why a run that finished no epoch has nothing to save, for a person (the run's own message first)."""
    message = (message or "").replace(KEPT_WEIGHTS_NOTE, "")
    return f"{message} No epoch finished, so there is no model to save.".strip()


def finish_run(trained, bundle_path: str | Path, checkpoint_path: str | Path | None = None) -> RunRecord:
    """Save a TrainedModel's bundle at `bundle_path` and its metrics CSV beside it (atomically).

    Args:
        trained: engine.runs.pipeline.TrainedModel.
        bundle_path: where the *.llmodel goes; the metrics CSV is `<stem>-metrics.csv` beside it.
        checkpoint_path: the run's resumable checkpoint (default: `<bundle>.ckpt`, where the Trainer
            was told to write it).

    Returns:
        trained.record with its bundle, checkpoint and metrics_csv paths (absolute) filled in.

    Raises:
        NoModelToSave: no epoch finished. OSError: a file could not be written.
    """
    from engine.io.bundle import save_bundle

    if not trained.result.history:
        raise NoModelToSave(no_model_message(trained.result.message))
    bundle = save_bundle(bundle_path, trained)
    metrics_csv = write_metrics_csv(metrics_csv_for(bundle), trained.result.history)
    checkpoint = Path(checkpoint_path) if checkpoint_path else checkpoint_for(bundle)
    record = trained.record.with_changes(bundle=str(Path(bundle).resolve()), checkpoint=str(checkpoint.resolve()),
                                         metrics_csv=str(metrics_csv.resolve()))
    trained.record = record
    return record
