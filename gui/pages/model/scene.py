"""GraphScene: the canvas's items, rebuilt incrementally from the document after every change.

The scene keeps no model of its own: `sync()` reads the document's ModelSpec, data table and
problems and makes the items match (items persist per node id, so selection survives edits).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from engine.graph import summary_rows
from engine.layers import REGISTRY
from engine.layers.layer_text import layer_help
from engine.tasks import Task

from gui.pages.model.edge_item import EdgeItem
from gui.pages.model.input_text import input_explanation
from gui.pages.model.layout import ROW_SPACING, positions_for_display
from gui.pages.model.node_item import DataNodeItem, NodeItem, category_colour

# A palette drop this close to an arrow (scene units) inserts the layer into that connection.
DROP_SNAP_DISTANCE = 60.0
TASK_WORDS = {Task.BINARY: QT_TRANSLATE_NOOP("GraphScene", "binary classification"),
              Task.MULTICLASS: QT_TRANSLATE_NOOP("GraphScene", "multiclass classification"),
              Task.REGRESSION: QT_TRANSLATE_NOOP("GraphScene", "regression")}  # English; shown through tr()


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _shape_text(shape) -> str:
    if shape is None:
        return QCoreApplication.translate("GraphScene", "shape ?")
    return "(" + ", ".join(f"{d:,}" for d in shape) + ",)" if len(shape) == 1 else str(tuple(shape))


class GraphScene(QGraphicsScene):
    """Projection of document.spec: one NodeItem per layer, one EdgeItem per connection, plus the
    "Input data" and "Predictions" ends. Signals: selection_changed(list[str]) with the selected
    layer ids, whenever the selected layers or connections change (once per change, also
    after a sync)."""

    selection_changed = Signal(list)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._nodes: dict[str, NodeItem] = {}
        self._edges: list[EdgeItem] = []
        self._data_item = DataNodeItem("data")
        self._predictions_item = DataNodeItem("predictions")
        self._decor_edges: list[EdgeItem] = []
        self._syncing = False
        self._last_selection: tuple = ([], [])
        self.addItem(self._data_item)
        self.addItem(self._predictions_item)
        self.selectionChanged.connect(self._on_scene_selection_changed)
        document.spec_changed.connect(self._on_document_changed)
        document.table_changed.connect(self._on_document_changed)
        document.context_changed.connect(self._on_document_changed)
        self.sync()

    # -- queries -------------------------------------------------------------------------------
    def node_item(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges)

    def data_items(self) -> tuple[DataNodeItem, DataNodeItem]:
        """The (Input data, Predictions) items."""
        return self._data_item, self._predictions_item

    def selected_node_ids(self) -> list[str]:
        """Selected layer ids, in the spec's node order."""
        order = [n.id for n in self.document.spec.nodes]
        chosen = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [i for i in order if i in chosen]

    def selected_edges(self) -> list[tuple[str, str]]:
        return [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_nodes(self, node_ids, edges=()) -> None:
        """Make exactly these layers (and connections) selected."""
        wanted, wanted_edges = set(node_ids), set(edges)
        self.blockSignals(True)
        try:
            for item in self._nodes.values():
                item.setSelected(item.node_id in wanted)
            for edge in self._edges:
                edge.setSelected(edge.key in wanted_edges)
        finally:
            self.blockSignals(False)
        self._on_scene_selection_changed()

    def displayed_positions(self) -> dict[str, tuple[float, float]]:
        """Where every layer is drawn now (stored or auto-placed)."""
        return {i: (item.pos().x(), item.pos().y()) for i, item in self._nodes.items()}

    def nearest_edge(self, scene_pos: QPointF, max_distance: float = DROP_SNAP_DISTANCE) -> EdgeItem | None:
        """The model connection closest to scene_pos, if one passes within max_distance."""
        best, best_distance = None, max_distance
        for edge in self._edges:
            distance = edge.distance_to(scene_pos)
            if distance <= best_distance:
                best, best_distance = edge, distance
        return best

    def node_at(self, scene_pos: QPointF) -> NodeItem | None:
        for item in self.items(scene_pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def content_rect(self) -> QRectF:
        """Bounding box of everything drawn (what "fit to view" shows)."""
        rect = QRectF()
        for item in self.items():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- syncing -------------------------------------------------------------------------------
    def _on_document_changed(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Make the items match the document (called on every spec/table change)."""
        doc = self.document
        spec, ctx = doc.spec, doc.context()
        problems: dict[str, list[str]] = {}
        for problem in doc.problems():
            if problem.node_id is not None:
                problems.setdefault(problem.node_id, []).append(problem.message)
        facts: dict[str, tuple] = {}
        if ctx is not None:
            try:
                facts = {r[0]: (r[2], r[3]) for r in summary_rows(spec, ctx)}
            except Exception:  # noqa: BLE001 - a broken spec still draws; problems say why
                facts = {}
        positions = positions_for_display(spec)
        explanation = input_explanation(doc)
        self._syncing = True
        try:
            self._sync_nodes(spec, ctx, problems, facts, positions, explanation, doc.context_pending)
            self._sync_edges(spec)
            self._sync_data_nodes(spec, explanation)
        finally:
            self._syncing = False
        self._on_scene_selection_changed()
        self.setSceneRect(self.content_rect().adjusted(-400, -300, 400, 300))

    def _sync_nodes(self, spec, ctx, problems, facts, positions, explanation, pending=False) -> None:
        ids = {n.id for n in spec.nodes}
        for gone in [i for i in self._nodes if i not in ids]:
            item = self._nodes.pop(gone)
            self.removeItem(item)
        for node in spec.nodes:
            item = self._nodes.get(node.id)
            if item is None:
                item = NodeItem(node.id)
                self._nodes[node.id] = item
                self.addItem(item)
            layer = REGISTRY.get(node.type)
            try:
                title = layer.summary(node.params, ctx) if layer else self.tr("{layer} (unknown type)").format(layer=node.type)
            except Exception:  # noqa: BLE001 - bad params: still show the type
                title = layer.display_name
            shape, count = facts.get(node.id, (None, None))
            if count is None:
                params_text = ""
            elif shape is None:
                params_text = self.tr("params ?")
            else:
                params_text = self.tr("no params") if count == 0 else self.tr("{count} params").format(count=f"{count:,}")
            help_text = layer_help(layer) if layer else ""
            if node.type == "Input" and explanation is not None:
                help_text = _html(explanation[1]) + "<br><br>" + help_text
            shape_text = _shape_text(shape) if ctx is not None else self.tr("shape ?")
            if pending:  # the data's inputs are being worked out in the background: shapes follow
                shape_text = "…"
                params_text = self.tr("working out the inputs…") if node.type == "Input" else ""
            item.set_content(
                title=title,
                shape_text=shape_text,
                params_text=params_text,
                colour=category_colour(layer.category if layer else None),
                has_input_port=layer is None or layer.max_inputs != 0,
                has_output_port=node.type != "Output",
                problems=problems.get(node.id, []),
                help_text=help_text,
            )
            x, y = positions[node.id]
            if item.pos() != QPointF(x, y):
                item.setPos(x, y)
            item.edges = []
            item.companion = None
            item.input_count = len(spec.inputs_of(node.id))

    def _sync_edges(self, spec) -> None:
        selected = {e.key for e in self._edges if e.isSelected()}
        for edge in self._edges:
            self.removeItem(edge)
        self._edges = []
        for edge in spec.edges:
            source, target = self._nodes.get(edge.source), self._nodes.get(edge.target)
            if source is None or target is None:
                continue
            inputs = spec.inputs_of(edge.target)
            index = sum(1 for e in self._edges if e.key[1] == edge.target)
            item = EdgeItem(source, target, index=index, count=len(inputs))
            self.addItem(item)
            item.update_path()  # now it can see the cards to route around
            item.setSelected(item.key in selected)
            source.edges.append(item)
            target.edges.append(item)
            self._edges.append(item)

    def _sync_data_nodes(self, spec, explanation=None) -> None:
        for edge in self._decor_edges:
            self.removeItem(edge)
        self._decor_edges = []
        doc = self.document
        table, schema = doc.table, doc.schema
        if table is not None:
            name = table.path.name if table.path else self.tr("table")
            n_features = len(schema.features) if schema is not None else 0
            rows = f"{len(table.frame):,}"
            if n_features == 1:  # English needs its own words for one; "%n" plurals need an English catalog
                line, tip = self.tr("{rows} rows · 1 feature"), self.tr("{rows} rows, 1 feature column")
            else:
                line, tip = self.tr("{rows} rows · {features} features"), self.tr("{rows} rows, {features} feature columns")
            data_lines = [name, line.format(rows=rows, features=n_features)]
            data_tip = f"{table.path or name}<br>" + tip.format(rows=rows, features=n_features)
            if explanation is not None:
                data_tip += "<br><br>" + _html(explanation[1])
        else:
            data_lines = [self.tr("no CSV open"), self.tr("open one on the Data page")]
            data_tip = self.tr("Open a CSV on the Data page.")
        if schema is not None and schema.target:
            task = self.tr(TASK_WORDS[schema.task]) if schema.task in TASK_WORDS else self.tr("task not set")
            pred_lines = [self.tr("target: {column}").format(column=schema.target), task]
        else:
            pred_lines = [self.tr("no target column"), self.tr("choose one on the Data page")]
        self._data_item.set_lines(data_lines, data_tip)
        self._predictions_item.set_lines(pred_lines, self.tr("What the model predicts: {what}").format(
            what=", ".join(pred_lines)))
        for item, layer, offset in ((self._data_item, spec.input_node(), -ROW_SPACING),
                                    (self._predictions_item, spec.output_node(), ROW_SPACING)):
            node_item = self._nodes.get(layer.id) if layer is not None else None
            item.setVisible(node_item is not None)
            if node_item is None:
                continue
            node_item.companion = item
            node_item.companion_offset = QPointF(0.0, offset)
            item.setPos(node_item.pos() + node_item.companion_offset)
            pair = (item, node_item) if offset < 0 else (node_item, item)
            edge = EdgeItem(pair[0], pair[1], decorative=True)
            self.addItem(edge)
            node_item.edges.append(edge)
            self._decor_edges.append(edge)

    def _on_scene_selection_changed(self) -> None:
        if self._syncing:
            return
        current = (self.selected_node_ids(), sorted(self.selected_edges()))
        if current != self._last_selection:
            self._last_selection = current
            self.selection_changed.emit(current[0])
