"""Message boxes for people: one place that turns errors into clear dialogs.

Static QMessageBox calls are used on purpose: tests replace them with monkeypatch, and the app
never shows a traceback as its answer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def show_error(parent: QWidget | None, title: str, message: str | BaseException) -> None:
    """A modal error dialog with the message written for people (never a traceback)."""
    text = str(message) or type(message).__name__
    QMessageBox.critical(parent, title, text)


def show_warning(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_discard_cancel(parent: QWidget | None, name: str) -> str:
    """"Save changes to NAME?" -> SAVE, DISCARD or CANCEL."""
    answer = QMessageBox.question(
        parent, "Unsaved changes",
        f"The project “{name}” has unsaved changes.\nDo you want to save them first?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL
