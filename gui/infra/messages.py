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


def show_unexpected_error(parent: QWidget | None, summary: str, log_path) -> None:
    """An error nobody planned for: say so plainly, name the log file, and reassure that the app runs on."""
    QMessageBox.warning(
        parent, "Something went wrong",
        f"Something went wrong: {summary}\n\nLayerLab keeps running; saving your work now is a good idea.\n"
        f"The details were written to\n{log_path}\n(attach that file when you report the problem).")


def ask_restore_recovery(parent: QWidget | None, name: str, saved_at: str) -> bool:
    """After a crash: "Restore" (True) or "Discard" (False) the autosaved copy of NAME."""
    box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work?",
                      f"LayerLab did not close normally last time. An autosaved copy of “{name}” "
                      f"from {saved_at} was found.\n\nRestore it, or discard it?", parent=parent)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def ask_retry_smaller_batch(parent: QWidget | None, message: str, smaller: int) -> bool:
    """Out of GPU memory: True when the user chooses to retry with batch size `smaller`."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Out of GPU memory", message, parent=parent)
    retry = box.addButton(f"Retry at batch size {smaller}", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry
