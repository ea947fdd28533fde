"""One training job from a table to a scored model: prepare, build, train, test, baseline.

The CLI and the GUI worker both run training through TrainingJob, so they get the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from engine.runs.baseline import fit_baseline
from engine.data import Schema
from engine.graph import ModelSpec, validate
from engine.layers import ShapeContext, output_width_for
from engine.runs.metrics import classification_metrics, majority_accuracy, probabilities, regression_metrics
from engine.model import build_model
from engine.errors import SpecError
from engine.preprocess import PreparedData, Split, prepare
from engine.training import Callback, RunEnded, TrainConfig, Trainer


@dataclass
class TrainedRun:
    """Everything a finished job produced; `to_record()` is the JSON kept in the project's run history."""

    spec: ModelSpec
    config: TrainConfig
    split: Split
    schema: Schema
    data: PreparedData
    model: torch.nn.Module
    context: ShapeContext
    result: RunEnded
    test_metrics: dict
    baseline: dict
    test_outputs: dict = field(default_factory=dict)  # y_true and proba/pred arrays for plots
    started_at: str = ""
    finished_at: str = ""

    @property
    def preprocessor(self):
        return self.data.preprocessor

    @property
    def task(self) -> str:
        return self.data.preprocessor.task

    def to_record(self) -> dict:
        """A JSON-safe summary for the project's run history."""
        return {
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "config": self.config.to_dict(),
            "spec": self.spec.to_dict(),
            "task": self.task,
            "target": self.schema.target,
            "reason": self.result.reason,
            "message": self.result.message,
            "epochs_run": self.result.epochs_run,
            "best_epoch": self.result.best_epoch,
            "device": self.result.started.device_name if self.result.started else "",
            "seconds": self.result.seconds,
            "history": [e.to_dict() for e in self.result.history],
            "test_metrics": self.test_metrics,
            "baseline": self.baseline,
        }


def shape_context(spec: ModelSpec, data: PreparedData) -> ShapeContext:
    """The widths a spec is built for, from the prepared data."""
    pre = data.preprocessor
    n_classes = len(pre.classes) if pre.classes else 0
    return ShapeContext(input_width=pre.width, output_width=output_width_for(pre.task, n_classes), task=pre.task)


class TrainingJob:
    """Prepare the data, build the spec's model, train it and score it on the test part.

    Controls (any thread): request_stop(), pause(), resume(); they act within one batch.
    """

    def __init__(self, frame: pd.DataFrame, schema: Schema, spec: ModelSpec, config: TrainConfig,
                 split: Split | None = None, *, callbacks: list[Callback] | tuple = (),
                 checkpoint_path: str | Path | None = None, max_categories: int = 20):
        self.frame = frame
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

    def prepare(self) -> PreparedData:
        """Split and preprocess the table (once; later calls reuse it)."""
        if self.data is None:
            self.data = prepare(self.frame, self.schema, self.split, max_categories=self.max_categories)
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

    def run(self, resume_from: str | Path | None = None) -> TrainedRun:
        """Train and score; returns the TrainedRun (the model is on the CPU, in eval mode)."""
        started_at = _now()
        data = self.prepare()
        model, ctx = self.build()
        pre = data.preprocessor
        self.trainer.target_std = float(pre.target_std or 1.0) if pre.task == "regression" else 1.0
        result = self.trainer.fit(model, pre.task, data.x_train, data.y_train, data.x_val, data.y_val,
                                  resume_from=resume_from)
        model.to("cpu").eval()
        if not result.history:  # stopped before the first epoch: nothing worth scoring, stop fast
            return TrainedRun(spec=self.spec.copy(), config=self.config, split=self.split, schema=self.schema,
                              data=data, model=model, context=ctx, result=result, test_metrics={}, baseline={},
                              started_at=started_at, finished_at=_now())
        test_metrics, test_outputs = evaluate(model, data)
        baseline = fit_baseline(pre.task, data.x_train, data.y_train, data.x_test, data.y_test,
                                n_classes=len(pre.classes or []) or 2, target_mean=float(pre.target_mean or 0.0),
                                target_std=float(pre.target_std or 1.0), seed=self.config.seed)
        if pre.task != "regression":
            baseline["majority_accuracy"] = majority_accuracy(data.y_train, data.y_test)
        return TrainedRun(spec=self.spec.copy(), config=self.config, split=self.split, schema=self.schema,
                          data=data, model=model, context=ctx, result=result, test_metrics=test_metrics,
                          baseline=baseline, test_outputs=test_outputs, started_at=started_at, finished_at=_now())


def predict_logits(model: torch.nn.Module, x: np.ndarray, chunk: int = 65536) -> np.ndarray:
    """Run the model on preprocessed rows in chunks, without gradients; returns logits as numpy."""
    model.eval()
    outputs = []
    with torch.no_grad():
        for start in range(0, len(x), chunk):
            outputs.append(model(torch.as_tensor(x[start:start + chunk], dtype=torch.float32)).float().numpy())
    if not outputs:
        return np.zeros((0, 1), dtype=np.float32)
    return np.concatenate(outputs)


def evaluate(model: torch.nn.Module, data: PreparedData) -> tuple[dict, dict]:
    """Score the model once on the test part. Returns (metrics, arrays for plots)."""
    pre = data.preprocessor
    logits = predict_logits(model, data.x_test)
    if pre.task == "regression":
        truth = pre.decode_regression(data.y_test)
        pred = pre.decode_regression(logits.reshape(-1))
        return regression_metrics(truth, pred), {"y_true": truth, "y_pred": pred}
    proba = probabilities(pre.task, logits)
    metrics = classification_metrics(pre.task, data.y_test, proba, len(pre.classes))
    return metrics, {"y_true": np.asarray(data.y_test).astype(np.int64), "proba": proba}


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

