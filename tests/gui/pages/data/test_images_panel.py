"""The Data page's Images box: the size images are resized to and leaving out rows whose image can't be read, as
undoable edits saved in the project, read by the canvas's shapes and by every run; a run that meets missing files
says how to leave them out."""

import shutil

import pandas as pd
import pytest

from engine.data import infer_schema, read_csv
from engine.io.examples import get_example
from engine.io.project import ImageOptions, Project
from gui.file_actions import load_example

HINT = "tick “Leave out rows whose image can't be read”"


def _context(document):
    """The document's model inputs, once worked out (in the background for image columns)."""
    return document.wait_for_context()


def test_hidden_for_a_table_without_image_files(data_page):
    assert not data_page.images_panel.isVisibleTo(data_page)


def test_size_and_leaving_out_are_undoable_and_reach_the_canvas_and_the_file(data_page, document, tmp_path):
    load_example(document, "digits")
    panel = data_page.images_panel
    assert panel.isVisibleTo(data_page)
    assert (panel.height_spin.value(), panel.width_spin.value()) == (8, 8) and not panel.files_button.isEnabled()
    assert "1×8×8" in panel.found.text()
    assert _context(document).source("image").shape == (1, 8, 8)
    panel.height_spin.setValue(16)
    panel.width_spin.setValue(12)
    assert document.image_options == ImageOptions(size=(16, 12))
    assert document.undo_stack.undoText() == "Resize images to 16×12"
    assert _context(document).source("image").shape == (1, 16, 12)  # the Input node's shape follows
    assert panel.files_button.isEnabled() and "resized to 16×12" in panel.found.text()
    panel.leave_out_check.setChecked(True)
    assert document.run_data_options() == {"base_dir": get_example("digits").path.parent, "image_size": (16, 12),
                                            "drop_unreadable": True}
    document.save(tmp_path / "digits.layerlab")
    assert Project.load(tmp_path / "digits.layerlab").images == ImageOptions(size=(16, 12), drop_unreadable=True)
    panel.files_button.click()
    assert document.image_options == ImageOptions(size=None, drop_unreadable=True)
    assert (panel.height_spin.value(), panel.width_spin.value()) == (8, 8)
    for _ in range(4):
        document.undo_stack.undo()
    assert document.image_options == ImageOptions()
    assert _context(document).source("image").shape == (1, 8, 8) and not panel.leave_out_check.isChecked()


@pytest.fixture
def missing_images(tmp_path):
    """40 digit images and 2 rows naming files that are not there."""
    digits = get_example("digits").path
    frame = pd.read_csv(digits).head(40)
    (tmp_path / "images").mkdir()
    for name in frame["image"]:
        shutil.copy(digits.parent / name, tmp_path / name)
    frame = pd.concat([frame, pd.DataFrame({"image": ["images/gone1.png", "images/gone2.png"], "label": [1, 2]})])
    frame.to_csv(tmp_path / "digits.csv", index=False)
    return tmp_path / "digits.csv"


def _document_on(path, epochs=1):
    from gui.document import ProjectDocument

    document = ProjectDocument()
    table = read_csv(path)
    document.set_table(table, infer_schema(table.frame, target="label", base_dir=path.parent))
    document.start_project_for_table()
    config = document.config
    config.epochs, config.early_stopping = epochs, False
    document.edit_config(config)
    _context(document)
    return document


def test_a_run_that_meets_missing_images_says_how_to_leave_them_out(qtbot, missing_images):
    from gui.pages.training.page import TrainingPage

    document = _document_on(missing_images)
    assert document.schema.column("image").kind == "image" and document.spec.name == "Image CNN"
    page = TrainingPage(document, train_in_process=False)
    qtbot.addWidget(page)
    assert document.training_blocker() is None and page.train_action.isEnabled()
    with qtbot.waitSignal(page.run_failed, timeout=60_000) as failed:
        page.train_action.trigger()
    assert "gone1.png" in failed.args[0] and HINT in failed.args[0]
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    document.edit_image_options(ImageOptions(drop_unreadable=True), "Leave out unreadable images")
    with qtbot.waitSignal(page.run_finished, timeout=120_000):
        page.train_action.trigger()
    assert len(document.runs) == 1 and document.runs[0].epochs_run == 1


def test_the_learning_rate_finder_reads_the_image_options(qtbot, missing_images):
    from gui.pages.training.lr_finder_panel import LearningRateFinderDialog

    document = _document_on(missing_images)
    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=60_000)
    assert HINT in dialog.status.text()
    document.edit_image_options(ImageOptions(size=(6, 6), drop_unreadable=True), "Leave out unreadable images")
    assert _context(document).source("image").shape == (1, 6, 6)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=60_000)
    assert dialog.result is not None and dialog.result.learning_rates, dialog.status.text()


def test_a_sweep_reads_the_image_options(qtbot, missing_images):
    from engine.sweeps.space import SweepParam, SweepSpace
    from gui.pages.experiments.page import ExperimentsPage

    document = _document_on(missing_images)
    document.edit_image_options(ImageOptions(size=(6, 6), drop_unreadable=True), "Leave out unreadable images")
    _context(document)
    page = ExperimentsPage(document)
    qtbot.addWidget(page)
    page.space_editor.set_space(SweepSpace([SweepParam("learning_rate", 0.001, 0.01)]))
    assert page.make_job().data_options == {"base_dir": missing_images.parent, "image_size": (6, 6),
                                            "drop_unreadable": True}
