"""Use a trained bundle on new rows: preprocess with the fitted state, run the model, decode labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from engine.io.bundle import Bundle, load_bundle
from engine.errors import DataError
from engine.runs.metrics import probabilities
from engine.runs.pipeline import predict_logits
from engine.tasks import Task


class Predictor:
    """Predictions from a bundle. `predict(frame)` returns a DataFrame of prediction columns."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle

    @classmethod
    def load(cls, path: str | Path) -> "Predictor":
        """Open a *.llmodel bundle (never unpickles)."""
        return cls(load_bundle(path))

    @property
    def target(self) -> str:
        return self.bundle.manifest.get("target") or "target"

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Predict every row of `frame` (raw columns, as in the training CSV).

        Returns:
            A frame with the same index: `predicted_<target>` and, for classification,
            `probability_<class>` per class (binary: the positive class only).
        Raises:
            DataError: a needed column is missing (named), or rows cannot be transformed.
        """
        pre = self.bundle.preprocessor
        missing = [c for c in pre.input_columns if c not in frame.columns]
        if missing:
            raise DataError(f"The file lacks the column(s) the model was trained on: {', '.join(missing)}. "
                            "Add them (values may be empty) and try again.", column=missing[0])
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
            out[name] = np.where(proba >= 0.5, classes[1], classes[0])
            out[f"probability_{classes[1]}"] = proba
        else:
            out[name] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
            for index, label in enumerate(classes):
                out[f"probability_{label}"] = proba[:, index]
        return out

    def rows_without_features(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows have every input column empty (missing, or blank text).

        Such a row still gets a prediction (the model's guess for a row of fill-in values), which says
        nothing about that row: callers flag it rather than pass it off as a real prediction.

        Returns:
            A boolean array, one entry per row of `frame` (positions, not index labels).
        """
        columns = [c for c in self.bundle.preprocessor.input_columns if c in frame.columns]
        if not columns or frame.empty:
            return np.zeros(len(frame), dtype=bool)
        empty = np.ones(len(frame), dtype=bool)
        for column in columns:
            values = frame[column]
            missing = values.isna().to_numpy()
            if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
                missing = missing | values.astype(str).str.strip().eq("").to_numpy()
            empty &= missing
        return empty

    def predict_file(self, csv_path: str | Path, out_path: str | Path | None = None) -> pd.DataFrame:
        """Read a CSV, append prediction columns to its rows, optionally write the result (atomically)."""
        from engine.io.atomic import write_text_atomic
        from engine.data import read_csv

        table = read_csv(csv_path, min_rows=1)
        result = pd.concat([table.frame, self.predict(table.frame)], axis=1)
        if out_path is not None:
            write_text_atomic(out_path, result.to_csv(index=False))
        return result
