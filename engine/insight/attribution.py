"""One prediction explained: each column's contribution, by Integrated Gradients (Captum).

The explained output is in the user's units: the probability of the positive class (binary), the
probability of the predicted class (multiclass) or the prediction itself (regression). Integrated
Gradients attributes `output(row) − output(baseline)` to the model's inputs along the straight line
between them; the inputs' attributions are then summed per original column (a category's one-hot
inputs, a date's parts, a value and its missing flag), so contributions are per column of the table.

The baseline is the average preprocessed row of the reference rows when given (numbers at their average,
each category at its share), else all-zero inputs (numbers at their training mean, no category set).
The model runs in float64 for the explanation so the attributions add up to the output difference
closely (completeness; Captum's `delta` is what is left over).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from engine.errors import DataError
from engine.i18n import _
from engine.insight.model_outputs import decision_threshold, output_names, outputs, transform_quietly
from engine.preprocess.input_map import column_inputs
from engine.tasks import Task

STEPS = 64
TOLERANCE = 1e-3
"""Contributions should add up to the output difference within this share of it (at least of 1); the
integration is refined (4x, then 16x the steps) until they do."""


@dataclass
class RowExplanation:
    """Why the model predicts what it does for one row.

    prediction: the predicted class (binary: at the model's decision threshold) or value, as text. output_name: what `output` is ("probability of Yes",
    "predicted price"); output: its value for the row; baseline_output: its value for the baseline.
    contributions: per original column, summing to output − baseline_output (within `delta`), largest
    magnitude first. input_attributions: per model input (in the order of the preprocessor's feature_names).
    baseline: the baseline in words.
    class_index: the class explained (None for regression). probabilities: per class (classification).
    """

    prediction: str
    output_name: str
    output: float
    baseline_output: float
    contributions: dict[str, float]
    input_attributions: np.ndarray
    delta: float
    baseline: str
    class_index: int | None = None
    probabilities: dict[str, float] | None = None

    def to_dict(self) -> dict:
        """Plain JSON-safe data (what `layerlab explain --row N --json` prints)."""
        return {"prediction": self.prediction, "output_name": self.output_name, "output": self.output,
                "baseline_output": self.baseline_output, "contributions": dict(self.contributions),
                "delta": self.delta, "baseline": self.baseline, "class_index": self.class_index,
                "probabilities": self.probabilities, "input_attributions": self.input_attributions.tolist()}


def baseline_inputs(preprocessor, reference: pd.DataFrame | None) -> tuple[np.ndarray, str]:
    """(baseline input row, its description in words): the reference rows' average preprocessed row, or
    all zeros without reference rows."""
    if reference is None or not len(reference):
        return (np.zeros(preprocessor.width),
                "all-zero inputs: numbers at their training mean, no category set")
    x = transform_quietly(preprocessor, reference)
    return (x.astype(np.float64).mean(axis=0),
            f"the average of {len(reference):,} reference rows: numbers at their average, "
            "each category at its share")


def explain_row(trained, row: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                steps: int = STEPS) -> RowExplanation:
    """Explain the model's prediction for the one row of `row` (the training CSV's columns; the target
    may be absent).

    Args:
        trained: a Bundle or TrainedModel (has .model and .preprocessor).
        row: a one-row frame.
        reference: rows whose average input is the baseline (e.g. the test rows); None: all-zero inputs.
        steps: Integrated Gradients' first number of integration steps (refined while the delta is too large).

    Raises:
        DataError: not exactly one row, or a needed column is missing.
    """
    if len(row) != 1:
        raise DataError(_("Explain one row at a time (got {count} rows).").format(count=f"{len(row):,}"))
    from captum.attr import IntegratedGradients

    pre = trained.preprocessor
    task = Task(pre.task)
    x = transform_quietly(pre, row).astype(np.float64)
    base, base_words = baseline_inputs(pre, reference)
    predicted = outputs(trained, x.astype(np.float32))[0]
    class_index = None if task is Task.REGRESSION else (
        int(predicted.argmax()) if task is Task.MULTICLASS else int(predicted[0] >= decision_threshold(trained)))
    column = 0 if task is not Task.MULTICLASS else class_index
    forward = _output_function(trained, task, column)
    inputs = torch.as_tensor(x, dtype=torch.float64)
    baselines = torch.as_tensor(base.reshape(1, -1), dtype=torch.float64)
    with torch.no_grad():
        output, baseline_output = float(forward(inputs)[0]), float(forward(baselines)[0])
    tolerance = TOLERANCE * max(1.0, abs(output - baseline_output))
    integrated = IntegratedGradients(forward)
    for n_steps in (steps, steps * 4, steps * 16):  # a saturated output bends sharply: integrate finer
        attributions, delta = integrated.attribute(inputs, baselines=baselines, n_steps=n_steps,
                                                   method="gausslegendre", return_convergence_delta=True)
        if abs(float(delta[0])) <= tolerance:
            break
    per_input = attributions.detach().numpy()[0]
    contributions = {c.column: float(per_input[c.start:c.stop].sum()) for c in column_inputs(pre) if c.width}
    contributions = dict(sorted(contributions.items(), key=lambda item: -abs(item[1])))
    names = output_names(pre)
    if task is Task.REGRESSION:
        return RowExplanation(f"{output:.4g}", names[0], output, baseline_output, contributions, per_input,
                              float(delta[0]), base_words)
    classes = list(pre.classes)
    probabilities = dict(zip(classes, [float(p) for p in (
        [1 - predicted[0], predicted[0]] if task is Task.BINARY else predicted)]))
    return RowExplanation(classes[class_index], names[column], output, baseline_output, contributions, per_input,
                          float(delta[0]), base_words, class_index, probabilities)


def _output_function(trained, task: Task, column: int):
    """The explained output as a function of float64 inputs, on a float64 copy of the model (the trained
    model itself is left as it is)."""
    model = copy.deepcopy(trained.model).double().eval()
    pre = trained.preprocessor

    def forward(x: torch.Tensor) -> torch.Tensor:
        logits = model(x)
        if task is Task.BINARY:
            return torch.sigmoid(logits.reshape(-1))
        if task is Task.MULTICLASS:
            return torch.softmax(logits, dim=1)[:, column]
        return logits.reshape(-1) * float(pre.target_std or 1.0) + float(pre.target_mean or 0.0)

    return forward
