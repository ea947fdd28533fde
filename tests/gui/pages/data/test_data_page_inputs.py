"""The Data page says how each column becomes model inputs: "31 inputs from 11 features" explained."""

from PySide6.QtCore import Qt

from gui.pages.data.columns_model import INPUTS


def _cell(data_page, name, role=Qt.ItemDataRole.DisplayRole):
    model = data_page.columns_model
    return model.index(model.row_of(name), INPUTS).data(role)


def test_each_column_shows_its_number_of_inputs_and_how(data_page):
    assert _cell(data_page, "contract") == "3"
    assert _cell(data_page, "total_charges") == "2"  # the value and its missing flag
    assert _cell(data_page, "customer_id") == "–" and _cell(data_page, "churn") == "–"  # ignored, target
    assert "Model inputs: 3 categories → 3 inputs" in _cell(data_page, "contract", Qt.ItemDataRole.ToolTipRole)
    widths = [_cell(data_page, c.name) for c in data_page.document.schema.columns]
    assert sum(int(w) for w in widths if w != "–") == 31


def test_the_summary_counts_model_inputs_and_its_tooltip_lists_every_column(data_page):
    assert "11 features (31 model inputs)" in data_page.summary_label.text()
    tip = data_page.summary_label.toolTip()
    assert tip.startswith("31 inputs from 11 feature columns:")
    assert "• contract: 3 categories → 3 inputs" in tip and "• tenure_months: scaled (mean " in tip
    assert tip.count("•") == 11


def test_the_selected_column_says_how_it_becomes_inputs(data_page):
    data_page.select_columns(["payment_method"])
    assert data_page.columns_panel.inputs_label.text() == "Model inputs · payment_method: 4 categories → 4 inputs"
    data_page.select_columns(["customer_id"])
    assert data_page.columns_panel.inputs_label.text() == ""


def test_a_changed_kind_changes_the_inputs(data_page):
    data_page.set_kind(["support_calls"], "numeric")
    assert _cell(data_page, "support_calls") == "1"
    assert "(23 model inputs)" in data_page.summary_label.text()
    data_page.document.undo_stack.undo()
    assert _cell(data_page, "support_calls") == "9"
