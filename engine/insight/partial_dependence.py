"""Partial dependence: how the average prediction moves as one numeric column changes, everything else kept.

For each value of a grid over the column's observed range (its quantiles), every row gets that value,
the whole preprocessing and the model run, and the outputs are averaged over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.i18n import _
from engine.insight.input_parts import input_parts
from engine.insight.model_outputs import output_names, outputs, transform_quietly
from engine.preprocess.columns import as_float

DEFAULT_POINTS = 20
DEFAULT_MAX_ROWS = 1000


@dataclass
class PartialDependence:
    """grid: the column's values (ascending); average: the mean output per grid value, shape
    (len(grid), len(output_names)); rows: how many rows were averaged."""

    column: str
    grid: np.ndarray
    average: np.ndarray
    output_names: list[str]
    rows: int

    def to_dict(self) -> dict:
        """Plain JSON-safe data."""
        return {"column": self.column, "grid": self.grid.tolist(), "rows": self.rows,
                "curves": {name: self.average[:, k].tolist() for k, name in enumerate(self.output_names)}}


def numeric_columns(preprocessor) -> list[str]:
    """The input columns partial dependence can vary (numeric ones), in model order."""
    return [name for name in preprocessor.input_columns if preprocessor.schema.column(name).kind == "numeric"]


def partial_dependence(trained, frame: pd.DataFrame, column: str, *, points: int = DEFAULT_POINTS,
                       max_rows: int | None = DEFAULT_MAX_ROWS, seed: int = 0, base_dir=None) -> PartialDependence:
    """The average output over the rows of `frame` with `column` set to each value of a quantile grid.

    Args:
        trained: a Bundle or TrainedModel (has .model and .preprocessor).
        frame: rows in the training CSV's columns (the target is not needed).
        column: a numeric input column.
        points: at most this many grid values (repeated quantiles collapse into one).
        max_rows: average over a fixed random sample of at most this many rows (None: all).
        base_dir: the folder an image column's paths are relative to (the CSV's); text and image inputs keep
            each row's own value.

    Raises:
        DataError: the column is not a numeric input of the model, or has no numbers in `frame`.
    """
    pre = trained.preprocessor
    allowed = numeric_columns(pre)
    if column not in allowed:
        listed = ", ".join(allowed) if allowed else _("none")
        raise DataError(_("Partial dependence needs a numeric input column; '{column}' is not one. Numeric inputs of "
                          "this model: {listed}.").format(column=column, listed=listed), column=column)
    if column not in frame.columns:
        raise DataError(_("The data has no column '{column}'.").format(column=column), column=column)
    values = as_float(frame[column])
    values = values[np.isfinite(values)]
    if not len(values):
        raise DataError(_("Column '{column}' holds no numbers in these rows, so it has no range to vary.").format(
            column=column), column=column)
    grid = np.unique(np.quantile(values, np.linspace(0.0, 1.0, max(points, 2))))
    rows = frame
    if max_rows is not None and len(frame) > max_rows:
        rows = frame.iloc[np.sort(np.random.default_rng(seed).choice(len(frame), max_rows, replace=False))]
    # One transform of every (grid value, row) pair: grid-major copies of the rows.
    tiled = pd.concat([rows] * len(grid), ignore_index=True)
    tiled[column] = np.repeat(grid, len(rows))
    parts = input_parts(trained, rows, base_dir)
    predicted = outputs(trained, parts.model_input(transform_quietly(pre, tiled), parts.tiled(len(grid))))
    average = predicted.reshape(len(grid), len(rows), -1).mean(axis=1)
    return PartialDependence(column, grid, average, output_names(pre), len(rows))
