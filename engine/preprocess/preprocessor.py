"""Preprocessor: turns a frame into a float32 matrix and a target into model labels.

Fitted on the training part only; its state is a JSON-safe dict that round-trips exactly.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pandas as pd

from engine.data.schema import Schema
from engine.errors import DataError, DataWarning
from engine.i18n import _, ngettext
from engine.preprocess import columns as enc

PREPROCESSOR_VERSION = 1
MAX_CLASSES = 200
UNREADABLE_SHARE = 0.5
"""transform refuses a numeric column whose cells are more than this share words ('forty', 'unknown')."""


def sort_classes(labels) -> list[str]:
    """Class labels in index order: numerically when all are numbers, else as text."""
    labels = [str(v) for v in labels]
    try:
        return sorted(labels, key=float)
    except ValueError:
        return sorted(labels)


class Preprocessor:
    """Impute, scale and one-hot encode features; encode the target.

    Numeric: median imputation (+ a "(missing)" indicator column when training had missing
    values), standardised (std 0 -> 1). Categorical / integer_category: one-hot of the
    max_categories most frequent levels, the rest (and unseen levels) in "(other)", missing
    as its own "(missing)" level. Boolean: 0/1. Datetime: year, month, day of week, day of
    year, standardised. Text, identifier and constant columns are not used.

    Attributes (after fit): feature_names, width, task, classes, target_mean, target_std,
    input_columns (raw columns needed at predict time).
    """

    def __init__(self, schema: Schema, *, max_categories: int = 20):
        self.schema = schema.copy()
        self.max_categories = int(max_categories)
        self.task = schema.task
        if self.task is None and schema.target is not None:
            self.task = schema.column(schema.target).task_hint
        self.target = schema.target
        self.input_columns = [c.name for c in schema.columns
                              if c.role == "feature" and c.name != schema.target
                              and c.kind in enc.ENCODERS]
        self.classes: list[str] | None = None
        self.target_mean: float | None = None
        self.target_std: float | None = None
        self._states: list[dict] = []
        self.fitted = False

    @property
    def feature_names(self) -> list[str]:
        """One name per output column, e.g. "age", "age (missing)", "contract=One year"."""
        names: list[str] = []
        for state in self._states:
            names.extend(enc.ENCODERS[state["kind"]][1](state["name"], state["state"]))
        return names

    @property
    def width(self) -> int:
        """Number of output columns."""
        return len(self.feature_names)

    def fit(self, frame: pd.DataFrame, *, classes_from: pd.Series | None = None
            ) -> "Preprocessor":
        """Learn imputation, scaling and levels from frame (the training part).

        Args:
            frame: training rows; must hold input_columns, and the target if it is to be
                encoded.
            classes_from: optional full target column, used only to list the classes so a
                rare class that fell outside the training part still encodes.

        Returns:
            self.

        Raises:
            DataError: a needed column is missing.
        """
        self._require(frame)
        self._states = []
        for name in self.input_columns:
            kind = self.schema.column(name).kind
            fit = enc.ENCODERS[kind][0]
            col = frame[name]
            state = fit(col, self.max_categories) if fit is enc.fit_categorical else fit(col)
            self._states.append({"name": name, "kind": kind, "state": state})
        if self.target is not None and (self.target in frame.columns or classes_from is not None):
            self._fit_target(frame[self.target] if self.target in frame.columns else None,
                             classes_from)
        self.fitted = True
        return self

    def _fit_target(self, col: pd.Series | None, classes_from: pd.Series | None) -> None:
        if self.task in ("binary", "multiclass"):
            source = classes_from if classes_from is not None else col
            labels = enc.as_text(source).dropna().unique()
            self.classes = sort_classes(labels)
        elif self.task == "regression" and col is not None:
            values = enc.as_float(col)
            values = values[~np.isnan(values)]
            self.target_mean = float(values.mean()) if len(values) else 0.0
            std = float(values.std()) if len(values) else 0.0
            self.target_std = std if std > 0 and np.isfinite(std) else 1.0

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Feature matrix, float32 of shape (len(frame), width). Unseen categories go to
        "(other)" (or all zeros); never an error for values.

        Raises:
            DataError: not fitted, or frame lacks a needed column (named in the message).
        """
        if not self.fitted:
            raise DataError(_("The preprocessor has not been fitted yet; fit it on the training rows first."))
        self._require(frame)
        self._check_numbers(frame)
        out = np.empty((len(frame), self.width), dtype=np.float32)
        j = 0
        for st in self._states:
            block = enc.ENCODERS[st["kind"]][2](frame[st["name"]], st["state"])
            out[:, j:j + block.shape[1]] = block
            j += block.shape[1]
        return out

    def unreadable_numbers(self, frame: pd.DataFrame) -> dict[str, int]:
        """Per numeric input column, how many cells hold something that is neither a number nor missing
        ('forty', 'unknown'): transform would fill each in as if it were missing."""
        counts = {}
        for st in self._states:
            if st["kind"] != "numeric" or st["name"] not in frame.columns:
                continue
            col = frame[st["name"]]
            if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
                continue
            present = col.notna().to_numpy() & (col.astype("str").str.strip() != "").to_numpy()
            words = int((present & np.isnan(enc.as_float(col))).sum())
            if words:
                counts[st["name"]] = words
        return counts

    def _check_numbers(self, frame: pd.DataFrame) -> None:
        """Warn (DataWarning) about words in numeric columns; refuse when they fill more than half of a column."""
        counts = self.unreadable_numbers(frame)
        if not counts:
            return
        rows = max(len(frame), 1)
        described = "; ".join(_("'{column}': {count} of {rows} rows").format(column=name, count=f"{n:,}",
                                                                             rows=f"{len(frame):,}")
                              for name, n in counts.items())
        worst = max(counts, key=counts.get)
        if counts[worst] > UNREADABLE_SHARE * rows:
            col = frame[worst]
            example = col[col.notna() & (col.astype("str").str.strip() != "") & np.isnan(enc.as_float(col))].iloc[0]
            raise DataError(_("Column '{column}' should hold numbers but {count} of {rows} rows hold something else "
                              "(e.g. {example}); predictions from filled-in values would mean nothing. Write the "
                              "values as numbers (or leave unknown ones empty). Not numbers: {described}.").format(
                column=worst, count=f"{counts[worst]:,}", rows=f"{len(frame):,}", example=repr(str(example)),
                described=described), column=worst)
        warnings.warn(_("values that are not numbers were filled in as missing: {described}. Write them as numbers "
                        "(or leave unknown ones empty).").format(described=described), DataWarning, stacklevel=3)

    def encode_target(self, series: pd.Series) -> np.ndarray:
        """Target values for the model: binary float32 0/1, multiclass int64 class indices,
        regression float32 standardised, each of shape (n,).

        Raises:
            DataError: a missing value, a class not seen in training, or a non-number in a
                regression target (the message names the row and value).
        """
        name = self.target or getattr(series, "name", "target")
        if self.task in ("binary", "multiclass"):
            if self.classes is None:
                raise DataError(_("The classes of target '{name}' are not known; fit first.").format(name=name))
            labels = enc.as_text(series)
            codes = pd.Index(self.classes, dtype=object).get_indexer(labels.to_numpy()).astype(np.int64)
            bad = np.flatnonzero(codes < 0)
            if len(bad):
                value = labels.iloc[bad[0]]
                sentence = (_("Target '{name}' has no value at row {row}, which is not one of the classes {classes}.")
                            if value is None else
                            _("Target '{name}' has the value '{value}' at row {row}, which is not one of the classes "
                              "{classes}."))
                raise DataError(sentence.format(name=name, value=value, row=bad[0] + 1, classes=self.classes),
                                column=name, row=int(bad[0]) + 1)
            return codes.astype(np.float32) if self.task == "binary" else codes
        if self.task == "regression":
            values = enc.as_float(series)
            bad = np.flatnonzero(np.isnan(values))
            if len(bad):
                raise DataError(_("Target '{name}' has {value} at row {row}, which is not a number.").format(
                    name=name, value=repr(series.iloc[bad[0]]), row=bad[0] + 1), column=name, row=int(bad[0]) + 1)
            mean = self.target_mean or 0.0
            std = self.target_std or 1.0
            return ((values - mean) / std).astype(np.float32)
        raise DataError(_("No task is set for target '{name}'; choose binary, multiclass or regression.").format(
            name=name), column=name)

    def decode_regression(self, values):
        """Undo the target standardisation: values * target_std + target_mean."""
        return np.asarray(values) * (self.target_std or 1.0) + (self.target_mean or 0.0)

    def _require(self, frame: pd.DataFrame) -> None:
        absent = [c for c in self.input_columns if c not in frame.columns]
        if absent:
            listed = ", ".join(f"'{c}'" for c in absent)
            raise DataError(ngettext("The data has no column {columns}, which the model needs. Add it (same name) "
                                     "and try again.",
                                     "The data has no columns {columns}, which the model needs. Add them (same "
                                     "name) and try again.", len(absent)).format(columns=listed),
                            column=absent[0])

    def to_dict(self) -> dict:
        """JSON-safe fitted state with a "version" key."""
        return {"version": PREPROCESSOR_VERSION, "max_categories": self.max_categories,
                "schema": self.schema.to_dict(), "task": self.task, "target": self.target,
                "input_columns": list(self.input_columns),
                "columns": copy.deepcopy(self._states),
                "classes": list(self.classes) if self.classes is not None else None,
                "target_mean": self.target_mean,
                "target_std": self.target_std, "fitted": self.fitted}

    @classmethod
    def from_dict(cls, d: dict) -> "Preprocessor":
        """Rebuild a fitted Preprocessor from to_dict() output.

        Raises:
            DataError: the state comes from a newer, unknown version.
        """
        if d.get("version", 1) > PREPROCESSOR_VERSION:
            raise DataError(f"This preprocessing state was saved by a newer LayerLab (version "
                            f"{d['version']}); update LayerLab to open it.")
        if not isinstance(d, dict):
            raise DataError("The preprocessing state is damaged: it is not an object.")
        missing = [key for key in ("schema", "input_columns", "columns") if key not in d]
        if missing:
            raise DataError(f"The preprocessing state is damaged: it has no {', '.join(repr(k) for k in missing)}.")
        if not isinstance(d["columns"], list) or not isinstance(d["input_columns"], list):
            raise DataError("The preprocessing state is damaged: 'columns' and 'input_columns' must be lists.")
        pre = cls(Schema.from_dict(d["schema"]), max_categories=d.get("max_categories", 20))
        pre.task, pre.target = d.get("task"), d.get("target")
        pre.input_columns = [str(c) for c in d["input_columns"]]
        pre._states = copy.deepcopy(d["columns"])
        for i, st in enumerate(pre._states, start=1):
            if not isinstance(st, dict) or not isinstance(st.get("name"), str) or not isinstance(st.get("state"), dict):
                raise DataError(f"The preprocessing state is damaged: column {i} needs a 'name' and a 'state'.")
            if st.get("kind") not in enc.ENCODERS:
                raise DataError(f"The preprocessing state is damaged: column '{st['name']}' has the unknown kind "
                                f"{st.get('kind')!r}; known kinds: {', '.join(enc.ENCODERS)}.", column=st["name"])
            try:
                enc.ENCODERS[st["kind"]][1](st["name"], st["state"])
                enc.ENCODERS[st["kind"]][2](pd.Series([None, "1"], dtype=object), st["state"])  # every key it reads
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise DataError(f"The preprocessing state is damaged: column '{st['name']}' ({st['kind']}) has a "
                                f"bad state ({type(exc).__name__}: {exc}).", column=st["name"]) from None
        pre.classes = _checked_classes(pre.task, d.get("classes"))
        pre.target_mean, pre.target_std = d.get("target_mean"), d.get("target_std")
        pre.fitted = d.get("fitted", True)
        return pre


def _checked_classes(task, classes) -> list[str] | None:
    """The saved class list, refused unless a classification task has at least two distinct names."""
    if task not in ("binary", "multiclass"):
        return classes if isinstance(classes, list) else None
    if not isinstance(classes, list) or any(not isinstance(c, (str, int, float, bool)) for c in classes):
        raise DataError(f"The preprocessing state is damaged: a {task} target needs a list of class names, "
                        f"got {classes!r}.")
    if len(classes) < 2 or len(set(map(str, classes))) != len(classes):
        raise DataError(f"The preprocessing state is damaged: a {task} target needs at least two different "
                        f"classes, got {classes!r}.")
    if task == "binary" and len(classes) != 2:
        raise DataError(f"The preprocessing state is damaged: a binary target has two classes, got {len(classes)} "
                        f"({classes!r}).")
    return [str(c) for c in classes]
