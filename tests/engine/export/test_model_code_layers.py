"""The generated model.py builds every new layer and several inputs, and computes what GraphModule computes."""

import pytest
import torch

from engine.export import model_code_for
from engine.export.model_code import convert_state_dict
from engine.graph import ModelSpec
from engine.layers import InputSource, ShapeContext
from engine.model import build_model
from tests.engine.multi_input_specs import IMAGE_CTX, TEXT_TABLE_CTX, VOCAB, templates, text_and_table


def _inputs(ctx, rows=4):
    torch.manual_seed(1)
    xs = []
    for source in ctx.all_sources():
        if source.kind == "text":
            ids = torch.randint(2, VOCAB, (rows, *source.shape))
            ids[:, source.shape[0] // 2:] = 0  # padded at the end
            xs.append(ids)
        elif source.kind == "image":
            xs.append(torch.randint(0, 256, (rows, *source.shape), dtype=torch.uint8))
        else:
            xs.append(torch.randn(rows, *source.shape))
    return xs


def _generated(spec, ctx):
    code = model_code_for(spec, ctx)
    namespace: dict = {}
    exec(compile(code, "model.py", "exec"), namespace)  # our own generated code, run without LayerLab
    return code, namespace


def _every_layer() -> ModelSpec:
    """Image → convolutions and pools, and a sequence → every sequence layer, joined into one Output."""
    spec = ModelSpec(name="every layer")
    image = spec.add_node("Input", {"source": "digits"}).id
    history = spec.add_node("Input", {"source": "history"}).id
    text = spec.add_node("Input", {"source": "review"}).id
    branches = []
    for start, chain in (
            (image, [("Conv2d", {"filters": 4}), ("BatchNorm", {}), ("ReLU", {}), ("MaxPool2d", {}),
                     ("AvgPool2d", {}), ("Flatten", {}), ("Reshape", {"shape": "4,4"}),
                     ("GlobalMaxPool", {})]),
            (history, [("Conv1d", {"filters": 6, "kernel": 3}), ("BatchNorm", {}), ("MaxPool1d", {}),
                       ("AvgPool1d", {}), ("LSTM", {"hidden": 3, "bidirectional": True})]),
            (text, [("Embedding", {"dim": 8}), ("PositionalEmbedding", {}),
                    ("TransformerBlock", {"heads": 2, "feedforward": 8}),
                    ("GRU", {"hidden": 4, "output": "sequence"}), ("LayerNorm", {}), ("MaskedMeanPool", {})])):
        previous = start
        for type_name, params in chain:
            node = spec.add_node(type_name, params)
            spec.connect(previous, node.id)
            previous = node.id
        branches.append(previous)
    join = spec.add_node("Concatenate")
    for branch in branches:
        spec.connect(branch, join.id)
    out = spec.add_node("Output")
    spec.connect(join.id, out.id)
    return spec


EVERY_CTX = ShapeContext(0, 3, "multiclass", sources=(
    InputSource("digits", "image", (1, 8, 8)), InputSource("history", "sequence", (12, 3)),
    InputSource("review", "text", (10,), vocab_size=VOCAB)))

CASES = [("every-layer", _every_layer(), EVERY_CTX), ("text-and-table", text_and_table(), TEXT_TABLE_CTX),
         *templates()]


@pytest.mark.parametrize(("name", "spec", "ctx"), CASES, ids=[c[0] for c in CASES])
def test_generated_model_matches_the_engine(name, spec, ctx):
    torch.manual_seed(0)
    engine_model = build_model(spec, ctx).eval()
    code, namespace = _generated(spec, ctx)
    model = namespace["Model"]()
    model.load_state_dict(convert_state_dict(spec, engine_model.state_dict()))
    model.eval()
    xs = _inputs(ctx)
    with torch.no_grad():
        expected = engine_model(*xs)
        assert torch.allclose(model(*xs), expected, atol=1e-6)
    assert "import engine" not in code and "layerlab" not in code.split('"""', 2)[2].lower()


def test_generated_code_passes_masks_and_keeps_source_names_literal():
    ctx = ShapeContext(5, 1, "binary", sources=(
        InputSource("table", "table", (5,)), InputSource("x\n__import__('os')", "text", (10,), vocab_size=VOCAB)))
    spec = text_and_table()
    spec.node("input_2").params["source"] = "x\n__import__('os')"
    code, namespace = _generated(spec, ctx)
    assert "masks = {1: xs[1] != 0}" in code
    assert "self.transformerblock_1(embedding_1, masks[1])" in code
    assert namespace["INPUTS"][1] == ("x\n__import__('os')", "text", (10,))
    assert "def forward(self, *xs: torch.Tensor)" in code


def test_single_image_model_takes_one_tensor():
    code, namespace = _generated(ModelSpec.chain([("Flatten", {})]), IMAGE_CTX)
    assert "def forward(self, x: torch.Tensor)" in code and "self.input_1 = ImageInput()" in code
    out = namespace["Model"]()(torch.zeros(2, 1, 8, 8, dtype=torch.uint8))
    assert out.shape == (2, 10)
