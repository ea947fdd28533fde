"""Draw LayerLab's app icon: a small layered network (3 -> 4 -> 2 nodes) on a rounded square.

One geometry feeds both outputs, so the SVG and the PNGs always match:
    python resources/icons/make_icons.py        # writes layerlab.svg and layerlab-<size>.png
Needs only PySide6 (QPainter into QImage; no display: QT_QPA_PLATFORM=offscreen is set here).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HERE = Path(__file__).resolve().parent
CANVAS = 512.0

BACKGROUND_TOP = "#3b6fd8"
BACKGROUND_BOTTOM = "#6a3fc4"
EDGE = "#dfe8ff"
NODE = "#ffffff"
NODE_OUTLINE = "#1e2f66"
ACCENT = "#ffc93c"  # the output layer: where predictions come out


def layers() -> list[list[tuple[float, float]]]:
    """Node centres per layer, top to bottom (the canvas reads top-down like a flow diagram)."""
    rows = [(3, 128.0), (4, 256.0), (2, 384.0)]
    result = []
    for count, y in rows:
        gap = 100.0
        start = CANVAS / 2 - gap * (count - 1) / 2
        result.append([(start + gap * i, y) for i in range(count)])
    return result


def node_radius(size: int) -> float:
    return 34.0 if size >= 32 else 44.0  # fatter nodes survive downscaling to 16/24 px


def svg_text() -> str:
    """The icon as SVG, at 512 units."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
        "<defs><linearGradient id=\"bg\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">"
        f'<stop offset="0" stop-color="{BACKGROUND_TOP}"/><stop offset="1" stop-color="{BACKGROUND_BOTTOM}"/>'
        "</linearGradient></defs>",
        '<rect x="16" y="16" width="480" height="480" rx="96" ry="96" fill="url(#bg)"/>',
    ]
    grid = layers()
    for upper, lower in zip(grid, grid[1:]):
        for x1, y1 in upper:
            for x2, y2 in lower:
                parts.append(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{EDGE}" '
                             'stroke-width="10" stroke-linecap="round" stroke-opacity="0.8"/>')
    radius = node_radius(512)
    for index, layer in enumerate(grid):
        fill = ACCENT if index == len(grid) - 1 else NODE
        for x, y in layer:
            parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="{radius:g}" fill="{fill}" '
                         f'stroke="{NODE_OUTLINE}" stroke-width="10"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def draw(size: int):
    """The icon as a QImage of `size` x `size` pixels (antialiased, transparent corners)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / CANVAS, size / CANVAS)
    gradient = QLinearGradient(0, 0, 0, CANVAS)
    gradient.setColorAt(0, QColor(BACKGROUND_TOP))
    gradient.setColorAt(1, QColor(BACKGROUND_BOTTOM))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(QRectF(16, 16, 480, 480), 96, 96)
    grid = layers()
    edge = QColor(EDGE)
    edge.setAlphaF(0.8)
    scale = CANVAS / size
    painter.setPen(QPen(edge, max(10.0, 1.2 * scale), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for upper, lower in zip(grid, grid[1:]):
        for x1, y1 in upper:
            for x2, y2 in lower:
                painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
    radius = node_radius(size)
    painter.setPen(QPen(QColor(NODE_OUTLINE), max(10.0, 1.0 * scale)))
    for index, layer in enumerate(grid):
        painter.setBrush(QColor(ACCENT if index == len(grid) - 1 else NODE))
        for x, y in layer:
            painter.drawEllipse(QPointF(x, y), radius, radius)
    painter.end()
    return image


_APP: list = []


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:  # QPainter on a QImage wants an application object
        _APP.append(QGuiApplication(sys.argv[:1]))
    (HERE / "layerlab.svg").write_text(svg_text(), encoding="utf-8")
    for size in SIZES:
        if not draw(size).save(str(HERE / f"layerlab-{size}.png")):
            print(f"could not write layerlab-{size}.png", file=sys.stderr)
            return 1
    print(f"wrote layerlab.svg and {len(SIZES)} PNGs to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
