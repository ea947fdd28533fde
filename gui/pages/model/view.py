"""GraphView: the canvas widget. Turns mouse, wheel, keyboard and drops into intents with ids.

The view never edits the spec: it emits what the user asked for (move these layers, connect
these two, drop this layer type here) and the controller turns that into a document edit.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

from gui.infra.theme import canvas_colours
from gui.pages.model.edge_item import LiveEdgeItem
from gui.pages.model.layout import GRID as PLACEMENT_GRID
from gui.pages.model.node_item import NodeItem

LAYER_MIME = "application/x-layerlab-layer"
MIN_SCALE, MAX_SCALE = 0.15, 3.0
GRID = 20.0
SNAP = PLACEMENT_GRID  # drags and drops land on the same grid as automatic placement


class GraphView(QGraphicsView):
    """Shows a GraphScene top-down. Click/rubber-band selects, dragging a layer moves it,
    dragging from an output port to a layer's input draws a live edge; wheel zooms, middle-drag
    or space+drag pans; layer types dropped from the palette land here: near an arrow (within
    DROP_SNAP_DISTANCE, highlighted while dragging) they are inserted into that connection.

    Signals: nodes_moved(dict id -> (x, y)) once per drag, on release;
    connect_requested(str source, str target); layer_dropped(str type, tuple (x, y), object edge
    (source, target) or None); status_message(str)."""

    nodes_moved = Signal(dict)
    connect_requested = Signal(str, str)
    layer_dropped = Signal(str, object, object)
    status_message = Signal(str)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.connection_check: Callable[[str, str], str | None] | None = None
        self._press_positions: dict[str, QPointF] = {}
        self._live: LiveEdgeItem | None = None
        self._live_source: str | None = None
        self._pan_from = None
        self._space = False
        self._drop_edge = None
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # -- zoom ---------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, within sensible limits."""
        target = min(max(self.zoom * factor, MIN_SCALE), MAX_SCALE)
        if abs(target - self.zoom) > 1e-9:
            self.scale(target / self.zoom, target / self.zoom)

    def fit(self) -> None:
        """Show the whole model (never magnified beyond 1.25x, so small models stay crisp)."""
        rect = self.scene().content_rect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.25:
            self.zoom_by(1.25 / self.zoom)
        elif self.zoom < MIN_SCALE:
            self.zoom_by(MIN_SCALE / self.zoom)
        self.centerOn(rect.center())

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015 ** delta)
            event.accept()
        else:
            super().wheelEvent(event)

    # -- mouse --------------------------------------------------------------------------------
    def _node_under(self, view_pos) -> NodeItem | None:
        return self.scene().node_at(self.mapToScene(view_pos))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        node = self._node_under(pos)
        if event.button() == Qt.MouseButton.LeftButton and node is not None:
            if node.port_at(self.mapToScene(pos)) == "out":
                self._start_connection(node)
                event.accept()
                return
        if event.button() == Qt.MouseButton.RightButton and node is not None and not node.isSelected():
            self.scene().select_nodes([node.node_id])
        super().mousePressEvent(event)
        self._press_positions = {i.node_id: i.pos() for i in self.scene().node_items()}

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._live is not None:
            self._update_connection(pos)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        if self._live is not None:
            self._finish_connection(pos)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._report_moves()

    def _report_moves(self) -> None:
        moved = {}
        for item in self.scene().node_items():
            before = self._press_positions.get(item.node_id)
            if before is not None and (item.pos() - before).manhattanLength() > 0.5:
                snapped = QPointF(round(item.pos().x() / SNAP) * SNAP, round(item.pos().y() / SNAP) * SNAP)
                item.setPos(snapped)
                moved[item.node_id] = (snapped.x(), snapped.y())
        self._press_positions = {}
        if moved:
            self.nodes_moved.emit(moved)

    # -- live connection ----------------------------------------------------------------------
    def _start_connection(self, node: NodeItem) -> None:
        self._live_source = node.node_id
        self._live = LiveEdgeItem(node.port_pos("out"))
        self.scene().addItem(self._live)
        self.status_message.emit(self.tr("Connect {layer} → … release on a layer's input port").format(layer=node.node_id))

    def _target_for(self, view_pos) -> NodeItem | None:
        node = self._node_under(view_pos)
        return node if node is not None and node.node_id != self._live_source else None

    def _update_connection(self, view_pos) -> None:
        scene_pos = self.mapToScene(view_pos)
        target = self._target_for(view_pos)
        valid = False
        if target is not None and target.port_pos("in") is not None:
            problem = self.connection_check(self._live_source, target.node_id) if self.connection_check else None
            valid = problem is None
            if valid:
                scene_pos = target.port_pos("in")
        self._live.move_to(scene_pos, valid)

    def _finish_connection(self, view_pos) -> None:
        source, target = self._live_source, self._target_for(view_pos)
        self.scene().removeItem(self._live)
        self._live, self._live_source = None, None
        if target is None:
            self.status_message.emit(self.tr("Connection cancelled: release on a layer's input port to connect."))
            return
        self.connect_requested.emit(source, target.node_id)

    # -- keyboard (space = pan) -----------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._live is not None:
            self.scene().removeItem(self._live)
            self._live, self._live_source = None, None
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- drops from the palette -----------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasFormat(LAYER_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not event.mimeData().hasFormat(LAYER_MIME):
            super().dragMoveEvent(event)
            return
        edge = self.scene().nearest_edge(self.mapToScene(event.position().toPoint()))
        if edge is not self._drop_edge:
            self.status_message.emit(
                self.tr("Drop to insert between {source} and {target}").format(source=edge.key[0], target=edge.key[1])
                if edge is not None else self.tr("Drop to place the layer here (unconnected)"))
        self._set_drop_edge(edge)
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._set_drop_edge(None)
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not event.mimeData().hasFormat(LAYER_MIME):
            super().dropEvent(event)
            return
        type_name = bytes(event.mimeData().data(LAYER_MIME)).decode("utf-8")
        scene_pos = self.mapToScene(event.position().toPoint())
        edge = self.scene().nearest_edge(scene_pos)
        self._set_drop_edge(None)
        event.acceptProposedAction()
        position = (round(scene_pos.x() / SNAP) * SNAP, round(scene_pos.y() / SNAP) * SNAP)
        self.layer_dropped.emit(type_name, position, edge.key if edge is not None else None)

    def _set_drop_edge(self, edge) -> None:
        if self._drop_edge is not None:
            try:
                self._drop_edge.set_drop_target(False)
            except RuntimeError:  # the edge was rebuilt meanwhile
                pass
        self._drop_edge = edge
        if edge is not None:
            edge.set_drop_target(True)

    # -- background -----------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        colours = canvas_colours(self.palette())
        painter.fillRect(rect, colours.background)
        if self.zoom < 0.5:
            return
        pen = QPen(colours.dots, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        left = int(rect.left() // GRID) * GRID
        top = int(rect.top() // GRID) * GRID
        points = []
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += GRID
            y += GRID
        painter.drawPoints(points)
