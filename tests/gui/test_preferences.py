"""Preferences: the theme applies at once and is saved; the language is saved and applies on restart (said so);
the dialog shows our Chinese catalog and Qt's when the language is zh_CN; Edit ▸ Preferences… opens it."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from gui.infra.theme import apply_theme, is_dark
from gui.infra.translation import install_translators
from gui.preferences_dialog import PreferencesDialog


@pytest.fixture
def english_after():
    yield
    install_translators("en")


@pytest.fixture
def system_theme_after():
    yield
    apply_theme("system")


def _choose(combo, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_theme_applies_at_once_and_is_saved(qtbot, settings, system_theme_after):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    _choose(dialog.theme, "dark")
    assert is_dark(QGuiApplication.palette())
    assert settings.theme() == "dark"
    _choose(dialog.theme, "light")
    assert not is_dark(QGuiApplication.palette())
    assert settings.theme() == "light"


def test_language_is_saved_and_restart_is_said(qtbot, settings, english_after):
    install_translators("en")
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert settings.language() == "system" and not dialog.restart_note.isVisible()
    _choose(dialog.language, "zh_CN")
    assert settings.language() == "zh_CN"
    assert dialog.restart_note.isVisible()
    _choose(dialog.language, "en")
    assert not dialog.restart_note.isVisible()


def test_dialog_in_chinese(qtbot, settings, english_after):
    settings.set_language("zh_CN")
    assert install_translators(settings.language()) == "zh_CN"
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "首选项"
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"语言(&L)：", "主题(&T)："} <= labels, labels
    assert [dialog.theme.itemText(i) for i in range(3)] == ["跟随系统", "浅色", "深色"]
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "关闭"  # Qt's own catalog (qtbase_zh_CN.qm)


def test_edit_menu_opens_preferences(window):
    action = window.actions["preferences"]
    assert action in window.menus["edit"].actions()
    expected = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [QKeySequence("Ctrl+,")]
    assert action.shortcuts() == expected
    opened = []

    def close_dialog():
        opened.append(QApplication.activeModalWidget())
        opened[0].reject()

    QTimer.singleShot(0, close_dialog)
    action.trigger()
    assert isinstance(opened[0], PreferencesDialog) and opened[0].settings is window.settings
