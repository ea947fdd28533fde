"""Permutation importance over the table's own columns: the columns the answer depends on rank first."""

import numpy as np
import pytest

from engine.errors import DataError
from engine.insight.importance import permutation_importance


def test_the_two_columns_the_target_depends_on_rank_first(binary_run):
    run, test = binary_run
    result = permutation_importance(run, test, repeats=5, seed=0)
    ranked = [c.column for c in result.columns]
    assert set(ranked[:2]) == {"signal", "colour"}, ranked
    assert result.metric == "accuracy" and result.score > 0.9 and result.rows == len(test)
    by_name = {c.column: c for c in result.columns}
    for noise in ("noise", "shade", "size"):  # unrelated columns: a small drop, far below the signals'
        assert by_name[noise].mean < 0.05 and by_name[noise].mean < by_name["colour"].mean / 4
    assert all(len(c.drops) == 5 and c.std == pytest.approx(np.std(c.drops)) for c in result.columns)


def test_a_one_hot_column_is_shuffled_as_one_column(binary_run):
    """'colour' becomes three inputs; its importance is one figure, not three."""
    run, test = binary_run
    result = permutation_importance(run, test, repeats=2)
    assert sorted(c.column for c in result.columns) == sorted(run.preprocessor.input_columns)
    assert len(result.columns) < run.preprocessor.width


def test_same_seed_same_figures_another_seed_other_shuffles(binary_run):
    run, test = binary_run
    first = permutation_importance(run, test, repeats=3, seed=7).to_dict()
    assert permutation_importance(run, test, repeats=3, seed=7).to_dict() == first
    assert permutation_importance(run, test, repeats=3, seed=8).to_dict() != first


def test_regression_measures_the_rise_in_rmse(regression_run):
    run, test = regression_run
    result = permutation_importance(run, test, repeats=3)
    assert result.metric == "rmse"
    assert {c.column for c in result.columns[:2]} == {"signal", "colour"}
    assert result.columns[0].mean > 1.0  # shuffling a signal makes the error grow (in the target's units)


def test_rows_without_a_target_are_left_out_and_no_target_is_refused(binary_run):
    run, test = binary_run
    holed = test.copy()
    holed.iloc[:10, holed.columns.get_loc("label")] = None
    assert permutation_importance(run, holed, repeats=1).rows == len(test) - 10
    with pytest.raises(DataError, match="'label'"):
        permutation_importance(run, test.drop(columns=["label"]))
    with pytest.raises(DataError, match="at least 1"):
        permutation_importance(run, test, repeats=0)
