"""The Forecast box offers every column that can serve as the time axis (the engine's time_column_candidates), not
only the suggested one; a column that cannot be used says why when picked."""

import numpy as np
import pandas as pd

from engine.data import infer_schema, read_csv


def _series(tmp_path):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"noise": rng.normal(size=60), "day": pd.date_range("2021-01-01", periods=60).astype(str),
                          "step": np.arange(60) * 5, "week": np.repeat(np.arange(15), 4),
                          "sales": rng.normal(size=60).cumsum()})
    frame.to_csv(tmp_path / "sales.csv", index=False)
    return read_csv(tmp_path / "sales.csv")


def test_every_possible_time_column_is_offered_and_a_bad_one_says_why(data_page, document, tmp_path):
    table = _series(tmp_path)
    document.set_table(table, infer_schema(table.frame, target="sales"))
    panel = data_page.time_series_panel
    combo = panel.column_combo
    assert panel.isVisibleTo(data_page)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "day", "step", "week"]
    combo.setCurrentIndex(combo.findData("step"))
    combo.activated.emit(combo.currentIndex())
    assert document.schema.time_column == "step" and "One row every 5" in panel.chosen.text()
    combo.setCurrentIndex(combo.findData("week"))
    combo.activated.emit(combo.currentIndex())
    assert document.schema.time_column == "week"
    assert "repeat the time of another row" in panel.chosen.text()  # why it cannot be used
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "day", "step", "week"]
