"""Forecasting from a time column: windows of history inside each part of a chronological split.

The time column's checks (order, duplicate times, gaps, the default lookback) are engine.data.time_series'.

A sample predicts the target of row p from the `lookback` rows that end `horizon` rows before it
(p - horizon - lookback + 1 … p - horizon), every feature and the target itself scaled as the training part
was. Windows are built inside each part: the first lookback + horizon - 1 rows of the validation and test
parts serve only as history, so no window reaches across a split boundary and nothing of a later part is
seen while training.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.i18n import _

def check_part_sizes(sizes: dict[str, int], lookback: int, horizon: int) -> None:
    """Every part needs lookback + horizon rows (one window and its target).

    Raises:
        DataError: a part is shorter, naming it, its rows and the largest lookback that would fit.
    """
    need = lookback + horizon
    for part, n in sizes.items():
        if n < need:
            raise DataError(_("The {part} part has {rows:,} rows, fewer than a window needs: lookback {lookback} + "
                              "horizon {horizon} = {need} rows. Lower the lookback (at most {most} here) or the "
                              "horizon, or add rows.").format(part=part, rows=n, lookback=lookback,
                                                              horizon=horizon, need=need,
                                                              most=max(0, n - horizon)))


def windows(features: np.ndarray, target: np.ndarray, lookback: int, horizon: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Windows over one part's rows (in time order), relative to each window's last target value.

    The model learns the change from the last known value (the target's column of each window has that value
    subtracted, and y is target minus it): a series that leaves the training range (a trend) stays in range,
    and predicting no change is the model's zero.

    Args:
        features: (n, F) scaled values of each row, the target as the last column.
        target: (n,) the scaled target.
    Returns:
        (x, y, predicted, last): x float32 (m, lookback, F); y (m,) the change to predict; the positions (into
        the part) of the predicted rows; last (m,) the value the change is added to. m = n - lookback - horizon + 1.
    """
    n = len(features)
    m = max(0, n - lookback - horizon + 1)
    view = np.lib.stride_tricks.sliding_window_view(features, lookback, axis=0)  # (n - lookback + 1, F, lookback)
    x = np.array(view[:m].transpose(0, 2, 1), dtype=np.float32)
    last = x[:, -1, -1].copy()
    x[:, :, -1] -= last[:, None]
    predicted = np.arange(lookback + horizon - 1, n, dtype=np.int64)
    return x, (target[predicted] - last).astype(np.float32), predicted, last


def history_windows(frame: pd.DataFrame, preprocessor, forecast: dict) -> tuple[np.ndarray, np.ndarray]:
    """Windows over new rows for a trained forecaster: every row with enough earlier rows gets one.

    The rows are put in time order (as in training); the target's own column must be there, since its past
    values are part of each window (a missing value counts as the training mean).

    Returns:
        (x, positions, last): x float32 (m, lookback, features); positions (into frame) of the rows predicted;
        the scaled value each predicted change is added to.
    Raises:
        DataError: the time or target column is missing, or a time is missing or unreadable.
    """
    from engine.preprocess import columns as enc

    time_column, target = forecast["time_column"], preprocessor.target
    for name in (time_column, target):
        if name not in frame.columns:
            raise DataError(_("The data has no column '{column}', which a forecast needs (the time and the "
                              "past values of the target).").format(column=name), column=name)
    from engine.data.time_series import parse_times

    times, _dates = parse_times(frame[time_column], time_column)
    order = np.argsort(times, kind="stable")
    part = frame.iloc[order]
    scaled = (enc.as_float(part[target]) - (preprocessor.target_mean or 0.0)) / (preprocessor.target_std or 1.0)
    scaled = np.nan_to_num(scaled, nan=0.0).astype(np.float32)
    features = np.hstack([preprocessor.transform(part), scaled[:, None]])
    x, _y, predicted, last = windows(features, scaled, int(forecast["lookback"]), int(forecast["horizon"]))
    return x, order[predicted], last
