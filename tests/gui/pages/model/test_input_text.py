"""The Input layer's words read each column's inputs from the engine's input map, not from input names."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.preprocess import fit_preprocessor
from gui.pages.model.input_text import explain_input, input_columns


def test_a_column_whose_name_starts_another_keeps_its_own_inputs():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"age": rng.normal(40, 9, 200).round(1), "age (days)": rng.normal(14000, 3000, 200).round(),
                          "plan": rng.choice(["a", "b", "c"], 200), "label": rng.choice(["Yes", "No"], 200)})
    schema = infer_schema(frame, target="label")
    pre = fit_preprocessor(frame, schema)
    columns = {c.name: c.inputs for c in input_columns(pre)}
    assert columns["age"] == ["age"] and columns["age (days)"] == ["age (days)"]
    assert sorted(columns["plan"]) == ["plan=a", "plan=b", "plan=c"]
    short, _ = explain_input(pre, schema)
    assert short == "3 columns → 5 inputs"
