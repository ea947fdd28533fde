"""The baseline beside a network that reads text, images or history: a linear model on what each input
holds (TF-IDF of the texts, the pixels, the lags), so the verdict compares with a fair simple model."""

from __future__ import annotations

import time

import numpy as np

from engine.i18n import N_
from engine.runs.baseline import fit_baseline
from engine.runs.metrics import regression_metrics
from engine.tasks import Task

CJK_OR_WORD = r"(?u)[\u3400-\u9fff]|[^\W\u3400-\u9fff]+"
"""TF-IDF's words: runs of letters and digits, and every CJK character on its own (as the network's tokenizer)."""


def fit_input_baseline(data, frame, *, seed: int = 0) -> dict:
    """Fit and score the baseline of PreparedData with sources (text, image or sequence inputs).

    Text: TF-IDF (words and word pairs) of the raw training texts; images: the pixels in 0..1; history: the
    flattened lags (ridge), and also "last value" (the target's latest known value, as forecast); table
    features as they are, beside the others. Logistic regression for classes, ridge for numbers.

    Args:
        data: PreparedData whose `sources` are set. frame: the table prepare() was given (for the raw texts).
    Returns:
        fit_baseline's dict ({"model", "metrics", "seconds"}) of the better model; with history also
        "candidates", each model's {"model", "metrics"}.
    """
    start = time.perf_counter()
    pre = data.preprocessor
    kinds = [source.kind for source in data.sources]
    vectorizers = {}
    train = _features(data, frame, 0, vectorizers)
    test = _features(data, frame, 2, vectorizers)
    if data.offsets is not None:
        result = _forecast_baselines(data, train, test)
    else:
        result = fit_baseline(pre.task, train, data.y_train, test, data.y_test,
                              n_classes=len(pre.classes or []) or 2, target_mean=float(pre.target_mean or 0.0),
                              target_std=float(pre.target_std or 1.0), seed=seed)
        result["model"] = _name(kinds, pre.task)
    result["seconds"] = time.perf_counter() - start
    return result


def _forecast_baselines(data, train: np.ndarray, test: np.ndarray) -> dict:
    """Ridge on the lags and "last value", each scored in the target's units; the better one leads."""
    from sklearn.linear_model import Ridge

    pre, offset = data.preprocessor, data.offsets[2]
    truth = pre.decode_regression(data.y_test + offset)
    ridge = Ridge(alpha=1.0).fit(train, data.y_train).predict(test)  # y is the change from the last value
    candidates = [
        {"model": N_("ridge on the lags"), "metrics": regression_metrics(truth, pre.decode_regression(ridge + offset))},
        {"model": N_("last value"), "metrics": regression_metrics(truth, pre.decode_regression(offset))}]
    best = max(candidates, key=lambda c: c["metrics"]["r2"])
    return {"model": best["model"], "metrics": best["metrics"], "candidates": candidates}


def _features(data, frame, part: int, vectorizers: dict):
    """One part's inputs as one matrix (sparse when it holds TF-IDF); the training part (0) fits the TF-IDF
    vocabularies into `vectorizers`, the others reuse them."""
    from scipy import sparse

    xs = (data.x_train, data.x_val, data.x_test)[part]
    rows = data.rows[part]
    blocks = []
    for source, x in zip(data.sources, xs):
        if source.kind == "text":
            texts = frame[source.name].iloc[rows].fillna("").astype(str)
            if part == 0:
                vectorizers[source.name] = _tfidf().fit(texts)
            blocks.append(vectorizers[source.name].transform(texts))
        elif source.kind == "image":
            blocks.append(x.reshape(len(x), -1).astype(np.float32) / 255.0)
        else:
            blocks.append(np.asarray(x, dtype=np.float32).reshape(len(x), -1))
    if any(sparse.issparse(b) for b in blocks):
        return sparse.hstack([sparse.csr_matrix(b) for b in blocks]).tocsr()
    return np.hstack(blocks)


def _tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), max_features=100_000, sublinear_tf=True, token_pattern=CJK_OR_WORD)


def _name(kinds: list[str], task: str) -> str:
    regression = task == Task.REGRESSION
    if "text" in kinds:
        return N_("TF-IDF + ridge regression") if regression else N_("TF-IDF + logistic regression")
    return N_("ridge regression on pixels") if regression else N_("logistic regression on pixels")
