"""What the explanations read from a trained model: its outputs in the user's units, on original rows.

A "trained model" here is anything with `.model` and `.preprocessor`: a loaded Bundle
(engine.io.bundle) or a TrainedModel (engine.runs.pipeline).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from engine.errors import DataError, DataWarning
from engine.runs.decision import DEFAULT_THRESHOLD
from engine.runs.metrics import probabilities
from engine.runs.pipeline import predict_logits
from engine.tasks import Task


def output_names(preprocessor) -> list[str]:
    """What each column of `outputs` means: ["probability of Yes"], one per class, or ["predicted price"]."""
    task = Task(preprocessor.task)
    if task is Task.BINARY:
        return [f"probability of {preprocessor.classes[1]}"]
    if task is Task.MULTICLASS:
        return [f"probability of {c}" for c in preprocessor.classes]
    return [f"predicted {preprocessor.target or 'value'}"]


def decision_threshold(trained) -> float:
    """The probability from which a binary model predicts the positive class: a bundle's own threshold (chosen on
    the Evaluate page), a run's record's, else 0.5."""
    if hasattr(trained, "threshold"):
        return float(trained.threshold)
    return float(getattr(getattr(trained, "record", None), "decision_threshold", DEFAULT_THRESHOLD))


def outputs(trained, x) -> np.ndarray:
    """The model's outputs for preprocessed rows (an array, or a tuple of arrays: one per input), shape (n, k):
    binary P(positive class) (k = 1), multiclass the class probabilities, regression the prediction in the
    target's units (k = 1)."""
    pre = trained.preprocessor
    logits = predict_logits(trained.model, x)
    if pre.task == Task.REGRESSION:
        return pre.decode_regression(logits.reshape(-1, 1))
    proba = probabilities(pre.task, logits)
    return proba.reshape(len(logits), -1)


def transform_quietly(preprocessor, frame: pd.DataFrame) -> np.ndarray:
    """preprocessor.transform without its DataWarnings: the explanations transform the same cells many
    times over (shuffled or set to a grid value), and the warning was already given for the rows as read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return preprocessor.transform(frame)


def rows_with_target(preprocessor, frame: pd.DataFrame, *, max_rows: int | None = None, seed: int = 0
                     ) -> pd.DataFrame:
    """The rows of `frame` that have a target value; a fixed random sample of at most `max_rows` of them.

    Raises:
        DataError: the frame has no target column, or no row has a target value.
    """
    target = preprocessor.target
    if target not in frame.columns:
        raise DataError(f"The data has no column '{target}', the target the model predicts; it is needed to "
                        "measure how much each column matters. Use a file with the target's values.",
                        column=target)
    present = frame[target].notna().to_numpy()
    if preprocessor.task == Task.REGRESSION:
        from engine.preprocess.columns import as_float

        present = present & np.isfinite(as_float(frame[target]))
    rows = np.flatnonzero(present)
    if not len(rows):
        raise DataError(f"No row has a value in the target column '{target}'; add rows with known answers.",
                        column=target)
    if max_rows is not None and len(rows) > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(rows, max_rows, replace=False))
    return frame.iloc[rows]
