"""ModelSpec editing, JSON, validation, shapes, summaries and templates."""

import json
import re

import pytest

from engine.errors import SpecError
from engine.graph import (
    SPEC_VERSION,
    Edge,
    ModelSpec,
    Node,
    infer_shapes,
    load_template,
    param_counts,
    summary_rows,
    summary_text,
    template_names,
    validate,
)
from engine.layers import ShapeContext
from tests.engine.multi_input_specs import TEMPLATE_CONTEXTS

CTX = ShapeContext(input_width=12, output_width=1, task="binary")


def _mlp():
    return ModelSpec.chain([("Dense", {"units": 64}), ("Dense", {"units": 32})], name="m")


def _problems(spec, ctx=CTX):
    return {(p.node_id, p.message) for p in validate(spec, ctx)}


def _about(spec, node_id, pattern, ctx=CTX):
    return [m for i, m in _problems(spec, ctx) if i == node_id and re.search(pattern, m)]


# --- editing ---------------------------------------------------------------------------------

def test_chain_builds_input_layers_output_top_down():
    spec = _mlp()
    assert [n.id for n in spec.nodes] == ["input_1", "dense_1", "dense_2", "output_1"]
    assert spec.topological_order() == ["input_1", "dense_1", "dense_2", "output_1"]
    assert spec.is_chain()
    assert [n.position[1] for n in spec.nodes] == sorted(n.position[1] for n in spec.nodes)
    assert spec.node("dense_1").params == {"units": 64, "activation": "relu", "bias": True}
    with pytest.raises(SpecError):
        ModelSpec.chain([("Conv9", {})])


def test_add_node_ids_and_errors():
    spec = ModelSpec()
    assert spec.add_node("Dense").id == "dense_1"
    assert spec.add_node("Dense").id == "dense_2"
    assert spec.add_node("LeakyReLU").id == "leakyrelu_1"
    spec.remove_node("dense_1")
    assert spec.add_node("Dense").id == "dense_3"  # ids are never reused
    assert spec.add_node("Dense", node_id="dense_1").id == "dense_1"
    for bad in ("dense_1", "has.dot", ""):
        with pytest.raises(SpecError):
            spec.add_node("Dense", node_id=bad)
    with pytest.raises(SpecError, match="Unknown layer type"):
        spec.add_node("Conv9")
    with pytest.raises(SpecError, match="no layer 'nope'"):
        spec.node("nope")


def test_remove_node_reconnects_a_chain():
    spec = _mlp()
    removed = spec.remove_node("dense_1")
    assert removed.id == "dense_1"
    assert spec.inputs_of("dense_2") == ["input_1"] and spec.is_chain()
    spec.remove_node("dense_2", reconnect=False)
    assert spec.inputs_of("output_1") == [] and not spec.is_chain()


def test_remove_node_keeps_merge_input_position():
    spec = load_template("residual-mlp")
    assert spec.inputs_of("add_1") == ["dense_3", "dense_1"]
    spec.remove_node("dense_3")
    assert spec.inputs_of("add_1") == ["dense_2", "dense_1"]
    spec.remove_node("add_1")  # two inputs: nothing to bridge
    assert spec.inputs_of("relu_1") == []


def test_connect_and_disconnect_refuse_bad_edges():
    spec = _mlp()
    with pytest.raises(SpecError, match="loop"):
        spec.connect("dense_2", "dense_1")
    with pytest.raises(SpecError, match="already"):
        spec.connect("dense_1", "dense_2")
    with pytest.raises(SpecError, match="itself"):
        spec.connect("dense_1", "dense_1")
    with pytest.raises(SpecError):
        spec.connect("dense_1", "ghost")
    spec.disconnect("dense_1", "dense_2")
    assert spec.outputs_of("dense_1") == []
    with pytest.raises(SpecError, match="not connected"):
        spec.disconnect("dense_1", "dense_2")


def test_topological_order_raises_on_cycle():
    spec = _mlp()
    spec.edges.append(Edge("dense_2", "dense_1"))
    with pytest.raises(SpecError, match="loop"):
        spec.topological_order()


# --- JSON ------------------------------------------------------------------------------------

def test_json_round_trip_is_exact():
    spec = load_template("residual-mlp")
    spec.node("dense_2").params["units"] = 17
    spec.node("relu_1").position = None
    again = ModelSpec.from_json(spec.to_json())
    assert again == spec
    assert ModelSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    assert spec.to_dict()["format"] == "layerlab.modelspec"
    assert spec.to_dict()["version"] == SPEC_VERSION
    copy = spec.copy()
    copy.node("dense_1").params["units"] = 1
    assert spec.node("dense_1").params["units"] == 64


def test_version_0_migrates():
    old = {"name": "old", "nodes": [
        {"id": "input_1", "layer": "Input", "params": {}, "position": {"x": 0, "y": 0}},
        {"id": "dense_1", "layer": "Dense", "params": {"units": 8}},
        {"id": "output_1", "layer": "Output", "params": {}}],
        "edges": [["input_1", "dense_1"], ["dense_1", "output_1"]]}
    spec = ModelSpec.from_dict(old)
    assert spec.node("dense_1").type == "Dense" and spec.node("input_1").position == (0.0, 0.0)
    assert spec.inputs_of("output_1") == ["dense_1"]
    assert validate(spec, CTX) == []


def test_newer_version_is_refused():
    data = _mlp().to_dict()
    data["version"] = SPEC_VERSION + 1
    with pytest.raises(SpecError, match="made by a newer LayerLab: upgrade"):
        ModelSpec.from_dict(data)


@pytest.mark.parametrize("garbage", [
    None, [], "text", {"format": "something.else"}, {"version": "one"},
    {"version": 1, "nodes": "abc"}, {"version": 1, "nodes": [1]},
    {"version": 1, "nodes": [{"id": "a"}]},
    {"version": 1, "nodes": [{"id": "a", "type": "Dense", "params": []}]},
    {"version": 1, "nodes": [{"id": "a", "type": "Input", "position": [1]}]},
    {"version": 1, "nodes": [{"id": "a", "type": "Input"}, {"id": "a", "type": "Input"}]},
    {"version": 1, "nodes": [{"id": "a", "type": "Input"}], "edges": [{"source": "a"}]},
    {"version": 1, "nodes": [{"id": "a", "type": "Input"}],
     "edges": [{"source": "a", "target": "ghost"}]},
])
def test_from_dict_refuses_garbage(garbage):
    with pytest.raises(SpecError):
        ModelSpec.from_dict(garbage)


def test_from_json_refuses_truncated_text():
    text = _mlp().to_json()
    with pytest.raises(SpecError, match="not valid JSON"):
        ModelSpec.from_json(text[: len(text) // 2])


def test_unknown_type_loads_and_is_reported():
    data = _mlp().to_dict()
    data["nodes"][1]["type"] = "Conv9"
    spec = ModelSpec.from_dict(data)
    assert _about(spec, "dense_1", "unknown type 'Conv9'")


# --- validation ------------------------------------------------------------------------------

def test_valid_models_have_no_problems():
    assert validate(_mlp(), CTX) == []
    assert validate(_mlp()) == []


def test_cycle_is_reported_on_each_layer_in_it():
    spec = _mlp()
    spec.add_node("Add", node_id="add_1")
    spec.edges = [Edge("input_1", "add_1"), Edge("dense_2", "add_1"), Edge("add_1", "dense_1"),
                  Edge("dense_1", "dense_2"), Edge("dense_2", "output_1")]
    looped = {i for i, m in _problems(spec) if "loop" in m}
    assert looped == {"add_1", "dense_1", "dense_2"}


def test_missing_and_too_many_inputs():
    spec = _mlp()
    spec.disconnect("dense_2", "output_1")
    spec.connect("input_1", "dense_2")
    assert _about(spec, "output_1", "needs an input: got 0")
    assert _about(spec, "dense_2", "takes 1 input: got 2")
    add = spec.add_node("Add")
    spec.connect("dense_1", add.id)
    assert _about(spec, add.id, "at least 2 inputs: got 1")


def test_dangling_and_disconnected_layers():
    spec = _mlp()
    dangling = spec.add_node("Dense")
    spec.connect("dense_1", dangling.id)
    assert _about(spec, dangling.id, "does not lead to the Output")
    lonely = spec.add_node("Dropout")
    assert _about(spec, lonely.id, "needs an input")
    assert _about(spec, lonely.id, "does not lead to the Output")
    orphan_src = spec.add_node("Dense")
    orphan = spec.add_node("ReLU")
    spec.connect(orphan_src.id, orphan.id)
    spec.disconnect("dense_2", "output_1")
    cat = spec.add_node("Concatenate")
    spec.connect("dense_2", cat.id)
    spec.connect(orphan.id, cat.id)
    spec.connect(cat.id, "output_1")
    assert _about(spec, orphan.id, "not fed by the Input")


def test_input_and_output_counts():
    spec = ModelSpec()
    spec.add_node("Dense")
    messages = [m for i, m in _problems(spec) if i is None]
    assert any("no Input" in m for m in messages) and any("no Output" in m for m in messages)
    spec = _mlp()
    spec.add_node("Input")
    spec.add_node("Output")
    assert _about(spec, "input_2", "which Input 'input_1' already reads")
    assert _about(spec, "output_2", "Only one Output")
    spec = _mlp()
    spec.remove_node("output_1", reconnect=False)
    out = spec.add_node("Output")
    spec.connect("dense_2", out.id)
    spec.connect(out.id, spec.add_node("ReLU").id)
    assert _about(spec, out.id, "must be the last layer")


def test_add_shape_mismatch_names_both_widths():
    spec = ModelSpec.chain([("Dense", {"units": 64})])
    other = spec.add_node("Dense", {"units": 32})
    spec.connect("input_1", other.id)
    add = spec.add_node("Add")
    spec.disconnect("dense_1", "output_1")
    spec.connect("dense_1", add.id)
    spec.connect(other.id, add.id)
    spec.connect(add.id, "output_1")
    assert _about(spec, add.id, re.escape("Add needs inputs of the same width: got (64,) and (32,)"))
    assert validate(spec) == []  # without widths, shapes are not checked


def test_bad_params_name_the_param_and_range():
    spec = _mlp()
    spec.node("dense_1").params.update(units=0, colour="red")
    spec.node("dense_2").params["activation"] = "swish"
    spec.add_node("Dropout", {"rate": 1.5})
    assert _about(spec, "dense_1", "units.*1 to 65,536: got 0")
    assert _about(spec, "dense_1", "unknown parameter 'colour'")
    assert _about(spec, "dense_2", "activation.*one of none, relu")
    assert _about(spec, "dropout_1", "rate.*0 to 0.99: got 1.5")


def test_validate_reports_everything_and_never_raises():
    spec = _mlp()
    spec.nodes.append(Node("weird.id", "Dense", params=None))
    spec.nodes.append(Node("mystery", "Conv9"))
    spec.node("dense_1").params["units"] = -1
    spec.edges.append(Edge("ghost", "dense_2"))
    problems = _problems(spec)
    ids = {i for i, _ in problems}
    assert {"weird.id", "mystery", "dense_1", None} <= ids
    assert len(problems) >= 5


def test_zero_feature_input_is_reported_on_the_input_layer():
    assert _about(_mlp(), "input_1", "no features", ShapeContext(0, 1, "binary"))


def test_absurd_sizes_are_refused_with_memory_needed():
    spec = ModelSpec.chain([("Dense", {"units": 62500})])
    ctx = ShapeContext(input_width=15999, output_width=1, task="binary")
    assert ("dense_1", "Dense 'dense_1' would need 4.0 GB for 1,000,000,000 parameters "
            "(the limit is 200,000,000): make it or the layer before it smaller") in _problems(
        spec, ctx)
    many = ModelSpec.chain([("Dense", {"units": 8000})] * 5)
    problems = _problems(many, ShapeContext(8000, 1, "binary"))
    assert any(i == "dense_1" and "1.3 GB for 320,048,001 parameters" in m for i, m in problems)


# --- shapes, counts and summaries -------------------------------------------------------------

def test_infer_shapes_and_counts():
    spec = load_template("residual-mlp")
    shapes = infer_shapes(spec, CTX)
    assert shapes == {"input_1": (12,), "dense_1": (64,), "dense_2": (64,), "dense_3": (64,),
                      "add_1": (64,), "relu_1": (64,), "output_1": (1,)}
    counts = param_counts(spec, CTX)
    assert counts["dense_1"] == 12 * 64 + 64 and counts["output_1"] == 65 and counts["add_1"] == 0
    broken = _mlp()
    broken.node("dense_2").params["units"] = 0
    assert set(infer_shapes(broken, CTX)) == {"input_1", "dense_1"}  # best effort, no raise


def test_summary_rows_and_text():
    spec = _mlp()
    rows = summary_rows(spec, CTX)
    assert rows[1] == ("dense_1", "Dense 64 · ReLU", (64,), 832)
    assert rows[-1] == ("output_1", "Output 1 · sigmoid", (1,), 33)
    text = summary_text(spec, CTX)
    assert "Layer" in text and "Output shape" in text and "Params" in text
    assert "dense_2 (Dense 32 · ReLU)" in text
    assert "Total params: 2,945" in text


# --- templates ---------------------------------------------------------------------------------

def test_templates_are_listed_and_described():
    assert {"tutorial-mlp", "deep-mlp", "residual-mlp", "regression-mlp"} <= set(template_names())
    for name in template_names():
        spec = load_template(name)
        assert spec.name and spec.description
        assert validate(spec, TEMPLATE_CONTEXTS.get(name, CTX)) == []
        order = spec.topological_order()
        for node_id in order:
            for source in spec.inputs_of(node_id):
                assert spec.node(source).position[1] < spec.node(node_id).position[1]
    with pytest.raises(SpecError, match="No model template"):
        load_template("nope")


def test_tutorial_template_is_exactly_the_classic_mlp():
    spec = load_template("tutorial-mlp")
    assert spec.is_chain()
    texts = [text for _, text, _, _ in summary_rows(spec, CTX)]
    assert texts == ["Input 12", "Dense 64 · ReLU", "Dense 64 · ReLU", "Output 1 · sigmoid"]


def test_deep_and_regression_templates():
    deep = [t for _, t, _, _ in summary_rows(load_template("deep-mlp"), CTX)]
    assert deep[1:-1] == ["Dense 128 · ReLU", "BatchNorm", "Dropout 0.2",
                          "Dense 64 · ReLU", "BatchNorm", "Dropout 0.2"]
    reg_ctx = ShapeContext(12, 1, "regression")
    reg = [t for _, t, _, _ in summary_rows(load_template("regression-mlp"), reg_ctx)]
    assert reg[1:] == ["Dense 64 · ReLU", "Dense 32 · ReLU", "Output 1 · identity"]


def test_reserved_node_ids_match_torch_module_dict():
    """The hard-coded list (kept so validation never imports torch) must cover torch's own names."""
    import torch

    from engine.graph.analysis import RESERVED_NODE_IDS

    assert set(dir(torch.nn.ModuleDict())) <= RESERVED_NODE_IDS


# --- counting layers as a person would -------------------------------------------------------

def test_count_hidden_layers_counts_trainable_layers_not_every_node():
    from engine.graph import count_hidden_layers

    spec = ModelSpec.chain([("Dense", {"units": 64}), ("BatchNorm", {}), ("ReLU", {}), ("Dropout", {}),
                            ("Dense", {"units": 32}), ("Dropout", {})])
    assert len(spec.nodes) == 8
    assert count_hidden_layers(spec) == 2  # two Dense layers with their norm/activation/dropout
    assert count_hidden_layers(ModelSpec.chain([])) == 0
    assert count_hidden_layers(load_template("residual-mlp")) == sum(
        1 for n in load_template("residual-mlp").nodes if n.type == "Dense")
