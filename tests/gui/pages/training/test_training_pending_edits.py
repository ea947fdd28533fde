"""A number typed into a setting counts when training starts, even without Enter or Tab first."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.pages.training.page import TrainingPage

def type_into(box, text: str) -> None:
    """Replace a spin box's text by typing, as a user would, without pressing Enter or leaving the box."""
    edit = box.lineEdit()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    assert edit.text().startswith(text.split()[0])


def capture_start(page, monkeypatch) -> list:
    started = []
    monkeypatch.setattr(page, "_start", lambda inputs, status: started.append(inputs))
    return started


def test_typed_epochs_and_learning_rate_are_used_by_the_run(qtbot, document, monkeypatch):
    page = TrainingPage(document)
    qtbot.addWidget(page)
    started = capture_start(page, monkeypatch)
    type_into(page.form.epochs, "2000")
    type_into(page.form.learning_rate, "0.05")
    assert document.config.epochs == 10  # nothing committed yet: the box shows what the run must use
    page.train_action.trigger()
    assert len(started) == 1
    assert started[0].config.epochs == 2000 and started[0].config.learning_rate == pytest.approx(0.05)
    assert document.config.epochs == 2000  # one undoable edit, as if Enter had been pressed
    assert document.undo_stack.undoText() == "Set learning rate"


def test_a_pending_layer_setting_counts_when_training_starts_from_the_model_page(qtbot, window, document, monkeypatch):
    window.show()
    window.show_page("Model")
    page = window.model_page
    page.select_nodes(["dense_1"])
    units = page.properties.editors["units"]
    units.setFocus(Qt.FocusReason.OtherFocusReason)
    type_into(units, "80")
    assert document.spec.node("dense_1").params["units"] == 64
    started = capture_start(window.training_page, monkeypatch)
    window.training_page.train_action.trigger()  # F5 from the Model page
    assert len(started) == 1
    assert started[0].spec.node("dense_1").params["units"] == 80
    assert document.spec.node("dense_1").params["units"] == 80
