"""Building torch modules from ModelSpecs."""

import copy
import re
import time

import pytest
import torch
from torch import nn

from engine.errors import SpecError
from engine.graph import ModelSpec, load_template, param_counts, summary_text, template_names
from engine.layers import MERGE_MODULES_SOURCE, REGISTRY, ShapeContext, output_width_for
from engine.model import GraphModule, build_model

CTX = ShapeContext(input_width=12, output_width=1, task="binary")


def _numel(module):
    return sum(p.numel() for p in module.parameters())


def test_output_width_for_tasks():
    assert output_width_for("binary", 2) == 1
    assert output_width_for("regression", None) == 1
    assert output_width_for("multiclass", 5) == 5
    with pytest.raises(SpecError, match="at least 2 classes"):
        output_width_for("multiclass", 1)
    with pytest.raises(SpecError, match="Unknown task"):
        output_width_for("ranking", 3)


@pytest.mark.parametrize("name", ["tutorial-mlp", "deep-mlp", "residual-mlp", "regression-mlp"])
@pytest.mark.parametrize("ctx", [CTX, ShapeContext(12, 4, "multiclass")])
def test_templates_build_and_run(name, ctx):
    spec = load_template(name)
    model = build_model(spec, ctx)
    assert isinstance(model, GraphModule)
    logits = model(torch.randn(5, 12))
    assert logits.shape == (5, ctx.output_width)
    logits.sum().backward()
    assert sum(param_counts(spec, ctx).values()) == _numel(model)
    total = int(re.search(r"Total params: ([\d,]+)", summary_text(spec, ctx)).group(1)
                .replace(",", ""))
    assert total == _numel(model)


def test_state_dict_keys_are_stable_and_reloadable():
    spec = load_template("tutorial-mlp")
    first, second = build_model(spec, CTX), build_model(spec, CTX)
    keys = list(first.state_dict())
    assert keys == list(second.state_dict())
    assert "layers.output_1.weight" in keys and "layers.dense_1.0.weight" in keys
    assert all(k.startswith("layers.") for k in keys)
    second.load_state_dict(first.state_dict())
    x = torch.randn(4, 12)
    first.eval(), second.eval()
    assert torch.equal(first(x), second(x))


def test_residual_forward_matches_hand_computation():
    model = build_model(load_template("residual-mlp"), CTX).eval()
    layers = model.layers
    x = torch.randn(5, 12)
    h1 = layers["dense_1"](x)
    expected = layers["output_1"](torch.relu(layers["dense_3"](layers["dense_2"](h1)) + h1))
    assert torch.allclose(model(x), expected)


def test_merge_inputs_follow_edge_order():
    spec = ModelSpec()
    spec.add_node("Input")
    spec.add_node("Dense", {"units": 3, "activation": "none"})
    spec.add_node("Concatenate")
    spec.add_node("Output")
    for source, target in [("input_1", "dense_1"), ("dense_1", "concatenate_1"),
                           ("input_1", "concatenate_1"), ("concatenate_1", "output_1")]:
        spec.connect(source, target)
    model = build_model(spec, CTX)
    assert model.layers["output_1"].in_features == 15
    x = torch.randn(2, 12)
    joined = torch.cat([model.layers["dense_1"](x), x], dim=-1)
    assert torch.allclose(model(x), model.layers["output_1"](joined))


def test_invalid_spec_raises_listing_every_problem():
    spec = load_template("tutorial-mlp")
    spec.node("dense_1").params["units"] = 0
    spec.add_node("Dropout")
    with pytest.raises(SpecError) as info:
        build_model(spec, CTX)
    message = str(info.value)
    assert "units" in message and "dropout_1" in message
    assert {p.node_id for p in info.value.problems} >= {"dense_1", "dropout_1"}


def test_absurd_model_is_refused_before_allocating():
    spec = ModelSpec.chain([("Dense", {"units": 65536}), ("Dense", {"units": 65536})])
    started = time.perf_counter()
    with pytest.raises(SpecError, match=r"would need 17\.2 GB"):
        build_model(spec, ShapeContext(1000, 1, "binary"))
    assert time.perf_counter() - started < 1.0


def test_built_layers_match_exported_code_lines():
    spec = load_template("residual-mlp")
    model = build_model(spec, CTX).eval()
    namespace = {"nn": nn, "torch": torch}
    exec(MERGE_MODULES_SOURCE, namespace)
    from engine.graph import infer_shapes
    shapes = infer_shapes(spec, CTX)
    rebuilt = nn.ModuleDict()
    for node_id in model.node_ids:
        node = spec.node(node_id)
        in_shapes = [shapes[s] for s in spec.inputs_of(node_id)]
        rebuilt[node_id] = eval(REGISTRY[node.type].code(node.params, in_shapes, CTX), namespace)
    rebuilt.load_state_dict(model.layers.state_dict())  # strict: same keys and shapes


def test_deepcopy_and_device_moves_keep_the_plan_consistent():
    model = build_model(load_template("tutorial-mlp"), CTX).eval()
    clone = copy.deepcopy(model)
    with torch.no_grad():
        clone.layers["output_1"].bias.add_(1.0)
    x = torch.randn(3, 12)
    assert torch.allclose(clone(x), model(x) + 1.0)
    assert model.double()(x.double()).dtype == torch.float64


def test_torch_export_captures_the_graph():
    model = build_model(load_template("residual-mlp"), CTX).eval()
    x = torch.randn(2, 12)
    exported = torch.export.export(model, (x,))
    assert torch.allclose(exported.module()(x), model(x))


def test_every_template_is_covered():
    assert len(template_names()) >= 4
