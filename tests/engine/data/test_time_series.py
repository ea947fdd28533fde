"""A time column checked for forecasting: order, duplicates, gaps, too few rows, and window sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema, read_csv
from engine.data.time_series import check_time_column, suggest_time_column, time_column_candidates
from engine.errors import DataError


def _monthly(n=60):
    return pd.DataFrame({"month": pd.date_range("2000-01-01", periods=n, freq="MS").strftime("%Y-%m-%d"),
                         "sales": np.sin(np.arange(n) / 2) + 5})


def test_sorted_monthly_dates_choose_a_year_of_lookback():
    check = check_time_column(_monthly(), "month")
    assert check.was_sorted and check.gaps == 0 and check.warnings == []
    assert (check.lookback, check.horizon, check.step) == (10, 1, "1 month")  # 12, capped at (60 - 10) / 5
    assert check_time_column(_monthly(200), "month").lookback == 12
    assert check.describe() == "time column 'month': one row every 1 month; 10 rows of history predict 1 ahead"


def test_asked_window_sizes_are_kept():
    check = check_time_column(_monthly(), "month", lookback=24, horizon=3)
    assert (check.lookback, check.horizon) == (24, 3)


def test_unsorted_rows_are_sorted_and_said():
    frame = _monthly(40).iloc[[0, 1, 2, 5, 3, 4] + list(range(6, 40))].reset_index(drop=True)
    check = check_time_column(frame, "month")
    assert not check.was_sorted and check.order[:6].tolist() == [0, 1, 2, 4, 5, 3]
    assert check.warnings == ["the rows are not in time order; they are used sorted by 'month' "
                              "(the first out of order is row 5)"]


def test_duplicate_times_are_refused_naming_the_rows():
    frame = _monthly(40)
    frame.loc[7, "month"] = frame.loc[6, "month"]
    with pytest.raises(DataError, match=r"1 row of 'month' repeats the time of another row \('2000-07-01' at rows "
                                        r"7 and 8\); a time series needs one row per time"):
        check_time_column(frame, "month")


def test_gaps_are_reported():
    days = pd.date_range("2022-01-01", periods=80, freq="D").delete([20, 21, 22, 50])
    frame = pd.DataFrame({"day": days.strftime("%Y-%m-%d"), "y": np.arange(76.0)})
    check = check_time_column(frame, "day")
    assert check.gaps == 2 and check.step == "1 day" and check.lookback == 13
    assert check.warnings == ["2 gaps in 'day' (the largest from '2022-01-20' to '2022-01-24'); windows span them "
                              "as if the rows followed each other"]


def test_fewer_rows_than_the_lookback_is_a_message():
    with pytest.raises(DataError, match="The data has 30 rows, but a lookback of 24 rows and a horizon of 1 need at "
                                        "least 35 .*choose a smaller lookback"):
        check_time_column(_monthly(30), "month", lookback=24)


@pytest.mark.parametrize("value, words", [(None, "1 empty value \\(row 4\\)"),
                                          ("soon", "holds 'soon' at row 4, which is neither a date nor a number")])
def test_empty_or_unreadable_times_name_the_row(value, words):
    frame = _monthly(40).astype({"month": object})
    frame.loc[3, "month"] = value
    with pytest.raises(DataError, match=words):
        check_time_column(frame, "month")


def test_increasing_numbers_serve_as_time():
    frame = pd.DataFrame({"t": np.arange(0, 100, 2), "y": np.arange(50.0)})
    check = check_time_column(frame, "t")
    assert check.step == "2" and check.lookback == 8


def test_a_time_column_is_suggested_not_set(tmp_path):
    path = tmp_path / "series.csv"
    _monthly().to_csv(path, index=False)
    frame = read_csv(path).frame
    schema = infer_schema(frame)
    assert suggest_time_column(frame, schema) == ("month", "'month' increases row by row (one row every 1 month): "
                                                            "to forecast, use it as the time column")
    assert schema.time_column is None
    shuffled = frame.sample(frac=1.0, random_state=0).reset_index(drop=True)
    assert suggest_time_column(shuffled, infer_schema(shuffled)) == (None, "")


def test_every_column_that_can_be_a_time_axis_is_a_candidate():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "noise": rng.normal(size=40),                                # numbers without order: not a time axis
        "stamp": pd.date_range("2020-01-01", periods=40, freq="D")[::-1].astype(str),  # dates, newest first
        "step": np.arange(40) * 3,                                   # increasing numbers
        "week": np.repeat(np.arange(10), 4),                         # never decreasing, repeats: offered, refused
        "flat": np.ones(40),                                         # one value: no axis
        "gappy": np.where(np.arange(40) == 5, np.nan, np.arange(40.0)),  # an empty cell
        "sales": np.arange(40.0),                                    # the target is never the time axis
    })
    schema = infer_schema(frame, target="sales")
    assert time_column_candidates(frame, schema) == ["stamp", "step", "week"]
    with pytest.raises(DataError, match="repeat the time of another row"):
        check_time_column(frame, "week")
