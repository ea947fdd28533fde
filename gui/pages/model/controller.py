"""CanvasController: turns the canvas's intents (ids and positions) into undoable document edits.

Every method builds a new spec from document.spec.copy(), applies one ModelSpec operation and
pushes it with document.edit_spec(..., text) so Undo/Redo names the action. Structural edits
(insert, connect, delete) also lay the model out again top-down in the same step, so layers
never overlap and a deleted layer leaves no gap.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from engine.errors import SpecError
from engine.graph import Edge, ModelSpec
from engine.graph.analysis import describe
from engine.layers import REGISTRY

from gui.pages.model.layout import (GAP, NODE_WIDTH, auto_layout, free_spot, occupied, overlaps,
                                    positions_for_display, relayout)
from gui.document import ProjectDocument


class CanvasController(QObject):
    """Applies canvas intents to the document. Signals: status_message(str) after each intent,
    saying what happened or why it was refused."""

    status_message = Signal(str)

    def __init__(self, document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document

    # -- helpers ------------------------------------------------------------------------------
    def _spec(self) -> ModelSpec:
        return self.document.spec.copy()

    def _commit(self, spec: ModelSpec, text: str, merge_key: int = -1) -> None:
        self.document.edit_spec(spec, text, merge_key)
        self.status_message.emit(text)

    @staticmethod
    def _freeze(spec: ModelSpec) -> dict[str, tuple[float, float]]:
        """Give every node its displayed position, so auto-placed nodes do not jump on edits."""
        shown = positions_for_display(spec)
        for node in spec.nodes:
            if node.position is None:
                node.position = shown[node.id]
        return shown

    @staticmethod
    def _tidy(spec: ModelSpec) -> None:
        """Lay the model's flow out again after a structural edit (part of the same undo step)."""
        for node_id, position in relayout(spec).items():
            spec.node(node_id).position = position

    # -- adding -------------------------------------------------------------------------------
    def add_layer(self, type_name: str, position: tuple[float, float] | None = None) -> str:
        """Place a new unconnected layer (a palette drop on empty canvas) at position, or at the
        nearest spot where it covers no other layer; returns its id."""
        spec = self._spec()
        shown = self._freeze(spec)
        if position is not None:
            position = free_spot((float(position[0]), float(position[1])), occupied(spec, shown))
        node = spec.add_node(type_name, position=position)
        self._commit(spec, self.tr("Add {layer}").format(layer=REGISTRY[type_name].display_name))
        return node.id

    def insert_layer_on_edge(self, type_name: str, source: str, target: str,
                             position: tuple[float, float] | None = None) -> str:
        """Insert a new layer into the connection source -> target (keeping target's input
        order); returns the new id. The model is laid out again, so the layers below move down."""
        spec = self._spec()
        self._freeze(spec)
        index = next(i for i, e in enumerate(spec.edges) if e.source == source and e.target == target)
        node = spec.add_node(type_name, position=position)
        spec.edges[index] = Edge(node.id, target)
        spec.edges.append(Edge(source, node.id))
        self._tidy(spec)
        self._commit(spec, self.tr("Insert {layer} before {target}").format(layer=REGISTRY[type_name].display_name,
                                                                             target=target))
        return node.id

    def append_layer(self, type_name: str) -> str:
        """Add a layer just before the Output layer (palette double-click); returns its id."""
        spec = self.document.spec
        output = spec.output_node()
        if output is None:
            return self.add_layer(type_name)
        preds = spec.inputs_of(output.id)
        if len(preds) == 1:
            return self.insert_layer_on_edge(type_name, preds[0], output.id)
        spec = self._spec()
        self._freeze(spec)
        node = spec.add_node(type_name, position=spec.node(output.id).position)
        spec.connect(node.id, output.id)
        self._tidy(spec)
        self._commit(spec, self.tr("Add {layer}").format(layer=REGISTRY[type_name].display_name))
        return node.id

    # -- connecting ---------------------------------------------------------------------------
    def connection_problem(self, source: str, target: str) -> str | None:
        """Why source -> target cannot be connected, in words, or None when it can."""
        spec = self.document.spec
        if not spec.has_node(source) or not spec.has_node(target):
            return self.tr("That layer no longer exists.")
        src, dst = spec.node(source), spec.node(target)
        if source == target:
            return self.tr("A layer cannot feed itself ('{layer}').").format(layer=source)
        if src.type == "Output":
            return self.tr("The Output layer is the last layer: it cannot feed another layer.")
        layer = REGISTRY.get(dst.type)
        if layer is not None and layer.max_inputs is not None:
            if layer.max_inputs == 0:
                return self.tr("{layer} takes no inputs.").format(layer=describe(spec, target))
            if len(spec.inputs_of(target)) >= layer.max_inputs:
                return self.tr("{layer} already has its input: delete that connection first, or use Add / "
                               "Concatenate to merge.").format(layer=describe(spec, target))
        try:
            spec.copy().connect(source, target)
        except SpecError as exc:
            return str(exc) + "."
        return None

    def connect(self, source: str, target: str) -> str | None:
        """Connect source into target; returns None, or the reason it was refused."""
        problem = self.connection_problem(source, target)
        if problem is not None:
            self.status_message.emit(self.tr("Cannot connect: {problem}").format(problem=problem))
            return problem
        spec = self._spec()
        self._freeze(spec)
        spec.connect(source, target)
        self._tidy(spec)
        self._commit(spec, self.tr("Connect {source} → {target}").format(source=source, target=target))
        return None

    # -- deleting -----------------------------------------------------------------------------
    def delete(self, node_ids=(), edges=()) -> None:
        """Remove connections and layers in one step: a removed layer with one input hands it
        to each of its outputs (a chain stays whole), and the model is laid out again."""
        node_ids = [i for i in node_ids if self.document.spec.has_node(i)]
        edges = [tuple(e) for e in edges if e[0] not in node_ids and e[1] not in node_ids]
        if not node_ids and not edges:
            return
        spec = self._spec()
        self._freeze(spec)
        for source, target in edges:
            try:
                spec.disconnect(source, target)
            except SpecError:
                pass
        for node_id in node_ids:
            spec.remove_node(node_id, reconnect=True)
        self._tidy(spec)
        if node_ids:
            what = node_ids[0] if len(node_ids) == 1 else self.tr("%n layers", "", len(node_ids))
        else:
            what = f"{edges[0][0]} → {edges[0][1]}" if len(edges) == 1 else self.tr("%n connections", "", len(edges))
        self._commit(spec, self.tr("Delete {what}").format(what=what))

    # -- moving and layout --------------------------------------------------------------------
    def move_nodes(self, positions: dict[str, tuple[float, float]]) -> None:
        """Store new positions for dragged layers: one undo step per drag."""
        spec = self._spec()
        shown = self._freeze(spec)
        moved = {i: (round(p[0], 1), round(p[1], 1)) for i, p in positions.items()
                 if spec.has_node(i) and shown.get(i) != (round(p[0], 1), round(p[1], 1))}
        if not moved:
            return
        for node_id, pos in moved.items():
            spec.node(node_id).position = pos
        self.document.end_merge(ProjectDocument.MERGE_MOVE)
        text = self.tr("Move {layer}").format(layer=next(iter(moved))) if len(moved) == 1 \
            else self.tr("Move %n layers", "", len(moved))
        self._commit(spec, text, ProjectDocument.MERGE_MOVE)

    def auto_layout(self) -> None:
        """Lay the whole model out top-down (one undo step)."""
        spec = self._spec()
        positions = auto_layout(spec)
        if all(n.position == positions[n.id] for n in spec.nodes):
            self.status_message.emit(self.tr("The layout is already tidy."))
            return
        for node in spec.nodes:
            node.position = positions[node.id]
        self._commit(spec, self.tr("Auto-layout"))

    # -- clipboard ----------------------------------------------------------------------------
    def copy_payload(self, node_ids) -> dict:
        """Plain data for the clipboard: the chosen layers and the connections among them."""
        spec = self.document.spec
        shown = positions_for_display(spec)
        chosen = [n for n in spec.nodes if n.id in set(node_ids)]
        ids = {n.id for n in chosen}
        return {"nodes": [{"id": n.id, "type": n.type, "params": dict(n.params),
                           "position": list(n.position or shown[n.id])} for n in chosen],
                "edges": [[e.source, e.target] for e in spec.edges if e.source in ids and e.target in ids]}

    def paste(self, payload: dict, offset: tuple[float, float] = (40.0, 40.0), verb: str = "Paste") -> list[str]:
        """Add copies of the payload's layers (new ids, internal connections kept); returns the new ids."""
        nodes = [n for n in payload.get("nodes", []) if n.get("type") in REGISTRY]
        if not nodes:
            self.status_message.emit(self.tr("Nothing to paste."))
            return []
        spec = self._spec()
        shown = self._freeze(spec)
        wanted = [tuple(raw.get("position") or (0.0, 0.0)) for raw in nodes]
        dx, dy = _free_offset(wanted, offset, occupied(spec, shown))
        new_ids: dict[str, str] = {}
        for raw, (x, y) in zip(nodes, wanted):
            node = spec.add_node(raw["type"], dict(raw.get("params", {})), position=(x + dx, y + dy))
            new_ids[raw["id"]] = node.id
        for source, target in payload.get("edges", []):
            if source in new_ids and target in new_ids:
                spec.connect(new_ids[source], new_ids[target])
        what = next(iter(new_ids.values())) if len(new_ids) == 1 else self.tr("%n layers", "", len(new_ids))
        text = self.tr("Duplicate {what}") if verb == "Duplicate" else self.tr("Paste {what}")
        self._commit(spec, text.format(what=what))
        return list(new_ids.values())

    def duplicate(self, node_ids) -> list[str]:
        """Copy and paste the chosen layers in one step; returns the new ids."""
        return self.paste(self.copy_payload(node_ids), verb="Duplicate")


def _free_offset(positions, offset: tuple[float, float], taken) -> tuple[float, float]:
    """The offset that puts pasted layers (kept in their arrangement) where they cover no layer: the given
    offset, else moved right one card width at a time."""
    taken = list(taken)
    step = NODE_WIDTH + GAP
    for k in range(50):
        dx, dy = offset[0] + k * step, offset[1]
        if not any(overlaps((x + dx, y + dy), t) for x, y in positions for t in taken):
            return dx, dy
    return offset
