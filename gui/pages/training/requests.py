"""What a run is asked to do, built from the document: a new run, or more epochs of a recorded one,
and what a continued run's record keeps of the run it carries on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from engine.runs.record import RunRecord
from gui.infra.translation import running_language
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
                      checkpoint_path=checkpoint, language=running_language(), **document.run_data_options())


def continue_request(document, index: int, more_epochs: int) -> RunRequest | str:
    """Run `index` resumed from its checkpoint for `more_epochs`, or why it can't be (a sentence)."""
    from engine.graph import ModelSpec
    from engine.preprocess import Split
    from engine.training.config import TrainConfig

    record = document.runs[index]
    if record.target and document.schema.target != record.target:
        return QCoreApplication.translate("TrainingPage", "{run} predicted '{target}', the data now targets "
                                          "'{now}': train a new run instead.").format(
            run=run_label(index), target=record.target, now=document.schema.target)
    config = TrainConfig.from_dict(record.config)
    config.epochs = record.epochs_run + more_epochs
    checkpoint = Path(record.checkpoint or checkpoint_for(record.bundle))
    return RunRequest(frame=document.table.frame, schema=document.schema.copy(),
                      spec=ModelSpec.from_dict(record.spec), config=config,
                      split=Split.from_dict(document.split.to_dict()),
                      bundle_path=Path(record.bundle), checkpoint_path=checkpoint, resume_from=checkpoint,
                      previous_batch_losses=list(record.batch_losses), language=running_language(),
                      **document.run_data_options())


def continue_target(runs: list[RunRecord], selected: int) -> int | None:
    """The run Continue training would carry on (the selected one, else the last), if its checkpoint exists."""
    index = selected if selected >= 0 else len(runs) - 1
    if not 0 <= index < len(runs):
        return None
    record = runs[index]
    if not record.bundle or not record.spec:
        return None
    checkpoint = record.checkpoint or checkpoint_for(record.bundle)
    return index if Path(checkpoint).is_file() else None


def continued_record(previous: RunRecord | None, record: RunRecord) -> RunRecord:
    """A continued run is the same run: it keeps its start time, and its time spent training adds up."""
    if previous is None:
        return record
    return record.with_changes(started_at=previous.started_at or record.started_at,
                               seconds=previous.seconds + record.seconds)


def now_iso() -> str:
    """The local time now, as runs record it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")
