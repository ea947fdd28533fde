"""Main window: composition, title, files (open/save/reopen, drop, recent), prompts, close during training."""

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.io.examples import get_example

Button = QMessageBox.StandardButton


@pytest.fixture
def window(document, make_window):
    from gui.file_actions import load_example

    load_example(document, "churn")  # exactly the app's first run: named "churn", tutorial settings
    return make_window(document)


def _answer(monkeypatch, button):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _errors(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def _edited_spec(document):
    spec = document.spec.copy()
    dense = next(n for n in spec.nodes if n.type == "Dense")
    dense.params["units"] = 17
    return spec


def test_window_builds_with_the_example_ready_to_train(window):
    assert window.windowTitle() == "churn — LayerLab"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Data", "Model", "Training", "Evaluate",
                                                                                   "Experiments"]
    assert window.actions["train"].isEnabled() and window.actions["train"].shortcut().toString() == "F5"
    assert window.actions["stop"].shortcut().toString() == "Esc"
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Model", "Train", "Help"]
    toolbar = [a.text() for a in window.tool_bar.actions() if not a.isSeparator()]
    assert len(toolbar) == 7 and "Train" in toolbar
    assert window.actions["redo"].shortcuts()[1].toString() == "Ctrl+Y"
    assert "Ready to train" in window.status.readiness.text()
    assert not window.windowIcon().isNull()


def test_title_shows_the_modified_mark_after_an_edit(window, document):
    document.edit_spec(_edited_spec(document), "Change units")
    assert window.windowTitle() == "churn* — LayerLab"
    window.actions["undo"].trigger()
    assert window.windowTitle() == "churn — LayerLab"


def test_template_menu_replaces_the_model_as_one_undoable_edit(window, document):
    before = document.spec.to_dict()
    action = next(a for a in window.menus["templates"].actions() if a.text() == "deep-mlp")
    action.trigger()
    assert document.spec.to_dict() != before
    assert window.tabs.currentWidget() is window.model_page
    document.undo_stack.undo()
    assert document.spec.to_dict() == before


def test_save_and_reopen_restores_canvas_schema_and_runs(qtbot, window, make_window, document, settings, tmp_path,
                                                          monkeypatch):
    spec = _edited_spec(document)
    document.edit_spec(spec, "Change units")
    schema = document.schema.copy()
    schema.set_role("gender", "ignore")
    document.edit_schema(schema, "Ignore gender")
    document.add_run({"task": "binary", "reason": "finished", "test_metrics": {"accuracy": 0.9, "n": 10},
                      "baseline": {"model": "logistic regression", "metrics": {"accuracy": 0.8}}})
    target = tmp_path / "my project"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions["save"].trigger()
    saved = tmp_path / "my project.layerlab"
    assert saved.is_file() and window.windowTitle() == "my project — LayerLab"
    assert settings.recent_files()[0] == str(saved.resolve())

    from gui.document import ProjectDocument

    other = make_window(ProjectDocument())
    with qtbot.waitSignal(other.data_page.load_finished, timeout=20000):
        assert other.open_path(saved)
    assert other.document.spec.to_dict() == document.spec.to_dict()
    assert other.document.runs == document.runs
    assert other.document.schema.column("gender").role == "ignore"
    assert other.document.table is not None and len(other.document.table.frame) == 7000
    assert other.windowTitle() == "my project — LayerLab"
    assert other.evaluate_page.current_index == 0


def test_unsaved_prompt_on_close(window, document, monkeypatch):
    document.edit_spec(_edited_spec(document), "Change units")
    asked = _answer(monkeypatch, Button.Cancel)
    assert not window.close()
    assert asked and "unsaved changes" in asked[0]
    _answer(monkeypatch, Button.Discard)
    assert window.close()


def test_unsaved_prompt_save_writes_the_file(window, document, tmp_path, monkeypatch):
    document.edit_spec(_edited_spec(document), "Change units")
    _answer(monkeypatch, Button.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "kept.layerlab"), ""))
    window.actions["new"].trigger()
    assert (tmp_path / "kept.layerlab").is_file()
    assert document.table is None and window.windowTitle() == "Untitled — LayerLab"


def test_untouched_example_closes_without_a_prompt(window, monkeypatch):
    asked = _answer(monkeypatch, Button.Cancel)
    assert window.close() and not asked


def test_open_csv_via_the_file_action(qtbot, window, document, settings, monkeypatch):
    wine = get_example("wine").path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(wine), ""))
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        window.actions["open_csv"].trigger()
    assert len(document.table.frame) == 178
    assert settings.recent_files()[0] == str(wine.resolve())
    assert window.windowTitle() == "Untitled (wine.csv) — LayerLab"  # a new project: nothing to save yet


def test_dropping_a_csv_opens_it(qtbot, window, document):
    diabetes = get_example("diabetes").path
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(diabetes))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.data_page.load_finished, timeout=20000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert document.table.path.name == "diabetes.csv"


def test_unknown_file_type_is_a_clear_error(window, tmp_path, monkeypatch):
    shown = _errors(monkeypatch)
    (tmp_path / "notes.docx").write_text("x")
    assert not window.open_path(tmp_path / "notes.docx")
    assert "neither a LayerLab project" in shown[0]


def test_damaged_project_is_a_dialog_and_work_is_kept(window, document, tmp_path, monkeypatch):
    shown = _errors(monkeypatch)
    bad = tmp_path / "bad.layerlab"
    bad.write_text("{ not json")
    spec = document.spec.to_dict()
    assert not window.open_path(bad)
    assert "bad.layerlab" in shown[0] and document.spec.to_dict() == spec and document.table is not None


def test_save_error_names_the_file_and_keeps_the_work(window, document, tmp_path, monkeypatch):
    shown = _errors(monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    document.edit_spec(_edited_spec(document), "Change units")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "p.layerlab"), ""))
    assert not window.files.save_as()
    assert "p.layerlab" in shown[0] and window.windowTitle() == "churn* — LayerLab"


def test_project_with_missing_data_offers_to_locate_it(qtbot, window, document, tmp_path, monkeypatch):
    import shutil

    csv = tmp_path / "data.csv"
    shutil.copy(get_example("wine").path, csv)
    from engine.data import read_csv

    document.set_table(read_csv(csv))
    document.save(tmp_path / "p.layerlab")
    csv.unlink()
    asked = _answer(monkeypatch, Button.No)
    assert window.open_path(tmp_path / "p.layerlab")
    assert "data.csv" in asked[0] and document.table is None
    assert window.windowTitle() == "p — LayerLab"


def test_recent_files_are_capped_and_pruned(settings, tmp_path):
    files = []
    for i in range(10):
        path = tmp_path / f"f{i}.csv"
        path.write_text("a\n1\n")
        settings.add_recent_file(path)
        files.append(path)
    recent = settings.recent_files()
    assert len(recent) == 8 and recent[0] == str(files[-1].resolve())
    files[-1].unlink()
    assert str(files[-1].resolve()) not in settings.recent_files()


def test_window_geometry_is_remembered(window, make_window, document):
    window.resize(700, 500)  # within the offscreen screen (800x600): restoreGeometry clamps to the screen
    window.save_layout()
    again = make_window(document)
    assert (again.width(), again.height()) == (700, 500)


def test_shortcuts_dialog_lists_the_menus(window):
    from gui.help_dialogs import shortcut_rows

    rows = shortcut_rows(window.menuBar())
    assert ("Train", "Train", "F5") in rows
    assert any(command == "Save" for _menu, command, _keys in rows)


def test_close_during_training_asks_then_stops_cleanly(qtbot, window, document, monkeypatch):
    from engine.training import TrainConfig

    config = TrainConfig.from_dict(document.config.to_dict())
    config.epochs = 500
    document.edit_config(config)
    window.show_page("Model")
    with qtbot.waitSignal(window.training_page.run_started, timeout=30000):
        window.actions["train"].trigger()
    assert window.tabs.currentWidget() is window.training_page, "F5 from another page shows the live curves"
    asked = _answer(monkeypatch, Button.Yes)
    monkeypatch.setattr(window.files, "needs_saving", lambda: False)
    assert window.close()
    assert "training run is in progress" in asked[0]
    assert not window.training_page.is_training
