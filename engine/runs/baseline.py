"""A linear baseline fitted beside every network, so a user sees whether the network earns its complexity."""

from __future__ import annotations

import time
import warnings

import numpy as np

from engine.i18n import N_
from engine.runs.metrics import classification_metrics, regression_metrics
from engine.tasks import Task

MAX_ROWS = 100_000  # a baseline must take seconds at most, even on a million rows


def fit_baseline(task: str, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray, *,
                 n_classes: int = 2, target_mean: float = 0.0, target_std: float = 1.0, seed: int = 0) -> dict:
    """Fit logistic (classification) or ridge (regression) regression and score it on the test part.

    Returns:
        {"model": name, "metrics": {...}, "seconds": float}; regression metrics are in the target's units.
    """
    from sklearn.exceptions import ConvergenceWarning  # scikit-learn only where a baseline is fitted
    from sklearn.linear_model import LogisticRegression, Ridge

    start = time.perf_counter()
    if x_train.shape[0] > MAX_ROWS:
        pick = np.random.default_rng(seed).choice(x_train.shape[0], MAX_ROWS, replace=False)
        x_train, y_train = x_train[pick], y_train[pick]
    if task == Task.REGRESSION:
        model = Ridge(alpha=1.0).fit(x_train, y_train)
        pred = model.predict(x_test) * target_std + target_mean
        truth = np.asarray(y_test) * target_std + target_mean
        metrics = regression_metrics(truth, pred)
        name = N_("linear regression (ridge)")  # records keep the English name; the app shows it translated
    else:
        y_fit = np.asarray(y_train).astype(np.int64)
        if len(np.unique(y_fit)) < 2:
            return {"model": N_("logistic regression"), "metrics": None, "seconds": 0.0,
                    "note": N_("the training part has a single class")}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = LogisticRegression(max_iter=300).fit(x_train, y_fit)
        proba = model.predict_proba(x_test)
        full = np.zeros((x_test.shape[0], n_classes))  # shape: x may be sparse (TF-IDF)
        full[:, model.classes_] = proba
        metrics = classification_metrics(task, y_test, full[:, 1] if task == Task.BINARY else full, n_classes)
        name = N_("logistic regression")
    return {"model": name, "metrics": metrics, "seconds": time.perf_counter() - start}
