"""Choosing the kind "pixels" in the Data page's columns: whole groups change, other columns are left alone."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from engine.data import infer_schema
from gui.pages.data.columns_model import edit_columns


def _document():
    names = [f"pixel_{r}_{c}" for r in range(4) for c in range(4)]
    frame = pd.DataFrame(np.random.default_rng(0).integers(0, 17, (20, 16)), columns=names)
    frame["age"] = np.linspace(20, 60, 20)
    edits = []
    document = SimpleNamespace(schema=infer_schema(frame), edits=edits)
    document.edit_schema = lambda schema, text: (edits.append(text), setattr(document, "schema", schema))
    return document


def test_pixels_for_a_column_outside_any_group_changes_nothing():
    document = _document()
    assert not edit_columns(document, ["age"], kind="pixels")  # no error, nothing pushed
    assert document.schema.column("age").kind == "numeric" and document.edits == []


def test_a_pixel_group_changes_as_a_whole(qapp):
    document = _document()
    assert edit_columns(document, ["pixel_1_1"], kind="numeric")
    assert {document.schema.column(f"pixel_{r}_{c}").kind for r in range(4) for c in range(4)} == {"numeric"}
    assert edit_columns(document, ["pixel_0_0", "age"], kind="pixels")
    assert document.schema.column("age").kind == "numeric" and len(document.schema.pixel_groups()) == 1
