"""Source of the generated project's preprocessing.py (a string, so frozen apps can write it).

It is a standalone copy of engine.preprocess's transform (columns.py), split (split.py) and
target encoding, driven by the fitted state in preprocessor.json. A test checks it gives
exactly what engine.preprocess gives, on the examples and on awkward synthetic columns.
The text, image and history inputs (preprocessor.json's "inputs") are copies of
engine/preprocess/text_encoder.py, image_encoder.py (with engine/data/images.py's decoding) and
time_windows.py; tests/engine/export/test_multi_input_project.py checks they agree, and
test_retrain_multi_input.py that train.py retrains such models as LayerLab does (same split, same windows).
"""

from engine.export.template_inputs import INPUTS_PY

PREPROCESSING_PY = r'''"""Read a CSV and turn it into model inputs exactly as LayerLab did, from preprocessor.json.

Needs only numpy and pandas (text columns: tokenizers; image files: Pillow). Numeric columns: median imputation, standardised, plus a
"(missing)" indicator where training had missing values. Categorical columns: one-hot of
the kept levels, with "(other)" for the rest. Booleans: 0/1. Datetimes: year, month, day of
week, day of year, standardised. The split is LayerLab's seeded (stratified) split.
Text columns become token ids with the fitted tokenizer, image files uint8 pixels at the trained
size, pixel columns one uint8 image; a forecaster reads windows of the last rows (model_inputs).
A forecaster's split is chronological: rows in time order, windows built inside each part.
"""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

MISSING_TOKENS = __MISSING_TOKENS__
MISSING_LEVEL = "(missing)"
_TRUE = {"yes", "true", "y", "t", "1", "1.0"}
_FALSE = {"no", "false", "n", "f", "0", "0.0"}
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_PERCENT = r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*%$"


# --- reading ---------------------------------------------------------------------------------
def read_table(path, delimiter=None):
    """Read a CSV: trimmed text, LayerLab's missing tokens, numbers (also 1,234 and 12%) as numbers."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with open(path, encoding=encoding) as handle:
                first = handle.readline()
            break
        except UnicodeDecodeError:
            continue
    if delimiter is None:
        delimiter = max([",", ";", "\t", "|"], key=first.count)
    raw = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, encoding=encoding,
                      skip_blank_lines=True)
    raw.columns = [str(c).strip() for c in raw.columns]
    return pd.DataFrame({name: _convert(raw[name]) for name in raw.columns})


def _convert(col):
    values = col.str.strip()
    values = values.where(~values.isin(MISSING_TOKENS))
    present = values.dropna()
    if present.empty:
        return pd.Series(np.full(len(col), np.nan))
    for prepared in (present, present.where(~present.str.fullmatch(_THOUSANDS), present.str.replace(",", "")),
                     present.str.extract(_PERCENT, expand=False)):
        numbers = pd.to_numeric(prepared, errors="coerce")
        if numbers.notna().all():
            out = np.full(len(col), np.nan)
            out[values.notna().to_numpy()] = numbers.to_numpy(dtype=float)
            out[np.isinf(out)] = np.nan
            if np.isfinite(out).all() and np.all(out == np.round(out)):
                return pd.Series(out.astype(np.int64))
            return pd.Series(out)
    return values.astype(object)


# --- column encoders (the same rules as LayerLab's engine/preprocess/columns.py) -------------
def text_codes(col):
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    if len(uniques) == 0:
        labels = np.array([], dtype=object)
    elif pd.api.types.is_bool_dtype(uniques.dtype):
        labels = np.array([str(bool(v)) for v in uniques], dtype=object)
    elif pd.api.types.is_numeric_dtype(uniques.dtype):
        arr = np.asarray(uniques, dtype=float)
        whole = np.isfinite(arr) & (arr == np.round(arr))
        labels = np.where(whole, np.where(whole, arr, 0).astype(np.int64).astype(str),
                          arr.astype(str)).astype(object)
    else:
        labels = np.array([str(v).strip() for v in uniques], dtype=object)
    return np.asarray(codes, dtype=np.int64), labels


def as_text(col):
    codes, labels = text_codes(col)
    return pd.Series(np.append(labels, None)[codes], index=col.index, dtype=object)


def as_float(col):
    if pd.api.types.is_bool_dtype(col):
        arr = col.astype(float).to_numpy()
    elif pd.api.types.is_numeric_dtype(col):
        arr = col.to_numpy(dtype=float, na_value=np.nan)
    else:
        arr = pd.to_numeric(col.astype("str").str.strip(), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isinf(arr), np.nan, arr)


def _scale(arr, state):
    missing = np.isnan(arr)
    out = [(np.where(missing, state["median"], arr) - state["mean"]) / state["std"]]
    if state["indicator"]:
        out.append(missing.astype(float))
    return out


def apply_numeric(col, state):
    return np.column_stack(_scale(as_float(col), state))


def apply_boolean(col, state):
    labels = as_text(col)
    known = {v.lower() for v in state["levels"]} | _TRUE | _FALSE
    labels = labels.where(labels.str.lower().isin(known))
    positive = {v.lower() for v in state["positive"]}
    arr = np.where(labels.str.lower().isin(positive).to_numpy(), 1.0, 0.0)
    arr = np.where(labels.isna().to_numpy(), np.nan, arr)
    missing = np.isnan(arr)
    out = [np.where(missing, state["fill"], arr)]
    if state["indicator"]:
        out.append(missing.astype(float))
    return np.column_stack(out)


def apply_categorical(col, state):
    codes, labels = text_codes(col)
    levels = state["levels"]
    per_label = pd.Index(levels, dtype=object).get_indexer(np.append(labels, MISSING_LEVEL))
    codes = per_label.astype(np.int64)[codes]
    out = np.zeros((len(codes), len(levels) + (1 if state["other"] else 0)))
    if state["other"]:
        codes = np.where(codes < 0, len(levels), codes)
    rows = np.flatnonzero(codes >= 0)
    out[rows, codes[rows]] = 1.0
    return out


def _date_parts(col):
    if pd.api.types.is_datetime64_any_dtype(col):
        stamps = pd.Series(col)
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    else:
        codes, uniques = pd.factorize(col.astype("str").str.strip(), use_na_sentinel=True)
        parsed = pd.to_datetime(pd.Series(uniques, dtype=object), errors="coerce", format="mixed",
                                utc=True).dt.tz_localize(None)
        stamps = pd.Series(np.append(parsed.to_numpy(), np.datetime64("NaT"))[codes])
    dt = stamps.dt
    parts = [dt.year, dt.month, dt.day_of_week, dt.day_of_year]
    return np.column_stack([p.to_numpy(dtype=float, na_value=np.nan) for p in parts])


def apply_datetime(col, state):
    parts = _date_parts(col)
    out = []
    for j, stats in enumerate(state["parts"]):
        out.extend(_scale(parts[:, j], {**stats, "indicator": False}))
    if state["indicator"]:
        out.append(np.isnan(parts[:, 0]).astype(float))
    return np.column_stack(out)


APPLY = {"numeric": apply_numeric, "boolean": apply_boolean, "categorical": apply_categorical,
         "integer_category": apply_categorical, "datetime": apply_datetime}


# --- the fitted preprocessor -----------------------------------------------------------------
class Preprocessor:
    """The fitted state from preprocessor.json: transform(frame) -> float32 (n, width)."""

    def __init__(self, state):
        self.state = state
        self.task = state["task"]
        self.target = state["target"]
        self.classes = state.get("classes")
        self.target_mean = state.get("target_mean") or 0.0
        self.target_std = state.get("target_std") or 1.0
        self.input_columns = list(state["input_columns"])

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def transform(self, frame):
        absent = [c for c in self.input_columns if c not in frame.columns]
        if absent:
            raise SystemExit(f"The data has no column(s) {absent}, which the model needs.")
        blocks = [APPLY[c["kind"]](frame[c["name"]], c["state"]) for c in self.state["columns"]]
        if not blocks:  # a forecaster of the target's own past has no table features
            return np.zeros((len(frame), 0), dtype=np.float32)
        return np.concatenate(blocks, axis=1).astype(np.float32)

    def encode_target(self, series):
        if self.task in ("binary", "multiclass"):
            codes = pd.Index(self.classes, dtype=object).get_indexer(as_text(series).to_numpy()).astype(np.int64)
            if (codes < 0).any():
                row = int(np.flatnonzero(codes < 0)[0]) + 1
                raise SystemExit(f"Target '{self.target}' row {row} is not one of the classes {self.classes}.")
            return codes.astype(np.float32) if self.task == "binary" else codes
        values = as_float(series)
        return ((values - self.target_mean) / self.target_std).astype(np.float32)

    def decode_regression(self, values):
        return np.asarray(values) * self.target_std + self.target_mean


''' + INPUTS_PY + r'''

# --- LayerLab's seeded split (engine/preprocess/split.py) -------------------------------------
def split_counts(n_rows, split):
    n_val = max(1, round(n_rows * split["val"])) if split["val"] > 0 else 0
    n_test = max(1, round(n_rows * split["test"])) if split["test"] > 0 else 0
    while n_rows - n_val - n_test < 1:
        if n_val >= n_test and n_val > 1:
            n_val -= 1
        elif n_test > 1:
            n_test -= 1
        else:
            break
    return n_rows - n_val - n_test, n_val, n_test


def split_indices(n_rows, y, split):
    """(train, val, test) sorted positional indices; stratified when y is given."""
    n_train, n_val, _ = split_counts(n_rows, split)
    rng = np.random.default_rng(split["seed"])
    perm = rng.permutation(n_rows)
    if y is not None and split.get("stratify", True):
        codes = pd.factorize(pd.Series(np.asarray(y, dtype=object)), use_na_sentinel=False)[0]
        order = perm[np.argsort(codes[perm], kind="stable")]
        sorted_codes = codes[order]
        counts = np.bincount(sorted_codes)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rank = np.arange(n_rows) - starts[sorted_codes]
        offset = rng.random(len(counts))[sorted_codes]
        key = (rank + offset) / counts[sorted_codes]
        perm = order[np.lexsort((rng.random(n_rows), key))]
    parts = (perm[:n_train], perm[n_train:n_train + n_val], perm[n_train + n_val:])
    return tuple(np.sort(p).astype(np.int64) for p in parts)


def target_rows(frame, pre):
    """Positions of the rows LayerLab trains on: those with a target value (a number, for regression)."""
    if pre.target not in frame.columns:
        raise SystemExit(f"The data has no target column '{pre.target}'.")
    col = frame[pre.target]
    present = ~col.isna().to_numpy()
    if pre.task == "regression":
        values = as_float(col)
        present &= ~np.isinf(values) | col.isna().to_numpy()
        bad = np.flatnonzero(present & np.isnan(values))
        if len(bad):
            raise SystemExit(f"Target '{pre.target}' row {int(bad[0]) + 1} holds {col.iloc[bad[0]]!r}, "
                             "which is not a number.")
    return np.flatnonzero(present).astype(np.int64)


def prepare(frame, pre, split, base_dir=None):
    """Drop rows without a target, split like LayerLab, make the model inputs and targets.

    Returns a dict: "rows" (the train, val, test rows of frame; a forecaster's predicted rows), x_/y_ train/val/
    test. x_ is an array when the table is the model's only input, else a tuple of arrays in model.py's INPUTS
    order (image paths read relative to base_dir). A forecaster's y_ is the change from the window's last value,
    which "offset_" train/val/test hold (scaled)."""
    forecast = (pre.state.get("inputs") or {}).get("forecast")
    if forecast:
        return prepare_forecast(frame, pre, split, forecast)
    kept = target_rows(frame, pre)
    col = frame[pre.target].iloc[kept]
    y_for_split = None if pre.task == "regression" else as_text(col).to_numpy()
    parts = split_indices(len(kept), y_for_split, split)
    out = {"rows": tuple(kept[p] for p in parts)}
    for name, rows in zip(("train", "val", "test"), out["rows"]):
        part = frame.iloc[rows]
        inputs = model_inputs(part, pre, base_dir)[0]
        out["x_" + name] = inputs if pre.state.get("inputs") else inputs[0]
        out["y_" + name] = pre.encode_target(part[pre.target])
    return out
'''
