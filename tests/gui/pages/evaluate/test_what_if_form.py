"""The what-if form: a row's values in, the edited row out, in the table's own terms."""

import math

import numpy as np
import pandas as pd

from gui.pages.evaluate.what_if_form import MISSING_TEXT, WhatIfForm


def _form(qtbot):
    form = WhatIfForm()
    qtbot.addWidget(form)
    reference = pd.DataFrame({"sex": [1.0, 2.0, 2.0], "bmi": [21.5, 30.25, 26.0], "plan": ["a", "b", None]})
    form.set_columns([("sex", "boolean"), ("bmi", "numeric"), ("plan", "categorical")],
                     {"sex": ["1", "2"], "plan": ["a", "b", "(missing)"]}, reference)
    return form, reference


def test_a_number_read_from_the_table_selects_its_category(qtbot):
    """2.0 (a float column) is the category "2", not a new "2.0" that the model would read as missing."""
    form, reference = _form(qtbot)
    form.set_row(reference.iloc[1])
    sex = form.editors["sex"]
    assert sex.currentText() == "2" and sex.count() == 2
    row = form.row_frame().iloc[0]
    assert row["sex"] == "2" and row["bmi"] == 30.25 and row["plan"] == "b"


def test_missing_values_round_trip_and_edits_are_signalled(qtbot):
    form, reference = _form(qtbot)
    form.set_row(pd.Series({"sex": 1.0, "bmi": np.nan, "plan": None}))
    assert form.editors["bmi"].text() == MISSING_TEXT and form.editors["plan"].currentText() == "(missing)"
    row = form.row_frame().iloc[0]
    assert math.isnan(row["bmi"]) and row["plan"] is None
    with qtbot.waitSignal(form.row_edited, timeout=1000):
        form.editors["bmi"].setValue(28.0)
    assert form.row_frame().iloc[0]["bmi"] == 28.0
    assert form.editors["bmi"].decimals() == 2  # as many as the column's values have
