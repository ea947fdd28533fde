"""Automatic placement of layers: top-down by topological depth, branches side by side.

Pure functions over a ModelSpec (no Qt), so the canvas, the controller and tests share them.
Positions are node centres in scene units; a row is ROW_SPACING tall, a column COLUMN_SPACING wide.
"""

from __future__ import annotations

from engine.graph import ModelSpec

ROW_SPACING = 100.0
COLUMN_SPACING = 220.0
# A layer card's size (node_item draws it); two centres closer than this (plus GAP) overlap.
NODE_WIDTH = 188.0
NODE_HEIGHT = 62.0
GAP = 16.0
GRID = 10.0  # positions a layer may take (the view snaps drags to it too)


def _depths(spec: ModelSpec) -> dict[str, int]:
    """Longest-path depth of every node; nodes on a loop keep depth 0 (validation reports them)."""
    ids = [n.id for n in spec.nodes]
    try:
        order = spec.topological_order()
    except Exception:  # noqa: BLE001 - a loop: fall back to list order, still draw everything
        order = ids
    depth = {i: 0 for i in ids}
    for node_id in order:
        for target in spec.outputs_of(node_id):
            if target in depth and target != node_id and order.index(target) > order.index(node_id):
                depth[target] = max(depth[target], depth[node_id] + 1)
    return depth


def _spread(items: list[tuple[float, object]]) -> list[float]:
    """Given (desired x, key) sorted by desired x, return x values at least one column apart,
    shifted as a group so their mean stays at the mean of the desired values."""
    if not items:
        return []
    xs = [items[0][0]]
    for desired, _ in items[1:]:
        xs.append(max(desired, xs[-1] + COLUMN_SPACING))
    shift = sum(d for d, _ in items) / len(items) - sum(xs) / len(xs)
    return [x + shift for x in xs]


def auto_layout(spec: ModelSpec, origin: tuple[float, float] = (0.0, 0.0)) -> dict[str, tuple[float, float]]:
    """Return a position for every node: one row per depth, branches side by side.

    Edges that skip rows reserve a lane in each row they cross (like a dummy node), so a skip
    connection runs beside the branch instead of through it.
    """
    depth = _depths(spec)
    if not depth:
        return {}
    rows: dict[int, list] = {}
    for node in spec.nodes:
        rows.setdefault(depth[node.id], []).append(node.id)
    # Lanes for long edges: ("lane", source, target, depth) entries in the rows they cross.
    parents: dict[object, list[object]] = {}
    for edge in spec.edges:
        if edge.source not in depth or edge.target not in depth:
            continue
        previous: object = edge.source
        for d in range(depth[edge.source] + 1, depth[edge.target]):
            lane = ("lane", edge.source, edge.target, d)
            rows.setdefault(d, []).append(lane)
            parents.setdefault(lane, []).append(previous)
            previous = lane
        parents.setdefault(edge.target, []).append(previous)
    x: dict[object, float] = {}
    child_rank = {}
    for node in spec.nodes:  # edge order among a parent's outputs decides left to right
        for rank, target in enumerate(spec.outputs_of(node.id)):
            child_rank.setdefault((node.id, target), rank)
    for d in sorted(rows):
        entries = []
        for key in rows[d]:
            ps = [p for p in parents.get(key, []) if p in x]
            desired = sum(x[p] for p in ps) / len(ps) if ps else 0.0
            if isinstance(key, tuple):
                rank = child_rank.get((key[1], key[2]), 0)
            else:
                first = ps[0] if ps else None
                rank = child_rank.get((first, key), 0) if isinstance(first, str) else 0
            entries.append((desired, rank, key))
        entries.sort(key=lambda e: (e[0], e[1]))
        for (_, _, key), value in zip(entries, _spread([(e[0], e[2]) for e in entries])):
            x[key] = value
    ox, oy = origin
    return {n.id: (round(x[n.id] + ox, 1), depth[n.id] * ROW_SPACING + oy) for n in spec.nodes}


def positions_for_display(spec: ModelSpec) -> dict[str, tuple[float, float]]:
    """Return where each node is drawn: its stored position, else a free spot near its neighbours.

    When no node has a position the whole model is auto-laid-out.
    """
    stored = {n.id: n.position for n in spec.nodes if n.position is not None}
    if not stored:
        return auto_layout(spec)
    result: dict[str, tuple[float, float]] = dict(stored)
    taken = set(_cell(p) for p in result.values())
    for node in spec.nodes:
        if node.id in result:
            continue
        preds = [p for p in spec.inputs_of(node.id) if p in result]
        succs = [s for s in spec.outputs_of(node.id) if s in result]
        if preds:
            px, py = result[preds[0]]
            spot = (px, py + ROW_SPACING)
        elif succs:
            sx, sy = result[succs[0]]
            spot = (sx, sy - ROW_SPACING)
        else:
            right = max(p[0] for p in result.values())
            top = min(p[1] for p in result.values())
            spot = (right + COLUMN_SPACING, top)
        while _cell(spot) in taken:
            spot = (spot[0] + COLUMN_SPACING, spot[1])
        taken.add(_cell(spot))
        result[node.id] = spot
    return result


def _cell(pos: tuple[float, float]) -> tuple[int, int]:
    return (round(pos[0] / (COLUMN_SPACING * 0.8)), round(pos[1] / (ROW_SPACING * 0.8)))


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether layer cards centred at a and b would overlap (or touch, within GAP)."""
    return abs(a[0] - b[0]) < NODE_WIDTH + GAP and abs(a[1] - b[1]) < NODE_HEIGHT + GAP


def free_spot(wanted: tuple[float, float], taken) -> tuple[float, float]:
    """Return the point nearest to wanted where a card overlaps none of the cards at taken."""
    taken = list(taken)
    if not any(overlaps(wanted, t) for t in taken):
        return wanted
    step_x, step_y = (NODE_WIDTH + GAP) / 2, (NODE_HEIGHT + GAP) / 2
    candidates = [(round((wanted[0] + i * step_x) / GRID) * GRID, round((wanted[1] + j * step_y) / GRID) * GRID)
                  for i in range(-8, 9) for j in range(-8, 9)]  # on the canvas grid, like a dragged layer
    candidates.sort(key=lambda c: (c[0] - wanted[0]) ** 2 + (c[1] - wanted[1]) ** 2)
    for spot in candidates:
        if not any(overlaps(spot, t) for t in taken):
            return (float(spot[0]), float(spot[1]))
    right = max(t[0] for t in taken) + NODE_WIDTH + GAP
    return (round(right, 1), wanted[1])


def _flow_ids(spec: ModelSpec) -> set[str]:
    """Ids of the layers joined (in either direction) to the Input layer: the model's flow."""
    start = spec.input_node()
    if start is None:
        return set()
    seen, todo = {start.id}, [start.id]
    while todo:
        node_id = todo.pop()
        for other in spec.inputs_of(node_id) + spec.outputs_of(node_id):
            if other not in seen and spec.has_node(other):
                seen.add(other)
                todo.append(other)
    return seen


def relayout(spec: ModelSpec) -> dict[str, tuple[float, float]]:
    """Return tidy positions after a structural edit (insert, delete, connect).

    The layers joined to the Input are laid out top-down again (auto_layout), anchored so the
    Input layer stays where it is drawn now; loose layers keep their place unless a card or the
    data ends would now cover them, in which case they move to the nearest free spot.
    """
    shown = positions_for_display(spec)
    flow = _flow_ids(spec)
    if not flow:
        return shown
    sub = spec.copy()
    sub.nodes = [n for n in sub.nodes if n.id in flow]
    sub.edges = [e for e in sub.edges if e.source in flow and e.target in flow]
    laid = auto_layout(sub)
    anchor = spec.input_node().id
    dx = shown[anchor][0] - laid[anchor][0]
    dy = shown[anchor][1] - laid[anchor][1]
    result = {i: (round(p[0] + dx, 1), round(p[1] + dy, 1)) for i, p in laid.items()}
    taken = occupied(spec, result)
    for node in spec.nodes:
        if node.id not in result:
            result[node.id] = free_spot(shown[node.id], taken)
            taken.append(result[node.id])
    return result


def occupied(spec: ModelSpec, positions: dict[str, tuple[float, float]]) -> list[tuple[float, float]]:
    """Centres of every card drawn: the given layers plus the "Input data" card above the Input
    layer and the "Predictions" card below the Output layer (when those are placed)."""
    taken = list(positions.values())
    for layer, offset in ((spec.input_node(), -ROW_SPACING), (spec.output_node(), ROW_SPACING)):
        if layer is not None and layer.id in positions:
            x, y = positions[layer.id]
            taken.append((x, y + offset))
    return taken
