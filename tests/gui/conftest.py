"""Shared fixtures for GUI tests: offscreen Qt, a real font, a document with the churn example loaded."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _font_present(qapp):
    """Without a font every label renders as empty boxes while tests still pass: refuse to run."""
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families()
    assert families, "No font is installed: install Debian's fonts-dejavu-core (see .ci/run)."


@pytest.fixture(autouse=True)
def _temp_runs_in_tmp_path(tmp_path, monkeypatch):
    """An unsaved project's runs folder is made in the test's own folder, never in /tmp (nothing left behind)."""
    from gui.pages.training import run_files

    monkeypatch.setattr(run_files, "TEMP_ROOT", tmp_path / "temp-runs")
    yield
    run_files.remove_temp_folders()


@pytest.fixture
def document(qtbot):
    """A ProjectDocument with the churn example loaded and the tutorial network on the canvas."""
    from engine.data import read_csv
    from engine.io.examples import get_example
    from gui.document import ProjectDocument

    doc = ProjectDocument()
    example = get_example("churn")
    table = read_csv(example.path)
    from engine.data import infer_schema

    doc.set_table(table, infer_schema(table.frame, target=example.target))
    doc.edit_config(example.config, "Example settings")
    doc.undo_stack.clear()
    return doc


@pytest.fixture
def settings(tmp_path):
    """Throw-away application settings (recent files, geometry) in the test's own folder."""
    from PySide6.QtCore import QSettings

    from gui.infra.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, settings):
    """Build MainWindows; at tear-down stop their runs and close them without prompts (pytest-qt would
    close them before fixture finalizers run, and a modal prompt there would hang the test), then check
    that no training thread outlives them."""
    from gui.main_window import MainWindow
    from gui.pages.training.run import active_runs, stop_all

    made = []

    def make(document):
        window = MainWindow(document, settings)
        window.files.mark_as_opened()
        made.append(window)
        return window

    yield make
    for window in made:
        window.training_page.stop_and_wait(10_000)
        window.data_page.wait_for_load(5000)
        window.files.needs_saving = lambda: False
        window.close()
        window.deleteLater()
    assert stop_all(10_000)
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=10_000)
    qtbot.wait(10)


@pytest.fixture
def window(make_window, document):
    """The main window over the churn document."""
    return make_window(document)


@pytest.fixture
def data_page(qtbot, document):
    """The Data page over the churn document, 1280x800; the test ends only after any CSV load it started."""
    from gui.pages.data.page import DataPage

    widget = DataPage(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    yield widget
    assert widget.wait_for_load(10_000)
