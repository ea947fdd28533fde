"""One trial of a sweep as a normal run: the trial's values put into the design and settings, trained by
RunPipeline, its per-epoch validation loss reported to Optuna for pruning, its bundle kept."""

from __future__ import annotations

import json
import math
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from engine.data import Schema
from engine.errors import LayerLabError
from engine.graph import ModelSpec
from engine.io.atomic import write_text_atomic
from engine.io.jsonutil import dumps
from engine.preprocess import Split
from engine.sweeps.space import SweepSpace, apply_values, suggest
from engine.sweeps.study_store import LOCK_TIMEOUT, TRIAL_PREFIX
from engine.training import Callback, EpochEnded, TrainConfig

TRIAL_STEM = TRIAL_PREFIX + "{number:04d}"
RECORD_SUFFIX = ".run.json"


@dataclass
class SweepJob:
    """Everything a sweep's processes need: the data and design (as `layerlab train` resolves them), the
    space, where the study lives and how many trials the sweep has in all. `data_options`: RunPipeline's
    base_dir, image_size and drop_unreadable (image paths are read from the table's folder)."""

    frame: pd.DataFrame
    schema: Schema
    spec: ModelSpec
    config: TrainConfig
    split: Split
    space: SweepSpace
    storage_url: str
    study_name: str
    trials_folder: Path
    n_trials: int
    pruner: str = "median"
    sampler: str = "tpe"
    lock_timeout: float = LOCK_TIMEOUT
    data_options: dict = field(default_factory=dict)


class TrialFailed(LayerLabError):
    """A trial whose values cannot be trained (settings or model refused them); the sweep goes on."""


class PruningReporter(Callback):
    """Reports each epoch's validation loss to the trial and stops the run when Optuna says to prune."""

    def __init__(self, trial):
        self.trial = trial
        self.stop = None  # the pipeline's request_stop, set once the pipeline exists
        self.pruned_epoch: int | None = None

    def on_epoch_end(self, event: EpochEnded) -> None:
        if not math.isfinite(event.val_loss):
            return
        self.trial.report(float(event.val_loss), event.epoch)
        if self.trial.should_prune():
            self.pruned_epoch = event.epoch
            self.stop()


def owner_tag() -> str:
    """"host:pid" of this process: which trials a crashed or stopped process leaves behind."""
    return f"{socket.gethostname()}:{os.getpid()}"


def trial_design(job: SweepJob, values: dict) -> tuple[ModelSpec, TrainConfig]:
    """The design and settings of a trial with these values; TrialFailed when the settings are refused."""
    spec, config = apply_values(job.spec, job.config, values)
    problems = config.validate()
    if problems:
        raise TrialFailed(" ".join(problems))
    return spec, config


def run_trial(trial, job: SweepJob, prepared: dict) -> float:
    """Train one trial; returns its best validation loss.

    `prepared` caches the split and preprocessed data, and the linear baseline fitted on them (by seed),
    between trials of one process: the space never changes the data. Raises optuna.TrialPruned when pruned,
    TrialFailed/LayerLabError when its values cannot be trained."""
    import optuna

    from engine.runs.finish import finish_run
    from engine.runs.pipeline import RunPipeline

    values = suggest(trial, job.space, job.spec)
    spec, config = trial_design(job, values)
    reporter = PruningReporter(trial)
    baseline_key = ("baseline", config.seed)
    pipeline = RunPipeline(job.frame, job.schema, spec, config, job.split, callbacks=[reporter],
                           baseline=prepared.get(baseline_key), **job.data_options)
    reporter.stop = pipeline.request_stop
    if "data" in prepared:
        pipeline.data = prepared["data"]
    prepared["data"] = pipeline.prepare()
    if pipeline.known_baseline is None:
        pipeline.known_baseline = prepared[baseline_key] = pipeline.score_baseline()
    trained = pipeline.run()
    trial.set_user_attr("epochs_run", int(trained.result.epochs_run))
    trial.set_user_attr("seconds", round(float(trained.result.seconds), 3))
    if reporter.pruned_epoch is not None:
        trial.set_user_attr("pruned_epoch", reporter.pruned_epoch)
        raise optuna.TrialPruned(f"pruned after epoch {reporter.pruned_epoch}")
    if trained.result.best_val_loss is None or not math.isfinite(trained.result.best_val_loss):
        raise TrialFailed(f"No validation loss: {trained.result.message}")
    bundle = free_trial_path(job.trials_folder, trial.number)
    record = finish_run(trained, bundle)
    write_text_atomic(record_path_for(bundle), dumps(record.to_dict(), indent=1))
    trial.set_user_attr("bundle", record.bundle)
    trial.set_user_attr("host", socket.gethostname())
    trial.set_user_attr("test_metrics", {k: v for k, v in record.test_metrics.items()
                                         if isinstance(v, (int, float)) and not isinstance(v, bool)})
    return float(trained.result.best_val_loss)


def record_path_for(bundle: str | Path) -> Path:
    """`trial-0007.run.json` beside a trial's bundle: its RunRecord, so the trial can become a normal run."""
    bundle = Path(bundle)
    return bundle.with_name(bundle.stem + RECORD_SUFFIX)


def adopt_trial(bundle: str | Path, new_bundle: str | Path):
    """Copy a trial's bundle and metrics CSV to `new_bundle` (a free run name) and return its RunRecord with the
    new paths: "Use this trial" as a normal run. Raises SweepError when the trial's files are not here."""
    from engine.io.atomic import write_bytes_atomic
    from engine.runs.files import checkpoint_for, metrics_csv_for
    from engine.runs.record import RunRecord
    from engine.sweeps import SweepError

    bundle, new_bundle = Path(bundle), Path(new_bundle)
    record_file = record_path_for(bundle)
    if not bundle.is_file() or not record_file.is_file():
        raise SweepError(f"The trial's model '{bundle}' is not on this computer (a sweep on another machine "
                         "keeps its trials there): copy its .llmodel, or train its settings again.")
    record = RunRecord.from_dict(json.loads(record_file.read_text(encoding="utf-8")))
    write_bytes_atomic(new_bundle, bundle.read_bytes())
    metrics = metrics_csv_for(new_bundle)
    if metrics_csv_for(bundle).is_file():
        write_bytes_atomic(metrics, metrics_csv_for(bundle).read_bytes())
    return record.with_changes(bundle=str(new_bundle.resolve()), metrics_csv=str(metrics.resolve()),
                               checkpoint=str(checkpoint_for(new_bundle).resolve()))


def retrain(job: SweepJob, values: dict, callbacks=()):
    """Train the design and settings of a trial again (same seed, same values): a TrainedModel, for a trial
    whose bundle is on another machine, and the check that a trial reproduces its score."""
    from engine.runs.pipeline import RunPipeline

    spec, config = trial_design(job, values)
    return RunPipeline(job.frame, job.schema, spec, config, job.split, callbacks=list(callbacks),
                       **job.data_options).run()


def free_trial_path(folder: Path, number: int) -> Path:
    """`trial-0007.llmodel` in the trials folder (created), or `trial-0007-2.llmodel` when a bundle of an
    earlier study of that name is there: trials never replace files."""
    from engine.runs.files import BUNDLE_SUFFIX, run_files_for

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = TRIAL_STEM.format(number=number)
    candidate, index = folder / (stem + BUNDLE_SUFFIX), 1
    while any(p.exists() for p in (*run_files_for(candidate), record_path_for(candidate))):
        index += 1
        candidate = folder / f"{stem}-{index}{BUNDLE_SUFFIX}"
    return candidate
