"""Automatic placement of layers: top-down by topological depth, branches side by side.

Pure functions over a ModelSpec (no Qt), so the canvas, the controller and tests share them.
Positions are node centres in scene units; a row is ROW_SPACING tall, a column COLUMN_SPACING wide.
"""

from __future__ import annotations

from engine.graph import ModelSpec

ROW_SPACING = 100.0
COLUMN_SPACING = 220.0


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
