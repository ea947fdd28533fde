"""Graphics items for canvas nodes: a layer (NodeItem) and the data ends (DataNodeItem).

Items are projections of the document's ModelSpec: the scene sets their content from the spec
after every change; the items only paint and report where their ports are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from gui.infra.theme import canvas_colours
from gui.pages.model.layout import NODE_HEIGHT, NODE_WIDTH

HEADER_HEIGHT = 22.0
PORT_RADIUS = 5.0
PORT_HIT_RADIUS = 11.0
CORNER = 6.0

# One colour per palette category; all dark enough for white header text (contrast >= 4.5:1).
CATEGORY_COLOURS = {
    "Input & output": QColor("#2b6cb0"),
    "Core": QColor("#2f7a4f"),
    "Activations": QColor("#b4441c"),
    "Regularisation": QColor("#6b46c1"),
    "Normalisation": QColor("#8a5a12"),
    "Text & sequence": QColor("#9c2f6b"),
    "Convolution & pooling": QColor("#3d5a99"),
    "Reshape": QColor("#6b7a2a"),
    "Merge": QColor("#23707a"),
}
UNKNOWN_COLOUR = QColor("#5a6573")
ERROR_COLOUR = QColor("#d32f2f")


def category_colour(category: str | None) -> QColor:
    """The header colour of a layer category (grey for unknown types)."""
    return CATEGORY_COLOURS.get(category or "", UNKNOWN_COLOUR)


def error_colour(palette: QPalette | None = None) -> QColor:
    """The problem colour, lightened on dark palettes so it keeps its contrast."""
    return canvas_colours(palette or QApplication.palette()).error


def _palette() -> QPalette:
    return QApplication.palette()


def _elide(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


class NodeItem(QGraphicsItem):
    """One layer of the model, drawn as a rounded card: a coloured header with the layer's
    summary ("Dense 64 · ReLU"), its id, output shape and parameter count; an input port on top
    and an output port at the bottom. Selectable and movable; no signals (the view reads
    positions when a drag ends)."""

    def __init__(self, node_id: str):
        super().__init__()
        self.node_id = node_id
        self.title = node_id
        self.shape_text = ""
        self.params_text = ""
        self.colour = UNKNOWN_COLOUR
        self.has_input_port = True
        self.has_output_port = True
        self.problems: list[str] = []
        self.help_text = ""
        self.edges: list = []  # EdgeItems touching this node; kept by the scene
        self.companion = None  # DataNodeItem that follows this node (Input data / Predictions)
        self.companion_offset = QPointF(0.0, 0.0)
        self.highlight_port: str | None = None
        self.input_count = 0  # incoming connections; merges draw one input dot per connection
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(1.0)

    # -- content ------------------------------------------------------------------------------
    def set_content(self, *, title: str, shape_text: str, params_text: str, colour: QColor,
                    has_input_port: bool, has_output_port: bool, problems: list[str], help_text: str) -> None:
        """Show new content (called by the scene after each spec change)."""
        self.prepareGeometryChange()
        self.title, self.shape_text, self.params_text = title, shape_text, params_text
        self.colour = colour
        self.has_input_port, self.has_output_port = has_input_port, has_output_port
        self.problems = list(problems)
        self.help_text = help_text
        tip = f"<b>{self.title}</b> ({self.node_id})<br>{help_text}"
        if problems:
            tip += "<br><br><b>" + QCoreApplication.translate("NodeItem", "Problem:") + "</b> " + "<br>".join(problems)
        self.setToolTip(tip)
        self.update()

    @property
    def has_problem(self) -> bool:
        return bool(self.problems)

    def rect(self) -> QRectF:
        return QRectF(-NODE_WIDTH / 2, -NODE_HEIGHT / 2, NODE_WIDTH, NODE_HEIGHT)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.rect().adjusted(-10, -PORT_HIT_RADIUS, 10, PORT_HIT_RADIUS)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # the port discs overlap the card: union, not XOR
        path.addRoundedRect(self.rect(), CORNER, CORNER)
        for port in ("in", "out"):
            centre = self.port_pos(port, local=True)
            if centre is not None:
                path.addEllipse(centre, PORT_HIT_RADIUS, PORT_HIT_RADIUS)
        return path

    # -- ports --------------------------------------------------------------------------------
    def port_pos(self, port: str, local: bool = False) -> QPointF | None:
        """Centre of the "in" or "out" port (scene coordinates unless local), None if absent."""
        if (port == "in" and not self.has_input_port) or (port == "out" and not self.has_output_port):
            return None
        point = QPointF(0.0, -NODE_HEIGHT / 2 if port == "in" else NODE_HEIGHT / 2)
        return point if local else self.mapToScene(point)

    def input_anchor(self, index: int, count: int) -> QPointF:
        """Where the index-th of count incoming edges ends: spread along the top for merges,
        so the input order (which matters for Concatenate) is visible."""
        if count <= 1:
            return self.mapToScene(QPointF(0.0, -NODE_HEIGHT / 2))
        span = min(NODE_WIDTH - 40, 36.0 * (count - 1))
        x = -span / 2 + span * index / (count - 1)
        return self.mapToScene(QPointF(x, -NODE_HEIGHT / 2))

    def port_at(self, scene_pos: QPointF) -> str | None:
        """"in"/"out" when scene_pos is on a port (with a forgiving radius), else None."""
        for port in ("out", "in"):
            centre = self.port_pos(port)
            if centre is not None and (centre - scene_pos).manhattanLength() <= PORT_HIT_RADIUS * 1.4:
                return port
        return None

    # -- behaviour ----------------------------------------------------------------------------
    def itemChange(self, change, value):  # noqa: N802 - Qt's name
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_path()
            if self.companion is not None:
                self.companion.setPos(self.pos() + self.companion_offset)
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        port = self.port_at(event.scenePos())
        if port != self.highlight_port:
            self.highlight_port = port
            self.setCursor(Qt.CursorShape.CrossCursor if port == "out" else Qt.CursorShape.ArrowCursor)
            self.update()
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.highlight_port = None
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)

    # -- painting -----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        palette = _palette()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QPainterPath()
        body.addRoundedRect(rect, CORNER, CORNER)
        painter.fillPath(body, palette.color(QPalette.ColorRole.Base))
        header = QPainterPath()
        header.addRoundedRect(QRectF(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT + CORNER), CORNER, CORNER)
        header = header.intersected(body)
        clip = QPainterPath()
        clip.addRect(QRectF(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT))
        painter.fillPath(header.intersected(clip), self.colour)
        # border: selection wins, then error, then a quiet outline
        if selected:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5)
        elif self.problems:
            pen = QPen(error_colour(palette), 2.0)
        else:
            pen = QPen(self.colour.darker(115), 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(body)
        self._paint_text(painter, palette, rect)
        self._paint_ports(painter, palette)
        if self.problems:
            self._paint_badge(painter, rect)

    def _paint_text(self, painter: QPainter, palette: QPalette, rect: QRectF) -> None:
        base = QApplication.font()
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        pad = 8.0
        width = rect.width() - 2 * pad - (14 if self.problems else 0)
        painter.setFont(bold)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(rect.left() + pad, rect.top(), width, HEADER_HEIGHT),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _elide(self.title, bold, width))
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        line_h = (rect.height() - HEADER_HEIGHT - 4) / 2
        row1 = QRectF(rect.left() + pad, rect.top() + HEADER_HEIGHT + 2, rect.width() - 2 * pad, line_h)
        row2 = row1.translated(0, line_h)
        painter.setFont(small)
        painter.setPen(muted)
        half = row1.width() / 2
        painter.drawText(row1, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         _elide(self.node_id, small, half + 10))
        painter.setPen(text)
        painter.drawText(row1, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         _elide(self.shape_text, small, half - 14))
        painter.setPen(text)
        painter.drawText(row2, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         _elide(self.params_text, small, row2.width()))

    def _paint_ports(self, painter: QPainter, palette: QPalette) -> None:
        pen = QPen(self.colour, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for port in ("in", "out"):
            centre = self.port_pos(port, local=True)
            if centre is None:
                continue
            hot = self.highlight_port == port
            painter.setBrush(QBrush(self.colour if hot else palette.color(QPalette.ColorRole.Base)))
            radius = PORT_RADIUS + (1.5 if hot else 0.0)
            if port == "in" and self.input_count > 1:
                for i in range(self.input_count):
                    dot = self.mapFromScene(self.input_anchor(i, self.input_count))
                    painter.drawEllipse(dot, radius - 1, radius - 1)
            else:
                painter.drawEllipse(centre, radius, radius)

    def _paint_badge(self, painter: QPainter, rect: QRectF) -> None:
        centre = QPointF(rect.right() - 11, rect.top() + HEADER_HEIGHT / 2)
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(ERROR_COLOUR)
        painter.drawEllipse(centre, 7.5, 7.5)
        font = QFont(QApplication.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(centre.x() - 7.5, centre.y() - 7.5, 15, 15), Qt.AlignmentFlag.AlignCenter, "!")


class DataNodeItem(QGraphicsItem):
    """The ends of the flow that are not layers: "Input data" (file, rows, features) above the
    Input layer and "Predictions" (target column, task) below the Output layer. Not selectable,
    not movable: it follows its layer. No signals."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind
        self.title = QCoreApplication.translate("NodeItem", "Input data") if kind == "data" \
            else QCoreApplication.translate("NodeItem", "Predictions")
        self.lines: list[str] = []
        self.setZValue(0.5)
        self.setAcceptHoverEvents(True)

    def set_lines(self, lines: list[str], tooltip: str = "") -> None:
        self.lines = list(lines)
        self.setToolTip(tooltip)
        self.update()

    def rect(self) -> QRectF:
        return QRectF(-NODE_WIDTH / 2, -NODE_HEIGHT / 2, NODE_WIDTH, NODE_HEIGHT)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.rect().adjusted(-2, -2, 2, 2)

    def anchor(self, port: str) -> QPointF:
        """Scene point where the decorative arrow leaves ("out") or enters ("in")."""
        y = NODE_HEIGHT / 2 if port == "out" else -NODE_HEIGHT / 2
        return self.mapToScene(QPointF(0.0, y))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        palette = _palette()
        rect = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(rect, NODE_HEIGHT / 2, NODE_HEIGHT / 2)
        painter.fillPath(path, palette.color(QPalette.ColorRole.AlternateBase))
        pen = QPen(palette.color(QPalette.ColorRole.Mid), 1.3, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(path)
        base = QApplication.font()
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        inner = rect.adjusted(22, 6, -22, -6)
        line_h = inner.height() / 3
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), line_h), Qt.AlignmentFlag.AlignCenter,
                         self.title)
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        for i, line in enumerate(self.lines[:2], start=1):
            painter.drawText(QRectF(inner.left(), inner.top() + i * line_h, inner.width(), line_h),
                             Qt.AlignmentFlag.AlignCenter, _elide(line, small, inner.width()))
