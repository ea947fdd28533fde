"""Light and dark: the theme choice (System / Light / Dark) and the colours plots and the canvas take from
the palette.

The choice goes to Qt's colour-scheme support (QStyleHints.setColorScheme). Platforms that cannot switch
(the offscreen platform, older desktops) keep their scheme; then the app sets a light or dark palette of
its own, so the choice is honoured everywhere. Widgets hear either way through QEvent.PaletteChange.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

THEMES = ("system", "light", "dark")
_SCHEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
_DARK_ROLES = {  # Fusion's own dark palette, as Qt's desktop themes give it
    QPalette.ColorRole.Window: "#323232", QPalette.ColorRole.WindowText: "#f0f0f0",
    QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2a2a2a",
    QPalette.ColorRole.Text: "#f0f0f0", QPalette.ColorRole.PlaceholderText: "#a0a0a0",
    QPalette.ColorRole.Button: "#3c3c3c", QPalette.ColorRole.ButtonText: "#f0f0f0",
    QPalette.ColorRole.ToolTipBase: "#3c3c3c", QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.Highlight: "#2f65ca", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6ea8fe", QPalette.ColorRole.LinkVisited: "#b390f0",
    QPalette.ColorRole.BrightText: "#ff6b6b",
}


def apply_theme(choice: str) -> None:
    """Switch the running app to `choice` (one of THEMES) at once."""
    if choice not in THEMES:
        raise ValueError(f"Unknown theme '{choice}': one of {', '.join(THEMES)}.")
    app = QGuiApplication.instance()
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(_SCHEMES[choice])
    if choice == "system" or hints.colorScheme() == _SCHEMES[choice]:
        app.setPalette(QPalette())  # the platform's own palette for its (now chosen) scheme
    elif choice == "dark":
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())  # Fusion's is light


def dark_palette() -> QPalette:
    """A complete dark palette (for platforms whose colour scheme cannot be switched)."""
    palette = QPalette(QColor(_DARK_ROLES[QPalette.ColorRole.Button]), QColor(_DARK_ROLES[QPalette.ColorRole.Window]))
    for role, colour in _DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class PlotColours:
    """What a pyqtgraph plot draws with: its background, and its axes and text."""

    background: QColor
    foreground: QColor


def plot_colours(palette: QPalette) -> PlotColours:
    return PlotColours(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))


def style_plot(plot, palette: QPalette) -> PlotColours:
    """Give a pyqtgraph PlotWidget the palette's background, and its colour to the axes, the title and the
    legend's text; returns the colours used."""
    import pyqtgraph as pg

    colours = plot_colours(palette)
    foreground = colours.foreground.name()
    plot.setBackground(colours.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(colours.foreground))
        axis.setTextPen(pg.mkPen(colours.foreground))
        if axis.labelText:  # a label keeps the colour it was set with: set it again
            axis.setLabel(axis.labelText, units=axis.labelUnits or None, **{**axis.labelStyle, "color": foreground})
    if item.titleLabel.text:
        item.titleLabel.setText(item.titleLabel.text, color=foreground)
    if item.legend is not None:
        item.legend.setLabelTextColor(colours.foreground)
    return colours


@dataclass(frozen=True)
class CanvasColours:
    """The Model canvas: its background, the dot grid and the colour of problems."""

    background: QColor
    dots: QColor
    error: QColor


def canvas_colours(palette: QPalette) -> CanvasColours:
    base = palette.color(QPalette.ColorRole.Base)
    dots = QColor(palette.color(QPalette.ColorRole.Text))
    dots.setAlphaF(0.18)
    if is_dark(palette):
        return CanvasColours(base.lighter(115), dots, QColor("#ff6b6b"))  # lightened to keep its contrast
    return CanvasColours(base.darker(103), dots, QColor("#d32f2f"))
