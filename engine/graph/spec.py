"""ModelSpec: the model a user draws, as plain data (nodes + edges), with versioned JSON."""

from __future__ import annotations

import collections
import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from engine.errors import SpecError
from engine.i18n import _
from engine.io import jsonutil
from engine.layers import REGISTRY

SPEC_FORMAT = "layerlab.modelspec"
SPEC_VERSION = 1

# Node ids become torch module names ("layers.<id>.weight"), so they must be identifiers.
NODE_ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")  # \Z: "$" would accept a trailing newline

# The most layers and connections a model file may hold: a real model has tens; validation and the canvas
# stay fast far past this, and a hostile file of millions is refused before any work.
MAX_NODES = 10_000
MAX_EDGES = 40_000

# Vertical distance between layers laid out top-down by chain() and templates.
ROW_SPACING = 100.0


@dataclass
class Node:
    """One layer on the canvas: a unique id, its layer type name, its params, its position."""

    id: str
    type: str
    params: dict = field(default_factory=dict)
    position: tuple[float, float] | None = None


@dataclass
class Edge:
    """A connection; the order of edges into a node is the order of that node's inputs."""

    source: str
    target: str


@dataclass
class ModelSpec:
    """A model design: a directed graph of layers from one or more Inputs (one per data input) to one Output.

    The spec is plain data and may be invalid while the user edits it; call
    ``engine.graph.validate`` to list its problems.
    """

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    name: str = ""
    description: str = ""

    # --- lookup ----------------------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        """Return the node with this id; raise SpecError if there is none."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise SpecError(_("The model has no layer '{layer}'").format(layer=node_id))

    def has_node(self, node_id: str) -> bool:
        """Return True if a node with this id exists."""
        return any(n.id == node_id for n in self.nodes)

    def inputs_of(self, node_id: str) -> list[str]:
        """Return the ids feeding ``node_id``, in input order."""
        return [e.source for e in self.edges if e.target == node_id]

    def outputs_of(self, node_id: str) -> list[str]:
        """Return the ids that ``node_id`` feeds, in edge order."""
        return [e.target for e in self.edges if e.source == node_id]

    def input_node(self) -> Node | None:
        """Return the (first) Input node, or None if there is none."""
        return next((n for n in self.nodes if n.type == "Input"), None)

    def input_nodes(self) -> list[Node]:
        """Return every Input node (one per data input the model reads), in node order."""
        return [n for n in self.nodes if n.type == "Input"]

    def output_node(self) -> Node | None:
        """Return the (first) Output node, or None if there is none."""
        return next((n for n in self.nodes if n.type == "Output"), None)

    # --- editing ---------------------------------------------------------------------------

    def new_id(self, layer_type: str) -> str:
        """Return an unused id made of the type name lowercased and a counter, e.g. "dense_3"."""
        base = _id_base(layer_type)
        pattern = re.compile(re.escape(base) + r"_(\d+)$")
        used = [int(m.group(1)) for n in self.nodes if (m := pattern.match(n.id))]
        return f"{base}_{max(used, default=0) + 1}"

    def add_node(self, type: str, params: dict | None = None,
                 position: tuple[float, float] | None = None,
                 node_id: str | None = None) -> Node:
        """Add a layer and return its node.

        Args:
            type: layer type name (a key of ``engine.layers.REGISTRY``).
            params: parameter values; missing ones get the type's defaults.
            position: canvas position (x, y), or None to let the canvas place it.
            node_id: the id to use (e.g. when undoing a delete); generated when None.
        Raises:
            SpecError: unknown type, or an id that is taken or not an identifier.
        """
        if type not in REGISTRY:
            raise SpecError(_("Unknown layer type {type}; known types: {known}").format(type=repr(type),
                                                                                        known=", ".join(REGISTRY)))
        node_id = self.new_id(type) if node_id is None else node_id
        if not isinstance(node_id, str) or not NODE_ID_PATTERN.match(node_id):
            raise SpecError(_("Layer id {id} must be letters, digits and _ only").format(id=repr(node_id)))
        if self.has_node(node_id):
            raise SpecError(_("There is already a layer '{layer}'").format(layer=node_id))
        pos = None if position is None else (float(position[0]), float(position[1]))
        node = Node(node_id, type, REGISTRY[type].with_defaults(params), pos)
        self.nodes.append(node)
        return node

    def remove_node(self, node_id: str, reconnect: bool = True) -> Node:
        """Remove a layer and its connections; return the removed node.

        With ``reconnect`` and exactly one predecessor, that predecessor takes the removed
        node's place as an input of each successor (same input position), so removing a layer
        from a chain keeps the chain whole.
        """
        node = self.node(node_id)
        preds = self.inputs_of(node_id)
        bridge = preds[0] if reconnect and len(preds) == 1 else None
        new_edges: list[Edge] = []
        for e in self.edges:
            if e.target == node_id:
                continue
            if e.source == node_id:
                if bridge is None or self._has_edge(bridge, e.target) or any(
                        x.source == bridge and x.target == e.target for x in new_edges):
                    continue
                e = Edge(bridge, e.target)
            new_edges.append(e)
        self.edges = new_edges
        self.nodes.remove(node)
        return node

    def _has_edge(self, source: str, target: str) -> bool:
        return any(e.source == source and e.target == target for e in self.edges)

    def reaches(self, start: str, goal: str) -> bool:
        """Return True if a path of edges leads from ``start`` to ``goal``."""
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(self.outputs_of(current))
        return False

    def connect(self, source: str, target: str) -> Edge:
        """Connect ``source`` into ``target`` (appended as its last input); return the edge.

        Raises:
            SpecError: a missing layer, a self-connection, a duplicate, or a loop.
        """
        self.node(source)
        self.node(target)
        if source == target:
            raise SpecError(_("A layer cannot feed itself ('{layer}')").format(layer=source))
        if self._has_edge(source, target):
            raise SpecError(_("'{source}' is already connected to '{target}'").format(source=source, target=target))
        if self.reaches(target, source):
            raise SpecError(_("Connecting '{source}' to '{target}' would make a loop").format(source=source,
                                                                                              target=target))
        edge = Edge(source, target)
        self.edges.append(edge)
        return edge

    def disconnect(self, source: str, target: str) -> None:
        """Remove the connection from ``source`` to ``target``; SpecError if there is none."""
        for i, e in enumerate(self.edges):
            if e.source == source and e.target == target:
                del self.edges[i]
                return
        raise SpecError(_("'{source}' is not connected to '{target}'").format(source=source, target=target))

    # --- structure -------------------------------------------------------------------------

    def topological_order(self) -> list[str]:
        """Return node ids so every layer comes after its inputs (stable: node-list order).

        Raises:
            SpecError: the graph has a loop (naming the layers in it).
        """
        ids = [n.id for n in self.nodes]
        indegree = {i: 0 for i in ids}
        for e in self.edges:
            if e.target in indegree and e.source in indegree:
                indegree[e.target] += 1
        outs: dict[str, list[str]] = {}
        for e in self.edges:
            outs.setdefault(e.source, []).append(e.target)
        ready = collections.deque(i for i in ids if indegree[i] == 0)
        order: list[str] = []
        while ready:
            current = ready.popleft()
            order.append(current)
            for t in outs.get(current, ()):
                if t in indegree:
                    indegree[t] -= 1
                    if indegree[t] == 0:
                        ready.append(t)
        if len(order) < len(ids):
            done = set(order)
            stuck = [i for i in ids if i not in done]
            raise SpecError(_("The model has a loop through: {layers}").format(layers=", ".join(stuck)))
        return order

    def is_chain(self) -> bool:
        """Return True if the model is one straight line from Input to Output."""
        start = self.input_node()
        if start is None or len(self.edges) != len(self.nodes) - 1:
            return False
        seen, current = [start.id], start.id
        while True:
            nexts = self.outputs_of(current)
            if not nexts:
                break
            if len(nexts) > 1 or len(self.inputs_of(nexts[0])) != 1 or nexts[0] in seen:
                return False
            current = nexts[0]
            seen.append(current)
        return len(seen) == len(self.nodes) and self.node(current).type == "Output"

    @classmethod
    def chain(cls, layers: list[tuple[str, dict]], name: str = "",
              description: str = "") -> ModelSpec:
        """Build Input -> layers... -> Output, laid out top-down.

        Args:
            layers: (type name, params) pairs for the hidden layers, in order.
        Raises:
            SpecError: an unknown layer type.
        """
        spec = cls(name=name, description=description)
        counts: dict[str, int] = {}
        previous = None
        # Linear in the number of layers (a chain has no loops or duplicates to look for): add_node and connect
        # would search the whole model for each layer, which made a 10,000-layer import take half a minute.
        for row, (type_name, params) in enumerate([("Input", {}), *layers, ("Output", {})]):
            if type_name not in REGISTRY:
                raise SpecError(_("Unknown layer type {type}; known types: {known}").format(
                    type=repr(type_name), known=", ".join(REGISTRY)))
            base = _id_base(type_name)
            counts[base] = counts.get(base, 0) + 1
            node = Node(f"{base}_{counts[base]}", type_name, REGISTRY[type_name].with_defaults(params),
                        (0.0, row * ROW_SPACING))
            spec.nodes.append(node)
            if previous is not None:
                spec.edges.append(Edge(previous.id, node.id))
            previous = node
        return spec

    def copy(self) -> ModelSpec:
        """Return an independent deep copy."""
        return copy.deepcopy(self)

    # --- JSON ------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Return a JSON-safe dict carrying the format name and version."""
        return {
            "format": SPEC_FORMAT,
            "version": SPEC_VERSION,
            "name": self.name,
            "description": self.description,
            "nodes": [{"id": n.id, "type": n.type, "params": copy.deepcopy(n.params),
                       "position": None if n.position is None else list(n.position)}
                      for n in self.nodes],
            "edges": [{"source": e.source, "target": e.target} for e in self.edges],
        }

    @classmethod
    def from_dict(cls, data: Any) -> ModelSpec:
        """Read a dict made by ``to_dict`` (any older version is migrated first).

        Unknown layer types and bad params are kept (``validate`` reports them); a damaged
        structure is refused.

        Raises:
            SpecError: not a model, made by a newer LayerLab, or damaged (says what is wrong).
        """
        data = migrate(data)
        nodes: list[Node] = []
        raw_nodes = _field(data, "nodes", list, "the model")
        raw_edges = _field(data, "edges", list, "the model", default=[])
        if len(raw_nodes) > MAX_NODES or len(raw_edges) > MAX_EDGES:
            raise SpecError(f"The model file has {len(raw_nodes):,} layers and {len(raw_edges):,} connections; "
                            f"LayerLab opens models of up to {MAX_NODES:,} layers and {MAX_EDGES:,} connections")
        seen_ids: set[str] = set()
        for i, raw in enumerate(raw_nodes, start=1):
            where = f"layer {i}"
            if not isinstance(raw, dict):
                raise SpecError(f"The model file is damaged: {where} is not an object")
            node_id = _field(raw, "id", str, where)
            if not NODE_ID_PATTERN.match(node_id) or len(node_id) > 100:
                raise SpecError(f"The model file is damaged: {where} has the id {node_id!r}; layer ids must be "
                                "letters, digits and _ (not starting with a digit, at most 100 characters). "
                                "Rename that layer in the file")
            if node_id in seen_ids:
                raise SpecError(f"The model file is damaged: two layers have the id '{node_id}'")
            seen_ids.add(node_id)
            params = _field(raw, "params", dict, f"layer '{node_id}'", default={})
            nodes.append(Node(node_id, _field(raw, "type", str, f"layer '{node_id}'"),
                              copy.deepcopy(params), _position(raw.get("position"), node_id)))
        ids = {n.id for n in nodes}
        edges: list[Edge] = []
        for i, raw in enumerate(raw_edges, start=1):
            if not isinstance(raw, dict):
                raise SpecError(f"The model file is damaged: connection {i} is not an object")
            edge = Edge(_field(raw, "source", str, f"connection {i}"),
                        _field(raw, "target", str, f"connection {i}"))
            for end in (edge.source, edge.target):
                if end not in ids:
                    raise SpecError(f"The model file is damaged: connection {i} refers to a "
                                    f"missing layer '{end}'")
            edges.append(edge)
        return cls(nodes, edges, _field(data, "name", str, "the model", default=""),
                   _field(data, "description", str, "the model", default=""))

    def to_json(self, indent: int | None = 2) -> str:
        """Return the spec as JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str) -> ModelSpec:
        """Parse JSON text made by ``to_json``; SpecError if it is not valid (e.g. truncated)."""
        try:
            data = jsonutil.loads(text)
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise SpecError(_("The model file is not valid JSON (damaged or cut short?): {problem}").format(
                problem=exc)) from None
        except jsonutil.JSONTooDeep as exc:
            raise SpecError(_("The model file is damaged: {problem}").format(problem=exc)) from None
        return cls.from_dict(data)


def _field(obj: dict, key: str, kind: type, where: str, default: Any = ...) -> Any:
    if key not in obj:
        if default is not ...:
            return default
        raise SpecError(f"The model file is damaged: {where} has no '{key}'")
    value = obj[key]
    if not isinstance(value, kind):
        raise SpecError(f"The model file is damaged: '{key}' of {where} should be a "
                        f"{kind.__name__}, not {type(value).__name__}")
    return value


def _position(raw: Any, node_id: str) -> tuple[float, float] | None:
    if raw is None:
        return None
    if (isinstance(raw, (list, tuple)) and len(raw) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)):
        return (float(raw[0]), float(raw[1]))
    raise SpecError(f"The model file is damaged: layer '{node_id}' has a bad position {raw!r}")


# --- versions and migrations ---------------------------------------------------------------

def _migrate_0_to_1(data: dict) -> dict:
    """Version 0 (early previews): no format tag, edges as [source, target] pairs,
    the layer type under "layer" and positions as {"x": .., "y": ..}."""
    out = dict(data)
    out["nodes"] = []
    for raw in data.get("nodes", []):
        node = dict(raw) if isinstance(raw, dict) else raw
        if isinstance(node, dict):
            if "type" not in node and "layer" in node:
                node["type"] = node.pop("layer")
            pos = node.get("position")
            if isinstance(pos, dict) and {"x", "y"} <= pos.keys():
                node["position"] = [pos["x"], pos["y"]]
        out["nodes"].append(node)
    out["edges"] = [{"source": e[0], "target": e[1]}
                    if isinstance(e, (list, tuple)) and len(e) == 2 else e
                    for e in data.get("edges", [])]
    out["format"], out["version"] = SPEC_FORMAT, 1
    return out


# MIGRATIONS[v] turns a version-v dict into a version-(v + 1) dict.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _migrate_0_to_1}


def migrate(data: Any) -> dict:
    """Return ``data`` upgraded to SPEC_VERSION (a dict without "version" is version 0).

    Raises:
        SpecError: not a model dict, or made by a newer LayerLab.
    """
    if not isinstance(data, dict):
        raise SpecError(_("This is not a LayerLab model (expected an object, got {type})").format(
            type=type(data).__name__))
    if data.get("format", SPEC_FORMAT) != SPEC_FORMAT:
        raise SpecError(_("This is not a LayerLab model (format {format})").format(format=repr(data.get("format"))))
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SpecError(_("The model file is damaged: bad version {version}").format(version=repr(version)))
    if version > SPEC_VERSION:
        raise SpecError(_("This model was made by a newer LayerLab: upgrade LayerLab to open it (model format "
                          "{version}, this version reads up to {newest})").format(version=version, newest=SPEC_VERSION))
    while version < SPEC_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _id_base(layer_type: str) -> str:
    """The stem of a generated layer id: the type name lowercased ("Dense" -> "dense")."""
    base = re.sub(r"[^a-z0-9_]", "", layer_type.lower()) or "layer"
    return base if NODE_ID_PATTERN.match(base) else "layer_" + base
