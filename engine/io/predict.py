"""Use a trained bundle on new rows: preprocess with the fitted state, run the model, decode labels."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from engine.io.bundle import Bundle, load_bundle
from engine.errors import DataError
from engine.runs.decision import check_threshold, predict_positive
from engine.runs.metrics import probabilities
from engine.preprocess.time_windows import history_windows
from engine.runs.pipeline import predict_logits
from engine.tasks import Task


class Predictor:
    """Predictions from a bundle. `predict(frame)` returns a DataFrame of prediction columns.

    A binary model predicts the positive class where its probability reaches `threshold`: the bundle's
    own decision threshold unless one is given (engine.runs.decision.check_threshold rules apply).
    """

    def __init__(self, bundle: Bundle, threshold: float | None = None):
        self.bundle = bundle
        if threshold is not None and bundle.task != Task.BINARY:
            raise DataError(f"A decision threshold applies to binary (two-class) models only; this model's task "
                            f"is {bundle.task}. Leave the threshold out.")
        self.threshold = bundle.threshold if threshold is None else check_threshold(threshold)

    @classmethod
    def load(cls, path: str | Path, threshold: float | None = None) -> "Predictor":
        """Open a *.llmodel bundle (never unpickles); `threshold` overrides a binary model's own."""
        return cls(load_bundle(path), threshold)

    @property
    def target(self) -> str:
        return self.bundle.manifest.get("target") or "target"

    def predict(self, frame: pd.DataFrame, base_dir=None) -> pd.DataFrame:
        """Predict every row of `frame` (raw columns, as in the training CSV).

        Args:
            base_dir: the folder relative image paths are read from (the CSV's; None: the working folder).
        Returns:
            A frame with the same index: `predicted_<target>` and, for classification,
            `probability_<class>` per class (binary: the positive class only). A forecaster predicts the
            rows that have `lookback` earlier rows (empty for the first ones).
        Raises:
            DataError: a needed column is missing (named), image files are missing, or rows cannot be
                transformed.
        """
        pre, inputs = self.bundle.preprocessor, self.bundle.inputs
        columns = list(pre.input_columns) + (inputs.columns if inputs is not None else [])
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise DataError(f"The file lacks the column(s) the model was trained on: {', '.join(missing)}. "
                            "Add them (values may be empty) and try again.", column=missing[0])
        if inputs is not None and inputs.forecast:
            x, predicted, last = history_windows(frame, pre, inputs.forecast)
            values = np.full(len(frame), np.nan)
            values[predicted] = pre.decode_regression(predict_logits(self.bundle.model, (x,)).reshape(-1) + last)
            return pd.DataFrame({f"predicted_{self.target}": values}, index=frame.index)
        if inputs is not None:
            table = (pre.transform(frame),) if inputs.table_width else ()
            x = table + tuple(inputs.transform(frame, base_dir)[0])
        else:
            x = pre.transform(frame)
        logits = predict_logits(self.bundle.model, x)
        out = pd.DataFrame(index=frame.index)
        name = f"predicted_{self.target}"
        if pre.task == Task.REGRESSION:
            out[name] = pre.decode_regression(logits.reshape(-1))
            return out
        proba = probabilities(pre.task, logits)
        classes = list(pre.classes)
        if pre.task == Task.BINARY:
            out[name] = np.where(predict_positive(proba, self.threshold) == 1, classes[1], classes[0])
            out[f"probability_{classes[1]}"] = proba
        else:
            out[name] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
            for index, label in enumerate(classes):
                out[f"probability_{label}"] = proba[:, index]
        return out

    def rows_without_features(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows have every input column empty (missing, blank text, or a missing-value word such as "N/A").

        Such a row still gets a prediction (the model's guess for a row of fill-in values), which says
        nothing about that row: callers flag it rather than pass it off as a real prediction.

        Returns:
            A boolean array, one entry per row of `frame` (positions, not index labels).
        """
        from engine.data import MISSING_TOKENS

        tokens = {t.strip().lower() for t in MISSING_TOKENS}
        inputs = self.bundle.inputs
        needed = list(self.bundle.preprocessor.input_columns) + (inputs.columns if inputs is not None else [])
        columns = [c for c in needed if c in frame.columns]
        if not columns or frame.empty:
            return np.zeros(len(frame), dtype=bool)
        empty = np.ones(len(frame), dtype=bool)
        for column in columns:
            values = frame[column]
            missing = values.isna().to_numpy()
            if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
                text = values.astype(str).str.strip()
                missing = missing | text.eq("").to_numpy() | (values.notna() & text.str.lower().isin(tokens)).to_numpy()
            empty &= missing
        return empty

    def predict_file(self, csv_path: str | Path, out_path: str | Path | None = None, *,
                     raw: bool = False) -> pd.DataFrame:
        """Read a CSV, append prediction columns to its rows, optionally write the result (atomically).

        The returned frame holds the file's own cells as text, exactly as written in the file ("007" stays
        "007", "N/A" stays "N/A"), then the prediction columns (renamed `<name>_2`, ... where the file already
        has a column of that name). `out_path` is written by `write_predictions_csv` (formulas escaped unless
        `raw`).
        """
        from engine.data import read_csv

        table = read_csv(csv_path, min_rows=1)
        predictions = self.predict(table.frame, base_dir=Path(csv_path).parent)
        result = append_columns(original_cells(table), predictions)
        if out_path is not None:
            write_predictions_csv(out_path, result, raw=raw)
        return result


def original_cells(table) -> pd.DataFrame:
    """The cells of a CSV read by engine.data.read_csv, as the text in the file (no number or missing-value
    conversion), under the table's column names; the converted frame if the file reads differently."""
    frame = table.frame
    if table.path is None:
        return frame
    cells = None
    for engine in ("c", "python"):  # the C parser is fast; the Python one copes with a few more oddities
        try:
            cells = pd.read_csv(table.path, sep=table.delimiter, encoding=table.encoding, dtype=str,
                                keep_default_na=False, na_filter=False, header=0 if table.has_header else None,
                                skip_blank_lines=True, engine=engine)
            break
        except (ValueError, OSError, csv.Error, UnicodeError):
            continue
    if cells is None:
        return frame
    if cells.shape != frame.shape:
        return frame
    cells.columns = frame.columns
    cells.index = frame.index
    return cells


def append_columns(frame: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `extra`'s columns after it; an extra column whose name is taken gets `<name>_2`, `_3`, ..."""
    taken = {str(c) for c in frame.columns}
    renamed = {}
    for column in extra.columns:
        name, n = str(column), 2
        while name in taken:
            name = f"{column}_{n}"
            n += 1
        taken.add(name)
        renamed[column] = name
    return pd.concat([frame, extra.rename(columns=renamed)], axis=1)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*%?")


def escape_formula(value):
    """A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
    with a single quote in front (OWASP's advice); plain numbers such as "-3.5" and anything not text as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell and column name passed through `escape_formula`."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.map(escape_formula)
    out.columns = [escape_formula(str(c)) for c in out.columns]
    return out


def predictions_csv_text(frame: pd.DataFrame, *, raw: bool = False) -> str:
    """The CSV text of a predictions table: cells that would run as spreadsheet formulas are escaped
    unless `raw`."""
    frame = frame if raw else escape_formulas(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends: a cell holding "\r" is quoted
    writer.writerow([str(c) for c in frame.columns])
    cells = frame.astype(object).where(frame.notna(), "")
    writer.writerows(cells.itertuples(index=False, name=None))
    return buffer.getvalue()


def write_predictions_csv(path: str | Path, frame: pd.DataFrame, *, raw: bool = False) -> None:
    """Write a predictions table as CSV (atomically); the one writer of the CLI and the app.

    UTF-8, with a byte-order mark when the table holds any non-ASCII text (Chinese column names or classes,
    accented names): spreadsheets such as Excel read a CSV without one in the system's legacy code page.
    """
    from engine.io.atomic import write_bytes_atomic

    text = predictions_csv_text(frame, raw=raw)
    write_bytes_atomic(path, text.encode("utf-8") if text.isascii() else codecs.BOM_UTF8 + text.encode("utf-8"))
