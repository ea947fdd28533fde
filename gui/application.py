"""Making the app's pieces: the QApplication (name, icon, style) and the main window with an example.

gui.app's main() and the developer tools (gui.devtools: --smoke-test, --screenshots) both start
the app through these, so the tools run the same window as users do. Qt is imported on first call,
not at import (the launcher reads its arguments before Qt starts).
"""

from __future__ import annotations

import os
import sys

_ARGUMENTS_PROPERTY = "layerlab_arguments"  # QApplication property: argv without Qt's options


def create_application(argv: list[str] | None = None):
    """The QApplication with LayerLab's name (for QSettings), icon and a readable style.

    `argv` (without the program name) goes to QApplication, which removes Qt's own options from it;
    application_arguments(app) returns the rest.
    """
    # The data stack first: once imported, PySide6 reads the source of every module imported after
    # it (looking for `from __feature__ import ...`), which costs about 0.3 s over pandas' modules.
    import engine.data  # noqa: F401  (pandas, numpy)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "layerlab"] + list(argv or []))
        app.setProperty(_ARGUMENTS_PROPERTY, list(app.arguments()[1:]))
    from gui.infra.icons import app_icon
    from gui.infra.settings import APPLICATION, ORGANIZATION

    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("layerlab")
    app.setWindowIcon(app_icon())
    style = app.style().name().lower() if app.style() else ""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or style in ("windows", ""):
        app.setStyle("Fusion")  # the bare "Windows" style and offscreen defaults look dated; Fusion follows the palette
    return app


def apply_preferences(settings=None) -> str:
    """The theme and language chosen in Preferences (before any window is made: texts are translated as their
    widgets are made); returns the language in use."""
    from gui.infra.settings import AppSettings
    from gui.infra.theme import apply_theme
    from gui.infra.translation import install_translators

    settings = settings if settings is not None else AppSettings()
    apply_theme(settings.theme())
    return install_translators(settings.language())


def application_arguments(app, argv: list[str] | None = None) -> list[str]:
    """The arguments left for LayerLab once Qt took its own: what QApplication kept when create_application
    made it, else (an application that already existed, as in tests) `argv` as given."""
    left = app.property(_ARGUMENTS_PROPERTY)
    return [str(arg) for arg in left] if isinstance(left, list) else list(argv or [])


def build_window(example: str | None = "churn", settings=None):
    """The main window with a bundled example loaded (first run: churn, so F5 trains at once), or empty."""
    from gui.document import ProjectDocument
    from gui.file_actions import load_example
    from gui.main_window import MainWindow

    document = ProjectDocument()
    if example:
        load_example(document, example)
    window = MainWindow(document, settings)
    window.files.mark_as_opened()
    if example:
        window.show_page("Model")  # the example's network, ready for F5; the other pages build their plots when shown
    return window
