"""Validation, shape inference, parameter counts and the summary table of a ModelSpec.

Everything here works on the plain spec without allocating tensors, so an absurd model is
refused before any memory is taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from engine.errors import SpecError
from engine.i18n import _
from engine.graph.spec import NODE_ID_PATTERN, ModelSpec
from engine.layers import REGISTRY, Shape, ShapeContext

# Models above this many parameters are refused (they would not fit or not train usefully).
MAX_PARAMETERS = 200_000_000
BYTES_PER_PARAMETER = 4  # float32


@dataclass
class Problem:
    """Something that stops a model from being built; ``node_id`` None = the whole model."""

    node_id: str | None
    message: str


@dataclass
class _Analysis:
    problems: list[Problem] = field(default_factory=list)
    shapes: dict[str, Shape] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    contexts: dict[str, ShapeContext] = field(default_factory=dict)


class _Indexed:
    """A spec with its layers and connections indexed once, so that every check is linear in layers plus
    connections (asking the spec scans every connection per layer: 10,000 layers took 41 s)."""

    def __init__(self, spec: ModelSpec):
        self.spec, self.nodes, self.edges = spec, spec.nodes, spec.edges
        self.by_id: dict = {}
        for n in spec.nodes:
            self.by_id.setdefault(n.id, n)
        self._ins: dict[str, list[str]] = {}
        self._outs: dict[str, list[str]] = {}
        for e in spec.edges:
            self._outs.setdefault(e.source, []).append(e.target)
            self._ins.setdefault(e.target, []).append(e.source)

    def inputs_of(self, node_id: str) -> list[str]:
        return self._ins.get(node_id, [])

    def outputs_of(self, node_id: str) -> list[str]:
        return self._outs.get(node_id, [])

    def topological_order(self) -> list[str]:
        return self.spec.topological_order()

    def in_loops(self) -> set[str]:
        """The layers on a loop (or between two loops): what is left after peeling, from both ends, every
        layer with no remaining input or no remaining output."""
        left = {n.id for n in self.nodes}
        for step, back in ((self.inputs_of, self.outputs_of), (self.outputs_of, self.inputs_of)):
            count = {i: sum(1 for j in step(i) if j in left) for i in left}
            todo = [i for i, c in count.items() if c == 0]
            while todo:
                current = todo.pop()
                left.discard(current)
                for j in back(current):
                    if j in left and j in count:
                        count[j] -= 1
                        if count[j] == 0:
                            todo.append(j)
        return left


def describe(spec: ModelSpec, node_id: str) -> str:
    """Return how messages name a layer, e.g. "Dense 'dense_1'"."""
    if isinstance(spec, _Indexed):
        node = spec.by_id.get(node_id)
    else:
        node = next((n for n in spec.nodes if n.id == node_id), None)
    layer = REGISTRY.get(node.type) if node is not None else None
    return f"{layer.display_name if layer else 'Layer'} '{node_id}'"


def format_bytes(n_bytes: float) -> str:
    """Return a size for people, e.g. "4.0 GB" (decimal units)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n_bytes >= size:
            return f"{n_bytes / size:.1f} {unit}"
    return f"{int(n_bytes)} bytes"


def _structure(spec: ModelSpec, out: _Analysis) -> set[str]:
    """Check ids, edges, types, params and input counts; return ids fit for shape inference."""
    add = out.problems.append
    ids = [n.id for n in spec.nodes]
    fit: set[str] = set()
    seen: set[str] = set()
    for node in spec.nodes:
        name = describe(spec, node.id)
        if node.id in seen:
            add(Problem(node.id, _("Two layers share the id '{id}'").format(id=node.id)))
        seen.add(node.id)
        ok = True
        if not isinstance(node.id, str) or not NODE_ID_PATTERN.match(node.id) \
                or node.id in _reserved_ids():
            add(Problem(node.id, _("Layer id {id} cannot be used: pick a name of letters, "
                                   "digits and _ that is not a reserved word").format(id=repr(node.id))))
            ok = False
        layer = REGISTRY.get(node.type)
        if layer is None:
            add(Problem(node.id, _("Layer '{id}' has unknown type {type}; known types: {known}").format(
                id=node.id, type=repr(node.type), known=", ".join(REGISTRY))))
            continue
        if not isinstance(node.params, dict):
            add(Problem(node.id, _("{layer} has parameters that are not a mapping").format(layer=name)))
            continue
        for message in layer.validate_params(node.params):
            add(Problem(node.id, f"{name}: {message}"))
            ok = False
        n_in = len(spec.inputs_of(node.id))
        if n_in < layer.min_inputs:
            need = _("an input") if layer.min_inputs == 1 else \
                _("at least {count} inputs").format(count=layer.min_inputs)
            add(Problem(node.id, _("{layer} needs {need}: got {count}; connect a layer into it").format(
                layer=name, need=need, count=n_in)))
            ok = False
        if layer.max_inputs is not None and n_in > layer.max_inputs:
            allowed = _("no inputs") if layer.max_inputs == 0 else _("1 input") if layer.max_inputs == 1 else \
                _("{count} inputs").format(count=layer.max_inputs)
            add(Problem(node.id, _("{layer} takes {allowed}: got {count}; remove a connection").format(
                layer=name, allowed=allowed, count=n_in)))
            ok = False
        if node.type == "Output" and spec.outputs_of(node.id):
            add(Problem(node.id, _("{layer} must be the last layer: remove its outgoing connections").format(
                layer=name)))
            ok = False
        if ok:
            fit.add(node.id)
    known = set(ids)
    pairs: set[tuple[str, str]] = set()
    for e in spec.edges:
        for end in (e.source, e.target):
            if end not in known:
                add(Problem(None, _("A connection refers to a missing layer '{id}'").format(id=end)))
        if (e.source, e.target) in pairs:
            add(Problem(e.target, _("'{source}' is connected to '{target}' twice").format(
                source=e.source, target=e.target)))
        pairs.add((e.source, e.target))
    return fit


def _endpoints(spec: ModelSpec, ctx: ShapeContext | None, out: _Analysis) -> None:
    for type_name in ("Input", "Output"):
        found = [n.id for n in spec.nodes if n.type == type_name]
        if not found:
            missing = _("The model has no Input layer: add one at the top") if type_name == "Input" \
                else _("The model has no Output layer: add one at the bottom")
            out.problems.append(Problem(None, missing))
        if type_name == "Output":
            for extra in found[1:]:
                out.problems.append(Problem(extra, _("Only one {type} layer is allowed: remove '{id}'").format(
                    type=type_name, id=extra)))
    _input_sources(spec, ctx, out)


def _source_name(node, ctx: ShapeContext | None) -> str | None:
    """The name of the data input an Input node reads (None when it cannot be told)."""
    name = node.params.get("source", "") if isinstance(node.params, dict) else None
    if not isinstance(name, str):
        return None
    if ctx is None:
        return name
    try:
        return ctx.source(name).name
    except SpecError:  # an unknown name: the Input's shape rule says so
        return None


def _input_sources(spec: ModelSpec, ctx: ShapeContext | None, out: _Analysis) -> None:
    """Each data input may enter the model once: several Input layers must read different sources."""
    reader: dict[str, str] = {}
    for node in spec.nodes:
        if node.type != "Input":
            continue
        name = _source_name(node, ctx)
        if name is None:
            continue
        if name in reader:
            shown = repr(name) if name else _("the first input")
            out.problems.append(Problem(node.id, _(
                "Input '{id}' reads {source}, which Input '{other}' already reads: each input of the data enters "
                "the model once; choose another data input for '{id}' or remove it").format(
                id=node.id, source=shown, other=reader[name])))
        else:
            reader[name] = node.id


def _reachable(start: list[str], step) -> set[str]:
    seen, todo = set(), list(start)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(step(current))
    return seen


def _connectivity(spec: ModelSpec, out: _Analysis) -> None:
    inputs = [n.id for n in spec.nodes if n.type == "Input"]
    outputs = [n.id for n in spec.nodes if n.type == "Output"]
    from_input = _reachable(inputs, spec.outputs_of) if inputs else None
    to_output = _reachable(outputs, spec.inputs_of) if outputs else None
    for node in spec.nodes:
        name = describe(spec, node.id)
        lost_in = from_input is not None and node.id not in from_input \
            and bool(spec.inputs_of(node.id))  # no inputs at all is reported as "needs an input"
        lost_out = to_output is not None and node.id not in to_output
        if lost_in and lost_out:
            out.problems.append(Problem(node.id, _("{layer} is not connected: put it on a path from Input to "
                                                   "Output").format(layer=name)))
        elif lost_in:
            out.problems.append(Problem(node.id, _("{layer} is not fed by the Input layer").format(layer=name)))
        elif lost_out:
            out.problems.append(Problem(node.id, _("{layer} does not lead to the Output layer: connect it or "
                                                   "remove it").format(layer=name)))


def _cycles(spec: ModelSpec, out: _Analysis) -> bool:
    try:
        out.order = spec.topological_order()
        return True
    except SpecError:
        pass
    looped = spec.in_loops()
    for node in spec.nodes:
        if node.id in looped:
            out.problems.append(Problem(node.id, _("{layer} is part of a loop: connections must flow one way, "
                                                   "Input to Output").format(layer=describe(spec, node.id))))
    return False


def _text_source(spec: ModelSpec, ctx: ShapeContext, node) -> str | None:
    """The name of the text source an Input node reads, or None for any other layer or source."""
    if node is None or node.type != "Input":
        return None
    try:
        source = ctx.source(node.params.get("source", ""))
    except SpecError:
        return None
    return source.name if source.kind == "text" else None


def _token_problem(spec: ModelSpec, ctx: ShapeContext, node, layer, sources: list[str]) -> str | None:
    """Token ids are whole numbers that only an Embedding can read; an Embedding reads nothing else."""
    texts = [t for s in sources if (t := _text_source(spec, ctx, spec.by_id.get(s))) is not None]
    if texts and not layer.takes_token_ids:
        return _("{layer} cannot read the token ids of the text input {source}: put an Embedding between "
                 "them").format(layer=describe(spec, node.id), source=repr(texts[0]))
    if layer.takes_token_ids and len(texts) != len(sources):
        return _("{layer} reads token ids: connect it straight to the Input of a text column").format(
            layer=describe(spec, node.id))
    return None


def _shapes(spec: ModelSpec, ctx: ShapeContext, fit: set[str], out: _Analysis) -> None:
    by_id = {n.id: n for n in spec.nodes}
    for node_id in out.order:
        node = by_id[node_id]
        sources = spec.inputs_of(node_id)
        if any(s not in out.shapes for s in sources):
            continue
        in_shapes = [out.shapes[s] for s in sources]
        texts = [t for s in sources if (t := _text_source(spec, ctx, by_id.get(s))) is not None]
        node_ctx = replace(ctx, token_source=texts[0]) if texts else ctx
        if node_id not in fit:
            _oversize(spec, node, in_shapes, node_ctx, out)
            continue
        layer = REGISTRY[node.type]
        problem = _token_problem(spec, ctx, node, layer, sources)
        if problem is not None:
            out.problems.append(Problem(node_id, problem))
            continue
        try:
            out.shapes[node_id] = layer.output_shape(node.params, in_shapes, node_ctx)
        except SpecError as exc:
            out.problems.append(Problem(node_id, f"{describe(spec, node_id)}: {exc}"))
            continue
        out.counts[node_id] = layer.parameter_count(node.params, in_shapes, node_ctx)
        out.contexts[node_id] = node_ctx


def _oversize(spec: ModelSpec, node, in_shapes: list[Shape], ctx: ShapeContext, out: _Analysis) -> None:
    """For a layer refused for its params (e.g. Dense with 10^9 units), add the size it would
    need when that is over the limit; the count is arithmetic on the params, nothing is allocated."""
    layer = REGISTRY.get(node.type)
    if layer is None or not isinstance(node.params, dict):
        return
    try:
        count = layer.parameter_count(node.params, in_shapes, ctx)
    except Exception:  # params too broken to count: the param problems already say why
        return
    if count > MAX_PARAMETERS:
        out.problems.append(Problem(node.id, _(
            "{layer} would need {size} for {count} parameters (the limit is {limit}): make it smaller").format(
            layer=describe(spec, node.id), size=format_bytes(count * BYTES_PER_PARAMETER), count=f"{count:,}",
            limit=f"{MAX_PARAMETERS:,}")))


def _size(spec: ModelSpec, out: _Analysis) -> None:
    total = sum(out.counts.values())
    if total <= MAX_PARAMETERS:
        return
    huge = [i for i, c in out.counts.items() if c > MAX_PARAMETERS]
    for node_id in huge:
        count = out.counts[node_id]
        out.problems.append(Problem(node_id, _(
            "{layer} would need {size} for {count} parameters (the limit is {limit}): make it or the layer "
            "before it smaller").format(layer=describe(spec, node_id), size=format_bytes(count * BYTES_PER_PARAMETER),
                                        count=f"{count:,}", limit=f"{MAX_PARAMETERS:,}")))
    if not huge:
        largest = max(out.counts, key=out.counts.__getitem__)
        out.problems.append(Problem(largest, _(
            "The model would need {size} for {count} parameters (the limit is {limit}); its largest layer is "
            "{layer} with {largest}").format(size=format_bytes(total * BYTES_PER_PARAMETER), count=f"{total:,}",
                                             limit=f"{MAX_PARAMETERS:,}", layer=describe(spec, largest),
                                             largest=f"{out.counts[largest]:,}")))


def _analyse(spec: ModelSpec, ctx: ShapeContext | None) -> _Analysis:
    out = _Analysis()
    spec = _Indexed(spec)
    fit = _structure(spec, out)
    _endpoints(spec, ctx, out)
    acyclic = _cycles(spec, out)
    _connectivity(spec, out)
    if ctx is not None and acyclic:
        _shapes(spec, ctx, fit, out)
        _size(spec, out)
    return out


def validate(spec: ModelSpec, ctx: ShapeContext | None = None) -> list[Problem]:
    """Return every problem that stops the model from being built (empty = buildable).

    Never raises and never stops at the first problem. Without ``ctx`` the checks that need
    the data's widths (shapes, sizes) are skipped.
    """
    try:
        return _analyse(spec, ctx).problems
    except Exception as exc:  # a last guard: validation must never be the thing that crashes
        return [Problem(None, _("The model could not be checked: {error}").format(error=exc))]


def describe_problems(problems: list[Problem]) -> str:
    """Return problems as one message for people: a heading and one line per problem."""
    return _("The model cannot be built:") + "\n" + "\n".join(f"- {p.message}" for p in problems)


def infer_shapes(spec: ModelSpec, ctx: ShapeContext) -> dict[str, Shape]:
    """Return the output shape of every layer whose shape can be worked out.

    Best effort on a model being edited: layers after a problem are simply left out.
    """
    return dict(_analyse(spec, ctx).shapes)


def layer_contexts(spec: ModelSpec, ctx: ShapeContext) -> dict[str, ShapeContext]:
    """The context each layer's rules get (``ctx``, with ``token_source`` set for a layer fed by a text input)."""
    return dict(_analyse(spec, ctx).contexts)


def param_counts(spec: ModelSpec, ctx: ShapeContext) -> dict[str, int]:
    """Return the exact trainable parameter count of every layer whose shape is known."""
    return dict(_analyse(spec, ctx).counts)


def summary_rows(spec: ModelSpec, ctx: ShapeContext) -> list[tuple[str, str, Shape | None, int]]:
    """Return (node id, layer summary, output shape or None, params) per layer, in run order."""
    result = _analyse(spec, ctx)
    order = result.order or [n.id for n in spec.nodes]
    by_id = {n.id: n for n in spec.nodes}
    rows = []
    for node_id in order:
        node = by_id[node_id]
        layer = REGISTRY.get(node.type)
        try:
            text = layer.summary(node.params, ctx) if layer else f"{node.type} (unknown)"
        except Exception:  # bad params: still list the layer
            text = layer.display_name
        rows.append((node_id, text, result.shapes.get(node_id), result.counts.get(node_id, 0)))
    return rows


def count_hidden_layers(spec: ModelSpec) -> int:
    """Return the number of hidden layers as a person counts them.

    A Dense layer with its activation, dropout and normalisation is one hidden layer, so this
    counts the layers of the "Core" category (the trainable, width-setting layers) other than
    Input and Output, and the convolution, recurrent and Transformer layers; activations, regularisation,
    normalisation, pooling, reshaping, embeddings and merges are not counted.
    """
    count = 0
    for node in spec.nodes:
        layer = REGISTRY.get(node.type)
        if layer is not None and (layer.category == "Core" or node.type in _HIDDEN_TYPES) \
                and node.type not in ("Input", "Output"):
            count += 1
    return count


_HIDDEN_TYPES = frozenset({"Conv1d", "Conv2d", "LSTM", "GRU", "TransformerBlock"})


def summary_text(spec: ModelSpec, ctx: ShapeContext) -> str:
    """Return the summary as a plain-text table (layer, output shape, params) with the total."""
    rows = summary_rows(spec, ctx)
    table = [("Layer", "Output shape", "Params")] + [
        (f"{node_id} ({text})", "?" if shape is None else str(shape), f"{count:,}")
        for node_id, text, shape, count in rows]
    w0 = max(len(r[0]) for r in table)
    w1 = max(len(r[1]) for r in table)
    w2 = max(len(r[2]) for r in table)
    lines = [f"{a:<{w0}}  {b:<{w1}}  {c:>{w2}}" for a, b, c in table]
    rule = "-" * len(lines[0])
    total = sum(r[3] for r in rows)
    return "\n".join([lines[0], rule, *lines[1:], rule,
                      f"Total params: {total:,} ({format_bytes(total * BYTES_PER_PARAMETER)})"])


# Attribute names of torch's nn.ModuleDict: a node id equal to one cannot key the model's layers.
# Kept as a list so validating a spec never imports torch; tests compare it with torch's own.
RESERVED_NODE_IDS = frozenset({
    "T_destination", "__annotations__", "__call__", "__class__", "__contains__", "__delattr__",
    "__delitem__", "__dict__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__", "__getattr__",
    "__getattribute__", "__getitem__", "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__",
    "__iter__", "__le__", "__len__", "__lt__", "__module__", "__ne__", "__new__", "__reduce__",
    "__reduce_ex__", "__repr__", "__setattr__", "__setitem__", "__setstate__", "__sizeof__", "__str__",
    "__subclasshook__", "__weakref__", "_apply", "_backward_hooks", "_backward_pre_hooks", "_buffers",
    "_call_impl", "_compiled_call_impl", "_forward_hooks", "_forward_hooks_always_called",
    "_forward_hooks_with_kwargs", "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs",
    "_get_backward_hooks", "_get_backward_pre_hooks", "_get_name", "_is_full_backward_hook",
    "_load_from_state_dict", "_load_state_dict_post_hooks", "_load_state_dict_pre_hooks",
    "_maybe_warn_non_full_backward_hook", "_modules", "_named_members", "_non_persistent_buffers_set",
    "_parameters", "_register_load_state_dict_pre_hook", "_register_state_dict_hook",
    "_replicate_for_data_parallel", "_save_to_state_dict", "_slow_forward", "_state_dict_hooks",
    "_state_dict_pre_hooks", "_version", "_wrapped_call_impl", "add_module", "apply", "bfloat16", "buffers",
    "call_super_init", "children", "clear", "compile", "cpu", "cuda", "double", "dump_patches", "eval",
    "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter", "get_submodule",
    "half", "ipu", "items", "keys", "load_state_dict", "modules", "mtia", "named_buffers", "named_children",
    "named_modules", "named_parameters", "parameters", "pop", "register_backward_hook", "register_buffer",
    "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
    "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
    "register_load_state_dict_pre_hook", "register_module", "register_parameter",
    "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
    "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "update",
    "values", "xpu", "zero_grad",
})


def _reserved_ids() -> frozenset:
    return RESERVED_NODE_IDS
