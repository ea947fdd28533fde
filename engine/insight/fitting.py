"""Is a run overfitting or underfitting? A diagnosis from its per-epoch losses, in words, with the epoch
where the gap between training and validation loss starts to open.

Works on a finished run's history and on the epochs of a run still under way alike (the app calls it as
epochs arrive). Pure numpy: no torch, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import StrEnum

import numpy as np

from engine.i18n import _, ngettext
from engine.tasks import Task

RISE_EPOCHS = 3  # validation loss above its lowest for this many epochs in a row, while training loss falls
RISE_MARGIN = 0.02  # ... by more than this share of its lowest (noise is not a gap)
MIN_EPOCHS = 5  # fewer epochs than this: too early to tell
NO_LEARNING = 0.95  # both losses above this share of the constant prediction's: the model learned (almost) nothing
TIE_POINTS = 0.5  # accuracy points within which a network does not beat the baseline (the Evaluate page's verdict too)
TIE_PERCENT = 1.0  # % of the baseline's RMSE within which a network does not beat it


class Fit(StrEnum):
    """What the losses say; the value is what `--json` prints."""

    TOO_EARLY = "too early"
    GOOD = "good fit"
    OVERFITTING = "overfitting"
    UNDERFITTING = "underfitting"


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on a run's fit.

    fit: a Fit. words: one or two sentences for a person. gap_start: the epoch of the lowest validation
    loss, after which it rose while training loss fell (overfitting only). epochs: epochs looked at.
    best_epoch, best_val_loss, train_loss, val_loss: the lowest validation loss and the last epoch's losses.
    constant_loss: the validation loss of always predicting the training rows' mean or class shares.
    """

    fit: Fit
    words: str
    gap_start: int | None = None
    epochs: int = 0
    best_epoch: int | None = None
    best_val_loss: float | None = None
    train_loss: float | None = None
    val_loss: float | None = None
    constant_loss: float | None = None

    def to_dict(self) -> dict:
        return {**asdict(self), "fit": self.fit.value}


def diagnose(history: list, *, constant_loss: float | None = None, beats_baseline: bool | None = None) -> Diagnosis:
    """Diagnose a run from its epochs so far.

    Args:
        history: one dict (or EpochEnded) per epoch with epoch, train_loss and val_loss.
        constant_loss: the validation loss of a constant prediction (`constant_prediction_loss`); losses
            near it mean the model learned nothing.
        beats_baseline: whether the finished network beat the linear baseline on the test rows
            (`beats_baseline`); None while training or when unknown.
    Returns:
        A Diagnosis. Overfitting: validation loss above its lowest (by RISE_MARGIN) for the last RISE_EPOCHS
        epochs or more while training loss fell below its value at that lowest epoch, the gap widening.
        Underfitting: both losses no better than the constant prediction, or a network that does not beat
        the baseline without a gap between its losses.
    """
    epochs, train, val = _losses(history)
    n = len(epochs)
    if n == 0 or not np.isfinite(val).any():
        return Diagnosis(Fit.TOO_EARLY, _("No epoch has finished yet."), epochs=n, constant_loss=constant_loss)
    best = int(np.nanargmin(val))
    facts = dict(epochs=n, best_epoch=int(epochs[best]), best_val_loss=float(val[best]), train_loss=float(train[-1]),
                 val_loss=float(val[-1]), constant_loss=constant_loss)
    if _is_overfitting(train, val, best):
        return Diagnosis(Fit.OVERFITTING, _overfitting_words(epochs, train, val, best), gap_start=int(epochs[best]),
                         **facts)
    if n < MIN_EPOCHS:
        return Diagnosis(Fit.TOO_EARLY, ngettext(
            "Too early to tell: {count} epoch so far (the fit is judged from {needed}).",
            "Too early to tell: {count} epochs so far (the fit is judged from {needed}).", n).format(
                count=n, needed=MIN_EPOCHS), **facts)
    if constant_loss is not None and constant_loss > 0 and min(train[-RISE_EPOCHS:].min(), val.min()) >= \
            NO_LEARNING * constant_loss:
        return Diagnosis(Fit.UNDERFITTING, _(
            "Underfitting: after {epochs} epochs the training loss ({train}) and the validation loss "
            "(lowest {val}) are no better than always predicting the average or the most common "
            "class ({constant}). The model has not learned from the features yet.").format(
                epochs=n, train=_num(train[-1]), val=_num(val[best]), constant=_num(constant_loss)), **facts)
    no_gap = train[-1] > 0.8 * val[best]
    if beats_baseline is False and no_gap:
        return Diagnosis(Fit.UNDERFITTING, _(
            "Underfitting: the network does not beat the linear baseline, and its training loss "
            "({train}) is no lower than its validation loss (lowest {val}): it is not "
            "using its capacity. Give it more to learn with, or train it longer.").format(
                train=_num(train[-1]), val=_num(val[best])), **facts)
    if best == n - 1:
        words = _("Good fit so far: the validation loss is still falling (lowest {val}, at the last epoch).").format(
            val=_num(val[best]))
    else:
        words = _("Good fit: the validation loss levelled off (lowest {val} at epoch {epoch}) "
                  "without rising while the training loss falls.").format(val=_num(val[best]), epoch=int(epochs[best]))
    return Diagnosis(Fit.GOOD, words, **facts)


def diagnose_record(record) -> Diagnosis:
    """Diagnose a finished run from its RunRecord (history, constant loss, test metrics vs baseline)."""
    return diagnose(record.history, constant_loss=record.constant_loss, beats_baseline=beats_baseline(record))


def beats_baseline(record) -> bool | None:
    """Whether the run's test score beats its linear baseline's by more than a tie (None when either is missing)."""
    net, base = record.test_metrics or {}, (record.baseline or {}).get("metrics") or {}
    if record.is_regression:
        if not isinstance(net.get("rmse"), (int, float)) or not isinstance(base.get("rmse"), (int, float)):
            return None
        return base["rmse"] > 0 and 100 * (base["rmse"] - net["rmse"]) / base["rmse"] >= TIE_PERCENT
    if not isinstance(net.get("accuracy"), (int, float)) or not isinstance(base.get("accuracy"), (int, float)):
        return None
    return 100 * (net["accuracy"] - base["accuracy"]) >= TIE_POINTS


def constant_prediction_loss(task: str, y_train, y_eval) -> float | None:
    """The loss on `y_eval` of the best constant prediction fitted on `y_train`: the class shares (binary,
    multiclass; the loss the Trainer uses, cross-entropy) or the mean (regression; mean squared error).

    Targets as the Trainer takes them (engine.preprocess.Preprocessor.encode_target). None when there
    are no rows. A model whose losses stay near this has learned nothing from the features.
    """
    y_train, y_eval = _column_array(y_train), _column_array(y_eval)
    if not len(y_train) or not len(y_eval):
        return None
    eps = 1e-7
    if task == Task.BINARY:
        share = np.clip(y_train.mean(axis=0), eps, 1 - eps)
        loss = -(y_eval * np.log(share) + (1 - y_eval) * np.log(1 - share))
        return float(loss.mean())
    if task == Task.MULTICLASS:
        train_labels, eval_labels = y_train[:, 0].astype(np.int64), y_eval[:, 0].astype(np.int64)
        classes = int(max(train_labels.max(), eval_labels.max())) + 1
        shares = np.clip(np.bincount(train_labels, minlength=classes) / len(train_labels), eps, None)
        return float(-np.log(shares / shares.sum())[eval_labels].mean())
    return float(((y_eval - y_train.mean(axis=0)) ** 2).mean())


def _column_array(values) -> np.ndarray:
    """Targets (numpy, list or a tensor on any device) as a float64 array of rows."""
    if hasattr(values, "detach"):
        values = values.detach().cpu().numpy()
    values = np.asarray(values, dtype=np.float64)
    return values.reshape(len(values), -1)


def _losses(history: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = [e if isinstance(e, dict) else e.to_dict() for e in history]
    epochs = np.array([int(r["epoch"]) for r in rows], dtype=np.int64)
    train = np.array([_float(r.get("train_loss")) for r in rows], dtype=np.float64)
    val = np.array([_float(r.get("val_loss")) for r in rows], dtype=np.float64)
    return epochs, train, val


def _is_overfitting(train: np.ndarray, val: np.ndarray, best: int) -> bool:
    after = len(val) - 1 - best
    if after < RISE_EPOCHS:
        return False
    tail = val[-RISE_EPOCHS:]
    rising = bool(np.all(tail > val[best] * (1 + RISE_MARGIN)))
    train_fell = train[-1] < train[best]
    widened = (val[-1] - train[-1]) > (val[best] - train[best])
    return rising and train_fell and widened


def _overfitting_words(epochs: np.ndarray, train: np.ndarray, val: np.ndarray, best: int) -> str:
    after = len(val) - 1 - best
    start = int(epochs[best])
    return _("Overfitting: the validation loss has risen for {after} epochs since its lowest at epoch {start} "
             "({val_best} → {val_last}) while the training loss kept falling "
             "({train_best} → {train_last}). The model is memorising the training rows instead of "
             "learning what carries over to new ones.").format(
        after=after, start=start, val_best=_num(val[best]), val_last=_num(val[-1]), train_best=_num(train[best]),
        train_last=_num(train[-1]))


def _float(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _num(value: float) -> str:
    return f"{value:.3g}"
