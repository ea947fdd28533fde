"""One prediction explained by Integrated Gradients: completeness, and inputs summed back to columns."""

import numpy as np
import pandas as pd
import pytest
import torch

from engine.errors import DataError
from engine.insight.attribution import baseline_inputs, explain_row
from engine.insight.model_outputs import outputs
from engine.preprocess.input_map import column_inputs


def _output(run, rows: pd.DataFrame, column: int = 0) -> float:
    return float(outputs(run, run.preprocessor.transform(rows))[0, column])


@pytest.mark.parametrize("position", [0, 5, 17])
def test_completeness_contributions_add_up_to_the_output_difference(binary_run, position):
    run, test = binary_run
    row = test.iloc[[position]]
    explanation = explain_row(run, row, reference=test)
    # The model's own (float32) outputs, computed apart from the explanation.
    output = _output(run, row)
    base, _ = baseline_inputs(run.preprocessor, test)
    baseline_output = float(outputs(run, base.reshape(1, -1).astype(np.float32))[0, 0])
    assert explanation.output == pytest.approx(output, abs=1e-5)
    assert explanation.baseline_output == pytest.approx(baseline_output, abs=1e-5)
    total = sum(explanation.contributions.values())
    assert total == pytest.approx(output - baseline_output, abs=2e-3)
    assert abs(total - (explanation.output - explanation.baseline_output)) <= abs(explanation.delta) + 1e-9
    assert abs(explanation.delta) < 2e-3


def test_column_sums_equal_the_sums_over_their_inputs(binary_run):
    run, test = binary_run
    explanation = explain_row(run, test.iloc[[3]], reference=test)
    attributions = explanation.input_attributions
    assert attributions.shape == (run.preprocessor.width,)
    for described in column_inputs(run.preprocessor):
        assert explanation.contributions[described.column] == pytest.approx(
            attributions[described.start:described.stop].sum(), abs=1e-12)
    assert sum(explanation.contributions.values()) == pytest.approx(attributions.sum(), abs=1e-9)
    assert len(column_inputs(run.preprocessor)[2].inputs) == 3  # colour: three inputs, one contribution


def test_the_columns_the_answer_depends_on_carry_the_contribution(binary_run):
    run, test = binary_run
    red_high = test[(test["colour"] == "red") & (test["signal"] > 0.5)].iloc[[0]]
    explanation = explain_row(run, red_high, reference=test)
    assert explanation.prediction == "Yes" and explanation.probabilities["Yes"] > 0.9
    top_two = list(explanation.contributions)[:2]
    assert set(top_two) == {"signal", "colour"}, explanation.contributions
    assert explanation.contributions["colour"] > 0 and explanation.contributions["signal"] > 0


def test_without_reference_rows_the_baseline_is_all_zero_inputs(binary_run):
    run, test = binary_run
    explanation = explain_row(run, test.iloc[[1]])
    zero_output = float(outputs(run, np.zeros((1, run.preprocessor.width), dtype=np.float32))[0, 0])
    assert explanation.baseline_output == pytest.approx(zero_output, abs=1e-5)
    assert "all-zero" in explanation.baseline
    assert sum(explanation.contributions.values()) == pytest.approx(explanation.output - zero_output, abs=2e-3)


def test_multiclass_explains_the_predicted_class(multiclass_run):
    run, test = multiclass_run
    row = test.iloc[[2]]
    probabilities = outputs(run, run.preprocessor.transform(row))[0]
    explanation = explain_row(run, row, reference=test)
    predicted = int(probabilities.argmax())
    assert explanation.class_index == predicted
    assert explanation.prediction == run.preprocessor.classes[predicted]
    assert explanation.output == pytest.approx(probabilities[predicted], abs=1e-5)
    assert explanation.output_name == f"probability of {explanation.prediction}"
    assert sum(explanation.contributions.values()) == pytest.approx(
        explanation.output - explanation.baseline_output, abs=2e-3)


def test_regression_contributions_are_in_the_targets_units(regression_run):
    run, test = regression_run
    row = test.iloc[[0]]
    explanation = explain_row(run, row, reference=test)
    assert explanation.output == pytest.approx(_output(run, row), abs=1e-4)
    assert explanation.class_index is None and explanation.probabilities is None
    assert sum(explanation.contributions.values()) == pytest.approx(
        explanation.output - explanation.baseline_output, abs=1e-2)


def test_the_trained_model_is_left_as_it_was(binary_run):
    run, test = binary_run
    before = {k: v.clone() for k, v in run.model.state_dict().items()}
    explain_row(run, test.iloc[[0]], reference=test)
    after = run.model.state_dict()
    assert all(after[k].dtype == torch.float32 and torch.equal(after[k], before[k]) for k in before)


def test_one_row_at_a_time(binary_run):
    run, test = binary_run
    with pytest.raises(DataError, match="one row"):
        explain_row(run, test.iloc[:2])
