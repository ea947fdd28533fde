"""Readable PyTorch source for a ModelSpec: model.py of the training project and "Show code".

Every layer line comes from that layer type's declaration (LayerType.code), so the code and
the model LayerLab trains are built the same way, in the same order (same initial weights
for the same seed).
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from torch import nn

from engine.graph import ModelSpec, infer_shapes, layer_contexts
from engine.layers import LAYER_MODULES_SOURCE, REGISTRY, ShapeContext
from engine.layers.merge_source import MERGE_MODULES_SOURCE

# The classes of engine/layers/modules.py that layer code lines may name.
LAYER_MODULE_NAMES = tuple(re.findall(r"^class (\w+)", LAYER_MODULES_SOURCE, flags=re.MULTILINE))

_RESERVED = set(dir(nn.Module)) | {"self", "torch", "nn", "x", "xs", "masks", "Model", "Add", "Concatenate",
                                   "super", *LAYER_MODULE_NAMES}

# How the generated docstring describes each kind of input (shapes per sample follow).
INPUT_WORDS = {
    "table": "preprocessed table features, float32",
    "text": "token ids, int64 (0 = padding, 1 = unknown)",
    "image": "pixels, uint8 0..255",
    "sequence": "scaled history of the last rows, float32",
}

TITLE_PUNCTUATION = set(" -_.,()+&'")
MAX_TITLE = 80


def safe_title(text, fallback: str = "Model") -> str:
    """A model name fit to stand in generated code's docstrings and in metadata: letters, digits, spaces and
    a few punctuation marks (no quotes but the apostrophe, no backslash, no line breaks), at most MAX_TITLE
    characters; ``fallback`` when nothing is left. User text is never spliced into code otherwise."""
    kept = "".join(ch if (ch.isalnum() or ch in TITLE_PUNCTUATION) and unicodedata.category(ch)[0] != "C" else " "
                   for ch in str(text or ""))
    title = " ".join(kept.split())[:MAX_TITLE].strip()
    return title.strip("'") or fallback


OUTPUT_WORDS = {
    "binary": "logits (batch, 1); torch.sigmoid(logits) is the probability of the second class",
    "multiclass": "logits (batch, classes); torch.softmax(logits, dim=1) gives class probabilities",
    "regression": "the standardised prediction (batch, 1); multiply by target_std, add target_mean",
}


def attribute_names(spec: ModelSpec) -> dict[str, str]:
    """Node id -> Python attribute name: the id itself unless it clashes with a keyword or an nn.Module name."""
    names: dict[str, str] = {}
    taken = {n.id for n in spec.nodes}
    for node in spec.nodes:
        if not (isinstance(node.id, str) and node.id.isascii() and node.id.isidentifier()):
            from engine.errors import SpecError

            raise SpecError(f"Layer id {node.id!r} must be letters, digits and _ only; rename that layer")
        name = node.id
        if keyword.iskeyword(name) or name in _RESERVED:
            name = f"{node.id}_layer"
            while name in taken:
                name += "_"
            taken.add(name)
        names[node.id] = name
    return names


def state_dict_key_map(spec: ModelSpec) -> dict[str, str]:
    """Engine state_dict prefix ("layers.<id>.") -> generated model prefix ("<attr>.")."""
    return {f"layers.{node_id}.": f"{attr}." for node_id, attr in attribute_names(spec).items()}


def convert_state_dict(spec: ModelSpec, state: dict) -> dict:
    """Rename an engine GraphModule state_dict for the generated Model class."""
    mapping = state_dict_key_map(spec)
    out = {}
    for key, value in state.items():
        prefix = next(p for p in sorted(mapping, key=len, reverse=True) if key.startswith(p))
        out[mapping[prefix] + key[len(prefix):]] = value
    return out


def _comment(text: str) -> str:
    """Text fit for a # comment: no line breaks or other control characters (a source name is user text)."""
    return "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)


def _module_classes(codes: list[str]) -> str:
    """The source of engine/layers/modules.py for the code lines that use one of its classes, else ""."""
    if not any(re.search(rf"\b{name}\(", code) for code in codes for name in LAYER_MODULE_NAMES):
        return ""
    return "\n\n" + LAYER_MODULES_SOURCE.split("from torch import nn\n", 1)[1].strip("\n") + "\n\n"


def _inputs_doc(ctx: ShapeContext) -> str:
    """The docstring lines that say what forward() takes (kinds and shapes only: names stay in INPUTS)."""
    sources = ctx.all_sources()
    if len(sources) == 1 and sources[0].kind == "table":
        return f"Input: (batch, {ctx.input_width}) preprocessed features (see preprocessing.py).\n"
    lines = ["Inputs, in the order of INPUTS (name, kind, shape per sample), one tensor each:"]
    for i, source in enumerate(sources):
        shape = ", ".join(str(n) for n in source.shape)
        lines.append(f"  {i}: (batch, {shape}) {INPUT_WORDS.get(source.kind, source.kind)}")
    return "\n".join(lines) + "\n"


def model_source(spec: ModelSpec, ctx: ShapeContext, *, version: str | None = None) -> str:
    """The text of model.py: one ``self.<node id> = <layer code>`` line per layer, then forward().

    Raises:
        SpecError: the spec is not valid for ``ctx`` (the same check build_model makes).
    """
    from engine import __version__
    from engine.model import build_model

    build_model(spec, ctx)  # raises SpecError listing the problems, exactly as training would
    shapes = infer_shapes(spec, ctx)
    contexts = layer_contexts(spec, ctx)
    order = spec.topological_order()
    names = attribute_names(spec)
    by_id = {n.id: n for n in spec.nodes}
    inputs = {i: spec.inputs_of(i) for i in order}
    uses_merge = any(REGISTRY[by_id[i].type].is_merge for i in order)
    sources = ctx.all_sources()
    one_input = len(sources) == 1
    source_index = {s.name: i for i, s in enumerate(sources)}
    texts = {i for i, s in enumerate(sources) if s.kind == "text"}
    init_lines, forward_lines, codes = [], [], []
    mask_of: dict[str, int | None] = {}
    for node_id in order:
        node = by_id[node_id]
        layer = REGISTRY[node.type]
        code = layer.code(node.params, [shapes[s] for s in inputs[node_id]], contexts.get(node_id, ctx))
        codes.append(code)
        summary = _comment(layer.summary(node.params, ctx))
        init_lines.append(f"        self.{names[node_id]} = {code}  # {summary} -> {tuple(shapes[node_id])}")
        call = f"        {names[node_id]} = self.{names[node_id]}"
        if node.type == "Input":
            index = source_index[ctx.source(node.params.get("source", "")).name]
            forward_lines.append(f"{call}({'x' if one_input else f'xs[{index}]'})")
            mask_of[node_id] = index if index in texts else None
            continue
        mask = next((mask_of[s] for s in inputs[node_id] if mask_of[s] is not None), None)
        mask_of[node_id] = mask if layer.keeps_positions else None
        if layer.is_merge:
            args = ", ".join(names[s] for s in inputs[node_id])
            forward_lines.append(f"{call}([{args}])")
        elif layer.uses_mask and mask is not None:
            forward_lines.append(f"{call}({names[inputs[node_id][0]]}, masks[{mask}])")
        else:
            forward_lines.append(f"{call}({names[inputs[node_id][0]]})")
    used_masks = sorted({m for m in re.findall(r"masks\[(\d+)\]", "\n".join(forward_lines))}, key=int)
    if used_masks:
        pairs = ", ".join(f"{i}: {'x' if one_input else f'xs[{i}]'} != 0" for i in used_masks)
        forward_lines.insert(0, f"        masks = {{{pairs}}}  # True at real tokens, False at padding")
    forward_lines.append(f"        return {names[spec.output_node().id]}")
    title = safe_title(spec.name)
    merge = ""
    if uses_merge:
        body = MERGE_MODULES_SOURCE.split("from torch import nn\n", 1)[1].strip("\n")
        merge = "\n\n" + body + "\n\n"
    modules = _module_classes(codes)
    if merge and modules:
        modules = modules[1:]  # two blank lines between the merge classes and these, as between classes
    task = ctx.task or "binary"
    if one_input and sources[0].kind == "table":
        signature, takes = "x: torch.Tensor", f"x: (batch, {ctx.input_width})"
        described = ""
    else:
        signature = "x: torch.Tensor" if one_input else "*xs: torch.Tensor"
        takes = "x" if one_input else "*xs (one tensor per entry of INPUTS)"
        described = "INPUTS = " + repr([(s.name, s.kind, tuple(s.shape)) for s in sources]) + \
            "  # (name, kind, shape per sample); names are literals, never code\n"
    return (
        f'"""{title}: generated by LayerLab {version or __version__} from the model drawn on the canvas.\n\n'
        + _inputs_doc(ctx) +
        f"Output: {OUTPUT_WORDS.get(task, 'logits')}.\n"
        'Attributes are named after the canvas layers; forward() runs them in graph order.\n"""\n\n'
        "import torch\nfrom torch import nn\n"
        f"{merge}{modules}\n"
        f"MODEL_NAME = {str(spec.name or '')!r}  # the name as typed; a literal, never code\n"
        f"{described}"
        f"INPUT_WIDTH = {ctx.input_width}\nOUTPUT_WIDTH = {ctx.output_width}\nTASK = {task!r}\n\n\n"
        "class Model(nn.Module):\n"
        f'    """{title} as a plain nn.Module: forward({takes}) -> '
        f'(batch, {ctx.output_width})."""\n\n'
        "    def __init__(self):\n        super().__init__()\n"
        + "\n".join(init_lines) + "\n\n"
        f"    def forward(self, {signature}) -> torch.Tensor:\n"
        + "\n".join(forward_lines) + "\n"
    )
