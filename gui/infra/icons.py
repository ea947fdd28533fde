"""The app icon (drawn by resources/icons/make_icons.py) and toolbar icons from the platform style."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# Toolbar actions -> the standard pixmap that reads best for them on every platform style.
STANDARD_ICONS = {
    "new": QStyle.StandardPixmap.SP_FileIcon,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton,
    "open_csv": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "save": QStyle.StandardPixmap.SP_DialogSaveButton,
    "undo": QStyle.StandardPixmap.SP_ArrowBack,
    "redo": QStyle.StandardPixmap.SP_ArrowForward,
    "train": QStyle.StandardPixmap.SP_MediaPlay,
    "pause": QStyle.StandardPixmap.SP_MediaPause,
    "stop": QStyle.StandardPixmap.SP_MediaStop,
    "continue": QStyle.StandardPixmap.SP_MediaSeekForward,
    "export": QStyle.StandardPixmap.SP_DialogSaveButton,
    "predict": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "about": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def icons_folder() -> Path:
    return Path(str(files("resources") / "icons"))


def app_icon() -> QIcon:
    """LayerLab's icon in every shipped size (empty icon if the PNGs are missing)."""
    icon = QIcon()
    folder = icons_folder()
    for size in ICON_SIZES:
        png = folder / f"layerlab-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def standard_icon(name: str) -> QIcon:
    """A toolbar icon from the current style (a theme icon where the desktop offers one)."""
    style = QApplication.style()
    pixmap = STANDARD_ICONS.get(name)
    return style.standardIcon(pixmap) if pixmap is not None and style else QIcon()
