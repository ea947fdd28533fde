"""Decisions on a binary task: the scores at a decision threshold, the best-F1 threshold, and the
precision-recall and calibration curves.

Everything here is numpy on stored test probabilities (a RunRecord's test_outputs), so moving the
threshold retrains and re-runs nothing. A row is predicted positive when its probability >= threshold,
the rule `layerlab predict`, the ONNX export and the exported project apply too.
"""

from __future__ import annotations

import math

import numpy as np

from engine.errors import DataError

DEFAULT_THRESHOLD = 0.5
CALIBRATION_BINS = 10
MAX_CURVE_POINTS = 200  # a plot needs no more; a project file should not hold thousands


def check_threshold(value) -> float:
    """A decision threshold as a float strictly between 0 and 1.

    Raises:
        DataError: not a number, not finite, or outside (0, 1), in a sentence for people.
    """
    try:
        threshold = float(value)
    except (TypeError, ValueError):
        threshold = math.nan
    if isinstance(value, bool) or not 0.0 < threshold < 1.0:
        raise DataError(f"The decision threshold must be a number between 0 and 1, such as 0.5 (got {value!r}): "
                        "rows whose probability of the positive class reaches it are predicted positive.")
    return threshold


def predict_positive(proba, threshold: float) -> np.ndarray:
    """1 where the positive-class probability reaches `threshold`, else 0 (int64)."""
    return (np.asarray(proba, dtype=np.float64).reshape(-1) >= threshold).astype(np.int64)


def scores_at(y_true, proba, threshold: float) -> dict:
    """Precision, recall, F1, accuracy, the confusion matrix and the ROC point at one threshold.

    Args:
        y_true: 0/1 truth (N,). proba: positive-class probabilities (N,). threshold: in (0, 1).
    Returns:
        {"threshold", "precision", "recall", "f1", "accuracy", "fpr", "tpr", "confusion_matrix"
        ([[tn, fp], [fn, tp]]: rows true class, columns predicted), "n"}; a rate without rows to
        divide by (no predicted positives for precision) is 0, as scikit-learn's zero_division=0.
    """
    truth = np.asarray(y_true).astype(np.int64).reshape(-1)
    pred = predict_positive(proba, threshold)
    tp = int(np.sum((pred == 1) & (truth == 1)))
    fp = int(np.sum((pred == 1) & (truth == 0)))
    fn = int(np.sum((pred == 0) & (truth == 1)))
    tn = int(np.sum((pred == 0) & (truth == 0)))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"threshold": float(threshold), "precision": precision, "recall": recall,
            "f1": _ratio(2 * tp, 2 * tp + fp + fn), "accuracy": _ratio(tp + tn, len(truth)),
            "fpr": _ratio(fp, fp + tn), "tpr": recall, "confusion_matrix": [[tn, fp], [fn, tp]], "n": int(len(truth))}


def best_f1_threshold(y_true, proba) -> float:
    """The threshold with the highest F1 on these rows (the lowest such probability on a tie);
    DEFAULT_THRESHOLD when there are no positive rows or no rows."""
    truth = np.asarray(y_true).astype(np.int64).reshape(-1)
    proba = np.asarray(proba, dtype=np.float64).reshape(-1)
    positives = int(truth.sum())
    if positives == 0 or len(truth) == 0:
        return DEFAULT_THRESHOLD
    order = np.argsort(-proba, kind="stable")
    sorted_proba, sorted_truth = proba[order], truth[order]
    tp = np.cumsum(sorted_truth)
    predicted = np.arange(1, len(truth) + 1)
    last_of_value = np.r_[sorted_proba[1:] != sorted_proba[:-1], True]  # rows with equal probability go together
    f1 = 2 * tp / (predicted + positives)
    f1 = np.where(last_of_value, f1, -1.0)
    best = int(np.argmax(f1))
    return float(np.clip(sorted_proba[best], 1e-6, 1 - 1e-6))  # a threshold lies strictly inside (0, 1)


def precision_recall(y_true, proba) -> dict:
    """The precision-recall curve (thinned to MAX_CURVE_POINTS) and the average precision.

    Returns:
        {"precision": [...], "recall": [...], "thresholds": [...], "average_precision": float}, or an
        empty dict when the rows hold only one class (no curve to draw).
    """
    from sklearn import metrics as skm

    truth = np.asarray(y_true).astype(np.int64).reshape(-1)
    if len(np.unique(truth)) < 2:
        return {}
    proba = np.asarray(proba, dtype=np.float64).reshape(-1)
    precision, recall, thresholds = skm.precision_recall_curve(truth, proba)
    keep = _thin(len(thresholds))
    return {"precision": precision[keep].tolist(), "recall": recall[keep].tolist(),
            "thresholds": thresholds[keep].tolist(),
            "average_precision": float(skm.average_precision_score(truth, proba))}


def calibration(y_true, proba, bins: int = CALIBRATION_BINS) -> dict:
    """The reliability diagram (mean predicted probability against the observed positive rate, per bin
    of equal width) and the Brier score (mean squared error of the probabilities; 0 is perfect).

    Returns:
        {"mean_predicted": [...], "observed": [...], "counts": [...], "brier": float, "bins": int};
        empty bins are left out.
    """
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss

    truth = np.asarray(y_true).astype(np.int64).reshape(-1)
    proba = np.asarray(proba, dtype=np.float64).reshape(-1)
    if len(truth) == 0:
        return {}
    try:
        observed, predicted = calibration_curve(truth, proba, n_bins=bins, strategy="uniform")
    except ValueError:  # probabilities outside [0, 1] or labels other than 0/1: nothing to draw
        return {}
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], proba), minlength=bins)  # scikit-learn's binning
    return {"mean_predicted": predicted.tolist(), "observed": observed.tolist(),
            "counts": [int(c) for c in counts if c], "brier": float(brier_score_loss(truth, proba)), "bins": bins}


def _ratio(numerator: int, denominator: int) -> float:
    return float(numerator) / denominator if denominator else 0.0


def _thin(n: int) -> np.ndarray:
    if n <= MAX_CURVE_POINTS:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, MAX_CURVE_POINTS).round().astype(np.int64))
