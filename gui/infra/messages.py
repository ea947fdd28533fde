"""Message boxes for people: one place that turns errors into clear dialogs.

Static QMessageBox calls are used on purpose: tests replace them with monkeypatch, and the app
never shows a traceback as its answer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

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
        parent, translate("Messages", "Unsaved changes"),
        translate("Messages", "The project “{name}” has unsaved changes.\nDo you want to save them first?").format(
            name=name),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def show_unexpected_error(parent: QWidget | None, summary: str, log_path) -> None:
    """An error nobody planned for: say so plainly, name the log file, and reassure that the app runs on."""
    QMessageBox.warning(
        parent, translate("Messages", "Something went wrong"),
        translate("Messages", "Something went wrong: {summary}\n\nLayerLab keeps running; saving your work now is a good idea.\n"
                                   "The details were written to\n{log}\n(attach that file when you report the problem).").format(
            summary=summary, log=log_path))


def ask_restore_recovery(parent: QWidget | None, name: str, saved_at: str) -> bool:
    """After a crash: "Restore" (True) or "Discard" (False) the autosaved copy of NAME."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("Messages", "Restore unsaved work?"),
                      translate("Messages", "LayerLab did not close normally last time. An autosaved copy of “{name}” "
                                                 "from {time} was found.\n\nRestore it, or discard it?").format(
                          name=name, time=saved_at), parent=parent)
    restore = box.addButton(translate("Messages", "Restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("Messages", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def ask_retry_smaller_batch(parent: QWidget | None, message: str, smaller: int) -> bool:
    """Out of GPU memory: True when the user chooses to retry with batch size `smaller`."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Messages", "Out of GPU memory"), message, parent=parent)
    retry = box.addButton(translate("Messages", "Retry at batch size {size}").format(size=smaller),
                          QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry
