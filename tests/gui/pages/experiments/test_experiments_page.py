"""The Experiments page: the space editor saved in the project, a sweep run from the page in its own processes,
its trials shown live, and "Use this trial" as a normal run with its design and settings on the canvas."""

from pathlib import Path

import pytest

from engine.sweeps.space import SweepParam, SweepSpace, default_space
from gui.pages.experiments.page import ExperimentsPage
from gui.pages.training import run_files


@pytest.fixture
def page(qtbot, document):
    document.edit_config(document.config.__class__(**{**document.config.to_dict(), "epochs": 2}), "Short runs")
    widget = ExperimentsPage(document)
    qtbot.addWidget(widget)
    yield widget
    widget.control.stop_and_wait()


def test_the_space_editor_edits_the_projects_saved_space(page, document, qtbot):
    assert page.space_editor.table.rowCount() == 0
    page.space_editor.add_button.click()
    saved = SweepSpace.from_dict(document.project.sweep_space)
    assert [p.path for p in saved.params] == ["learning_rate"]
    assert saved.params[0].log and saved.params[0].low < document.config.learning_rate < saved.params[0].high
    page.space_editor.add_button.click()  # the next field not swept yet
    assert [p.path for p in SweepSpace.from_dict(document.project.sweep_space).params] == ["learning_rate",
                                                                                          "batch_size"]
    assert document.is_modified
    page.space_editor.remove_button.click()
    assert len(SweepSpace.from_dict(document.project.sweep_space).params) == 1


def test_a_layer_property_can_be_swept_over_choices(page):
    page.space_editor.set_space(SweepSpace([SweepParam("layers.dense_1.units", choices=[16, 32])]))
    assert page.space_editor.space() == SweepSpace([SweepParam("layers.dense_1.units", choices=[16, 32])])
    combo = page.space_editor.table.cellWidget(0, 0)
    assert combo.currentText() == "dense_1 · Units"  # the properties form's label
    assert combo.findData("layers.dense_2.activation") >= 0  # choice properties of the layers are listed


def test_space_edits_are_undone_and_redone_on_the_documents_stack(page, document):
    stack, editor = document.undo_stack, page.space_editor
    editor.add_button.click()
    editor.add_button.click()
    two_rows = document.project.sweep_space
    high = editor.table.cellWidget(0, 2)
    start = high.value()
    high.setValue(start * 2)
    high.setValue(start * 3)  # one spin box stepped twice: one undo step
    widened = document.project.sweep_space
    assert stack.undoText() == "Change the high end of Learning rate"
    editor.remove_button.click()
    assert len(SweepSpace.from_dict(document.project.sweep_space).params) == 1
    stack.undo()  # the removed row is back, in the project and in the editor
    assert document.project.sweep_space == widened and editor.space().to_dict() == widened
    stack.undo()
    assert document.project.sweep_space == two_rows and editor.table.cellWidget(0, 2).value() == start
    stack.undo()
    assert editor.table.rowCount() == 1 and stack.undoText() == "Sweep Learning rate"
    for _ in range(3):
        stack.redo()
    assert editor.space().to_dict() == document.project.sweep_space
    assert len(SweepSpace.from_dict(document.project.sweep_space).params) == 1


def test_an_empty_range_is_said_on_the_page_and_nothing_starts(page):
    page.space_editor.set_space(SweepSpace([SweepParam("learning_rate", 0.1, 0.01)]))
    page.start_button.click()
    assert "empty range" in page.status_label.text()
    assert not page.control.is_running


def test_start_with_nothing_marked_sweeps_the_default_space_shown_in_the_editor(page, document, monkeypatch):
    started = []
    monkeypatch.setattr(page.control, "start", lambda job, workers: started.append(job))
    page.start_button.click()
    dense = [n.id for n in document.spec.nodes if n.type == "Dense"]
    expected = default_space(document.spec)
    assert [p.path for p in expected.params] == ["learning_rate"] + [f"layers.{d}.units" for d in dense]
    assert started and started[0].space == expected  # the same space as `layerlab sweep` without --space
    assert page.space_editor.space() == expected and document.project.sweep_space == expected.to_dict()
    assert "Nothing was marked to sweep" in page.status_label.text()
    assert document.undo_stack.undoText() == "Sweep the default space"
    document.undo_stack.undo()
    assert page.space_editor.table.rowCount() == 0 and not document.project.sweep_space.get("params")


def test_a_sweep_runs_from_the_page_and_its_best_trial_becomes_a_normal_run(page, document, qtbot):
    from engine.data import Table, infer_schema
    from tests.engine.sweeps.conftest import small_frame

    frame = small_frame()  # 400 rows: the test waits for process start-up, not for training
    document.set_table(Table(frame), infer_schema(frame, target="label"))
    page.space_editor.set_space(SweepSpace([SweepParam("layers.dense_1.units", choices=[8, 16])]))
    page.trials_spin.setValue(2)
    page.workers_spin.setValue(1)
    page.pruner_combo.setCurrentIndex(page.pruner_combo.findData("none"))
    page.start_button.click()
    assert page.control.is_running and not page.start_button.isEnabled() and page.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not page.control.is_running and page.trials_table.rowCount() == 2
                    and all(r.state == "complete" for r in page._rows), timeout=240_000)
    assert page.trials_table.item(0, 1).text() == "complete"
    assert not page._plots_slot.is_built  # pyqtgraph waits for the page to be shown
    page.show()
    qtbot.waitUntil(lambda: page._plots_slot.is_built, timeout=5000)
    dots = page.plots.best_plot._dots.getData()[0]  # the sweep read before the plots existed is drawn
    assert sorted(dots) == [r.number for r in page._rows]
    assert page.use_button.isEnabled()
    page.trials_table.selectRow(1)
    trial = page._rows[1]
    runs_before = len(document.runs)
    page.use_button.click()
    assert len(document.runs) == runs_before + 1
    run = document.runs[-1]
    assert Path(run.bundle).is_file() and run.best_val_loss == pytest.approx(trial.value)
    assert document.spec.node("dense_1").params["units"] == trial.params["layers.dense_1.units"]
    assert document.undo_stack.undoText() == f"Use sweep trial {trial.number}"
    folder = Path(run.bundle).parent  # the unsaved project's temporary folder: its runs and its sweep
    assert (folder / "untitled.sweep.db").is_file()
    page.control.stop_and_wait()
    run_files.remove_temp_folders()  # what quitting does
    assert not folder.exists() and run_files.temp_folders() == []
