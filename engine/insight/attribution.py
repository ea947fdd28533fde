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

A model that also reads text, images or pixel groups (engine.insight.input_parts) is explained along one path
from the baseline to the row: first the table's columns move (Integrated Gradients, the other inputs at their
baseline: an empty text, the reference rows' average image), then each other input in turn, its contribution
being the output's change when it switches from its baseline to the row's value. The contributions still add up
to output − baseline output. Such models run in float32 (their image inputs convert pixels to float32).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from engine.errors import DataError
from engine.i18n import _
from engine.insight.input_parts import InputParts, input_parts, source_encoders
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
                _("all-zero inputs: numbers at their training mean, no category set"))
    x = transform_quietly(preprocessor, reference)
    return (x.astype(np.float64).mean(axis=0),
            _("the average of {count} reference rows: numbers at their average, each category at its share").format(
                count=f"{len(reference):,}"))


def explain_row(trained, row: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                steps: int = STEPS, base_dir=None) -> RowExplanation:
    """Explain the model's prediction for the one row of `row` (the training CSV's columns; the target
    may be absent).

    Args:
        trained: a Bundle or TrainedModel (has .model and .preprocessor).
        row: a one-row frame.
        reference: rows whose average input is the baseline (e.g. the test rows); None: all-zero inputs.
        steps: Integrated Gradients' first number of integration steps (refined while the delta is too large).
        base_dir: the folder an image column's paths are relative to (the CSV's).

    Raises:
        DataError: not exactly one row, or a needed column is missing.
    """
    if len(row) != 1:
        raise DataError(_("Explain one row at a time (got {count} rows).").format(count=f"{len(row):,}"))
    from captum.attr import IntegratedGradients

    pre = trained.preprocessor
    task = Task(pre.task)
    parts = input_parts(trained, row, base_dir)
    others_base, others_words = _other_baselines(trained, parts, reference, base_dir)
    predicted = outputs(trained, parts.model_input())[0]
    class_index = None if task is Task.REGRESSION else (
        int(predicted.argmax()) if task is Task.MULTICLASS else int(predicted[0] >= decision_threshold(trained)))
    column = 0 if task is not Task.MULTICLASS else class_index
    forward = _output_function(trained, task, column, double=not parts.names)
    dtype = torch.float64 if not parts.names else torch.float32
    contributions, per_input, delta = {}, np.zeros(0), 0.0
    base_words = others_words
    if parts.table is not None:
        base, base_words = baseline_inputs(pre, reference)
        base_words = "; ".join([base_words] + ([others_words] if others_words else []))
        inputs = torch.as_tensor(parts.table, dtype=dtype)
        baselines = torch.as_tensor(base.reshape(1, -1), dtype=dtype)
        fixed = tuple(torch.as_tensor(o) for o in others_base)  # the other inputs stay at their baseline
        with torch.no_grad():
            start, end = float(forward(baselines, *fixed)[0]), float(forward(inputs, *fixed)[0])
        tolerance = TOLERANCE * max(1.0, abs(end - start))
        integrated = IntegratedGradients(forward)
        for n_steps in (steps, steps * 4, steps * 16):  # a saturated output bends sharply: integrate finer
            attributions, deltas = integrated.attribute(inputs, baselines=baselines, n_steps=n_steps,
                                                        additional_forward_args=fixed or None,
                                                        method="gausslegendre", return_convergence_delta=True)
            delta = float(deltas[0])
            if abs(delta) <= tolerance:
                break
        per_input = attributions.detach().double().numpy()[0]
        contributions = {c.column: float(per_input[c.start:c.stop].sum()) for c in column_inputs(pre) if c.width}
    contributions.update(_other_contributions(forward, parts, others_base, dtype))
    table = () if parts.table is None else (torch.as_tensor(parts.table, dtype=dtype),)
    table_base = () if parts.table is None else (baselines,)
    with torch.no_grad():
        output = float(forward(*table, *(torch.as_tensor(o) for o in parts.others))[0])
        baseline_output = float(forward(*table_base, *(torch.as_tensor(o) for o in others_base))[0])
    contributions = dict(sorted(contributions.items(), key=lambda item: -abs(item[1])))
    names = output_names(pre)
    if task is Task.REGRESSION:
        return RowExplanation(f"{output:.4g}", names[0], output, baseline_output, contributions, per_input,
                              delta, base_words)
    classes = list(pre.classes)
    probabilities = dict(zip(classes, [float(p) for p in (
        [1 - predicted[0], predicted[0]] if task is Task.BINARY else predicted)]))
    return RowExplanation(classes[class_index], names[column], output, baseline_output, contributions, per_input,
                          delta, base_words, class_index, probabilities)


def _output_function(trained, task: Task, column: int, double: bool = True):
    """The explained output as a function of the model's inputs (the table first, then the others), on a copy of
    the model, in float64 when `double` (the trained model itself is left as it is)."""
    model = copy.deepcopy(trained.model).eval()
    model = model.double() if double else model.float()
    pre = trained.preprocessor

    def forward(*inputs: torch.Tensor) -> torch.Tensor:
        n = max(len(x) for x in inputs)
        logits = model(*(x.expand(n, *x.shape[1:]) if len(x) != n else x for x in inputs))  # fixed inputs: 1 row
        if task is Task.BINARY:
            return torch.sigmoid(logits.reshape(-1))
        if task is Task.MULTICLASS:
            return torch.softmax(logits, dim=1)[:, column]
        return logits.reshape(-1) * float(pre.target_std or 1.0) + float(pre.target_mean or 0.0)

    return forward


def _other_baselines(trained, parts: InputParts, reference: pd.DataFrame | None, base_dir) -> tuple[list, str]:
    """Each text, image or pixel input's baseline (one row) and the words for them: an empty text; the reference
    rows' average image (black without reference rows)."""
    if not parts.names:
        return [], ""
    encoders = source_encoders(trained).encoders
    averages = None
    if reference is not None and len(reference) and any(e.kind == "image" for e in encoders):
        averages = input_parts(trained, reference, base_dir).others
    baselines, words = [], []
    for k, (encoder, part) in enumerate(zip(encoders, parts.others)):
        if encoder.kind == "text":
            baselines.append(encoder.transform(pd.Series([""])))
            words.append(_("'{column}' empty").format(column=encoder.column))
        elif averages is not None:
            baselines.append(np.rint(averages[k].astype(np.float64).mean(axis=0, keepdims=True)).astype(part.dtype))
            words.append(_("'{column}' the reference rows' average image").format(column=encoder.column))
        else:
            baselines.append(np.zeros_like(part))
            words.append(_("'{column}' a black image").format(column=encoder.column))
    return baselines, "; ".join(words)


def _other_contributions(forward, parts: InputParts, others_base: list, dtype) -> dict[str, float]:
    """Each text, image or pixel input's contribution: the output's change as it switches from its baseline to
    the row's value, after the table and the inputs before it switched (so the contributions add up)."""
    table = () if parts.table is None else (torch.as_tensor(parts.table, dtype=dtype),)
    current = [torch.as_tensor(o) for o in others_base]
    contributions = {}
    with torch.no_grad():
        before = float(forward(*table, *current)[0])
        for k, name in enumerate(parts.names):
            current[k] = torch.as_tensor(parts.others[k])
            after = float(forward(*table, *current)[0])
            contributions[name] = after - before
            before = after
    return contributions
