"""How each column becomes model inputs: positions that tile the preprocessed row, and words for people."""

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema
from engine.errors import DataError
from engine.preprocess import Preprocessor, fit_preprocessor
from engine.preprocess.input_map import column_choices, column_inputs, inputs_summary


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(0)
    rows = 600
    age = rng.normal(38.2, 9.1, rows).round(1)
    age[:30] = np.nan
    return pd.DataFrame({
        "age": age,
        "contract": rng.choice(["Month-to-month", "One year", "Two year"], rows),
        "city": [f"town {i % 40}" for i in range(rows)],
        "signup_date": pd.date_range("2020-01-01", periods=rows, freq="D").strftime("%Y-%m-%d"),
        "partner": rng.choice(["Yes", "No"], rows),
        "comment": [f"free text number {i} about the customer's visit" for i in range(rows)],
        "churn": rng.choice(["Yes", "No"], rows),
    })


@pytest.fixture(scope="module")
def fitted(table):
    schema = infer_schema(table, target="churn")
    schema.set_kind("city", "categorical")
    schema.set_role("comment", "feature")
    return fit_preprocessor(table, schema)


def test_positions_tile_the_preprocessed_row_and_match_its_names(fitted):
    described = [c for c in column_inputs(fitted) if c.width]
    assert [c.column for c in described] == fitted.input_columns
    assert described[0].start == 0 and described[-1].stop == fitted.width
    assert all(a.stop == b.start for a, b in zip(described, described[1:]))
    names = fitted.feature_names
    assert all(list(c.inputs) == names[c.start:c.stop] for c in described)


def test_descriptions_say_how_each_column_becomes_inputs(fitted):
    words = {c.column: c.description for c in column_inputs(fitted)}
    assert words["contract"] == "contract: 3 categories → 3 inputs"
    assert words["city"] == "city: 40 values → top 20 + other → 21 inputs"
    assert words["signup_date"] == "signup_date: year, month, weekday, day of year (scaled) → 4 inputs"
    assert words["partner"] == "partner: yes/no, 1 = Yes → 1 input"
    mean, sd = fitted.to_dict()["columns"][0]["state"]["mean"], fitted.to_dict()["columns"][0]["state"]["std"]
    assert words["age"].startswith(f"age: scaled (mean {mean:.3g}, sd {sd:.3g}), missing → median ")
    assert words["age"].endswith(" + a missing flag → 2 inputs")
    assert words["comment"] == "comment: not used (text columns are not model inputs)"


def test_summary_counts_inputs_and_columns(fitted):
    assert inputs_summary(column_inputs(fitted)) == f"{fitted.width} inputs from 5 feature columns (1 more not used)"
    assert fitted.width == 2 + 3 + 21 + 4 + 1


def test_an_unfitted_preprocessor_is_refused(table):
    with pytest.raises(DataError, match="not been fitted"):
        column_inputs(Preprocessor(infer_schema(table, target="churn")))


def test_choices_list_the_values_the_model_knows(fitted):
    choices = column_choices(fitted)
    assert set(choices) == {"contract", "city", "partner"}  # categories and yes/no; numbers and dates have none
    assert sorted(choices["contract"]) == ["Month-to-month", "One year", "Two year"]
    assert len(choices["city"]) == 20 and choices["partner"] == ["No", "Yes"]
