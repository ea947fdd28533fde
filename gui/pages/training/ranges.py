"""The y ranges of the live curves: chosen so that axes change a few times a run, and so that noise
never fills the plot (a minimum span), whatever the data.

Pure functions over numbers (no Qt, no pyqtgraph): the CurvesView applies what they return.
"""

from __future__ import annotations

import math

import numpy as np

# Metrics between 0 and 1 where a difference below a few hundredths is noise: their axis spans at least this much.
FRACTION_METRICS = {"accuracy", "balanced_accuracy", "auc", "roc_auc", "f1", "precision", "recall"}
FRACTION_MIN_SPAN = 0.1
RELATIVE_MIN_SPAN = 0.2  # losses and errors: a span of at least this share of the largest value shown
LOG_MIN_SPAN = 0.3  # a log-scale loss axis spans at least a factor of two (log10 units)


def minimum_span(values, metric: str | None = None, log: bool = False) -> float:
    """The smallest y span worth showing for `values` (a loss when `metric` is None, else that metric).

    Rounded down to a 1-2-5 step, so it changes a few times a run, not at every new value.
    """
    if metric in FRACTION_METRICS:
        return FRACTION_MIN_SPAN
    if log:
        return LOG_MIN_SPAN
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    top = float(np.abs(values).max()) if len(values) else 0.0
    return _nice_floor(top * RELATIVE_MIN_SPAN) if top > 0 else 0.0


def follow_loss_range(bounds: tuple[float, float, float], log: bool,
                      current: tuple[float, float] | None) -> tuple[float, float] | None:
    """A live run's loss range from (min, max, min positive) of the losses so far; None to keep `current`.

    Anchored at 0 (losses fall towards it), it grows with a margin, so it changes only with a new maximum.
    """
    lo, hi, lo_positive = bounds
    if log:
        if not math.isfinite(lo_positive):
            return None
        lo, hi = math.log10(lo_positive), math.log10(max(hi, lo_positive))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    if not log:
        lo = min(lo, 0.0)
    if current is not None and current[0] <= lo and hi <= current[1] and (hi - lo) > 0.5 * (current[1] - current[0]):
        return None
    margin = max(hi - lo, 1e-6) * 0.15
    return (lo if lo == 0.0 else lo - margin, hi + margin)


def follow_metric_range(name: str, values, current: tuple[float, float] | None) -> tuple[float, float] | None:
    """A live run's metric range; None to keep `current`. Accuracy spans up to 1 from a floor well below
    the lowest value; an error such as RMSE spans from 0 to above the highest value."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    lo, hi = float(values.min()), float(values.max())
    if current is not None and current[0] <= lo and hi <= current[1]:
        return None
    if name in FRACTION_METRICS and 0.0 <= lo and hi <= 1.0:
        floor = max(0.0, lo - max(0.05, 0.5 * (1.0 - lo)))
        return (floor, 1.0 + 0.03 * (1.0 - floor))
    if lo >= 0.0:
        return (0.0, hi * 1.3 if hi > 0 else 1.0)
    margin = max(hi - lo, 0.02 * max(1.0, abs(hi))) * 0.5
    return (lo - margin, hi + margin)


def _nice_floor(value: float) -> float:
    """The largest of ..., 0.1, 0.2, 0.5, 1, 2, 5, ... not above `value` (> 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in (5.0, 2.0, 1.0):
        step = mantissa * 10.0 ** exponent
        if step <= value * (1 + 1e-12):
            return step
    return 10.0 ** exponent
