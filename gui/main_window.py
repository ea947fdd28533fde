"""The main window: five pages (Data | Model | Training | Evaluate | Experiments) around one ProjectDocument.

MainWindow composes; it does not implement. Files and the close rules live in FileController
(gui/file_actions.py), menus and toolbar in gui/menus.py, the status bar in gui/status.py and
per-user settings in gui/infra/settings.py. The pages are views of the document and never call each other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QMargins, QRect
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QStyle, QTabWidget, QWidget
from shiboken6 import isValid

from gui.pages.model.page import ModelPage
from gui.pages.data.page import DataPage
from gui.document import ProjectDocument
from gui.pages.evaluate import EvaluatePage
from gui.pages.experiments.page import ExperimentsPage
from gui.file_actions import CSV_SUFFIXES, FileController
from gui.infra.icons import app_icon
from gui.menus import PAGE_NAMES, MenuParts, build_menus, build_tool_bar, page_title
from gui.infra.settings import AppSettings
from gui.status import StatusController
from gui.pages.training.page import TrainingPage

OPENABLE_SUFFIXES = (".layerlab",) + CSV_SUFFIXES
DEFAULT_SIZE = (1280, 800)  # the first start's size where the screen has room; see fit_rect()


def fit_rect(rect: QRect, available: QRect, center: bool = False) -> QRect:
    """`rect` shrunk and moved to lie within `available`; centred there when `center`."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    if center:
        x = available.x() + (available.width() - width) // 2
        y = available.y() + (available.height() - height) // 2
    else:
        x = min(max(rect.x(), available.x()), available.x() + available.width() - width)
        y = min(max(rect.y(), available.y()), available.y() + available.height() - height)
    return QRect(max(x, available.x()), max(y, available.y()), width, height)


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
        self.experiments_page = ExperimentsPage(document)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        for page, name in zip(self.pages(), PAGE_NAMES):
            self.tabs.addTab(page, page_title(name))
        self.setCentralWidget(self.tabs)

        self.files = FileController(self, document, self.settings, self.data_page, self.training_page)
        self.recovery = None  # gui.infra.recovery.RecoveryManager, attached by gui.app.main (autosave for crashes)
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
        return [self.data_page, self.model_page, self.training_page, self.evaluate_page, self.experiments_page]

    def _on_training_page_starting(self) -> None:
        self.show_page("Training")  # F5 from any page: the live curves are what the user wants to see

    def show_page(self, name: str) -> None:
        """Switch to "Data", "Model", "Training", "Evaluate" or "Experiments"."""
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
        self.setWindowTitle(self.tr("{name} — LayerLab").format(name=self.document.title_name + ("*" if modified else "")))

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
        """The last session's size and place (AppSettings), else DEFAULT_SIZE centred; within the screen either way."""
        geometry = self.settings.window_geometry()
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored:
            self.resize(*DEFAULT_SIZE)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        self.fit_to_screen(center=not restored)

    def fit_to_screen(self, center: bool = False) -> None:
        """Keep the window, title bar included, within its screen's available area (no status bar off-screen
        on a 1366×768 laptop, nor a window larger than the screen with QT_SCALE_FACTOR=2)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        inner, outer = self.geometry(), self.frameGeometry()
        margins = QMargins(inner.x() - outer.x(), inner.y() - outer.y(), outer.right() - inner.right(),
                           outer.bottom() - inner.bottom())
        if not self.isVisible() or margins.isNull():  # the window manager's frame is known only once shown
            margins = QMargins(0, self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, self), 0, 0)
        target = fit_rect(inner.marginsAdded(margins), screen.availableGeometry(), center)
        target = target.marginsRemoved(margins)
        if target != inner:
            self.setGeometry(target)

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
        self.experiments_page.control.stop_and_wait()  # its finished trials are kept; Resume runs the rest
        self.save_layout()
        if self.recovery is not None:  # a normal close leaves nothing to recover
            self.recovery.close()
        event.accept()
