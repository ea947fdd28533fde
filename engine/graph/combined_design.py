"""A starting design for data with several model inputs (say a text column beside table columns): each input
gets the branch its own template starts with, and the branches meet in a Concatenate before the head."""

from __future__ import annotations

from engine.graph.spec import ModelSpec
from engine.graph.templates import load_template

BRANCH_GAP = 260.0  # canvas x distance between branches
ROW_GAP = 100.0     # canvas y distance between layers, as in the templates
HEAD_UNITS = 64


def combined_design(branches: list[tuple[str, str]], name: str) -> ModelSpec:
    """One branch per model input, side by side, joined by Concatenate → Dense → Output.

    Args:
        branches: (source name, template name) per model input, in the data's order. A branch is its template
            without the Output: the Input reading that source down to the template's last hidden layer.
        name: the design's name.
    """
    spec = ModelSpec(name=name)
    ends, bottom = [], 0.0
    for column, (source, template) in enumerate(branches):
        ends.append(_add_branch(spec, load_template(template), source, column * BRANCH_GAP))
        bottom = max(bottom, max(n.position[1] for n in spec.nodes if n.position))
    middle = (len(branches) - 1) * BRANCH_GAP / 2
    merge = spec.add_node("Concatenate", position=(middle, bottom + ROW_GAP))
    for end in ends:
        spec.connect(end, merge.id)
    dense = spec.add_node("Dense", {"units": HEAD_UNITS, "activation": "relu"}, position=(middle, bottom + 2 * ROW_GAP))
    output = spec.add_node("Output", position=(middle, bottom + 3 * ROW_GAP))
    spec.connect(merge.id, dense.id)
    spec.connect(dense.id, output.id)
    return spec


def _add_branch(spec: ModelSpec, template: ModelSpec, source: str, x: float) -> str:
    """Copy the template's chain from its Input to the layer before its Output into spec (new ids, the Input
    reading `source`); return the id of the branch's last layer."""
    new_ids = {}
    for node in template.nodes:
        if node.type == "Output":
            continue
        params = dict(node.params, source=source) if node.type == "Input" else dict(node.params)
        y = node.position[1] if node.position else ROW_GAP * len(new_ids)
        new_ids[node.id] = spec.add_node(node.type, params, position=(x, y)).id
    for edge in template.edges:
        if edge.source in new_ids and edge.target in new_ids:
            spec.connect(new_ids[edge.source], new_ids[edge.target])
    feeder = next(e.source for e in template.edges if template.node(e.target).type == "Output")
    return new_ids[feeder]
