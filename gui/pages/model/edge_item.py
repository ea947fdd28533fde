"""Graphics items for connections: a model edge, a decorative data arrow and the live edge
that follows the mouse while the user connects two layers."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsPathItem, QStyle

from gui.pages.model.node_item import PORT_RADIUS

ARROW_SIZE = 9.0
CLEARANCE = 12.0  # how far a routed arrow keeps from the cards it passes
BEND = 34.0  # height of the turns at both ends of a routed arrow (fits the gap between rows)


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    """A top-down S-curve from start to end (a straight line when they are aligned)."""
    path = QPainterPath(start)
    dy = max(abs(end.y() - start.y()) * 0.5, 30.0)
    if abs(end.x() - start.x()) < 0.5 and end.y() > start.y():
        path.lineTo(end)
    else:
        path.cubicTo(QPointF(start.x(), start.y() + dy), QPointF(end.x(), end.y() - dy), end)
    return path


def _hits(path: QPainterPath, rects: list[QRectF], samples: int = 40) -> list[QRectF]:
    """The rects (already grown by CLEARANCE) that the path passes through."""
    points = [path.pointAtPercent(i / samples) for i in range(1, samples)]
    return [r for r in rects if any(r.contains(p) for p in points)]


def detour(start: QPointF, end: QPointF, obstacles: list[QRectF]) -> QPainterPath:
    """A top-down arrow from start to end that goes around the obstacle rects (scene cards).

    The plain S-curve is used when it crosses no card. Otherwise the arrow turns aside just
    below start, runs down a free lane beside the cards it would have crossed and turns back
    just above end (the side with the shorter way round), so a skip connection never hides
    behind the layers it skips.
    """
    direct = curve(start, end)
    rects = [r.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE) for r in obstacles]
    blocking = _hits(direct, rects)
    if not blocking or end.y() - start.y() < 2 * BEND:
        return direct
    top, bottom = start.y() + BEND, end.y() - BEND
    between = [r for r in rects if r.bottom() > top and r.top() < bottom]

    def lane(side: int) -> float:
        x = min(r.left() for r in blocking) if side < 0 else max(r.right() for r in blocking)
        for _ in range(len(between) + 1):  # step past any card that sits in the lane itself
            inside = [r for r in between if r.left() < x < r.right()]
            if not inside:
                break
            x = min(r.left() for r in inside) if side < 0 else max(r.right() for r in inside)
        return x

    left, right = lane(-1), lane(1)
    cost = lambda x: abs(x - start.x()) + abs(x - end.x())  # noqa: E731 - a one-line measure
    x = left if cost(left) < cost(right) else right
    half = BEND / 2
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), start.y() + half), QPointF(x, top - half), QPointF(x, top))
    path.lineTo(QPointF(x, bottom))
    path.cubicTo(QPointF(x, bottom + half), QPointF(end.x(), end.y() - half), end)
    return path


def arrow_head(path: QPainterPath, end: QPointF) -> QPolygonF:
    """A filled triangle at the end of path, pointing along its last direction."""
    angle = math.radians(path.angleAtPercent(1.0))
    back = QPointF(-math.cos(angle), math.sin(angle))  # Qt angles run counter-clockwise, y down
    side = QPointF(-back.y(), back.x())
    base = end + back * ARROW_SIZE
    return QPolygonF([end, base + side * (ARROW_SIZE * 0.5), base - side * (ARROW_SIZE * 0.5)])


class EdgeItem(QGraphicsPathItem):
    """An arrow from one layer's output port to another's input. Selectable (Delete removes the
    connection), highlighted while a palette drag hovers over it (drop = insert there).
    Decorative edges (to/from the data nodes) are dashed and not selectable. No signals."""

    def __init__(self, source_item, target_item, index: int = 0, count: int = 1, decorative: bool = False):
        super().__init__()
        self.source_item, self.target_item = source_item, target_item
        self.index, self.count = index, count
        self.decorative = decorative
        self.drop_target = False
        self._head = QPolygonF()
        if not decorative:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            self.setAcceptHoverEvents(True)
        self.setZValue(0.0)
        self.update_path()

    @property
    def key(self) -> tuple[str, str]:
        """(source id, target id) of the connection."""
        return (self.source_item.node_id, self.target_item.node_id)

    def _ends(self) -> tuple[QPointF, QPointF]:
        src, tgt = self.source_item, self.target_item
        if hasattr(src, "anchor"):
            start = src.anchor("out")
        else:  # a layer: its output port, or the middle of its bottom edge (Output has no port)
            start = src.mapToScene(QPointF(0.0, src.rect().bottom()))
        if hasattr(tgt, "anchor"):
            end = tgt.anchor("in")
        else:
            end = tgt.input_anchor(self.index, self.count)
            end.setY(end.y() - PORT_RADIUS - 0.5)  # the tip touches the port instead of hiding under it
        return start, end

    def _obstacles(self) -> list[QRectF]:
        """Scene rects of the layer cards other than this arrow's own two ends."""
        scene = self.scene()
        if self.decorative or scene is None or not hasattr(scene, "node_items"):
            return []
        ends = (self.source_item, self.target_item)
        return [item.mapRectToScene(item.rect()) for item in scene.node_items() if item not in ends]

    def update_path(self) -> None:
        """Follow the two nodes (called when either moves, and by the scene once all are placed)."""
        start, end = self._ends()
        path = detour(start, end, self._obstacles())
        self._head = arrow_head(path, end)
        self.setPath(path)

    def distance_to(self, scene_pos: QPointF, samples: int = 48) -> float:
        """Shortest distance (scene units) from scene_pos to the drawn arrow (sampled)."""
        path = self.path()
        best = math.inf
        for i in range(samples + 1):
            point = path.pointAtPercent(i / samples)
            best = min(best, math.hypot(point.x() - scene_pos.x(), point.y() - scene_pos.y()))
        return best

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def boundingRect(self):  # noqa: N802 - Qt's name
        return super().boundingRect().united(self._head.boundingRect()).adjusted(-4, -4, 4, 4)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10.0)
        shape = stroker.createStroke(self.path())
        shape.addPolygon(self._head)
        return shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = QApplication.palette()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected or self.drop_target:
            colour, width = palette.color(QPalette.ColorRole.Highlight), 2.6
        else:
            colour = palette.color(QPalette.ColorRole.Text)
            colour.setAlphaF(0.45 if self.decorative else 0.7)
            width = 1.6
        pen = QPen(colour, width, Qt.PenStyle.DashLine if self.decorative else Qt.PenStyle.SolidLine)
        pen.setCosmetic(True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        solid = QPen(colour, 1.0)
        solid.setCosmetic(True)
        painter.setPen(solid)
        painter.setBrush(colour)
        painter.drawPolygon(self._head)


class LiveEdgeItem(QGraphicsPathItem):
    """The dashed arrow that follows the mouse while a connection is being dragged; green over a
    valid input port. No signals."""

    def __init__(self, start: QPointF):
        super().__init__()
        self.start = start
        self.valid = False
        self.setZValue(3.0)
        self.move_to(start)

    def move_to(self, end: QPointF, valid: bool = False) -> None:
        self.valid = valid
        colour = QColor("#2e9d4f") if valid else QApplication.palette().color(QPalette.ColorRole.Highlight)
        pen = QPen(colour, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setPath(curve(self.start, end))
