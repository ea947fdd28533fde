"""The main window: four pages (Data | Model | Training | Evaluate) around one ProjectDocument.

MainWindow composes; it does not implement. Files and the close rules live in FileController
(gui/file_actions.py), menus and toolbar in gui/menus.py, the status bar in gui/status.py and
per-user settings in gui/settings.py. The pages are views of the document and never call each other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget
from shiboken6 import isValid

from gui.canvas.model_page import ModelPage
from gui.data_panel import DataPage
from gui.document import ProjectDocument
from gui.evaluate_panel import EvaluatePage
from gui.file_actions import CSV_SUFFIXES, FileController
from gui.icons import app_icon
from gui.menus import PAGE_NAMES, MenuParts, build_menus, build_tool_bar
from gui.settings import AppSettings
from gui.status import StatusController
from gui.training_panel import TrainingPage

OPENABLE_SUFFIXES = (".layerlab",) + CSV_SUFFIXES
DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    """LayerLab's window. Pages: data_page, model_page, training_page, evaluate_page (in `tabs`).

    `actions` maps names ("open", "save", "undo", "train", "export", …) to the menu actions;
    `files` is the FileController (open/save/close rules); `status` the status-bar controller.
    """

    def __init__(self, document: ProjectDocument, settings: AppSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.document = document
        self.settings = settings if settings is not None else AppSettings()
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.data_page = DataPage(document)
        self.model_page = ModelPage(document)
        self.training_page = TrainingPage(document)
        self.evaluate_page = EvaluatePage(document)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        for page, name in zip(self.pages(), PAGE_NAMES):
            self.tabs.addTab(page, name)
        self.setCentralWidget(self.tabs)

        self.files = FileController(self, document, self.settings, self.data_page, self.training_page)
        self.recovery = None  # gui.recovery.RecoveryManager, attached by gui.app.main (autosave for crashes)
        parts = MenuParts(self, document, self.files, self.tabs, self.model_page, self.training_page,
                          self.evaluate_page)
        self.actions, self.menus = build_menus(parts)
        self.tool_bar = build_tool_bar(self, self.actions)
        self.menus["view"].addAction(self.tool_bar.toggleViewAction())
        self.status = StatusController(self.statusBar(), document, self.training_page)

        self.files.status_message.connect(self.status.show_message)
        self.training_page.starting.connect(self._on_training_page_starting)
        document.modified_changed.connect(self._on_document_modified_changed)
        document.path_changed.connect(self._update_title)
        document.runs_changed.connect(self._update_title)
        document.table_changed.connect(self._update_title)
        document.undo_stack.indexChanged.connect(self._update_title)
        self._update_title()
        self._restore_layout()

    def pages(self) -> list[QWidget]:
        return [self.data_page, self.model_page, self.training_page, self.evaluate_page]

    def _on_training_page_starting(self) -> None:
        self.show_page("Training")  # F5 from any page: the live curves are what the user wants to see

    def show_page(self, name: str) -> None:
        """Switch to "Data", "Model", "Training" or "Evaluate"."""
        self.tabs.setCurrentIndex(PAGE_NAMES.index(name))

    def open_path(self, path: str | Path) -> bool:
        """Open a project (*.layerlab) or a table (*.csv), as from the command line or a drop."""
        return self.files.open_path(path)

    # -- title --------------------------------------------------------------------------------------------
    def _on_document_modified_changed(self, _modified: bool) -> None:
        self._update_title()

    def _update_title(self, *_args) -> None:
        if not (isValid(self) and isValid(self.document.undo_stack)):  # a signal during tear-down
            return
        modified = self.files.needs_saving()
        self.setWindowTitle(f"{self.document.title_name}{'*' if modified else ''} — LayerLab")

    # -- drag and drop --------------------------------------------------------------------------------------
    @staticmethod
    def _dropped_path(event) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in OPENABLE_SUFFIXES:
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_path(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_path(event)
        if path:
            event.acceptProposedAction()
            self.open_path(path)
        else:
            event.ignore()

    # -- layout and closing -------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.save_window(QByteArray(self.saveGeometry()), QByteArray(self.saveState()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: plots follow the palette
            refresh = getattr(self.evaluate_page, "refresh_palette", None)
            if refresh:
                refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.files.confirm_discard("close LayerLab"):
            event.ignore()
            return
        self.data_page.wait_for_load(5000)  # a CSV still loading: cancelled, its thread ended
        self.evaluate_page.wait_for_tasks(5000)
        self.save_layout()
        if self.recovery is not None:  # a normal close leaves nothing to recover
            self.recovery.close()
        event.accept()
