"""Permutation importance over the table's own columns: how much worse the model does when one column's
values are shuffled among the rows (the column's link to the answer broken, everything else kept).

Each original column is shuffled as a whole, then the whole preprocessing and the model run again, so a
one-hot column's inputs move together and a date's parts stay one date. A text column, an image column or a
pixel group beside the table is shuffled as one input (engine.insight.input_parts). The metric is the task's
primary one (accuracy, or RMSE for regression); the shuffle is repeated to show the spread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from engine.insight.input_parts import input_parts
from engine.insight.model_outputs import decision_threshold, outputs, rows_with_target, transform_quietly
from engine.insight.defaults import DEFAULT_MAX_ROWS, DEFAULT_REPEATS
from engine.tasks import Task


@dataclass
class ColumnImportance:
    """One column's importance: the mean drop of the score over the shuffles, its standard deviation,
    and each shuffle's drop (positive: the model does worse without the column)."""

    column: str
    mean: float
    std: float
    drops: list[float] = field(default_factory=list)


@dataclass
class PermutationImportance:
    """Importance of every input column, most important first.

    metric: "accuracy" or "rmse"; score: the metric on the unshuffled rows; rows: how many rows were scored;
    repeats and seed: the shuffles.
    """

    metric: str
    score: float
    rows: int
    repeats: int
    seed: int
    columns: list[ColumnImportance]

    def to_dict(self) -> dict:
        """Plain JSON-safe data (what `layerlab explain --json` prints)."""
        return asdict(self)


def score(task: str, y: np.ndarray, predicted: np.ndarray, threshold: float = 0.5) -> float:
    """Accuracy (classification; `predicted` from engine.insight.model_outputs.outputs; a binary model decides at
    `threshold`) or RMSE (regression, `y` in the target's units)."""
    if task == Task.REGRESSION:
        return float(np.sqrt(np.mean((predicted[:, 0] - y) ** 2)))
    labels = (predicted[:, 0] >= threshold).astype(np.int64) if task == Task.BINARY else predicted.argmax(axis=1)
    return float(np.mean(labels == y))


def permutation_importance(trained, frame: pd.DataFrame, *, repeats: int = DEFAULT_REPEATS, seed: int = 0,
                           max_rows: int | None = DEFAULT_MAX_ROWS, base_dir=None,
                           progress: Callable[[float], None] | None = None) -> PermutationImportance:
    """Shuffle each input column of `frame` `repeats` times and measure how much the score drops.

    Args:
        trained: a Bundle or TrainedModel (has .model and .preprocessor).
        frame: rows in the training CSV's columns, with the target (rows without one are left out); the
            test rows, or any rows the model was not trained on, for honest figures.
        repeats: shuffles per column (at least 1).
        seed: the shuffles and the row sample are drawn from it: the same seed gives the same result.
        max_rows: score a fixed random sample of at most this many rows (None: all).
        base_dir: the folder an image column's paths are relative to (the CSV's).
        progress: called with the fraction done (0..1) after each column; it may raise to stop the work.

    Returns:
        PermutationImportance, columns sorted by mean drop, largest first.

    Raises:
        DataError: no target column or values, a needed column is missing, or repeats < 1.
    """
    from engine.errors import DataError

    if repeats < 1:
        raise DataError(f"Repeats must be at least 1 (got {repeats}): each column is shuffled that many times.")
    pre = trained.preprocessor
    rows = rows_with_target(pre, frame, max_rows=max_rows, seed=seed)
    task = Task(pre.task)
    y = pre.encode_target(rows[pre.target])
    if task is Task.REGRESSION:
        y = pre.decode_regression(y)
    threshold = decision_threshold(trained)
    parts = input_parts(trained, rows, base_dir)
    base = score(task, y, outputs(trained, parts.model_input()), threshold)
    sign = -1.0 if task is Task.REGRESSION else 1.0  # a drop in accuracy, a rise in RMSE: both count as loss
    rng = np.random.default_rng(seed)
    n, columns = len(rows), []
    table_columns = list(pre.input_columns) if parts.table is not None else []
    units = len(table_columns) + len(parts.names)
    tiled_table = np.concatenate([parts.table] * repeats) if parts.table is not None else None
    tiled_others = parts.tiled(repeats)
    # All of a column's shuffles in one pass: `repeats` copies of the rows, each with its own shuffle.
    for name in table_columns:
        shuffled = pd.concat([rows] * repeats, ignore_index=True)
        values = rows[name].to_numpy()
        shuffled[name] = np.concatenate([values[rng.permutation(n)] for _ in range(repeats)])
        predicted = outputs(trained, parts.model_input(transform_quietly(pre, shuffled), tiled_others))
        columns.append(_importance(name, base, sign, task, y, predicted.reshape(repeats, n, -1), threshold))
        if progress is not None:
            progress(len(columns) / units)
    for k, name in enumerate(parts.names):
        others = list(tiled_others)
        others[k] = np.concatenate([parts.others[k][rng.permutation(n)] for _ in range(repeats)])
        predicted = outputs(trained, parts.model_input(tiled_table, others))
        columns.append(_importance(name, base, sign, task, y, predicted.reshape(repeats, n, -1), threshold))
        if progress is not None:
            progress(len(columns) / units)
    columns.sort(key=lambda c: -c.mean)
    metric = "rmse" if task is Task.REGRESSION else "accuracy"  # at the model's own decision threshold
    return PermutationImportance(metric, base, len(rows), repeats, seed, columns)


def _importance(name: str, base: float, sign: float, task: Task, y: np.ndarray, predicted: np.ndarray,
                threshold: float) -> ColumnImportance:
    drops = [sign * (base - score(task, y, part, threshold)) for part in predicted]
    return ColumnImportance(name, float(np.mean(drops)), float(np.std(drops)), drops)
