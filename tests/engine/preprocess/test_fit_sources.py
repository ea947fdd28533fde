"""fit_sources(): the inputs prepare() gives, cheaply, for the app's canvas (text, table, forecast windows)."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.preprocess import context_for, fit_sources, prepare
from tests.engine.preprocess.review_tables import reviews


def test_text_and_table_sources_match_prepare():
    frame = reviews()
    schema = infer_schema(frame, target="label")
    pre, sources = fit_sources(frame, schema)
    assert sources == prepare(frame, schema).sources
    context = context_for(pre, sources)
    assert context.input_width == pre.width and context.output_width == 1 and context.task == "binary"


def test_a_table_only_has_no_sources():
    frame = reviews().drop(columns="review")
    pre, sources = fit_sources(frame, infer_schema(frame, target="label"))
    assert sources == () and context_for(pre, sources).all_sources()[0].shape == (pre.width,)


def test_forecast_windows_match_prepare():
    n = 200
    frame = pd.DataFrame({"day": np.arange(n), "load": np.sin(np.arange(n) / 5.0) + np.arange(n) / 50.0})
    schema = infer_schema(frame, target="load")
    schema.set_time_column("day", lookback=9, horizon=2)
    _pre, sources = fit_sources(frame, schema, max_rows=50)
    assert sources == prepare(frame, schema).sources
    assert [(s.name, s.kind, s.shape) for s in sources] == [("history", "sequence", (9, 1))]
