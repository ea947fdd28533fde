"""A time column checked for forecasting: its order, duplicate times, gaps, and window sizes that fit the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.i18n import _, ngettext

MIN_WINDOWS = 10  # windows a series must give beyond one lookback + horizon, so there is something to test on
_TIME_NAME_RE = re.compile(r"^(?:time|t|step|year|date|day|month|week|hour|timestamp|period|datetime|ds)$",
                           re.IGNORECASE)
# typical step in days -> the lookback that covers one cycle: a week of days, a year of months, ...
_LOOKBACK_BY_STEP = ((1 / 24 * 1.5, 24), (1.5, 14), (8, 13), (40, 12), (100, 8), (400, 10))


@dataclass
class TimeCheck:
    """What a time column says about the rows (see check_time_column).

    order: row positions in time order (stable). was_sorted: the rows were in time order already.
    gaps: steps longer than 1.5 × the typical step. step: the typical step in words ("31 days", "1").
    lookback, horizon: the window sizes to use (the ones asked for, or chosen from the data).
    warnings: sentences for the user (unsorted rows, gaps).
    """

    column: str
    order: np.ndarray
    was_sorted: bool
    gaps: int
    step: str
    lookback: int
    horizon: int
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One sentence: the column, its step and the window sizes."""
        return _("time column '{name}': one row every {step}; {lookback} rows of history predict {horizon} "
                 "ahead").format(name=self.column, step=self.step, lookback=self.lookback, horizon=self.horizon)


def parse_times(values: pd.Series, name: str) -> tuple[np.ndarray, bool]:
    """The column as float numbers in time order (nanoseconds for dates) and whether it held dates.

    Raises:
        DataError: a time is missing, or a value is neither a date nor a number (naming its row).
    """
    missing = values.isna().to_numpy()
    if missing.any():
        row = int(np.argmax(missing))
        raise DataError(ngettext("The time column '{name}' has {count} empty value (row {row}); every row needs "
                                 "its time.", "The time column '{name}' has {count} empty values (first at row "
                                 "{row}); every row needs its time.", int(missing.sum())).format(
                                     name=name, count=int(missing.sum()), row=row + 1), column=name)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float), False
    parsed = values if pd.api.types.is_datetime64_any_dtype(values) else \
        pd.to_datetime(values.astype(str).str.strip(), errors="coerce", format="mixed")
    bad = parsed.isna().to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise DataError(_("The time column '{name}' holds {value} at row {row}, which is neither a date nor a "
                          "number.").format(name=name, value=repr(str(values.iloc[row])), row=row + 1), column=name)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float), True


def check_time_column(frame: pd.DataFrame, name: str, *, lookback: int | None = None,
                      horizon: int | None = None) -> TimeCheck:
    """Check `name` as the time axis of a forecast and choose window sizes where none are given.

    Unsorted rows are sorted (a warning says so), gaps are reported, duplicate times are refused.

    Raises:
        DataError: the column is missing, has empty or unreadable times or duplicate times, or the rows are
            too few for lookback + horizon (+ MIN_WINDOWS windows to learn and test on).
    """
    if name not in frame.columns:
        raise DataError(_("There is no column '{name}' in the data to use as the time column.").format(name=name),
                        column=name)
    times, dates = parse_times(frame[name], name)
    order = np.argsort(times, kind="stable")
    ordered = times[order]
    diffs = np.diff(ordered)
    _refuse_duplicates(frame[name], name, order, diffs)
    was_sorted = bool(np.all(np.diff(times) > 0))
    step = float(np.median(diffs)) if len(diffs) else 0.0
    gaps = np.flatnonzero(diffs > 1.5 * step) if step > 0 else np.array([], dtype=int)
    horizon = horizon or 1
    lookback = lookback or _suggest_lookback(step, dates, len(frame))
    warnings = []
    if not was_sorted:
        first = int(np.argmax(np.diff(times) <= 0)) + 1
        warnings.append(_("the rows are not in time order; they are used sorted by '{name}' (the first out of "
                          "order is row {row})").format(name=name, row=first + 1))
    if len(gaps):
        at = int(gaps[np.argmax(diffs[gaps])])
        warnings.append(ngettext(
            "{count} gap in '{name}' (the largest from {start} to {end}); windows span it as if the rows followed "
            "each other", "{count} gaps in '{name}' (the largest from {start} to {end}); windows span them as if "
            "the rows followed each other", len(gaps)).format(
                count=len(gaps), name=name, start=_show(frame[name].iloc[order[at]]),
                end=_show(frame[name].iloc[order[at + 1]])))
    needed = lookback + horizon + MIN_WINDOWS
    if len(frame) < needed:
        raise DataError(_("The data has {rows} rows, but a lookback of {lookback} rows and a horizon of {horizon} "
                          "need at least {needed} (to leave windows to learn and test on): choose a smaller "
                          "lookback.").format(rows=len(frame), lookback=lookback, horizon=horizon, needed=needed),
                        column=name)
    return TimeCheck(name, order, was_sorted, len(gaps), _step_words(step, dates), lookback, horizon, warnings)


def suggest_time_column(frame: pd.DataFrame, schema) -> tuple[str | None, str]:
    """A column that looks like a time axis, and why: dates in increasing order, or increasing numbers named
    like time (time, t, step, year, ...). (None, "") when there is none. Nothing is set: forecasting is asked for.
    """
    for col in schema.columns:
        named = bool(_TIME_NAME_RE.match(col.name.strip()))
        if col.name == schema.target or not (col.kind == "datetime" or (named and _number_column(col))):
            continue
        try:
            times, dates = parse_times(frame[col.name], col.name)
        except DataError:
            continue
        if len(times) > 2 and np.all(np.diff(times) > 0):
            step = _step_words(float(np.median(np.diff(times))), dates)
            return col.name, _("'{name}' increases row by row (one row every {step}): to forecast, use it as the "
                               "time column").format(name=col.name, step=step)
    return None, ""


def time_column_candidates(frame: pd.DataFrame, schema) -> list[str]:
    """The columns that can serve as the time axis of a forecast, in file order: date columns (in any order: they
    are sorted when used), and number columns whose values increase row by row (repeats allowed: check_time_column
    says why those cannot be used). Never the target. Whether a candidate fits the data (duplicate times, too few
    rows for the windows) is check_time_column's to say."""
    names = []
    for col in schema.columns:
        if col.name == schema.target or col.name not in frame.columns:
            continue
        if col.kind == "datetime" or (_number_column(col) and _increasing(frame[col.name])):
            names.append(col.name)
    return names


def _number_column(col) -> bool:
    return col.kind in ("numeric", "integer_category", "identifier") and col.dtype.lower().startswith(("int", "float"))


def _increasing(values: pd.Series) -> bool:
    """Numbers that never decrease row by row and take more than two values (no empty cells)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if len(numbers) < 3 or np.isnan(numbers).any():
        return False
    steps = np.diff(numbers)
    return bool(np.all(steps >= 0) and np.count_nonzero(steps) >= 2)


def _refuse_duplicates(values: pd.Series, name: str, order: np.ndarray, diffs: np.ndarray) -> None:
    same = np.flatnonzero(diffs == 0)
    if len(same):
        a, b = sorted((int(order[same[0]]), int(order[same[0] + 1])))
        raise DataError(ngettext(
            "{count} row of '{name}' repeats the time of another row ({value} at rows {a} and {b}); a time series "
            "needs one row per time: combine those rows first, or choose another time column.",
            "{count} rows of '{name}' repeat the time of another row (first {value} at rows {a} and {b}); a time "
            "series needs one row per time: combine those rows first, or choose another time column.",
            len(same)).format(count=len(same), name=name, value=_show(values.iloc[a]), a=a + 1, b=b + 1),
            column=name)


def _suggest_lookback(step: float, dates: bool, rows: int) -> int:
    """One cycle of the data's rhythm when it has dates (24 hours, 14 days, 12 months, ...), else 10;
    never more than a fifth of the rows (at least 2)."""
    chosen = 10
    if dates and step > 0:
        days = step / 86_400e9
        chosen = next((lookback for limit, lookback in _LOOKBACK_BY_STEP if days < limit), 10)
    return int(max(2, min(chosen, (rows - MIN_WINDOWS) // 5)))


def _step_words(step: float, dates: bool) -> str:
    """The typical step in words: "1 month", "7 days", "2.5 hours", or the number between two rows."""
    if not dates:
        return f"{step:g}"
    days = step / 86_400e9
    for low, high, words in ((27, 32, _("1 month")), (88, 93, _("1 quarter")), (364, 367, _("1 year"))):
        if low <= days <= high:
            return words
    seconds = step / 1e9
    if seconds >= 86_400:
        return ngettext("{count} day", "{count} days", round(days)).format(count=f"{days:.3g}")
    if seconds >= 3_600:
        return ngettext("{count} hour", "{count} hours", round(seconds / 3_600)).format(count=f"{seconds / 3_600:.3g}")
    if seconds >= 60:
        return ngettext("{count} minute", "{count} minutes", round(seconds / 60)).format(count=f"{seconds / 60:.3g}")
    return ngettext("{count} second", "{count} seconds", round(seconds)).format(count=f"{seconds:.3g}")


def _show(value) -> str:
    return repr(str(value)[:40])
