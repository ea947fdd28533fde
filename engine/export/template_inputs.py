"""Source of the text, image and history part of the generated project's preprocessing.py.

Copies of engine/preprocess/text_encoder.py, image_encoder.py (with engine/data/images.py's decoding),
time_windows.py and the chronological split of engine/preprocess/prepare.py, driven by preprocessor.json's
"inputs"; template_preprocessing.py places this text between the table part and the split.
"""

INPUTS_PY = r'''# --- text, image and history inputs (LayerLab's engine/preprocess/source_encoders.py) ---------
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


def windows(features, target, lookback, horizon):
    """Windows over rows in time order, relative to each window's last target value (the model learns the
    change from it). features: (n, F) scaled, the target last; target: (n,) scaled.

    Returns (x float32 (m, lookback, F), y the change to predict, positions of the predicted rows, last values)."""
    m = max(0, len(features) - lookback - horizon + 1)
    view = np.lib.stride_tricks.sliding_window_view(features, lookback, axis=0)
    x = np.array(view[:m].transpose(0, 2, 1), dtype=np.float32)
    last = x[:, -1, -1].copy()
    x[:, :, -1] -= last[:, None]
    predicted = np.arange(lookback + horizon - 1, len(features), dtype=np.int64)
    return x, (target[predicted] - last).astype(np.float32), predicted, last


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
    x, _, predicted, last = windows(features, scaled, lookback, horizon)
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


def prepare_forecast(frame, pre, split, forecast):
    """prepare() for a forecaster: rows in time order, the first share trains, the next validates, the last
    tests (LayerLab's chronological split); windows are built inside each part, so none crosses a boundary."""
    time_column, lookback, horizon = forecast["time_column"], int(forecast["lookback"]), int(forecast["horizon"])
    if time_column not in frame.columns:
        raise SystemExit(f"The data has no time column '{time_column}'.")
    kept = target_rows(frame, pre)
    times = parse_times(frame[time_column].iloc[kept], time_column)
    order = np.argsort(times, kind="stable")
    if (np.diff(times[order]) == 0).any():
        raise SystemExit(f"Two rows of the time column '{time_column}' have the same time; one row per time.")
    ordered = kept[order]
    n_train, n_val, _ = split_counts(len(ordered), split)
    parts = (ordered[:n_train], ordered[n_train:n_train + n_val], ordered[n_train + n_val:])
    out = {"rows": []}
    for name, rows in zip(("train", "val", "test"), parts):
        if len(rows) < lookback + horizon:
            part_words = {"train": "training", "val": "validation", "test": "test"}[name]
            raise SystemExit(f"The {part_words} part has {len(rows)} rows, fewer than one window needs (lookback "
                             f"{lookback} + horizon {horizon}); use more rows.")
        part = frame.iloc[rows]
        target = pre.encode_target(part[pre.target])
        features = np.hstack([pre.transform(part), target[:, None]])
        x, out["y_" + name], predicted, out["offset_" + name] = windows(features, target, lookback, horizon)
        out["x_" + name] = (x,)
        out["rows"].append(rows[predicted])
    out["rows"] = tuple(out["rows"])
    return out
'''
