"""Contract tests over every registered layer type, plus Param validation."""

import json
import warnings

import pytest
import torch
from torch import nn

from engine.errors import SpecError
from engine.layers import (
    ACTIVATIONS,
    MERGE_MODULES_SOURCE,
    REGISTRY,
    Add,
    Concatenate,
    Param,
    ShapeContext,
    categories,
    get_layer_type,
)

CTX = ShapeContext(input_width=7, output_width=3, task="multiclass")
WIDTH = 8


def _in_shapes(layer):
    if layer.max_inputs == 0:
        return []
    if layer.min_inputs >= 2:
        return [(WIDTH,), (WIDTH,)]
    return [(WIDTH,)]


def _run(layer, module, in_shapes):
    torch.manual_seed(0)
    if not in_shapes:
        return module(torch.randn(5, CTX.input_width))
    xs = [torch.randn(5, *s) for s in in_shapes]
    return module(xs) if layer.is_merge else module(xs[0])


def _numel(module):
    return sum(p.numel() for p in module.parameters())


def _code_namespace():
    namespace = {"nn": nn, "torch": torch}
    exec(MERGE_MODULES_SOURCE, namespace)
    return namespace


def _variants():
    """Every layer with defaults, plus every Dense activation and some non-default params."""
    cases = [(name, {}) for name in REGISTRY]
    cases += [("Dense", {"activation": a}) for a in ("none", *ACTIVATIONS)]
    cases += [("Dense", {"units": 5, "bias": False}), ("LeakyReLU", {"negative_slope": 0.3}),
              ("ELU", {"alpha": 0.5}), ("Dropout", {"rate": 0.5}), ("AlphaDropout", {"rate": 0.3}),
              ("BatchNorm", {"momentum": 0.2, "eps": 1e-3}), ("LayerNorm", {"eps": 1e-6})]
    return cases


VARIANTS = _variants()
IDS = [f"{name}-{json.dumps(params, sort_keys=True)}" for name, params in VARIANTS]


@pytest.mark.parametrize("name", list(REGISTRY))
def test_declaration_is_complete(name):
    layer = REGISTRY[name]
    assert layer.name == name and layer.display_name and layer.category
    assert "shape" in layer.help.lower()
    assert layer.validate_params(layer.defaults()) == []
    for p in layer.params:
        assert p.label and p.help
        assert p.validate(p.default) is None
        if p.kind == "choice":
            assert p.default in p.choices
    assert layer.summary(layer.defaults()).strip()
    assert layer.summary(layer.defaults(), CTX).strip()


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_layer_contract(name, params):
    layer = REGISTRY[name]
    assert layer.validate_params(params) == []
    assert json.loads(json.dumps(layer.with_defaults(params))) == layer.with_defaults(params)
    in_shapes = _in_shapes(layer)
    declared = layer.output_shape(params, in_shapes, CTX)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module = layer.build(params, in_shapes, CTX)
        real = _run(layer, module, in_shapes)
        module.eval()
        assert tuple(_run(layer, module, in_shapes).shape[1:]) == declared
    assert tuple(real.shape) == (5, *declared)
    assert layer.parameter_count(params, in_shapes, CTX) == _numel(module)

    code = layer.code(params, in_shapes, CTX)
    assert "\n" not in code
    from_code = eval(code, _code_namespace())
    assert isinstance(from_code, nn.Module)
    assert _numel(from_code) == _numel(module)
    assert list(from_code.state_dict()) == list(module.state_dict())
    from_code.load_state_dict(module.state_dict())
    from_code.eval()
    assert torch.equal(_run(layer, from_code, in_shapes), _run(layer, module, in_shapes))
    assert layer.summary(params, CTX).strip()


def test_summaries_read_like_the_canvas():
    dense = get_layer_type("Dense")
    assert dense.summary({}) == "Dense 64 · ReLU"
    assert dense.summary({"units": 10, "activation": "none"}) == "Dense 10"
    assert get_layer_type("Dropout").summary({}) == "Dropout 0.2"
    out = get_layer_type("Output")
    assert out.summary({}, ShapeContext(4, 1, "binary")) == "Output 1 · sigmoid"
    assert out.summary({}, ShapeContext(4, 5, "multiclass")) == "Output 5 · softmax"
    assert out.summary({}, ShapeContext(4, 1, "regression")) == "Output 1 · identity"


def test_output_emits_logits_of_task_width():
    out = get_layer_type("Output")
    module = out.build({}, [(6,)], ShapeContext(3, 1, "binary"))
    assert isinstance(module, nn.Linear) and module.out_features == 1
    assert out.output_shape({}, [(6,)], ShapeContext(3, 4, "multiclass")) == (4,)


def test_dense_matches_keras_semantics():
    module = get_layer_type("Dense").build({"units": 3, "activation": "relu"}, [(4,)], CTX)
    x = torch.randn(6, 4)
    assert torch.equal(module(x), torch.relu(module[0](x)))


def test_merge_source_defines_the_same_modules():
    namespace = _code_namespace()
    a, b = torch.randn(3, 2), torch.randn(3, 4)
    assert torch.equal(namespace["Concatenate"]()([a, b]), Concatenate()([a, b]))
    assert torch.equal(namespace["Add"]()([a, a, a]), Add()([a, a, a]))
    assert torch.equal(Add()([a, a]), 2 * a)


def test_add_rejects_mismatched_widths_with_clear_message():
    with pytest.raises(SpecError, match=r"Add needs inputs of the same width: got \(64,\) and "
                                        r"\(32,\)"):
        get_layer_type("Add").output_shape({}, [(64,), (32,)], CTX)


def test_concatenate_sums_widths():
    assert get_layer_type("Concatenate").output_shape({}, [(3,), (4,), (5,)], CTX) == (12,)


def test_input_refuses_zero_features():
    with pytest.raises(SpecError, match="no features"):
        get_layer_type("Input").output_shape({}, [], ShapeContext(0, 1, "binary"))


@pytest.mark.parametrize(("value", "ok"), [
    (64, True), (1, True), (65536, True), (0, False), (65537, False), (64.0, False),
    (True, False), ("64", False), (None, False)])
def test_int_param_validation(value, ok):
    units = get_layer_type("Dense").param("units")
    message = units.validate(value)
    assert (message is None) == ok
    if not ok:
        assert "units" in message and "1 to 65,536" in message


@pytest.mark.parametrize(("value", "ok"), [
    (0.0, True), (0, True), (0.99, True), (1.0, False), (-0.1, False), (float("nan"), False),
    (False, False), ("0.2", False)])
def test_float_param_validation(value, ok):
    rate = get_layer_type("Dropout").param("rate")
    assert (rate.validate(value) is None) == ok


def test_choice_bool_and_unknown_params():
    dense = get_layer_type("Dense")
    messages = dense.validate_params({"activation": "swish", "bias": 1, "colour": "red"})
    assert any("unknown parameter 'colour'" in m for m in messages)
    assert any("activation" in m and "relu" in m and "'swish'" in m for m in messages)
    assert any("bias" in m and "true or false" in m for m in messages)
    with pytest.raises(SpecError):
        dense.param("colour")


def test_param_describes_open_ranges():
    assert Param("x", "int", 1, "X", "h", minimum=1).allowed() == "a whole number of at least 1"
    assert Param("x", "float", 1, "X", "h", maximum=2).allowed() == "a number of at most 2"


def test_registry_lookup_and_categories():
    with pytest.raises(SpecError, match="Unknown layer type 'Conv9'"):
        get_layer_type("Conv9")
    grouped = categories()
    assert list(grouped)[0] == "Input & output"
    assert sorted(t.name for ts in grouped.values() for t in ts) == sorted(REGISTRY)
    assert {"Core", "Activations", "Regularisation", "Normalisation", "Merge"} <= set(grouped)
