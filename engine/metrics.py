"""Scores for a trained model: classification and regression metrics, confusion matrix, ROC points."""

from __future__ import annotations

import math

import numpy as np
from sklearn import metrics as skm

PRIMARY_METRIC = {"binary": "accuracy", "multiclass": "accuracy", "regression": "rmse"}


def probabilities(task: str, logits: np.ndarray) -> np.ndarray:
    """Turn model logits into probabilities: (N,) P(positive) for binary, (N, K) for multiclass.

    For regression the logits are returned unchanged (still in standardised units).
    """
    logits = np.asarray(logits, dtype=np.float64)
    if task == "binary":
        return 1.0 / (1.0 + np.exp(-logits.reshape(-1)))
    if task == "multiclass":
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
    y_true = np.asarray(y_true).astype(np.int64).reshape(-1)
    labels = list(range(n_classes))
    if task == "binary":
        pred = (proba >= 0.5).astype(np.int64)
        full = np.column_stack([1 - proba, proba])
        average = "binary"
    else:
        pred = proba.argmax(axis=1)
        full = proba / proba.sum(axis=1, keepdims=True)  # exact normalisation; log_loss checks it
        average = "macro"
    out = {
        "accuracy": float(skm.accuracy_score(y_true, pred)),
        "precision": float(skm.precision_score(y_true, pred, average=average, zero_division=0, labels=None if task == "binary" else labels)),
        "recall": float(skm.recall_score(y_true, pred, average=average, zero_division=0, labels=None if task == "binary" else labels)),
        "f1": float(skm.f1_score(y_true, pred, average=average, zero_division=0, labels=None if task == "binary" else labels)),
        "log_loss": float(skm.log_loss(y_true, full, labels=labels)),
        "confusion_matrix": skm.confusion_matrix(y_true, pred, labels=labels).tolist(),
        "n": int(len(y_true)),
    }
    if task == "binary" and len(np.unique(y_true)) == 2:
        out["roc_auc"] = float(skm.roc_auc_score(y_true, proba))
        fpr, tpr, _ = skm.roc_curve(y_true, proba)
        keep = _thin(len(fpr), 200)
        out["roc_curve"] = {"fpr": fpr[keep].tolist(), "tpr": tpr[keep].tolist()}
    return out


def regression_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """MAE, RMSE and R² in the target's own units."""
    y_true = np.asarray(y_true, dtype=np.float64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(-1)
    mse = float(np.mean((y_true - y_pred) ** 2))
    return {
        "mae": float(np.mean(np.abs(y_true - y_pred))),
        "rmse": math.sqrt(mse),
        "r2": float(skm.r2_score(y_true, y_pred)) if len(y_true) > 1 else float("nan"),
        "n": int(len(y_true)),
    }


def primary_score(task: str, metrics: dict) -> float:
    """The one number a user compares runs by: accuracy (higher is better) or RMSE (lower)."""
    return float(metrics[PRIMARY_METRIC[task]])


def majority_accuracy(y_train: np.ndarray, y_test: np.ndarray) -> float:
    """Accuracy of always predicting the training part's most common class."""
    values, counts = np.unique(np.asarray(y_train).astype(np.int64), return_counts=True)
    return float(np.mean(np.asarray(y_test).astype(np.int64) == values[counts.argmax()]))


def _thin(n: int, most: int) -> np.ndarray:
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(np.int64))
