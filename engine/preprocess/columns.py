"""Per-kind column encoders: fitted state is a plain JSON-safe dict, transforms are vectorised.

Each kind has ``fit_<kind>(values) -> state``, ``names_<kind>(name, state) -> list[str]``
and ``apply_<kind>(values, state) -> float64 array (n, width)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.errors import DataError

MISSING_LEVEL = "(missing)"
OTHER_LEVEL = "(other)"
_TRUE = {"yes", "true", "y", "t", "1", "1.0"}
_FALSE = {"no", "false", "n", "f", "0", "0.0"}
_DATE_PARTS = ("year", "month", "day_of_week", "day_of_year")


def text_codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels): canonical text label per distinct value, and each row's index into
    labels (-1 = missing). Whole numbers lose their ".0" so 1, 1.0 and "1" are the same
    label; text is trimmed. Work happens on distinct values only."""
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


def as_text(col: pd.Series) -> pd.Series:
    """Canonical text labels (object dtype, None for missing); see text_codes."""
    codes, labels = text_codes(col)
    return pd.Series(np.append(labels, None)[codes], index=col.index, dtype=object)


def as_float(col: pd.Series) -> np.ndarray:
    """float64 values; text that is not a number and infinities become NaN."""
    if pd.api.types.is_bool_dtype(col):
        arr = col.astype(float).to_numpy()
    elif pd.api.types.is_numeric_dtype(col):
        arr = col.to_numpy(dtype=float, na_value=np.nan)
    else:
        arr = pd.to_numeric(col.astype("str").str.strip(), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
    return np.where(np.isinf(arr), np.nan, arr)


def _stats(arr: np.ndarray, name=None) -> dict:
    missing = np.isnan(arr)
    median = float(np.median(arr[~missing])) if (~missing).any() else 0.0
    filled = np.where(missing, median, arr)
    # Huge but finite values (1e300) overflow a plain sum of squares: compute on values divided by the
    # largest magnitude (exact in float64, a power of two apart or not), then scale back.
    peak = float(np.abs(filled).max()) if len(filled) else 0.0
    unit = peak if peak > 1e150 else 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        mean = float((filled / unit).mean()) * unit if len(filled) else 0.0
        std = float((filled / unit).std()) * unit if len(filled) else 0.0
        widest = float(np.abs((filled - mean) / (std if std > 0 and np.isfinite(std) else 1.0)).max()) if len(filled) else 0.0
    if not (np.isfinite(mean) and np.isfinite(std) and np.isfinite(widest)):
        raise DataError(f"Column '{name}' holds numbers too large to scale (up to {peak:.3g}): their mean or spread "
                        "overflows. Divide the column by a power of ten, take its logarithm, or set its role "
                        "to ignored.", column=name)
    return {"median": median, "mean": mean,
            "std": std if std > 0 else 1.0,
            "indicator": bool(missing.any())}


def _scale(arr: np.ndarray, state: dict) -> list[np.ndarray]:
    missing = np.isnan(arr)
    out = [(np.where(missing, state["median"], arr) - state["mean"]) / state["std"]]
    if state["indicator"]:
        out.append(missing.astype(float))
    return out


# numeric ---------------------------------------------------------------------------------
def fit_numeric(col: pd.Series) -> dict:
    """Median for imputation, mean/std for scaling, missing indicator if any were missing."""
    return _stats(as_float(col), col.name)


def names_numeric(name: str, state: dict) -> list[str]:
    return [name] + ([f"{name} (missing)"] if state["indicator"] else [])


def apply_numeric(col: pd.Series, state: dict) -> np.ndarray:
    return np.column_stack(_scale(as_float(col), state))


# boolean ---------------------------------------------------------------------------------
def fit_boolean(col: pd.Series) -> dict:
    """Which labels mean 1; the training share of 1s fills missing values."""
    labels = as_text(col)
    levels = sorted({v for v in labels.dropna().unique()})
    lowered = {v.lower() for v in levels}
    if lowered <= _TRUE | _FALSE:
        positive = [v for v in levels if v.lower() in _TRUE]
    else:
        positive = levels[1:]  # not yes/no-like: the first label in sorted order is 0
    arr = _bool_values(labels, positive)
    missing = np.isnan(arr)
    fill = float(arr[~missing].mean()) if (~missing).any() else 0.0
    return {"positive": positive, "levels": levels, "fill": fill,
            "indicator": bool(missing.any())}


def _bool_values(labels: pd.Series, positive: list[str]) -> np.ndarray:
    pos = {v.lower() for v in positive}
    lowered = labels.str.lower()
    arr = np.where(lowered.isin(pos).to_numpy(), 1.0, 0.0)
    return np.where(labels.isna().to_numpy(), np.nan, arr)


def names_boolean(name: str, state: dict) -> list[str]:
    return [name] + ([f"{name} (missing)"] if state["indicator"] else [])


def apply_boolean(col: pd.Series, state: dict) -> np.ndarray:
    labels = as_text(col)
    known = {v.lower() for v in state["levels"]} | _TRUE | _FALSE
    labels = labels.where(labels.str.lower().isin(known))  # unknown labels count as missing
    arr = _bool_values(labels, state["positive"])
    missing = np.isnan(arr)
    out = [np.where(missing, state["fill"], arr)]
    if state["indicator"]:
        out.append(missing.astype(float))
    return np.column_stack(out)


# categorical / integer_category -----------------------------------------------------------
def fit_categorical(col: pd.Series, max_categories: int) -> dict:
    """The max_categories most frequent levels (missing is a level); the rest pool into
    "(other)", which also takes levels first seen at transform time."""
    labels = as_text(col).fillna(MISSING_LEVEL)
    counts = labels.value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    levels = [str(v) for v in counts.index[:max_categories]]
    return {"levels": levels, "other": len(counts) > max_categories}


def names_categorical(name: str, state: dict) -> list[str]:
    return [f"{name}={lv}" for lv in state["levels"]] + (
        [f"{name}={OTHER_LEVEL}"] if state["other"] else [])


def apply_categorical(col: pd.Series, state: dict) -> np.ndarray:
    codes, labels = text_codes(col)
    levels = state["levels"]
    # Map distinct labels to level positions once, then every row by its code (-1 = missing).
    per_label = pd.Index(levels, dtype=object).get_indexer(np.append(labels, MISSING_LEVEL))
    codes = per_label.astype(np.int64)[codes]
    width = len(levels) + (1 if state["other"] else 0)
    out = np.zeros((len(codes), width))
    if state["other"]:
        codes = np.where(codes < 0, len(levels), codes)
    rows = np.flatnonzero(codes >= 0)
    out[rows, codes[rows]] = 1.0
    return out


# datetime --------------------------------------------------------------------------------
def _date_parts(col: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(col):
        stamps = pd.Series(col)
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    else:
        codes, uniques = pd.factorize(col.astype("str").str.strip(), use_na_sentinel=True)
        parsed = pd.to_datetime(pd.Series(uniques, dtype=object), errors="coerce",
                                format="mixed", utc=True).dt.tz_localize(None)
        stamps = pd.Series(np.append(parsed.to_numpy(), np.datetime64("NaT"))[codes])
    dt = stamps.dt
    parts = [dt.year, dt.month, dt.day_of_week, dt.day_of_year]
    return np.column_stack([p.to_numpy(dtype=float, na_value=np.nan) for p in parts])


def fit_datetime(col: pd.Series) -> dict:
    """Per part (year, month, day of week, day of year): median, mean, std."""
    parts = _date_parts(col)
    stats = [_stats(parts[:, j]) for j in range(parts.shape[1])]
    return {"parts": stats, "indicator": bool(np.isnan(parts[:, 0]).any())}


def names_datetime(name: str, state: dict) -> list[str]:
    return [f"{name}.{p}" for p in _DATE_PARTS] + (
        [f"{name} (missing)"] if state["indicator"] else [])


def apply_datetime(col: pd.Series, state: dict) -> np.ndarray:
    parts = _date_parts(col)
    out = []
    for j, stats in enumerate(state["parts"]):
        out.extend(_scale(parts[:, j], {**stats, "indicator": False}))
    if state["indicator"]:
        out.append(np.isnan(parts[:, 0]).astype(float))
    return np.column_stack(out)


ENCODERS = {
    "numeric": (fit_numeric, names_numeric, apply_numeric),
    "boolean": (fit_boolean, names_boolean, apply_boolean),
    "categorical": (fit_categorical, names_categorical, apply_categorical),
    "integer_category": (fit_categorical, names_categorical, apply_categorical),
    "datetime": (fit_datetime, names_datetime, apply_datetime),
}
"""kind -> (fit, names, apply). Kinds not listed (text, identifier, constant) are not used."""
