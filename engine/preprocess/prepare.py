"""prepare(): frame + schema + split -> ready-to-train arrays, with errors for people."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.data.schema import Schema
from engine.errors import DataError
from engine.preprocess import columns as enc
from engine.preprocess.preprocessor import MAX_CLASSES, Preprocessor
from engine.preprocess.split import Split, split_indices


@dataclass
class PreparedData:
    """Arrays for training, validation and testing, and how they were made.

    rows holds the positional row indices (into the frame given to prepare) of the
    train, validation and test parts.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    preprocessor: Preprocessor
    schema: Schema
    rows: tuple[np.ndarray, np.ndarray, np.ndarray]
    warnings: list[str] = field(default_factory=list)


def prepare(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *,
            max_categories: int = 20) -> PreparedData:
    """Drop rows without a target, split, fit the Preprocessor on the training part and
    transform all parts.

    Args:
        frame: the whole table.
        schema: column kinds/roles, target and task (task None -> the target's task_hint).
        split: fractions and seed (default 70/15/15, seed 0); stratified for classification.
        max_categories: most one-hot levels per categorical column.

    Returns:
        PreparedData; its warnings say what was dropped or left out.

    Raises:
        DataError: no target, target all missing / a single class / not numeric for
            regression, no feature columns, or too few rows for the split.
    """
    schema, pre, rows, col, warnings = _plan(frame, schema, split, max_categories)
    target = schema.target
    pre.fit(frame.iloc[rows[0]], classes_from=col)
    arrays = []
    for r in rows:
        part = frame.iloc[r]
        arrays += [pre.transform(part), pre.encode_target(part[target])]
    if pre.width == 0:
        raise DataError("No feature columns: the chosen features produce no inputs.")
    return PreparedData(*arrays, preprocessor=pre, schema=schema, rows=rows,
                        warnings=warnings)


def fit_preprocessor(frame: pd.DataFrame, schema: Schema, split: Split | None = None, *,
                     max_categories: int = 20, max_rows: int | None = None, seed: int = 0) -> Preprocessor:
    """Fit the Preprocessor exactly as prepare() would (same checks, same training rows), without
    transforming anything: the widths a model will be built for, cheaply.

    Args:
        max_rows: fit on a fixed random sample of at most this many training rows (None = all);
            widths can then differ from a full fit only in rare levels or missing values.
    Raises:
        DataError: as prepare().
    """
    _, pre, rows, col, _ = _plan(frame, schema, split, max_categories)
    train_rows = rows[0]
    if max_rows is not None and len(train_rows) > max_rows:
        train_rows = np.sort(np.random.default_rng(seed).choice(train_rows, max_rows, replace=False))
    return pre.fit(frame.iloc[train_rows], classes_from=col)


def split_rows(frame: pd.DataFrame, schema: Schema, split: Split | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positional rows of the training, validation and test parts, exactly as prepare() splits
    them (rows without a target value left out), without fitting or transforming anything.

    Raises:
        DataError: as prepare().
    """
    return _plan(frame, schema, split, max_categories=20)[2]


def _plan(frame: pd.DataFrame, schema: Schema, split: Split | None, max_categories: int):
    """Check the target and features and split the rows. Returns (schema, unfitted pre, rows, target column, warnings)."""
    split = split or Split()
    split.validate()
    schema = schema.copy()
    warnings: list[str] = []
    target = schema.target
    if target is None:
        raise DataError("No target column is chosen. Choose the column to predict "
                        "(set its role to target).")
    if target not in frame.columns:
        raise DataError(f"The target column '{target}' is not in the data.", column=target)
    task = schema.task or schema.column(target).task_hint
    if task is None:
        raise DataError(f"Cannot tell what to predict from target '{target}' "
                        f"({schema.column(target).reason}). Choose binary, multiclass or "
                        "regression, or another target.", column=target)
    schema.set_task(task)
    col = frame[target]
    is_regression = task == "regression"
    values = enc.as_float(col) if is_regression else None
    present = ~col.isna().to_numpy()
    if is_regression:
        present &= ~np.isinf(enc.as_float(col)) | col.isna().to_numpy()
    if not present.any():
        raise DataError(f"Target '{target}' has no values: every row is missing. Choose "
                        "another target column.", column=target)
    if not present.all():
        n = int((~present).sum())
        warnings.append(f"dropped {n} row{'s' if n != 1 else ''} with no value in target "
                        f"'{target}'")
    kept = np.flatnonzero(present).astype(np.int64)
    col = col.iloc[kept]
    y_for_split = None
    if is_regression:
        values = values[kept]
        bad = np.flatnonzero(np.isnan(values))
        if len(bad):
            n_bad = len(bad)
            raise DataError(f"Target '{target}' is not numeric, so it cannot be used for "
                            f"regression: {n_bad} value{'s are' if n_bad != 1 else ' is'} not "
                            f"a number, e.g. {col.iloc[bad[0]]!r} at row {kept[bad[0]] + 1}. "
                            "Choose classification, or another target.", column=target,
                            row=int(kept[bad[0]]) + 1)
    else:
        y_for_split = enc.as_text(col).to_numpy()
        classes = pd.unique(y_for_split)
        if len(classes) < 2:
            raise DataError(f"Target '{target}' has only one class ({classes[0]!r}); a "
                            "classifier needs at least two. Choose another target, or add "
                            "rows of the other classes.", column=target)
        if task == "binary" and len(classes) > 2:
            raise DataError(f"Target '{target}' has {len(classes)} classes, but binary needs "
                            "exactly 2. Choose multiclass.", column=target)
        if len(classes) > MAX_CLASSES:
            raise DataError(f"Target '{target}' has {len(classes)} classes (the most is "
                            f"{MAX_CLASSES}). Choose regression, or another target.",
                            column=target)
    pre = Preprocessor(schema, max_categories=max_categories)
    unused = [c.name for c in schema.columns if c.role == "feature" and c.name != target
              and c.name not in pre.input_columns]
    if unused:
        warnings.append("Not used as features (text, ID or constant columns): "
                        + ", ".join(unused) + ".")
    if not pre.input_columns:
        raise DataError("No feature columns: every column is ignored or is the target. Set "
                        "the role of at least one column to feature.")
    if len(kept) < split.min_rows():
        raise DataError(f"Too few rows for the split: {len(kept)} row(s) have a value in "
                        f"target '{target}', need at least {split.min_rows()} "
                        "(one per part). Add more rows.", column=target)
    parts = split_indices(len(kept), y_for_split, split)
    rows = tuple(kept[p] for p in parts)
    return schema, pre, rows, col, warnings
