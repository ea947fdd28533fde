"""Files from the main window: Open CSV starts a new untitled project; dialogs open where that kind of file
was last used and suggest names from the project or its data."""

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.io.examples import get_example

Button = QMessageBox.StandardButton
SHOTS = "/tmp/shots-files"


@pytest.fixture
def window(document, make_window):
    from gui.file_actions import load_example

    load_example(document, "churn")
    return make_window(document)


@pytest.fixture
def penguins(tmp_path):
    """A table of the user's own, outside the app's examples (wine's rows under another name)."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "penguins.csv"
    shutil.copy(get_example("wine").path, path)
    return path


def _answer(monkeypatch, button):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or button)
    return asked


def _save_dialog(monkeypatch, answer):
    """Record the Save dialog's suggested file and answer it with `answer`."""
    offered = []

    def ask(parent, caption, default, *args, **kwargs):
        offered.append(default)
        return (str(answer), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return offered


def _save_project_a(window, document, tmp_path, monkeypatch):
    schema = document.schema.copy()
    schema.set_role("gender", "ignore")
    document.edit_schema(schema, "Ignore gender")
    document.add_run({"task": "binary", "reason": "finished", "test_metrics": {"accuracy": 0.9, "n": 10},
                      "baseline": {"model": "logistic regression", "metrics": {"accuracy": 0.8}}})
    project_a = tmp_path / "A.layerlab"
    _save_dialog(monkeypatch, project_a)
    assert window.files.save()
    return project_a


def test_open_csv_starts_a_new_untitled_project_and_leaves_the_old_file_alone(
        qtbot, window, document, tmp_path, monkeypatch, penguins):
    project_a = _save_project_a(window, document, tmp_path, monkeypatch)
    before = project_a.read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(penguins), ""))
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        window.actions["open_csv"].trigger()
    assert document.path is None and document.runs == []
    assert document.table.path.name == "penguins.csv" and document.schema.target == "cultivar"
    assert document.spec.name == "Tutorial MLP" and document.config.early_stopping  # fitting template, defaults
    assert document.config.epochs != 10  # not churn's tutorial settings
    assert window.windowTitle() == "Untitled (penguins.csv) — LayerLab"
    assert document.undo_stack.count() == 0
    window.grab().save(f"{SHOTS}/open-csv-new-project.png")

    offered = _save_dialog(monkeypatch, tmp_path / "B.layerlab")
    window.actions["save"].trigger()  # Ctrl+S asks for a new file: A is not overwritten
    assert offered and offered[0].endswith("penguins.layerlab")
    assert project_a.read_bytes() == before
    assert (tmp_path / "B.layerlab").is_file() and window.windowTitle() == "B — LayerLab"


def test_open_csv_offers_to_save_unsaved_work_and_cancel_keeps_it(qtbot, window, document, monkeypatch, penguins):
    spec = document.spec.copy()
    next(n for n in spec.nodes if n.type == "Dense").params["units"] = 17
    document.edit_spec(spec, "Change units")
    asked = _answer(monkeypatch, Button.Cancel)
    assert not window.files.open_csv(penguins)
    assert asked and "unsaved changes" in asked[0]
    assert not window.data_page.is_loading and document.table.path.name == "churn.csv"
    assert window.windowTitle() == "churn* — LayerLab"


def test_dropped_regression_csv_gets_the_regression_template(qtbot, window, document, tmp_path, monkeypatch):
    _save_project_a(window, document, tmp_path, monkeypatch)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(get_example("diabetes").path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        window.dropEvent(event)
    assert document.path is None and document.runs == [] and document.schema.target is None
    assert window.windowTitle() == "Untitled (diabetes.csv) — LayerLab"
    schema = document.schema.copy()
    schema.set_target("progression")
    document.edit_schema(schema, "Predict progression")  # the starter design follows the task
    assert document.schema.task == "regression" and document.spec.name == "Regression MLP"
    document.undo_stack.undo()
    assert document.schema.target is None and document.spec.name == "Tutorial MLP"


def test_a_new_projects_own_design_keeps_when_its_first_table_opens(qtbot, window, document, penguins):
    window.actions["new"].trigger()
    spec = document.spec.copy()
    next(n for n in spec.nodes if n.type == "Dense").params["units"] = 17
    document.edit_spec(spec, "Change units")
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        assert window.files.open_csv(penguins)  # no question: nothing is lost
    assert next(n for n in document.spec.nodes if n.type == "Dense").params["units"] == 17


def test_dialogs_remember_the_folder_per_kind_and_suggest_the_datas_name(
        qtbot, window, document, settings, tmp_path, monkeypatch, penguins):
    opened = []

    def open_dialog(parent, caption, folder, *args, **kwargs):
        opened.append(folder)
        return (str(penguins), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_dialog)
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        window.actions["open_csv"].trigger()
    assert "layerlab-runs" not in opened[0]
    saves = tmp_path / "projects"
    saves.mkdir()
    offered = _save_dialog(monkeypatch, saves / "mine.layerlab")
    window.actions["save_as"].trigger()
    # an unsaved project on the user's table: its folder and its name
    assert offered[0] == str(penguins.parent.resolve() / "penguins.layerlab")
    assert settings.last_folder("csv") == penguins.parent.resolve()
    assert settings.last_folder("project") == saves.resolve()
    window.actions["open_csv"].trigger()
    assert opened[-1] == str(penguins.parent.resolve())
    window.actions["new"].trigger()
    window.actions["save_as"].trigger()
    assert offered[-1] == str(saves.resolve() / "Untitled.layerlab")
    window.data_page.wait_for_load(5000)
