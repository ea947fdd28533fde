"""File ▸ Export as / Import Keras code and Model ▸ Show code, from the main window."""

import pytest
from PySide6.QtCore import QSettings

from gui.infra import messages
from gui.pages.evaluate.export_menu import KERAS_EXAMPLE, KerasImportDialog


@pytest.fixture
def window(qtbot, document, tmp_path, monkeypatch):
    from gui.file_actions import load_example
    from gui.main_window import MainWindow
    from gui.infra.settings import AppSettings

    load_example(document, "churn")
    win = MainWindow(document, AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    monkeypatch.setattr(messages, "show_info", lambda *a: None)
    yield win
    # pytest-qt would close a registered window before this runs, and its save prompt would block.
    win.files.needs_saving = lambda: False
    win.close()
    win.deleteLater()
    qtbot.wait(10)


def test_menus_offer_every_export_format_and_show_code(window):
    texts = [a.text() for a in window.menus["export_as"].actions()]
    assert any("ONNX" in t for t in texts) and any(".pt2" in t for t in texts) and any("project" in t for t in texts)
    assert window.actions["show_code"] in window.menus["model"].actions()
    assert window.actions["import_keras"] in window.menus["file"].actions()


def test_show_code_displays_model_py_for_the_canvas(window, qtbot):
    from gui.pages.model.code_view import CodeView

    window.actions["show_code"].trigger()
    dialog = window.findChild(CodeView)
    assert dialog is not None
    code = dialog.code()
    assert "class" in code and "nn.Linear(31, 64" in code and "dense_1" in code
    dialog.close()


def test_import_keras_replaces_model_and_settings_as_one_undo_step(window, qtbot):
    document = window.document
    before = document.spec.to_dict()
    dialog = KerasImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText(KERAS_EXAMPLE.replace("Dense(64, activation='relu'))", "Dense(32, activation='tanh'))"))
    dialog._on_buttons_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted
    from gui.pages.evaluate.export_menu import ExportActions

    exports = window.findChild(ExportActions)
    exports.apply_import(dialog.result_import)
    dense = [n for n in document.spec.nodes if n.type == "Dense"]
    assert [(n.params["units"], n.params["activation"]) for n in dense] == [(64, "relu"), (32, "tanh")]
    assert document.config.epochs == 10 and document.config.batch_size == 32 and document.config.optimizer == "adam"
    document.undo_stack.undo()
    assert document.spec.to_dict() == before


def test_import_keras_applies_its_settings_and_split_to_the_training_page(window, qtbot):
    from engine.training import TrainConfig
    from gui.pages.evaluate.export_menu import ExportActions

    document = window.document
    config = TrainConfig.from_dict(document.config.to_dict())
    config.device, config.seed = "cpu", 5  # this machine's choices: Keras code does not make them
    document.edit_config(config)
    before_config, before_split = document.config.to_dict(), document.split.to_dict()
    dialog = KerasImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText(KERAS_EXAMPLE.replace("optimizer='adam'", "optimizer=SGD(learning_rate=0.05)")
                               .replace("epochs=10, batch_size=32, validation_data=(x_val, y_val)",
                                        "epochs=7, batch_size=16, validation_split=0.2"))
    dialog._on_buttons_accepted()
    window.findChild(ExportActions).apply_import(dialog.result_import)
    c = document.config
    assert (c.epochs, c.batch_size, c.optimizer, c.learning_rate) == (7, 16, "sgd", 0.05)
    assert (c.device, c.seed) == ("cpu", 5)
    assert document.split.val == pytest.approx(0.2)
    form = window.training_page.form
    assert form.epochs.value() == 7 and form.batch_size.value() == 16 and form.optimizer.currentData() == "sgd"
    document.undo_stack.undo()  # one step
    assert document.config.to_dict() == before_config and document.split.to_dict() == before_split


def test_export_model_offers_the_projects_name_and_remembers_the_folder(window, qtbot, tmp_path, monkeypatch):
    """An unsaved project's runs live in a hidden temporary folder: File ▸ Export model offers Documents
    (the example's data is inside the app) with the project's name, then the folder the user chose."""
    from PySide6.QtWidgets import QFileDialog

    from engine.io.bundle import save_bundle
    from engine.data import infer_schema, read_csv
    from engine.io.examples import get_example
    from engine.graph import load_template
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig
    from gui.infra.settings import documents_folder

    frame = read_csv(get_example("churn").path).frame.iloc[:200]
    hidden = tmp_path / "layerlab-runs-abc"
    hidden.mkdir()
    run = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=1, batch_size=64)).run()
    bundle = save_bundle(hidden / "run-001.llmodel", run)
    window.document.add_run(run.record.with_changes(bundle=str(bundle)))
    offered = []
    chosen = tmp_path / "models" / "mine.llmodel"
    chosen.parent.mkdir()

    def ask(parent, caption, default, *args, **kwargs):
        offered.append(default)
        return (str(chosen), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    window.actions["export"].trigger()
    assert offered[0] == str(documents_folder() / "churn-run1.llmodel")
    assert chosen.read_bytes() == bundle.read_bytes()
    window.actions["export"].trigger()
    assert offered[1] == str(chosen.parent.resolve() / "churn-run1.llmodel")


def test_keras_errors_stay_in_the_dialog_with_the_line(qtbot):
    dialog = KerasImportDialog()
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("model = Sequential()\nmodel.add(Conv3D(32, 3))\n")  # Conv3D: not a LayerLab layer
    dialog._on_buttons_accepted()
    assert dialog.result_import is None and "line 2" in dialog.message.text()
