"""The model's inputs and widths for a table and its settings, as a run on them will have them, without
transforming the data: what the app's canvas shows (worked out in a background task unless `fits_quickly`).

The result depends only on the table and the settings `context_key` names, so callers can keep results by it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from engine.data.schema import Schema
from engine.layers.base import ShapeContext
from engine.preprocess.prepare import context_for, fit_sources
from engine.preprocess.preprocessor import Preprocessor
from engine.preprocess.split import Split

SAMPLE_ROWS = 50_000
"""The table's columns are fitted on at most this many training rows: widths can then differ from a run's only
in rare levels or missing values."""
QUICK_CELLS = 150_000
"""A table of at most this many cells (rows × feature columns) and no text or image column fits in about 20 ms."""
EVERY_ROW_KINDS = ("text", "image")
"""Feature kinds fitted on every training row, as a run fits them: a vocabulary and the image files' most
common size depend on all of the rows (a sample would show other numbers than the run has)."""


@dataclass(frozen=True)
class FittedContext:
    """The ShapeContext a model is built for and the fitted Preprocessor behind its table width; both None when
    the data cannot feed a model yet (no target, no features, or the preprocessing refuses the data)."""

    context: ShapeContext | None
    preprocessor: Preprocessor | None


NO_CONTEXT = FittedContext(None, None)


def context_key(schema: Schema, split: Split | None, **settings) -> str:
    """The schema, split and `settings` (fit_context's keyword arguments) as one string: with the same table,
    equal keys give equal results."""
    return json.dumps({"schema": schema.to_dict(), "split": split.to_dict() if split is not None else None,
                       "settings": settings}, sort_keys=True, default=str)


def fits_quickly(frame: pd.DataFrame, schema: Schema) -> bool:
    """Whether fit_context on this table takes a few milliseconds (no text or image column, a small table)."""
    features = [schema.column(name) for name in schema.features]
    if any(column.kind in EVERY_ROW_KINDS for column in features):
        return False
    return len(frame) * max(len(features), 1) <= QUICK_CELLS


def fit_context(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *, base_dir=None,
                image_size: tuple[int, int] | None = None) -> FittedContext:
    """The inputs and widths a run of prepare() on these settings gets (engine.preprocess.fit_sources): text
    and image columns fitted on every training row, the table's columns on at most SAMPLE_ROWS of them.

    Args:
        base_dir: the CSV's folder, from which relative image paths are read.
        image_size: (height, width) images are resized to (None: from the training files).
    Returns:
        NO_CONTEXT while no target, task or feature is chosen.
    Raises:
        DataError: as prepare() (e.g. a target with one class, image files that cannot be read).
    """
    if not schema.target or not schema.task or not schema.features:
        return NO_CONTEXT
    every_row = any(schema.column(name).kind in EVERY_ROW_KINDS for name in schema.features)
    pre, sources = fit_sources(frame, schema, split, max_rows=None if every_row else SAMPLE_ROWS,
                               base_dir=base_dir, image_size=image_size)
    return FittedContext(context_for(pre, sources), pre)
