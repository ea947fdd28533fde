"""Preferences (Edit ▸ Preferences…, the platform's Preferences shortcut): language and theme."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.infra.settings import AppSettings
from gui.infra.theme import THEMES, apply_theme
from gui.infra.translation import LANGUAGE_NAMES, LANGUAGES, resolve_language, running_language


class PreferencesDialog(QDialog):
    """Language (System / English / 简体中文; applies on restart, and says so) and theme (System / Light / Dark;
    applies at once). Each choice is saved in the settings as it is made."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(400)  # the restart note on one or two lines, in English and Chinese
        system = self.tr("System")
        theme_names = {"system": system, "light": self.tr("Light"), "dark": self.tr("Dark")}
        self.language = self._combo({"system": system, **LANGUAGE_NAMES}, settings.language())
        self.theme = self._combo(theme_names, settings.theme())
        self.restart_note = QLabel(self.tr("The new language applies when LayerLab restarts."))
        self.restart_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", self.restart_note)
        form.addRow(self.tr("&Theme:"), self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_restart_note()
        self.language.currentIndexChanged.connect(self._on_language_changed)
        self.theme.currentIndexChanged.connect(self._on_theme_changed)

    def _combo(self, names: dict[str, str], current: str) -> QComboBox:
        combo = QComboBox()
        for key, name in names.items():
            combo.addItem(name, key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def _on_language_changed(self) -> None:
        choice = self.language.currentData()
        assert choice in LANGUAGES
        self.settings.set_language(choice)
        self._show_restart_note()

    def _on_theme_changed(self) -> None:
        choice = self.theme.currentData()
        assert choice in THEMES
        self.settings.set_theme(choice)
        apply_theme(choice)

    def _show_restart_note(self) -> None:
        self.restart_note.setVisible(resolve_language(self.language.currentData()) != running_language())
