"""The baseline beside a network that reads text, images or history: a linear model on what each input
holds (TF-IDF of the texts, the pixels, the lags), so the verdict compares with a fair simple model."""

from __future__ import annotations

import time

import numpy as np

from engine.i18n import N_
from engine.runs.baseline import fit_baseline
from engine.runs.metrics import regression_metrics
from engine.tasks import Task

SAMPLE_MIN_ROWS = 1000
"""A baseline on streamed images fits on a sample of this many rows at least (more when the memory limit allows)."""
CJK_OR_WORD = r"(?u)[\u3400-\u9fff]|[^\W\u3400-\u9fff]+"
"""TF-IDF's words: runs of letters and digits, and every CJK character on its own (as the network's tokenizer)."""


def fit_input_baseline(data, frame, *, seed: int = 0) -> dict:
    """Fit and score the baseline of PreparedData with sources (text, image or sequence inputs).

    Text: TF-IDF (words and word pairs) of the raw training texts; images: the pixels in 0..1; history: the
    flattened lags (ridge), and also "last value" (the target's latest known value, as forecast); table
    features as they are, beside the others. Logistic regression for classes, ridge for numbers.

    Images streamed from disk (more than the memory limit) are not all read: the baseline fits and scores on a
    fixed random sample of rows (named "... on a sample ...", with "sample": rows of each part used).

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
    train_pick, test_pick = (_sample(data, part, seed) for part in (0, 2))
    train = _features(data, frame, 0, vectorizers, train_pick)
    test = _features(data, frame, 2, vectorizers, test_pick)
    if data.offsets is not None:
        result = _forecast_baselines(data, train, test)
    else:
        result = fit_baseline(pre.task, train, _rows(data.y_train, train_pick), test, _rows(data.y_test, test_pick),
                              n_classes=len(pre.classes or []) or 2, target_mean=float(pre.target_mean or 0.0),
                              target_std=float(pre.target_std or 1.0), seed=seed)
        sampled = train.shape[0] < len(data.y_train) or test.shape[0] < len(data.y_test)
        result["model"] = _name(kinds, pre.task, sampled=sampled)
        if sampled:
            result["sample"] = {"train": train.shape[0], "test": test.shape[0]}
    result["seconds"] = time.perf_counter() - start
    return result


def _sample(data, part: int, seed: int) -> np.ndarray | None:
    """The rows of a part the baseline reads when its images are streamed from disk: all of them, or a fixed
    random sample when they are too many for the memory limit as float pixels (at least SAMPLE_MIN_ROWS).
    None when nothing is streamed (the arrays are used as they are)."""
    from engine.training.streamed_inputs import is_streamed

    xs = (data.x_train, data.x_val, data.x_test)[part]
    streamed = [x for x in xs if is_streamed(x)]
    if not streamed:
        return None
    from engine.data.images import image_memory_limit  # Pillow only where images are read

    row_bytes = 4 * sum(int(np.prod(x.shape[1:])) for x in streamed)  # float32 pixels in the baseline's matrix
    rows = max(SAMPLE_MIN_ROWS, image_memory_limit() // row_bytes)
    n = len(xs[0])
    if n <= rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed + part).choice(n, rows, replace=False))


def _rows(array, pick: np.ndarray | None):
    return array if pick is None else array[pick]


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


def _features(data, frame, part: int, vectorizers: dict, pick: np.ndarray | None = None):
    """One part's inputs (its rows `pick`; None: all) as one matrix (sparse when it holds TF-IDF); the training
    part (0) fits the TF-IDF vocabularies into `vectorizers`, the others reuse them."""
    from scipy import sparse

    xs = (data.x_train, data.x_val, data.x_test)[part]
    rows = data.rows[part]
    if pick is not None:
        xs, rows = tuple(x[pick] for x in xs), rows[pick]
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


def _name(kinds: list[str], task: str, sampled: bool = False) -> str:
    regression = task == Task.REGRESSION
    if "text" in kinds:
        if sampled:
            return N_("TF-IDF + ridge regression on a sample") if regression else \
                N_("TF-IDF + logistic regression on a sample")
        return N_("TF-IDF + ridge regression") if regression else N_("TF-IDF + logistic regression")
    if sampled:
        return N_("ridge regression on a sample of pixels") if regression else \
            N_("logistic regression on a sample of pixels")
    return N_("ridge regression on pixels") if regression else N_("logistic regression on pixels")
