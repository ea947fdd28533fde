"""Explanations of a model that reads a text column beside table columns: importance, one row's contributions
and partial dependence take every input, and a forecast says why they do not apply."""

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema
from engine.errors import DataError
from engine.insight.attribution import explain_row
from engine.insight.importance import permutation_importance
from engine.insight.input_parts import input_parts
from engine.insight.partial_dependence import partial_dependence
from engine.io.project import design_for
from engine.preprocess import Split
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.engine.insight.signal_tables import reviews_table


@pytest.fixture(scope="module")
def text_and_table_run():
    frame = reviews_table()
    schema = infer_schema(frame, target="label")
    spec = design_for(schema, len(frame))
    config = TrainConfig(epochs=8, batch_size=32, learning_rate=1e-2, seed=0)
    return RunPipeline(frame, schema, spec, config, Split(seed=0)).run(), frame


def test_importance_shuffles_the_text_as_one_input(text_and_table_run):
    run, frame = text_and_table_run
    result = permutation_importance(run, frame.iloc[:200], repeats=2)
    assert result.score > 0.9
    by_name = {c.column: c.mean for c in result.columns}
    assert set(by_name) == {"review", "price"}
    assert result.columns[0].column == "review" and by_name["review"] > 0.3 > abs(by_name["price"])


def test_one_rows_contributions_include_the_text_and_add_up(text_and_table_run):
    run, frame = text_and_table_run
    explanation = explain_row(run, frame.iloc[[3]], reference=frame.iloc[:100])
    assert set(explanation.contributions) == {"review", "price"}
    assert next(iter(explanation.contributions)) == "review"  # largest first
    total = sum(explanation.contributions.values())
    assert total == pytest.approx(explanation.output - explanation.baseline_output, abs=1e-4)
    assert "'review' empty" in explanation.baseline


def test_partial_dependence_keeps_each_rows_text(text_and_table_run):
    run, frame = text_and_table_run
    rows = frame.iloc[:50]
    result = partial_dependence(run, rows, "price", points=4)
    parts = input_parts(run, rows)
    assert result.average.shape == (len(result.grid), 1)
    assert len(parts.others) == 1 and parts.others[0].shape[0] == 50
    assert 0.2 < result.average.mean() < 0.8  # the rows' own texts decide, half of them "good"


def test_a_forecast_says_explanations_do_not_apply(tmp_path):
    t = np.arange(120)
    frame = pd.DataFrame({"month": pd.date_range("2000-01-01", periods=120, freq="MS").strftime("%Y-%m-%d"),
                          "level": 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / 12)})
    schema = infer_schema(frame, target="level")
    schema.set_time_column("month", lookback=6, horizon=1)
    run = RunPipeline(frame, schema, design_for(schema, len(frame)), TrainConfig(epochs=1, batch_size=16),
                      Split(seed=0)).run()
    with pytest.raises(DataError, match="window of past rows"):
        explain_row(run, frame.iloc[[50]])
