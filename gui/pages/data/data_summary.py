"""Words about the loaded data: the one-line summary and the missing-value policy."""

from __future__ import annotations

import pandas as pd

from engine.data import MISSING_TOKENS, Schema, Table
from engine.preprocess.preprocessor import sort_classes
from engine.tasks import Task


def summary_text(table: Table | None, schema: Schema | None, cache: dict | None = None,
                 inputs: int | None = None) -> str:
    """E.g. "7,000 rows · 13 columns · 11 features (31 model inputs) → target churn (binary, 24% Yes)".

    inputs (optional): how many numbers the model reads from the features.

    cache (optional) keeps the target's facts per (frame, target, task): they cost a pass
    over the column, and the summary is redrawn on every schema change.
    """
    if table is None:
        if schema is not None and schema.columns:
            return (f"{len(schema.columns)} columns (data file not loaded) · "
                    f"{len(schema.features)} features")
        return "No data loaded — open a CSV file to begin."
    frame = table.frame
    n_features = len(schema.features) if schema is not None else 0
    text = (f"{len(frame):,} rows · {len(frame.columns):,} columns · "
            f"{n_features:,} feature{'s' if n_features != 1 else ''}")
    if inputs is not None:
        text += f" ({inputs:,} model input{'s' if inputs != 1 else ''})"
    if schema is None or not schema.target:
        return text + " · no target: choose the column to predict"
    key = (id(frame), schema.target, schema.task)
    cache = {} if cache is None else cache
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[key] = target_detail(frame[schema.target], schema.task)
    return text + f" → target {schema.target} ({cache[key]})"


def inputs_text(described: list) -> str:
    """Every feature column's way into the model, one line each (input_map.ColumnInputs descriptions)."""
    from engine.preprocess.input_map import inputs_summary

    return "\n".join([f"{inputs_summary(described)}:"] + [f"• {c.description}" for c in described])


def target_detail(column: pd.Series, task: str | None) -> str:
    """The task and a fact about the target: positive share, class count or mean."""
    present = column.dropna()
    if task is None:
        return "no task: choose one"
    if present.empty:
        return f"{task}, every value is missing"
    if task == Task.BINARY:
        counts = present.astype(str).value_counts()
        classes = sort_classes(counts.index)
        positive = classes[-1]
        share = 100.0 * counts.get(positive, 0) / len(present)
        return f"binary, {share:.0f}% {positive}"
    if task == Task.MULTICLASS:
        return f"multiclass, {present.nunique():,} classes"
    numbers = pd.to_numeric(present, errors="coerce").dropna()
    if numbers.empty:
        return "regression, but the values are not numbers"
    return f"regression, mean {numbers.mean():.4g}, sd {numbers.std():.3g}"


def missing_policy_text() -> tuple[str, str]:
    """(short label, full tooltip) listing the cell values read as missing."""
    shown = ["(empty)" if t == "" else t for t in MISSING_TOKENS]
    short = ", ".join(shown[:9])
    label = (f"Missing cells show as —. Read as missing: {short}, … "
             f"({len(shown)} tokens; hover for all)")
    tip = ("These cell values (after trimming spaces) are read as missing:\n"
           + ", ".join(shown))
    return label, tip
