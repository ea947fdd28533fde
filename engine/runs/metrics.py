"""Scores for a trained model: classification and regression metrics, confusion matrix, ROC points."""

from __future__ import annotations

import math

import numpy as np

from engine.i18n import N_
from engine.tasks import Task

PRIMARY_METRIC = {Task.BINARY: "accuracy", Task.MULTICLASS: "accuracy", Task.REGRESSION: "rmse"}
METRIC_LABELS = {"accuracy": N_("Accuracy"), "precision": N_("Precision"), "recall": N_("Recall"),  # English; _() shows
                 "f1": N_("F1 score"), "roc_auc": "ROC AUC", "log_loss": N_("Log loss"), "rmse": "RMSE", "mae": "MAE",
                 "r2": "R²", "loss": N_("Loss"), "val_loss": N_("Validation loss"),
                 "majority_accuracy": N_("Most common class")}
# Rates are read as percentages; everything else is an error/loss (4 significant digits) or R² (3 decimals).
PERCENT_METRICS = frozenset({"accuracy", "precision", "recall", "f1", "roc_auc", "majority_accuracy"})
HIGHER_IS_BETTER = PERCENT_METRICS | {"r2"}
MISSING = "–"


def probabilities(task: str, logits: np.ndarray) -> np.ndarray:
    """Turn model logits into probabilities: (N,) P(positive) for binary, (N, K) for multiclass.

    For regression the logits are returned unchanged (still in standardised units).
    """
    logits = np.asarray(logits, dtype=np.float64)
    if task == Task.BINARY:
        return 1.0 / (1.0 + np.exp(-logits.reshape(-1)))
    if task == Task.MULTICLASS:
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=1, keepdims=True)
    return logits.reshape(-1)


def classification_metrics(task: str, y_true: np.ndarray, proba: np.ndarray, n_classes: int) -> dict:
    """Accuracy, precision, recall, F1, log loss, confusion matrix (and ROC-AUC + ROC curve for binary).

    Args:
        y_true: class indices (N,) (0/1 for binary).
        proba: (N,) positive-class probabilities for binary, (N, K) for multiclass.
    Returns:
        JSON-safe dict; the confusion matrix is a list of rows (true class) of counts (predicted class).
    """
    from sklearn import metrics as skm  # imported when scoring, not when a page only formats a number

    y_true = np.asarray(y_true).astype(np.int64).reshape(-1)
    labels = list(range(n_classes))
    if task == Task.BINARY:
        pred = (proba >= 0.5).astype(np.int64)
        full = np.column_stack([1 - proba, proba])
        average = "binary"
    else:
        pred = proba.argmax(axis=1)
        full = proba / proba.sum(axis=1, keepdims=True)  # exact normalisation; log_loss checks it
        average = "macro"
    out = {
        "accuracy": float(skm.accuracy_score(y_true, pred)),
        "precision": float(skm.precision_score(y_true, pred, average=average, zero_division=0, labels=None if task == Task.BINARY else labels)),
        "recall": float(skm.recall_score(y_true, pred, average=average, zero_division=0, labels=None if task == Task.BINARY else labels)),
        "f1": float(skm.f1_score(y_true, pred, average=average, zero_division=0, labels=None if task == Task.BINARY else labels)),
        "log_loss": float(skm.log_loss(y_true, full, labels=labels)),
        "confusion_matrix": skm.confusion_matrix(y_true, pred, labels=labels).tolist(),
        "n": int(len(y_true)),
    }
    if task == Task.BINARY and len(np.unique(y_true)) == 2:
        out["roc_auc"] = float(skm.roc_auc_score(y_true, proba))
        fpr, tpr, _ = skm.roc_curve(y_true, proba)
        keep = _thin(len(fpr), 200)
        out["roc_curve"] = {"fpr": fpr[keep].tolist(), "tpr": tpr[keep].tolist()}
    return out


def regression_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """MAE, RMSE and R² in the target's own units."""
    from sklearn import metrics as skm

    y_true = np.asarray(y_true, dtype=np.float64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(-1)
    mse = float(np.mean((y_true - y_pred) ** 2))
    return {
        "mae": float(np.mean(np.abs(y_true - y_pred))),
        "rmse": math.sqrt(mse),
        "r2": float(skm.r2_score(y_true, y_pred)) if len(y_true) > 1 else float("nan"),
        "n": int(len(y_true)),
    }


def format_metric(name: str, value) -> str:
    """A metric as people read it, the same on every page and in the CLI.

    Rates (accuracy, precision, recall, F1, ROC AUC) as a percentage with one decimal ("75.1 %"),
    R² with 3 decimals ("0.912"), losses and errors with 4 significant digits ("0.3521", "1,234").

    Args:
        name: the metric's key (e.g. "accuracy", "rmse", "val_accuracy"; a "val_"/"test_" prefix is ignored).
        value: a number, or None / NaN for "not measured".
    Returns:
        The text; "–" when there is no value, "∞" for an infinite error.
    """
    key = _metric_key(name)
    if value is None or isinstance(value, bool):
        return MISSING
    try:
        value = float(value)
    except (TypeError, ValueError):
        return MISSING
    if math.isnan(value):
        return MISSING
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if key in PERCENT_METRICS:
        return f"{100 * value:.1f} %"
    if key == "r2":
        return f"{value:.3f}"
    return _significant(value, 4)


def higher_is_better(name: str) -> bool:
    """True for rates and R² (accuracy, F1, ROC AUC, R²…), False for losses and errors (log loss, RMSE…)."""
    return _metric_key(name) in HIGHER_IS_BETTER


def _metric_key(name: str) -> str:
    key = str(name).lower()
    for prefix in ("val_", "test_"):
        if key.startswith(prefix) and key[len(prefix):] in METRIC_LABELS:
            return key[len(prefix):]
    return key


def _significant(value: float, digits: int) -> str:
    """`digits` significant digits in plain notation (thousands separated; trailing zeros kept so
    columns line up); scientific only for the very small or very large."""
    if value == 0:
        return "0"
    rounded = float(f"{value:.{digits}g}")
    exponent = math.floor(math.log10(abs(rounded)))
    if exponent < -4 or exponent >= 15:
        return f"{value:.{digits - 1}e}"
    decimals = max(0, digits - 1 - exponent)
    return f"{rounded:,.{decimals}f}"


def majority_accuracy(y_train: np.ndarray, y_test: np.ndarray) -> float:
    """Accuracy of always predicting the training part's most common class."""
    values, counts = np.unique(np.asarray(y_train).astype(np.int64), return_counts=True)
    return float(np.mean(np.asarray(y_test).astype(np.int64) == values[counts.argmax()]))


def _thin(n: int, most: int) -> np.ndarray:
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(np.int64))
