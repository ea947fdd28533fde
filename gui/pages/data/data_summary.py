"""Words about the loaded data: the one-line summary and the missing-value policy."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.data import MISSING_TOKENS, Schema, Table
from engine.preprocess.preprocessor import sort_classes
from engine.tasks import Task

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

TASK_LABELS = {"binary": QT_TRANSLATE_NOOP("Task", "binary"), "multiclass": QT_TRANSLATE_NOOP("Task", "multiclass"),
               "regression": QT_TRANSLATE_NOOP("Task", "regression")}  # English; task_label translates


def task_label(task: str) -> str:
    """A task name (binary / multiclass / regression) in the user's language."""
    return translate("Task", TASK_LABELS.get(str(task), str(task)))


def summary_text(table: Table | None, schema: Schema | None, cache: dict | None = None,
                 inputs: int | None = None) -> str:
    """E.g. "7,000 rows · 13 columns · 11 features (31 model inputs) → target churn (binary, 24% Yes)".

    inputs (optional): how many numbers the model reads from the features.

    cache (optional) keeps the target's facts per (frame, target, task): they cost a pass
    over the column, and the summary is redrawn on every schema change.
    """
    if table is None:
        if schema is not None and schema.columns:
            return translate("DataSummary", "{columns} columns (data file not loaded) · {features} features").format(
                columns=len(schema.columns), features=len(schema.features))
        return translate("DataSummary", "No data loaded — open a CSV file to begin.")
    frame = table.frame
    n_features = len(schema.features) if schema is not None else 0
    features = translate("DataSummary", "{count} feature") if n_features == 1 else translate("DataSummary", "{count} features")
    text = translate("DataSummary", "{rows} rows · {columns} columns · {features}").format(
        rows=f"{len(frame):,}", columns=f"{len(frame.columns):,}", features=features.format(count=f"{n_features:,}"))
    if inputs is not None:
        text += (translate("DataSummary", " ({count} model input)") if inputs == 1
                 else translate("DataSummary", " ({count} model inputs)")).format(count=f"{inputs:,}")
    if schema is None or not schema.target:
        return text + translate("DataSummary", " · no target: choose the column to predict")
    key = (id(frame), schema.target, schema.task)
    cache = {} if cache is None else cache
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[key] = target_detail(frame[schema.target], schema.task)
    return text + translate("DataSummary", " → target {target} ({detail})").format(target=schema.target, detail=cache[key])


def inputs_text(described: list) -> str:
    """Every feature column's way into the model, one line each (input_map.ColumnInputs descriptions)."""
    from engine.preprocess.input_map import inputs_summary

    return "\n".join([f"{inputs_summary(described)}:"] + [f"• {c.description}" for c in described])


def target_detail(column: pd.Series, task: str | None) -> str:
    """The task and a fact about the target: positive share, class count or mean."""
    present = column.dropna()
    if task is None:
        return translate("DataSummary", "no task: choose one")
    if present.empty:
        return translate("DataSummary", "{task}, every value is missing").format(task=task_label(task))
    if task == Task.BINARY:
        counts = present.astype(str).value_counts()
        classes = sort_classes(counts.index)
        positive = classes[-1]
        share = 100.0 * counts.get(positive, 0) / len(present)
        return translate("DataSummary", "binary, {share}% {positive}").format(share=f"{share:.0f}", positive=positive)
    if task == Task.MULTICLASS:
        return translate("DataSummary", "multiclass, {count} classes").format(count=f"{present.nunique():,}")
    numbers = pd.to_numeric(present, errors="coerce").dropna()
    if numbers.empty:
        return translate("DataSummary", "regression, but the values are not numbers")
    return translate("DataSummary", "regression, mean {mean}, sd {sd}").format(mean=f"{numbers.mean():.4g}", sd=f"{numbers.std():.3g}")


def missing_policy_text() -> tuple[str, str]:
    """(short label, full tooltip) listing the cell values read as missing."""
    shown = [translate("DataSummary", "(empty)") if t == "" else t for t in MISSING_TOKENS]
    short = ", ".join(shown[:9])
    label = translate("DataSummary", "Missing cells show as —. Read as missing: {short}, … ({count} tokens; hover for all)").format(
        short=short, count=len(shown))
    tip = (translate("DataSummary", "These cell values (after trimming spaces) are read as missing:") + "\n"
           + ", ".join(shown))
    return label, tip
