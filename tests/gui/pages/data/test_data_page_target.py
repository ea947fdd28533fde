"""The Data page when no target is clear (a penguins-like table), and moving around it with the keyboard."""

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.penguins import write_penguins_csv

SHOTS = os.environ.get("LAYERLAB_SHOTS", "")  # a folder: save what the tests see, to look at


def _open(qtbot, data_page, path):
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000):
        data_page.open_csv(path)


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


def test_penguins_asks_for_the_column_to_predict(qtbot, data_page, document, tmp_path):
    _open(qtbot, data_page, write_penguins_csv(tmp_path / "penguins.csv"))
    assert document.schema.target is None and document.schema.task is None
    panel = data_page.target_panel
    prompt = panel.prompt_text()
    assert prompt.startswith("Choose the column to predict")
    assert "no column is named like a target and the last column, year, is a whole number" in prompt
    assert panel.prompt_label.isVisibleTo(data_page)
    assert data_page.target_combo.currentData() is None
    assert "choose the column to predict" in data_page.target_combo.currentText()
    assert "no target: choose the column to predict" in data_page.summary_label.text()
    blocker = document.training_blocker()
    assert blocker.startswith("Choose the column to predict on the Data page") and "year" in blocker
    assert "))" not in blocker and blocker.count("(") == blocker.count(")")
    _shot(data_page, "penguins_no_target.png")

    index = data_page.target_combo.findData("species")
    data_page.target_combo.setCurrentIndex(index)
    data_page.target_combo.activated.emit(index)
    assert document.schema.target == "species" and document.schema.task == "multiclass"
    assert panel.prompt_text() == "" and not panel.prompt_label.isVisibleTo(data_page)
    assert document.training_blocker() is None
    _shot(data_page, "penguins_species.png")


def test_penguins_window_disables_train_with_the_reason(qtbot, make_window, document, tmp_path):
    window = make_window(document)
    with qtbot.waitSignal(window.data_page.load_finished, timeout=10_000):
        window.data_page.open_csv(write_penguins_csv(tmp_path / "penguins.csv"))
    train = window.actions["train"]
    assert not train.isEnabled()
    assert "Choose the column to predict" in train.toolTip() and "year" in train.toolTip()
    assert "Choose the column to predict" in window.status.readiness.text()
    assert "Ready to train" not in window.status.readiness.text()


def _focus(qtbot, data_page, widget):
    data_page.show()
    qtbot.waitExposed(data_page)
    data_page.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


@pytest.mark.parametrize("table", ["columns_view", "preview_view"])
def test_a_table_is_one_tab_stop(qtbot, data_page, tmp_path, table):
    _open(qtbot, data_page, write_penguins_csv(tmp_path / "penguins.csv"))
    view = getattr(data_page, table)
    assert not view.tabKeyNavigation()
    _focus(qtbot, data_page, view)
    before = view.currentIndex()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # arrows still move inside the table
    assert view.hasFocus() and view.currentIndex().row() == before.row() + 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus() and QApplication.focusWidget() is not None
    assert data_page.isAncestorOf(QApplication.focusWidget())


def test_the_target_box_is_reached_by_tab_from_the_columns_table(qtbot, data_page, tmp_path):
    _open(qtbot, data_page, write_penguins_csv(tmp_path / "penguins.csv"))
    _focus(qtbot, data_page, data_page.columns_view)
    qtbot.keyClick(data_page.columns_view, Qt.Key.Key_Tab)
    assert data_page.target_combo.hasFocus()
    _shot(data_page, "target_focused.png")
    qtbot.keyClick(data_page.target_combo, Qt.Key.Key_Backtab)
    assert data_page.columns_view.hasFocus()
    _shot(data_page, "columns_focused.png")


def test_tables_show_a_focus_frame(qtbot, data_page, tmp_path):
    _open(qtbot, data_page, write_penguins_csv(tmp_path / "penguins.csv"))
    view = data_page.columns_view
    data_page.show()
    qtbot.waitExposed(data_page)
    data_page.open_button.setFocus()
    unfocused = view.grab().toImage()
    _focus(qtbot, data_page, view)
    focused = view.grab().toImage()
    highlight = view.palette().color(view.palette().ColorRole.Highlight)
    for x in (0, 1):  # a 2 px frame in the highlight colour, below the rows (no selection there)
        point = (x, view.height() - 6)
        assert focused.pixelColor(*point) == highlight
        assert unfocused.pixelColor(*point) != highlight
