"""Per-user settings of the desktop app: recent files, the last folder per kind of file and the window
layout, versioned.

A thin wrapper over QSettings so the keys, limits and version live in one place. Tests pass
their own QSettings (an INI file in a temp folder) so they never touch the user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from gui.infra.theme import THEMES
from gui.infra.translation import LANGUAGES

ORGANIZATION = "LayerLab"
APPLICATION = "LayerLab"
SETTINGS_VERSION = 1  # bump when the window layout changes incompatibly: old geometry/state is then ignored
MAX_RECENT = 8
MAX_TRUSTED_DATA = 200  # tables a project may read from outside its folder without asking again
FOLDER_KINDS = ("csv", "project", "model", "code")  # tables; *.layerlab; ONNX/.pt2/.llmodel; exported code projects


def documents_folder() -> Path:
    """The user's Documents folder (their home folder where there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class AppSettings:
    """Recent files (most recent first, at most MAX_RECENT, missing files dropped) and window layout."""

    def __init__(self, settings: QSettings | None = None):
        self.qsettings = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)
        self._migrate()

    # -- recent files ---------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Existing recent files, most recent first (vanished ones are removed from the list)."""
        value = self.qsettings.value("recent/files", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-element lists on some back ends
            value = [value]
        files = [str(v) for v in (value or []) if v]
        existing = [f for f in files if Path(f).is_file()]
        if existing != files:
            self._store_recent(existing)
        return existing

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put `path` first in the recent list; returns the new list."""
        path = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != path]
        files.insert(0, path)
        self._store_recent(files[:MAX_RECENT])
        return self.recent_files()

    def clear_recent_files(self) -> None:
        self._store_recent([])

    def _store_recent(self, files: list[str]) -> None:
        self.qsettings.setValue("recent/files", list(files))
        self.qsettings.sync()

    # -- folders ------------------------------------------------------------------------------------------
    def last_folder(self, kind: str) -> Path | None:
        """The folder a file of `kind` (one of FOLDER_KINDS) was last opened from or saved to, if it still exists."""
        value = self.qsettings.value(f"folders/{kind}")
        return Path(str(value)) if value and Path(str(value)).is_dir() else None

    def remember_folder(self, kind: str, chosen: str | Path) -> None:
        """Remember where the user put or found a file of `kind`: the folder holding `chosen` (a file, or
        the folder an exported code project was written to)."""
        if kind not in FOLDER_KINDS:
            raise ValueError(f"Unknown kind of file '{kind}': one of {', '.join(FOLDER_KINDS)}.")
        self.qsettings.setValue(f"folders/{kind}", str(Path(chosen).resolve().parent))
        self.qsettings.sync()

    def start_folder(self, kind: str, document=None) -> Path:
        """Where a file dialog for `kind` opens: the last folder used for that kind, else the project's folder,
        else its data file's folder (not the bundled examples'), else Documents."""
        last = self.last_folder(kind)
        if last is not None:
            return last
        path = getattr(document, "path", None)
        if path:
            return Path(path).resolve().parent
        project = getattr(document, "project", None)
        data = getattr(project, "data_path", None)
        if data and Path(data).parent.is_dir() and not _is_bundled(Path(data)):
            return Path(data).resolve().parent
        return documents_folder()

    # -- data files the user chose ------------------------------------------------------------------------
    def trusts_data_file(self, path: str | Path) -> bool:
        """Whether the user opened or approved this table before (or it is a bundled example)."""
        resolved = str(Path(path).resolve())
        return _is_bundled(Path(path)) or resolved in self._trusted_data_files()

    def trust_data_file(self, path: str | Path) -> None:
        """Remember a table the user opened, located or allowed a project to read."""
        resolved = str(Path(path).resolve())
        files = [f for f in self._trusted_data_files() if f != resolved]
        self.qsettings.setValue("data/trusted", [resolved] + files[:MAX_TRUSTED_DATA - 1])
        self.qsettings.sync()

    def _trusted_data_files(self) -> list[str]:
        value = self.qsettings.value("data/trusted", [])
        return [value] if isinstance(value, str) else [str(v) for v in (value or [])]

    # -- window layout ------------------------------------------------------------------------------------
    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self.qsettings.sync()

    def window_geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def value(self, key: str, default=None):
        return self.qsettings.value(key, default)

    # -- appearance (Preferences) ---------------------------------------------------------------------------
    def theme(self) -> str:
        """The theme chosen in Preferences: one of gui.infra.theme.THEMES ("system" when unset or unknown)."""
        value = str(self.qsettings.value("appearance/theme", "system"))
        return value if value in THEMES else "system"

    def set_theme(self, choice: str) -> None:
        self.qsettings.setValue("appearance/theme", choice)
        self.qsettings.sync()

    def language(self) -> str:
        """The language chosen in Preferences: one of gui.infra.translation.LANGUAGES ("system" when unset or unknown)."""
        value = str(self.qsettings.value("appearance/language", "system"))
        return value if value in LANGUAGES else "system"

    def set_language(self, choice: str) -> None:
        self.qsettings.setValue("appearance/language", choice)
        self.qsettings.sync()

    # -- versioning ---------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Settings from another layout version keep the recent files but drop the window layout."""
        try:
            version = int(self.qsettings.value("settings/version", 0) or 0)
        except (TypeError, ValueError):
            version = 0
        if version != SETTINGS_VERSION:
            self.qsettings.remove("window")
            self.qsettings.setValue("settings/version", SETTINGS_VERSION)


def _is_bundled(path: Path) -> bool:
    """True for the example tables shipped inside the app (no place to save the user's files)."""
    from engine.io.examples import EXAMPLES

    try:
        return any(path.resolve() == example.path.resolve() for example in EXAMPLES.values())
    except OSError:
        return False
