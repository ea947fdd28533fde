"""One run from a table to a scored model: prepare, build, train, test, baseline.

The CLI and the app's training process both train through RunPipeline, so they get the same result:
a TrainedModel (the model in memory, with its data) whose `.record` is the run's RunRecord.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from engine.runs.baseline import fit_baseline
from engine.runs.input_baseline import fit_input_baseline
from engine.data import Schema
from engine.graph import ModelSpec, validate
from engine.layers import ShapeContext
from engine.runs.metrics import classification_metrics, majority_accuracy, probabilities, regression_metrics
from engine.runs.record import RunRecord
from engine.model import build_model
from engine.errors import SpecError
from engine.i18n import _
from engine.preprocess import PreparedData, Split, context_for, prepare
from engine.tasks import Task
from engine.training import Callback, TrainConfig, Trainer
from engine.training.trainer import input_tensors


@dataclass
class TrainedModel:
    """The in-memory result of a run: the trained model with the data and design it was trained on, the
    trainer's result (`result`: reason, message, epochs_run, best_epoch, history of EpochEnded, started,
    seconds), every test row's outputs (`test_outputs`, arrays) and the persisted summary, `record`."""

    spec: ModelSpec
    config: TrainConfig
    split: Split
    schema: Schema
    data: PreparedData
    model: torch.nn.Module
    context: ShapeContext
    result: object  # the Trainer's return value
    record: RunRecord
    test_outputs: dict = field(default_factory=dict)  # y_true and proba/pred arrays, every test row

    @property
    def preprocessor(self):
        return self.data.preprocessor

    @property
    def task(self) -> Task:
        return Task(self.data.preprocessor.task)

    @property
    def test_metrics(self) -> dict:
        return self.record.test_metrics

    @property
    def baseline(self) -> dict:
        return self.record.baseline


def make_record(spec: ModelSpec, config: TrainConfig, schema: Schema, data: PreparedData, result,
                test_metrics: dict, baseline: dict, test_outputs: dict, started_at: str) -> RunRecord:
    """The RunRecord of a run that just ended (no files yet: engine.runs.finish.finish_run adds them)."""
    from engine.io.jsonutil import json_safe

    pre = data.preprocessor
    started = getattr(result, "started", None)
    return RunRecord(
        task=str(pre.task), target=schema.target or "", class_names=[str(c) for c in (pre.classes or [])],
        reason=str(result.reason), message=result.message, epochs_run=int(result.epochs_run),
        best_epoch=result.best_epoch, best_val_loss=result.best_val_loss, seconds=float(result.seconds),
        device=started.device_name if started else "", engine_path=started.engine_path if started else "",
        steps_per_epoch=started.steps_per_epoch if started else 0, started_at=started_at, finished_at=_now(),
        config=config.to_dict(), spec=spec.to_dict(), history=[e.to_dict() for e in result.history],
        test_metrics=json_safe(test_metrics), baseline=json_safe(baseline),
        constant_loss=started.constant_loss if started else None,
        test_outputs={k: v.tolist() for k, v in sample_outputs(test_outputs).items()})


def shape_context(spec: ModelSpec, data: PreparedData) -> ShapeContext:
    """The widths a spec is built for, from the prepared data (and its input sources, when it has several)."""
    return context_for(data.preprocessor, data.sources)


def used_inputs(spec: ModelSpec, data: PreparedData) -> PreparedData:
    """`data` with only the inputs the spec's Input nodes read (an Input without a source reads the first), so
    a table model on a CSV that also holds text trains exactly as on the table alone."""
    if not data.sources:
        return data
    names = [s.name for s in data.sources]
    wanted = {node.params.get("source") or names[0] for node in spec.input_nodes()}
    return data.select_sources([name for name in names if name in wanted])


class RunPipeline:
    """One run's stages: prepare the data, build the spec's model, train it and score it on the test part.

    Controls (any thread): request_stop(), pause(), resume(); they act within one batch. `baseline`: the linear
    baseline's result (score_baseline) when it is already known for this data and seed (a sweep's trials share it).
    """

    def __init__(self, frame: pd.DataFrame, schema: Schema, spec: ModelSpec, config: TrainConfig,
                 split: Split | None = None, *, callbacks: list[Callback] | tuple = (),
                 checkpoint_path: str | Path | None = None, max_categories: int = 20, base_dir=None,
                 drop_unreadable: bool = False, image_size: tuple[int, int] | None = None,
                 baseline: dict | None = None):
        self.frame = frame
        self.known_baseline = baseline
        self.data_options = {"base_dir": base_dir, "drop_unreadable": drop_unreadable, "image_size": image_size}
        self.schema = schema
        self.spec = spec
        self.config = config
        self.split = split or Split(seed=config.seed)
        self.max_categories = max_categories
        self.trainer = Trainer(config, callbacks, checkpoint_path=checkpoint_path)
        self.data: PreparedData | None = None

    def request_stop(self) -> None:
        self.trainer.request_stop()

    def pause(self) -> None:
        self.trainer.pause()

    def resume(self) -> None:
        self.trainer.resume()

    def prepare(self, progress=None) -> PreparedData:
        """Split and preprocess the table (once; later calls reuse it); only the inputs the spec reads are kept.
        progress: called with (image files read, in all) while image columns are decoded."""
        if self.data is None:
            data = prepare(self.frame, self.schema, self.split, max_categories=self.max_categories,
                           progress=progress, **self.data_options)
            self.data = used_inputs(self.spec, data)
            unused = [s.name for s in data.sources if s not in self.data.sources and s.kind != "table"]
            if unused and self.data is not data:
                self.data.warnings.append(_("Not read by the model (add an Input node for each): {names}.").format(
                    names=", ".join(unused)))
        return self.data

    def build(self) -> tuple[torch.nn.Module, ShapeContext]:
        """Check the spec against the data and build its model with the run's seed."""
        data = self.prepare()
        ctx = shape_context(self.spec, data)
        problems = validate(self.spec, ctx)
        if problems:
            lines = [f"{p.node_id or 'model'}: {p.message}" for p in problems]
            raise SpecError("The model cannot be built:\n" + "\n".join(lines))
        torch.manual_seed(self.config.seed)
        return build_model(self.spec, ctx), ctx

    def run(self, resume_from: str | Path | None = None) -> TrainedModel:
        """Train and score; returns the TrainedModel (the model is on the CPU, in eval mode).

        A run stopped before its first epoch ended is returned unscored (empty test metrics)."""
        started_at = _now()
        data = self.prepare()
        model, ctx = self.build()
        pre = data.preprocessor
        task = Task(pre.task)
        self.trainer.target_std = float(pre.target_std or 1.0) if task is Task.REGRESSION else 1.0
        self.trainer.class_names = [str(c) for c in (pre.classes or [])]
        result = self.trainer.fit(model, task.value, data.x_train, data.y_train, data.x_val, data.y_val,
                                  resume_from=resume_from)
        model.to("cpu").eval()
        test_metrics, test_outputs, baseline = {}, {}, {}
        if result.history:  # stopped before the first epoch: nothing worth scoring, stop fast
            test_metrics, test_outputs = evaluate(model, data)
            baseline = dict(self.known_baseline) if self.known_baseline is not None else self.score_baseline()
        spec = self.spec.copy()
        record = make_record(spec, self.config, self.schema, data, result, test_metrics, baseline, test_outputs,
                             started_at)
        return TrainedModel(spec=spec, config=self.config, split=self.split, schema=self.schema, data=data,
                            model=model, context=ctx, result=result, record=record, test_outputs=test_outputs)

    def score_baseline(self) -> dict:
        """Fit the linear baseline on this run's training part and score it on its test part (the record's
        `baseline`: the network's scores are read beside it)."""
        data = self.prepare()
        pre = data.preprocessor
        task = Task(pre.task)
        if data.sources:
            baseline = fit_input_baseline(data, self.frame, seed=self.config.seed)
        else:
            baseline = fit_baseline(task.value, data.x_train, data.y_train, data.x_test, data.y_test,
                                    n_classes=len(pre.classes or []) or 2, target_mean=float(pre.target_mean or 0.0),
                                    target_std=float(pre.target_std or 1.0), seed=self.config.seed)
        if task.is_classification:
            baseline["majority_accuracy"] = majority_accuracy(data.y_train, data.y_test)
        return baseline


def predict_logits(model: torch.nn.Module, x, chunk: int = 65536) -> np.ndarray:
    """Run the model on preprocessed rows (an array, or a tuple of arrays: one per input) in chunks, without
    gradients, on the model's device; returns logits as numpy."""
    model.eval()
    outputs = []
    device = next(model.parameters(), torch.empty(0)).device
    xs = x if isinstance(x, tuple) else None
    n = len(xs[0]) if xs is not None else len(x)
    if xs is not None:
        chunk = max(1, min(chunk, 2**26 // max(1, sum(int(np.prod(a.shape[1:])) for a in xs))))  # ~256 MB at a time
    with torch.no_grad():
        for start in range(0, n, chunk):
            if xs is None:
                outputs.append(model(torch.as_tensor(x[start:start + chunk], dtype=torch.float32)).float().numpy())
                continue
            batch = input_tensors(tuple(a[start:start + chunk] for a in xs), device)
            outputs.append(model(*batch).float().cpu().numpy())
    if not outputs:
        return np.zeros((0, 1), dtype=np.float32)
    return np.concatenate(outputs)


def evaluate(model: torch.nn.Module, data: PreparedData) -> tuple[dict, dict]:
    """Score the model once on the test part. Returns (metrics, arrays for plots: also each test row's position
    in the table, "rows", so a view can show its text, image or time)."""
    pre = data.preprocessor
    logits = predict_logits(model, data.x_test)
    rows = np.asarray(data.rows[2], dtype=np.int64)
    if pre.task == Task.REGRESSION:
        offset = data.offsets[2] if data.offsets is not None else 0.0  # a forecast predicts the change
        truth = pre.decode_regression(data.y_test + offset)
        pred = pre.decode_regression(logits.reshape(-1) + offset)
        return regression_metrics(truth, pred), {"y_true": truth, "y_pred": pred, "rows": rows}
    proba = probabilities(pre.task, logits)
    metrics = classification_metrics(pre.task, data.y_test, proba, len(pre.classes))
    return metrics, {"y_true": np.asarray(data.y_test).astype(np.int64), "proba": proba, "rows": rows}


def sample_outputs(outputs: dict, max_rows: int = 5000, seed: int = 0) -> dict:
    """A fixed random sample of the test outputs, small enough for plots and project files.

    Metrics are always computed on every test row; only what is drawn is sampled.
    """
    n = len(next(iter(outputs.values()))) if outputs else 0
    if n <= max_rows:
        return {k: np.asarray(v) for k, v in outputs.items()}
    pick = np.sort(np.random.default_rng(seed).choice(n, max_rows, replace=False))
    return {k: np.asarray(v)[pick] for k, v in outputs.items()}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

