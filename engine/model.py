"""Turn a valid ModelSpec into a torch module that runs its layers in topological order."""

from __future__ import annotations

import torch
from torch import nn

from engine.errors import SpecError
from engine.graph import ModelSpec, describe_problems, infer_shapes, layer_contexts, validate
from engine.layers import REGISTRY, ShapeContext


class _Step:
    """One layer in the plan: its module, the value slots it reads, how it is called and the mask it gets."""

    __slots__ = ("module", "sources", "is_merge", "mask")

    def __init__(self, module: nn.Module, sources: tuple[int, ...], is_merge: bool, mask: int | None):
        self.module, self.sources, self.is_merge, self.mask = module, sources, is_merge, mask


class GraphModule(nn.Module):
    """A ModelSpec as a torch module; forward(x, *more) -> logits (N, output_width).

    ``xs`` are the inputs in the order of ``ctx.all_sources()``: a single-table model is called ``model(x)`` with
    x (N, input_width). Submodules live in ``self.layers`` (an nn.ModuleDict keyed by node id), so state_dict keys
    are "layers.<node_id>.<param>". The execution plan is fixed at construction: each text source's padding
    mask (ids != 0) follows the layers that keep its positions to the layers that use a mask.
    """

    def __init__(self, spec: ModelSpec, ctx: ShapeContext):
        super().__init__()
        shapes = infer_shapes(spec, ctx)
        contexts = layer_contexts(spec, ctx)
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
            self.layers[node_id] = REGISTRY[node.type].build(node.params, in_shapes, contexts.get(node_id, ctx))
        sources = ctx.all_sources()
        source_index = {s.name: i for i, s in enumerate(sources)}
        self._text_sources = tuple(i for i, s in enumerate(sources) if s.kind == "text")
        # values[k] holds the output of order[k]; the Input layers come first (only they have no inputs).
        slot = {node_id: k for k, node_id in enumerate(order)}
        self._inputs: list[tuple[nn.Module | None, int]] = []
        mask_of: dict[str, int | None] = {}
        self._steps: list[_Step] = []
        for node_id in order:
            node, layer = by_id[node_id], REGISTRY[by_id[node_id].type]
            if node.type == "Input":
                index = source_index[ctx.source(node.params.get("source", "")).name]
                module = self.layers[node_id]
                self._inputs.append((None if type(module) is nn.Identity else module, index))
                mask_of[node_id] = index if index in self._text_sources else None
                continue
            feeding = spec.inputs_of(node_id)
            mask = next((mask_of[s] for s in feeding if mask_of[s] is not None), None)
            mask_of[node_id] = mask if layer.keeps_positions else None
            self._steps.append(_Step(self.layers[node_id], tuple(slot[s] for s in feeding), layer.is_merge,
                                     mask if layer.uses_mask else None))
        self._output_slot = slot[spec.output_node().id]

    def forward(self, x: torch.Tensor, *more: torch.Tensor) -> torch.Tensor:
        """Run the layers on the inputs, one per data source in order (x, the first, is named so that exports
        written for ``forward(x)`` keep working); return logits (N, output_width)."""
        xs = (x, *more)
        values = [xs[i] if module is None else module(xs[i]) for module, i in self._inputs]
        masks = {i: xs[i] != 0 for i in self._text_sources}
        for step in self._steps:
            if step.is_merge:
                values.append(step.module([values[i] for i in step.sources]))
            elif step.mask is not None:
                values.append(step.module(values[step.sources[0]], masks[step.mask]))
            else:
                values.append(step.module(values[step.sources[0]]))
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
