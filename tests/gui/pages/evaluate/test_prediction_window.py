"""The predictions window: numbers for reading, whole headers, Enter never saves, rows with no inputs flagged."""

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

LONG = "monthly_charges_including_discounts"


def _frame():
    return pd.DataFrame({
        "tenure": [12.0, np.nan, 3.5],
        LONG: [70.25, np.nan, 20.0],
        "predicted_churn": ["No", "No", "Yes"],
        "probability_Yes": np.array([0.8730000257, 0.25, 0.5], dtype=np.float32).astype(np.float64),
        "predicted_price": np.array([0.8730000257, 234567.891, -12.3456], dtype=np.float32).astype(np.float64),
    })


@pytest.fixture
def dialog(qtbot):
    from gui.pages.evaluate.prediction import PredictionDialog

    window = PredictionDialog(_frame(), "/tmp/new.csv", no_features=np.array([False, True, False]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _text(dialog, row, name):
    model = dialog.view.model()
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index(name)
    return model.data(model.index(row, column))


def test_numbers_are_formatted_for_reading(dialog):
    assert _text(dialog, 0, "probability_Yes") == "87.3 %"
    assert _text(dialog, 0, "predicted_price") == "0.8730"  # not 0.8730000257
    assert _text(dialog, 1, "predicted_price") == "234,568"
    assert _text(dialog, 2, "predicted_price") == "-12.35"
    assert _text(dialog, 0, LONG) == "70.25" and _text(dialog, 1, LONG) == ""


def test_headers_are_whole_and_have_tooltips(dialog):
    model = dialog.view.model()
    metrics = dialog.view.horizontalHeader().fontMetrics()
    for column in range(model.columnCount()):
        name = model.headerData(column, Qt.Orientation.Horizontal)
        assert dialog.view.columnWidth(column) >= metrics.horizontalAdvance(name) + 8, name
        assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == name


def test_enter_does_not_open_save_as(qtbot, dialog, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Enter)
    assert not asked and dialog.isVisible()
    assert not any(b.isDefault() or b.autoDefault() for b in dialog.findChildren(QPushButton))


def test_rows_with_every_input_empty_are_flagged(dialog):
    model = dialog.view.model()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Check"
    assert model.data(model.index(1, 0)).startswith("⚠") and model.data(model.index(0, 0)) is None
    assert model.headerData(1, Qt.Orientation.Vertical) == "2 ⚠" and model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert "1 row (row 2) had every input empty" in dialog.summary.text()


def test_no_warning_column_when_every_row_has_inputs(qtbot):
    from gui.pages.evaluate.prediction import PredictionDialog

    window = PredictionDialog(_frame(), "/tmp/new.csv", no_features=np.zeros(3, dtype=bool))
    qtbot.addWidget(window)
    assert window.view.model().columnCount() == 5 and "⚠" not in window.summary.text()


def test_words_in_a_numeric_column_are_said_in_the_predictions_window(qtbot, corpus, tmp_path):
    """#17 item 18 in the app: the engine's per-column warning reaches the window, as the CLI prints it."""
    from gui.pages.evaluate.prediction import PredictionDialog, predict_csv

    csv = tmp_path / "few_words.csv"
    csv.write_text("age,income,city\nforty,30000,Paris\n33,20000,Lyon\n50,67000,Paris\n28,unknown,Lyon\n")
    result = predict_csv(None, corpus / "bundle_good.llmodel", csv)
    assert result.notes == ["values that are not numbers were filled in as missing: 'age': 1 of 4 rows; "
                            "'income': 1 of 4 rows. Write them as numbers (or leave unknown ones empty)."]
    window = PredictionDialog(result.frame, str(csv), no_features=result.no_features, notes=result.notes)
    qtbot.addWidget(window)
    assert "⚠ Values that are not numbers were filled in as missing: 'age': 1 of 4 rows" in window.summary.text()

    clean = tmp_path / "clean.csv"
    clean.write_text("age,income,city\n40,30000,Paris\n33,20000,Lyon\n")
    assert predict_csv(None, corpus / "bundle_good.llmodel", clean).notes == []
