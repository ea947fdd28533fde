"""Turn a valid ModelSpec into a torch module that runs its layers in topological order."""

from __future__ import annotations

import torch
from torch import nn

from engine.errors import SpecError
from engine.graph import ModelSpec, describe_problems, infer_shapes, validate
from engine.layers import REGISTRY, ShapeContext


class GraphModule(nn.Module):
    """A ModelSpec as a torch module; forward(x: (N, input_width)) -> logits (N, output_width).

    Submodules live in ``self.layers`` (an nn.ModuleDict keyed by node id), so state_dict keys
    are "layers.<node_id>.<param>". The execution plan is fixed at construction.
    """

    def __init__(self, spec: ModelSpec, ctx: ShapeContext):
        super().__init__()
        shapes = infer_shapes(spec, ctx)
        order = spec.topological_order()
        by_id = {n.id: n for n in spec.nodes}
        self.spec = spec.copy()
        self.ctx = ctx
        self.input_width = ctx.input_width
        self.output_width = ctx.output_width
        self.node_ids = order
        self.layers = nn.ModuleDict()
        for node_id in order:
            node = by_id[node_id]
            in_shapes = [shapes[s] for s in spec.inputs_of(node_id)]
            self.layers[node_id] = REGISTRY[node.type].build(node.params, in_shapes, ctx)
        # values[k] holds the output of order[k]; the Input node's value is x itself.
        slot = {node_id: k for k, node_id in enumerate(order)}
        self._steps: list[tuple[nn.Module, tuple[int, ...], bool]] = [
            (self.layers[node_id], tuple(slot[s] for s in spec.inputs_of(node_id)),
             REGISTRY[by_id[node_id].type].is_merge)
            for node_id in order[1:]]
        self._output_slot = slot[spec.output_node().id]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Run the layers; return logits of shape (N, output_width)."""
        values = [x]
        for module, sources, is_merge in self._steps:
            if is_merge:
                values.append(module([values[i] for i in sources]))
            else:
                values.append(module(values[sources[0]]))
        return values[self._output_slot]


def build_model(spec: ModelSpec, ctx: ShapeContext) -> GraphModule:
    """Build the torch module for a spec, after validating it (nothing is allocated first).

    Raises:
        SpecError: listing every problem (also available as the error's ``problems``).
    """
    problems = validate(spec, ctx)
    if problems:
        error = SpecError(describe_problems(problems))
        error.problems = problems
        raise error
    return GraphModule(spec, ctx)
