"""A trained model's inputs for some rows, in the parts the explanations vary one at a time: the table (made
from its columns, which a shuffle or a grid value changes before preprocessing) and each text, image or pixel
input beside it (varied whole, as encoded arrays: encoding is row by row, so moving encoded rows is the same as
moving the cells they came from)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.errors import DataError, DataWarning
from engine.i18n import _
from engine.insight.model_outputs import transform_quietly


@dataclass
class InputParts:
    """table: the preprocessed table (n, width), None when the model reads no table. others: each text, image
    or pixel input in the model's order; names: what each is read from (its column, or its pixel group)."""

    table: np.ndarray | None
    others: list[np.ndarray]
    names: list[str]

    def model_input(self, table: np.ndarray | None = None, others: list[np.ndarray] | None = None):
        """What the model takes, with `table` and `others` in place of these parts when given: a plain array
        for a table-only model, else a tuple in the model's input order."""
        table = self.table if table is None else table
        others = self.others if others is None else others
        if not self.names:
            return table
        return ((table,) if self.table is not None else ()) + tuple(others)

    def tiled(self, times: int) -> list[np.ndarray]:
        """`others`, each repeated `times` over (the layout of `times` shuffles of the rows, one after another)."""
        return [np.concatenate([part] * times) for part in self.others]


def source_encoders(trained):
    """The encoders of the inputs beside the table: a Bundle's `inputs`, a TrainedModel's `data.encoders`; None
    for a table-only model."""
    if hasattr(trained, "inputs"):
        return trained.inputs
    return getattr(getattr(trained, "data", None), "encoders", None)


def input_parts(trained, frame: pd.DataFrame, base_dir=None) -> InputParts:
    """The model's inputs for the rows of `frame` (the training CSV's columns), split into parts.

    Args:
        trained: a Bundle or TrainedModel.
        base_dir: the folder image paths are relative to (the CSV's).
    Raises:
        DataError: a forecasting model (it reads windows of rows, not rows), a missing column, or image files
            that cannot be read.
    """
    encoders = source_encoders(trained)
    if encoders is None:
        return InputParts(transform_quietly(trained.preprocessor, frame), [], [])
    if encoders.forecast:
        raise DataError(_("A forecast reads a window of past rows, not one row, so these explanations, which vary "
                          "one row's columns, do not apply to it. Evaluate ▸ Test examples shows its forecasts "
                          "against the actual values."))
    table = transform_quietly(trained.preprocessor, frame) if encoders.table_width else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # cut texts: said when the data was read
        arrays = encoders.transform(frame, base_dir)[0]
    return InputParts(table, [np.asarray(a) for a in arrays], [e.column for e in encoders.encoders])
