"""Export dialog (runs off the UI thread, shows the max difference) and the read-only code view."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from engine.bundle import save_bundle  # noqa: E402
from engine.data import infer_schema, read_csv  # noqa: E402
from engine.examples import get_example  # noqa: E402
from engine.graph import load_template  # noqa: E402
from engine.layers import ShapeContext  # noqa: E402
from engine.pipeline import TrainingJob  # noqa: E402
from engine.training import TrainConfig  # noqa: E402


@pytest.fixture(scope="module")
def bundle_path(tmp_path_factory):
    frame = read_csv(get_example("churn").path).frame.iloc[:300]
    job = TrainingJob(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=1, batch_size=64))
    return save_bundle(tmp_path_factory.mktemp("gui_export") / "churn.llmodel", job.run())


def test_export_dialog_exports_off_the_ui_thread_and_shows_the_difference(qtbot, bundle_path, tmp_path):
    from gui.export_dialog import ExportDialog

    dialog = ExportDialog(bundle_path)
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text().endswith("churn.onnx")  # a default path per format
    dialog.set_format("pt2")
    assert dialog.path_edit.text().endswith("churn.pt2")
    dialog.path_edit.setText(str(tmp_path / "out.pt2"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        dialog.start_export()
        assert dialog.is_running() and not dialog.export_button.isEnabled()
    report = blocker.args[0]
    assert (tmp_path / "out.pt2").is_file()
    assert "Max difference from the LayerLab model" in dialog.difference_label.text()
    assert f"{report.max_difference:.3g}" in dialog.difference_label.text()
    assert not dialog.is_running() and dialog.export_button.isEnabled()


def test_export_dialog_reports_failure_and_keeps_nothing(qtbot, bundle_path, tmp_path):
    from gui.export_dialog import ExportDialog

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "other.txt").write_text("mine")
    dialog = ExportDialog(bundle_path)
    qtbot.addWidget(dialog)
    dialog.set_format("project")
    assert dialog.path_edit.text().endswith("churn-project")
    dialog.path_edit.setText(str(taken))
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000) as blocker:
        dialog.start_export()
    assert "not empty" in blocker.args[0]
    assert "nothing was saved" in dialog.status_label.text()
    assert sorted(p.name for p in taken.iterdir()) == ["other.txt"]


def test_code_view_is_read_only_highlighted_and_copies(qtbot):
    from PySide6.QtGui import QGuiApplication

    from gui.code_view import CodeView, model_code_for

    code = model_code_for(load_template("residual-mlp"), ShapeContext(10, 3, "multiclass"))
    view = CodeView(code)
    qtbot.addWidget(view)
    assert view.editor.isReadOnly() and view.code() == code
    block = view.editor.document().findBlockByNumber(code.splitlines().index("class Model(nn.Module):"))
    assert any(r.format.fontWeight() > 400 for r in block.layout().formats())  # "class" is highlighted
    view.copy_button.click()
    assert QGuiApplication.clipboard().text() == code
    assert "Copied" in view.status.text()
