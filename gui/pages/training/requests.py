"""What a run is asked to do, built from the document: a new run, or more epochs of a recorded one,
and what a continued run's record keeps of the run it carries on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from gui.pages.training.run_files import checkpoint_for, next_run_paths
from gui.pages.training.runs_list import run_label
from gui.pages.training.protocol import RunRequest


def new_run_request(document) -> RunRequest:
    """A new run of the document's model, data and settings (copies: later edits don't reach the run)."""
    from engine.preprocess import Split
    from engine.training.config import TrainConfig

    bundle, checkpoint = next_run_paths(document)
    return RunRequest(frame=document.table.frame, schema=document.schema.copy(), spec=document.run_spec(),
                      config=TrainConfig.from_dict(document.config.to_dict()),
                      split=Split.from_dict(document.split.to_dict()), bundle_path=bundle,
                      checkpoint_path=checkpoint)


def continue_request(document, index: int, more_epochs: int) -> RunRequest | str:
    """Run `index` resumed from its checkpoint for `more_epochs`, or why it can't be (a sentence)."""
    from engine.graph import ModelSpec
    from engine.preprocess import Split
    from engine.training.config import TrainConfig

    record = document.runs[index]
    if record.get("target") and document.schema.target != record["target"]:
        return (f"{run_label(index)} predicted '{record['target']}', the data now targets "
                f"'{document.schema.target}': train a new run instead.")
    config = TrainConfig.from_dict(record.get("config") or {})
    config.epochs = int(record.get("epochs_run") or 0) + more_epochs
    return RunRequest(frame=document.table.frame, schema=document.schema.copy(),
                      spec=ModelSpec.from_dict(record["spec"]), config=config,
                      split=Split.from_dict(document.split.to_dict()),
                      bundle_path=Path(record["bundle"]), checkpoint_path=Path(record["checkpoint"]),
                      resume_from=Path(record["checkpoint"]),
                      previous_batch_losses=list(record.get("batch_losses") or []))


def continue_target(runs: list[dict], selected: int) -> int | None:
    """The run Continue training would carry on (the selected one, else the last), if its checkpoint exists."""
    index = selected if selected >= 0 else len(runs) - 1
    if not 0 <= index < len(runs):
        return None
    record = runs[index]
    checkpoint = record.get("checkpoint") or (checkpoint_for(record["bundle"]) if record.get("bundle") else None)
    if not checkpoint or not Path(checkpoint).is_file() or not record.get("bundle") or not record.get("spec"):
        return None
    return index


def continued_record(previous: dict, record: dict) -> dict:
    """A continued run is the same run: it keeps its start time, and its time spent training adds up."""
    record = dict(record)
    if previous.get("started_at"):
        record["started_at"] = previous["started_at"]
    record["seconds"] = float(previous.get("seconds") or 0.0) + float(record.get("seconds") or 0.0)
    return record


def now_iso() -> str:
    """The local time now, as runs record it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")
