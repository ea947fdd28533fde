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


@pytest.fixture
def document(qtbot):
    """A ProjectDocument with the churn example loaded and the tutorial network on the canvas."""
    from engine.data import read_csv
    from engine.examples import get_example
    from gui.document import ProjectDocument

    doc = ProjectDocument()
    example = get_example("churn")
    table = read_csv(example.path)
    from engine.data import infer_schema

    doc.set_table(table, infer_schema(table.frame, target=example.target))
    doc.edit_config(example.config, "Example settings")
    doc.undo_stack.clear()
    return doc
