"""The Data page's Forecast panel: time column, lookback and horizon as undoable edits, 'auto' resolved."""

from gui.file_actions import load_example


def test_hidden_for_a_table_without_a_time_column(data_page):
    assert not data_page.time_series_panel.isVisibleTo(data_page)


def test_time_column_and_window_sizes_are_undoable_edits(data_page, document):
    load_example(document, "co2")
    panel = data_page.time_series_panel
    assert panel.isVisibleTo(data_page) and panel.column_combo.currentData() == "date"
    assert panel.lookback_spin.text() == "auto" and "12 rows of history" in panel.chosen.text()
    panel.lookback_spin.setValue(24)
    assert (document.schema.lookback, document.schema.horizon) == (24, None)
    assert document.undo_stack.undoText() == "Set lookback 24, horizon auto"
    assert document.context().sources[0].shape == (24, 1) and "24 rows of history" in panel.chosen.text()
    panel.column_combo.setCurrentIndex(0)
    panel.column_combo.activated.emit(0)
    assert document.schema.time_column is None and document.undo_stack.undoText() == "No time column"
    assert not panel.lookback_spin.isEnabled()
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.schema.time_column == "date" and document.schema.lookback is None
    assert panel.lookback_spin.text() == "auto" and panel.column_combo.currentData() == "date"


def test_a_window_too_long_for_the_data_says_so(data_page, document):
    load_example(document, "co2")
    panel = data_page.time_series_panel
    panel.lookback_spin.setValue(600)
    assert "choose a smaller lookback" in panel.chosen.text()
    assert document.context() is None  # the model cannot be built on it: the Training page says why


def test_the_target_panel_names_the_datas_inputs(data_page, document):
    assert "inputs →" in data_page.target_panel.output_label.text()
    load_example(document, "co2")
    assert data_page.target_panel.output_label.text() == "Network: history (12×1) → 1 output"
