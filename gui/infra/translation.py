"""The app's language: System / English / 简体中文, installed at start-up as QTranslators.

Two Qt catalogs make the Chinese app: ours (resources/i18n/layerlab_zh_CN.qm, compiled from the .ts that
pyside6-lupdate extracts from gui/) and Qt's own qtbase_zh_CN.qm for standard dialogs and buttons. The
engine's messages (column-kind reasons, …) come from its gettext catalog: engine.i18n follows the same choice.
A change applies on restart: texts are translated when their widgets are made.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from engine import i18n as engine_i18n

CHINESE = "zh_CN"
LANGUAGES = ("system", "en", CHINESE)
_INSTALLED: list[QTranslator] = []  # kept alive: Qt holds translators by pointer only
_running = "en"  # the language the app's texts were made in


LANGUAGE_NAMES = {"en": "English", CHINESE: "简体中文"}  # each in its own words, as Preferences lists them


def catalog_folder() -> Path:
    """resources/i18n: our .ts/.qm and the engine's gettext catalogs."""
    return Path(str(files("resources") / "i18n"))


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """The language `choice` means here: "system" becomes zh_CN for any Chinese system locale, else en."""
    if choice != "system":
        return choice if choice in LANGUAGES else "en"
    locale = system or QLocale.system()
    return CHINESE if locale.language() == QLocale.Language.Chinese else "en"


def install_translators(choice: str) -> str:
    """Install the catalogs for `choice` (one of LANGUAGES) in the running app, replacing earlier ones;
    returns the language now in use. A catalog that cannot be loaded leaves those texts in English."""
    global _running
    app = QCoreApplication.instance()
    for translator in _INSTALLED:
        app.removeTranslator(translator)
    _INSTALLED.clear()
    _running = language = resolve_language(choice)
    engine_i18n.set_language(language)
    if language == "en":
        return language
    for name, folders in (("layerlab", [catalog_folder()]), ("qtbase", qt_translation_folders())):
        translator = QTranslator(app)
        if any(translator.load(f"{name}_{language}", str(folder)) for folder in folders):
            app.installTranslator(translator)
            _INSTALLED.append(translator)
    return language


def running_language() -> str:
    """The language installed at start-up ("en" or "zh_CN")."""
    return _running


def qt_translation_folders() -> list[Path]:
    """Where Qt's own catalogs are: Qt's configured folder, else PySide6's (a frozen app keeps them there)."""
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).parent / "Qt" / "translations"]
