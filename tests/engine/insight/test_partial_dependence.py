"""Partial dependence: the average prediction follows the column the answer depends on, not the others."""

import numpy as np
import pytest

from engine.errors import DataError
from engine.insight.model_outputs import outputs
from engine.insight.partial_dependence import numeric_columns, partial_dependence


def test_the_curve_rises_with_the_signal_and_stays_flat_for_noise(binary_run):
    run, test = binary_run
    signal = partial_dependence(run, test, "signal", points=15)
    assert signal.output_names == ["probability of Yes"] and signal.average.shape == (len(signal.grid), 1)
    assert np.all(np.diff(signal.grid) > 0)
    assert signal.grid[0] == pytest.approx(test["signal"].min()) and signal.grid[-1] == pytest.approx(test["signal"].max())
    assert signal.average[-1, 0] - signal.average[0, 0] > 0.5  # Yes whenever signal > 1
    noise = partial_dependence(run, test, "noise", points=15)
    assert np.ptp(noise.average[:, 0]) < 0.1


def test_each_point_is_the_average_prediction_with_the_column_set(binary_run):
    run, test = binary_run
    result = partial_dependence(run, test, "size", points=5, max_rows=None)
    for value, average in zip(result.grid, result.average[:, 0]):
        changed = test.assign(size=value)
        assert average == pytest.approx(outputs(run, run.preprocessor.transform(changed))[:, 0].mean(), abs=1e-9)
    assert result.rows == len(test)


def test_multiclass_gives_one_curve_per_class(multiclass_run):
    run, test = multiclass_run
    result = partial_dependence(run, test, "signal", points=8)
    assert result.average.shape == (len(result.grid), 3)
    assert np.allclose(result.average.sum(axis=1), 1.0)
    high = result.output_names.index("probability of high")
    assert result.average[-1, high] > result.average[0, high] + 0.5
    assert set(result.to_dict()["curves"]) == set(result.output_names)


def test_only_numeric_input_columns(binary_run):
    run, test = binary_run
    assert numeric_columns(run.preprocessor) == ["noise", "signal", "size"]
    with pytest.raises(DataError, match="'colour' is not one.*noise, signal, size"):
        partial_dependence(run, test, "colour")
