"""Source of the generated project's preprocessing.py (a string, so frozen apps can write it).

It is a standalone copy of engine.preprocess's transform (columns.py), split (split.py) and
target encoding, driven by the fitted state in preprocessor.json. A test checks it gives
exactly what engine.preprocess gives, on the examples and on awkward synthetic columns.
The text, image and history inputs (preprocessor.json's "inputs") are copies of
engine/preprocess/text_encoder.py, image_encoder.py (with engine/data/images.py's decoding) and
time_windows.py; tests/engine/export/test_multi_input_project.py checks they agree.
"""

PREPROCESSING_PY = r'''"""Read a CSV and turn it into model inputs exactly as LayerLab did, from preprocessor.json.

Needs only numpy and pandas (text columns: tokenizers; image files: Pillow). Numeric columns: median imputation, standardised, plus a
"(missing)" indicator where training had missing values. Categorical columns: one-hot of
the kept levels, with "(other)" for the rest. Booleans: 0/1. Datetimes: year, month, day of
week, day of year, standardised. The split is LayerLab's seeded (stratified) split.
Text columns become token ids with the fitted tokenizer, image files uint8 pixels at the trained
size, pixel columns one uint8 image; a forecaster reads windows of the last rows (model_inputs).
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


# --- text, image and history inputs (LayerLab's engine/preprocess/source_encoders.py) ---------
UNKNOWN_ID = 1  # token 0 pads a row, 1 stands for a word the tokenizer does not know
MAX_CHARACTERS = 100_000


class TextInput:
    """A text column -> int64 token ids (n, length) with the Hugging Face tokenizer fitted in LayerLab."""

    def __init__(self, state):
        from tokenizers import Tokenizer  # pip install tokenizers

        self.column = state["column"]
        self.length = int(state["length"])
        self.tokenizer = Tokenizer.from_str(json.dumps(state["tokenizer"]))

    def transform(self, frame, base_dir=None):
        texts = [("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))[:MAX_CHARACTERS]
                 for v in frame[self.column].tolist()]
        ids = np.zeros((len(texts), self.length), dtype=np.int64)
        for row, item in enumerate(self.tokenizer.encode_batch(texts)):
            values = (item.ids or [UNKNOWN_ID])[:self.length]  # an empty text is one unknown token
            ids[row, :len(values)] = values
        return ids


class ImageInput:
    """A column of image file paths (relative to the CSV's folder) -> uint8 (n, channels, height, width)."""

    def __init__(self, state):
        self.column = state["column"]
        self.size = tuple(int(v) for v in state["size"])
        self.channels = int(state["channels"])

    def transform(self, frame, base_dir=None):
        out = np.zeros((len(frame), self.channels, *self.size), dtype=np.uint8)
        for row, value in enumerate(frame[self.column].tolist()):
            path = Path(str(value).strip())
            if not path.is_absolute() and base_dir is not None:
                path = Path(base_dir) / path
            try:
                out[row] = load_image(path, self.size, self.channels)
            except OSError as exc:
                raise SystemExit(f"Row {row + 1} of column '{self.column}': cannot read image '{path}' ({exc}).")
        return out


def load_image(path, size, channels):
    """One image file as uint8 (channels, height, width): greyscale or RGB, resized bilinearly to size."""
    from PIL import Image  # pip install pillow

    with Image.open(path) as img:
        if img.format == "JPEG":
            img.draft("L" if channels == 1 else "RGB", (size[1], size[0]))
        img.load()
        converted = _image_mode(img, channels)
        if converted.size != (size[1], size[0]):
            converted = converted.resize((size[1], size[0]), Image.Resampling.BILINEAR)
        pixels = np.asarray(converted, dtype=np.uint8)
    return pixels[None] if channels == 1 else pixels.transpose(2, 0, 1)


def _image_mode(img, channels):
    """16-bit and float images scaled to 0..255, transparency laid over white, then "L" or "RGB"."""
    from PIL import Image

    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        values = np.asarray(img, dtype=np.float64)
        peak = values.max(initial=0)
        top = 65535.0 if img.mode.startswith("I;16") or peak > 255 else 1.0 if img.mode == "F" and peak <= 1.0 \
            else 255.0
        img = Image.fromarray(np.clip(values / top * 255.0 + 0.5, 0, 255).astype(np.uint8), mode="L")
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "PA", "RGBA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("L" if channels == 1 else "RGB")


class PixelInput:
    """Numeric pixel columns -> one uint8 image (n, channels, height, width), scaled by the training range."""

    def __init__(self, state):
        self.column = state["column"]
        self.columns = list(state["columns"])
        self.shape = tuple(int(v) for v in state["shape"])
        self.low, self.high = float(state["low"]), float(state["high"])

    def transform(self, frame, base_dir=None):
        absent = [c for c in self.columns if c not in frame.columns]
        if absent:
            raise SystemExit(f"The data has no pixel column '{absent[0]}' (of the image '{self.column}').")
        values = frame[self.columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
        values = np.nan_to_num(values, nan=self.low, posinf=self.high, neginf=self.low)
        scaled = np.clip(np.rint((values - self.low) / (self.high - self.low) * 255.0), 0, 255)
        return scaled.astype(np.uint8).reshape(len(frame), *self.shape)


INPUT_READERS = {"text": TextInput, "image": ImageInput, "pixels": PixelInput}


def parse_times(values, name):
    """The time column as numbers in time order (nanoseconds for dates)."""
    if values.isna().any():
        raise SystemExit(f"The time column '{name}' has empty values; every row needs its time.")
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float)
    parsed = values if pd.api.types.is_datetime64_any_dtype(values) else \
        pd.to_datetime(values.astype(str).str.strip(), errors="coerce", format="mixed")
    if parsed.isna().any():
        raise SystemExit(f"The time column '{name}' holds a value that is neither a date nor a number.")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)


def history_windows(frame, pre, forecast):
    """A forecaster's inputs: rows sorted by time, each window the scaled features (the target's column last,
    relative to its last value) of the lookback rows that end horizon rows before the predicted row.

    Returns (x float32 (m, lookback, features), positions of the predicted rows in frame, last values)."""
    time_column, lookback, horizon = forecast["time_column"], int(forecast["lookback"]), int(forecast["horizon"])
    for name in (time_column, pre.target):
        if name not in frame.columns:
            raise SystemExit(f"The data has no column '{name}', which a forecast needs.")
    order = np.argsort(parse_times(frame[time_column], time_column), kind="stable")
    part = frame.iloc[order]
    scaled = (as_float(part[pre.target]) - pre.target_mean) / pre.target_std
    scaled = np.nan_to_num(scaled, nan=0.0).astype(np.float32)
    features = np.hstack([pre.transform(part), scaled[:, None]])
    m = max(0, len(features) - lookback - horizon + 1)
    view = np.lib.stride_tricks.sliding_window_view(features, lookback, axis=0)
    x = np.array(view[:m].transpose(0, 2, 1), dtype=np.float32)
    last = x[:, -1, -1].copy()
    x[:, :, -1] -= last[:, None]
    predicted = np.arange(lookback + horizon - 1, len(features), dtype=np.int64)
    return x, order[predicted], last


def model_inputs(frame, pre, base_dir=None):
    """The model's inputs for the rows of frame, in the order of model.py's INPUTS.

    Returns (inputs, positions, last): a tuple of arrays; the rows of frame they predict (all of them, except
    for a forecaster); the scaled last value a forecaster's output is added to (None otherwise)."""
    state = pre.state.get("inputs")
    if not state:
        return (pre.transform(frame),), np.arange(len(frame)), None
    if state.get("forecast"):
        x, positions, last = history_windows(frame, pre, state["forecast"])
        return (x,), positions, last
    readers = [INPUT_READERS[item["kind"]](item) for item in state["encoders"]]
    table = (pre.transform(frame),) if state.get("table_width") else ()
    return table + tuple(r.transform(frame, base_dir) for r in readers), np.arange(len(frame)), None


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


def prepare(frame, pre, split):
    """Drop rows without a target, split like LayerLab, transform: dict of x_/y_ train/val/test arrays."""
    col = frame[pre.target]
    present = ~col.isna().to_numpy()
    if pre.task == "regression":
        present &= ~np.isinf(as_float(col)) | col.isna().to_numpy()
    kept = np.flatnonzero(present).astype(np.int64)
    col = col.iloc[kept]
    y_for_split = None if pre.task == "regression" else as_text(col).to_numpy()
    parts = split_indices(len(kept), y_for_split, split)
    out = {"rows": tuple(kept[p] for p in parts)}
    for name, rows in zip(("train", "val", "test"), out["rows"]):
        part = frame.iloc[rows]
        out["x_" + name] = pre.transform(part)
        out["y_" + name] = pre.encode_target(part[pre.target])
    return out
'''
