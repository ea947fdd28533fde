"""The Training page's "Find learning rate…": a background sweep, its curve with the suggestion marked, and
one click that sets the Learning rate as an undoable edit."""

import math
import threading

import pytest

from gui.infra.background import running_tasks
from gui.pages.training.lr_finder_panel import LearningRateFinderDialog
from gui.pages.training.page import TrainingPage


@pytest.fixture
def dialog(qtbot, document):
    page = TrainingPage(document, train_in_process=False)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    assert page.lr_find_action.isEnabled()
    page.lr_find_action.trigger()
    dialog = page._lr_finder
    assert isinstance(dialog, LearningRateFinderDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=10_000)
    yield dialog
    dialog.close()


def test_the_sweep_runs_off_the_gui_thread_and_marks_the_suggestion(qtbot, document, monkeypatch):
    import gui.pages.training.lr_finder_panel as panel

    threads = []
    real_sweep = panel.sweep

    def spy(state, *args):
        threads.append(threading.current_thread())
        return real_sweep(state, *args)

    monkeypatch.setattr(panel, "sweep", spy)
    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    dialog.start()
    assert dialog.is_running
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert threads and threads[0] is not threading.main_thread()
    result = dialog.result
    x, y = dialog.curve.getData()
    assert len(x) == len(result.learning_rates) > 50 and list(y) == result.losses
    assert dialog.plot.getPlotItem().ctrl.logXCheck.isChecked()  # a log-x axis
    assert dialog.suggestion_line.isVisible()
    assert dialog.suggestion_line.value() == pytest.approx(math.log10(result.suggested))
    assert dialog.divergence_line.isVisible() == (result.divergence is not None)
    assert dialog.use_button.text() == f"Use {result.suggested:.2g}" and dialog.use_button.isEnabled()


def test_use_sets_the_learning_rate_and_undo_puts_it_back(qtbot, dialog, document):
    before = document.config.learning_rate
    shown = float(dialog.use_button.text().removeprefix("Use "))
    dialog.use_button.click()
    assert document.config.learning_rate == shown != before
    assert "Learning rate set to" in dialog.status.text()
    document.undo_stack.undo()
    assert document.config.learning_rate == before


def test_the_designs_settings_are_not_touched_by_the_sweep(qtbot, dialog, document):
    from engine.io.examples import load_example

    assert document.undo_stack.count() == 0
    assert document.config.to_dict() == load_example("churn").config.to_dict()


def test_closing_the_dialog_drops_a_sweep_under_way(qtbot, document):
    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    dialog.close()
    assert not dialog.is_running
    qtbot.waitUntil(lambda: not any(t.name == "layerlab-lr-finder" for t in running_tasks()), timeout=20_000)
    assert dialog.result is None


def test_a_model_that_cannot_train_says_why(qtbot, document):
    from engine.graph import ModelSpec

    spec = ModelSpec.chain([("Add", {})])
    document.edit_spec(spec, "break it")
    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    dialog.start()
    assert not dialog.is_running and dialog.status.text().startswith("Can't run the range test yet:")


def test_a_changed_model_takes_the_suggestion_back(qtbot, dialog, document):
    spec = document.spec.copy()
    spec.node("dense_1").params["units"] = 8
    document.edit_spec(spec, "narrower")
    assert not dialog.use_button.isEnabled()
    assert "changed after this sweep" in dialog.status.text()
