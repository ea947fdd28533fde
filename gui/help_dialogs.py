"""Help menu dialogs: About, and the keyboard shortcuts read from the menus themselves (one source of truth)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QMenu, QMenuBar, QMessageBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)


def show_about(parent: QWidget) -> None:
    from engine import __version__

    QMessageBox.about(
        parent, QCoreApplication.translate("HelpDialogs", "About LayerLab"),
        f"<h3>LayerLab {__version__}</h3>" + QCoreApplication.translate(
            "HelpDialogs",
            "<p>Build, train and export neural networks on CSV tables without writing code, "
            "and without hiding the code either.</p>"
            "<p>Open a CSV, stack layers on the canvas, press <b>F5</b> to train, compare the network with "
            "a linear baseline on the Evaluate page, and export a model that runs wherever PyTorch runs.</p>"
            "<p>Everything the app does is available headless: <code>layerlab --help</code>.</p>"))


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, shortcut) for every menu action that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def visit(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu():
                visit(action.menu(), f"{path} ▸ {_plain(action.text())}")
            elif not action.isSeparator():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                                 if not s.isEmpty())
                if keys:
                    rows.append((path, _plain(action.text()), keys))

    for top in menu_bar.actions():
        if top.menu():
            visit(top.menu(), _plain(top.text()))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    """A read-only table of every keyboard shortcut in the menus."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcut_rows(menu_bar)
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Shortcut")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(560, 520)


def make_help_actions(parent: QWidget, menu_bar: QMenuBar) -> dict[str, QAction]:
    about = QAction(QCoreApplication.translate("HelpDialogs", "&About LayerLab"), parent)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(parent))
    shortcuts = QAction(QCoreApplication.translate("HelpDialogs", "&Keyboard shortcuts"), parent)
    shortcuts.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    shortcuts.triggered.connect(lambda: ShortcutsDialog(menu_bar, parent).exec())
    return {"about": about, "shortcuts": shortcuts}
