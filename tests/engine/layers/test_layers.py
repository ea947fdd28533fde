"""Contract tests over every registered layer type, plus Param validation."""

import json
import warnings

import pytest
import torch
from torch import nn

from engine.errors import SpecError
from engine.layers import (
    ACTIVATIONS,
    LAYER_MODULES_SOURCE,
    MERGE_MODULES_SOURCE,
    REGISTRY,
    Add,
    Concatenate,
    InputSource,
    Param,
    ShapeContext,
    categories,
    get_layer_type,
)

VOCAB = 50
SOURCES = (InputSource("table", "table", (7,)), InputSource("review", "text", (12,), vocab_size=VOCAB),
           InputSource("digits", "image", (1, 8, 8)), InputSource("history", "sequence", (6, 3)))
CTX = ShapeContext(input_width=7, output_width=3, task="multiclass", sources=SOURCES)
WIDTH = 8

# Sample input shapes per layer type (one contract case each); others get (WIDTH,) per input.
SHAPES = {
    "Dense": [[(WIDTH,)], [(6, WIDTH)], [(2, 5, WIDTH)]],
    "ReLU": [[(WIDTH,)], [(6, WIDTH)], [(2, 5, WIDTH)]],
    "Dropout": [[(WIDTH,)], [(2, 5, WIDTH)]],
    "BatchNorm": [[(WIDTH,)], [(6, WIDTH)], [(3, 5, 5)]],
    "LayerNorm": [[(WIDTH,)], [(6, WIDTH)]],
    "Add": [[(WIDTH,), (WIDTH,)], [(6, WIDTH), (6, WIDTH)]],
    "Concatenate": [[(WIDTH,), (3,)], [(6, WIDTH), (6, 2)], [(2, 4, 4), (2, 4, 1)]],
    "Embedding": [[(12,)]],
    "PositionalEmbedding": [[(6, WIDTH)]],
    "TransformerBlock": [[(6, WIDTH)]],
    "LSTM": [[(6, WIDTH)]],
    "GRU": [[(6, WIDTH)]],
    "MaskedMeanPool": [[(6, WIDTH)]],
    "Conv2d": [[(3, 9, 8)]],
    "Conv1d": [[(9, WIDTH)]],
    "MaxPool2d": [[(3, 9, 8)]],
    "AvgPool2d": [[(3, 9, 8)]],
    "MaxPool1d": [[(9, WIDTH)]],
    "AvgPool1d": [[(9, WIDTH)]],
    "GlobalAvgPool": [[(6, WIDTH)], [(3, 5, 4)]],
    "GlobalMaxPool": [[(6, WIDTH)], [(3, 5, 4)]],
    "Flatten": [[(WIDTH,)], [(6, WIDTH)], [(3, 5, 4)]],
    "Reshape": [[(64,)], [(4, 16)]],
}


def _in_shapes(layer):
    if layer.max_inputs == 0:
        return []
    if layer.min_inputs >= 2:
        return [(WIDTH,), (WIDTH,)]
    return [(WIDTH,)]


def _inputs(layer, params, in_shapes):
    """Random inputs of the right kind: token ids for Embedding, a source's values for Input, else floats."""
    if not in_shapes:
        source = CTX.source(params.get("source", ""))
        if source.kind == "text":
            return [torch.randint(0, VOCAB, (5, *source.shape))]
        if source.kind == "image":
            return [torch.randint(0, 256, (5, *source.shape), dtype=torch.uint8)]
        return [torch.randn(5, *source.shape)]
    if layer.takes_token_ids:
        return [torch.randint(0, VOCAB, (5, *in_shapes[0]))]
    return [torch.randn(5, *s) for s in in_shapes]


def _run(layer, module, in_shapes, params=None):
    torch.manual_seed(0)
    xs = _inputs(layer, params or {}, in_shapes)
    return module(xs) if layer.is_merge else module(xs[0])


def _numel(module):
    return sum(p.numel() for p in module.parameters())


def _code_namespace():
    namespace = {"nn": nn, "torch": torch}
    exec(MERGE_MODULES_SOURCE, namespace)
    exec(LAYER_MODULES_SOURCE, namespace)
    return namespace


def _variants():
    """Every layer with defaults on each sample shape, plus every Dense activation and some non-default params."""
    cases = [(name, {}, shapes) for name in REGISTRY for shapes in SHAPES.get(name, [None])]
    cases += [("Dense", {"activation": a}, None) for a in ("none", *ACTIVATIONS)]
    cases += [("Dense", {"units": 5, "bias": False}, None), ("LeakyReLU", {"negative_slope": 0.3}, None),
              ("ELU", {"alpha": 0.5}, None), ("Dropout", {"rate": 0.5}, None), ("AlphaDropout", {"rate": 0.3}, None),
              ("BatchNorm", {"momentum": 0.2, "eps": 1e-3}, None), ("LayerNorm", {"eps": 1e-6}, None)]
    cases += [("Input", {"source": name}, None) for name in ("table", "review", "digits", "history")]
    cases += [("Embedding", {"dim": 3}, [(12,)]),
              ("TransformerBlock", {"heads": 2, "feedforward": 16, "activation": "relu"}, [(6, WIDTH)]),
              ("LSTM", {"hidden": 5, "bidirectional": True, "layers": 2}, [(6, WIDTH)]),
              ("LSTM", {"hidden": 5, "output": "sequence", "bidirectional": True}, [(6, WIDTH)]),
              ("GRU", {"hidden": 4, "output": "sequence", "layers": 3}, [(6, WIDTH)]),
              ("GRU", {"hidden": 4, "bidirectional": True}, [(6, WIDTH)]),
              ("Conv2d", {"filters": 4, "kernel": 2, "padding": "valid", "stride": 2}, [(3, 9, 8)]),
              ("Conv2d", {"kernel": 5, "stride": 3}, [(2, 7, 7)]),
              ("Conv1d", {"filters": 4, "kernel": 4, "padding": "valid", "stride": 2}, [(9, WIDTH)]),
              ("MaxPool2d", {"size": 3}, [(3, 9, 8)]), ("AvgPool1d", {"size": 4}, [(9, WIDTH)]),
              ("Reshape", {"shape": "2,4,8"}, [(64,)]), ("Reshape", {"shape": "8 × 8"}, [(1, 8, 8)])]
    return cases


VARIANTS = _variants()
IDS = [f"{name}-{json.dumps(params, sort_keys=True)}-{shapes}" for name, params, shapes in VARIANTS]


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


@pytest.mark.parametrize(("name", "params", "shapes"), VARIANTS, ids=IDS)
def test_layer_contract(name, params, shapes):
    layer = REGISTRY[name]
    assert layer.validate_params(params) == []
    assert json.loads(json.dumps(layer.with_defaults(params))) == layer.with_defaults(params)
    in_shapes = _in_shapes(layer) if shapes is None else shapes
    declared = layer.output_shape(params, in_shapes, CTX)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module = layer.build(params, in_shapes, CTX)
        real = _run(layer, module, in_shapes, params)
        module.eval()
        assert tuple(_run(layer, module, in_shapes, params).shape[1:]) == declared
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
    assert torch.equal(_run(layer, from_code, in_shapes, params), _run(layer, module, in_shapes, params))
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


def test_modules_source_is_the_modules_file():
    import inspect

    from engine.layers import modules

    assert inspect.getsource(modules).endswith(LAYER_MODULES_SOURCE)


@pytest.mark.parametrize(("text", "shape"), [
    ("1,8,8", (1, 8, 8)), (" 2 , 4 ", (2, 4)), ("8×8", (8, 8)), ("3x4", (3, 4)), ("64", (64,)),
    ("0,8", None), ("1,,8", None), ("-1,8", None), ("a", None), ("", None), (64, None), ("1.5,2", None)])
def test_shape_params_read_commas(text, shape):
    from engine.layers import parse_shape

    assert parse_shape(text) == shape
    assert (Param("shape", "shape", "1", "Shape", "h").validate(text) is None) == (shape is not None)


def test_source_params_take_any_name_and_the_context_resolves_it():
    assert Param("source", "source", "", "S", "h").validate("a column") is None
    assert Param("source", "source", "", "S", "h").validate(3) is not None
    assert CTX.source("") == SOURCES[0] and CTX.source("digits").shape == (1, 8, 8)
    with pytest.raises(SpecError, match=r"no input called 'nope'; available: 'table', 'review', 'digits', 'history'"):
        CTX.source("nope")
    assert ShapeContext(4, 1).all_sources() == (InputSource("table", "table", (4,)),)


def test_input_summaries_and_shapes_per_source():
    layer = get_layer_type("Input")
    assert layer.summary({"source": "review"}, CTX) == "review · text · 12 tokens"
    assert layer.summary({"source": "digits"}, CTX) == "digits · image · 1×8×8"
    assert layer.summary({"source": "history"}, CTX) == "history · 6 steps × 3"
    assert layer.summary({}, CTX) == "7 table features"
    assert layer.summary({}, ShapeContext(12, 1, "binary")) == "Input 12"
    assert layer.output_shape({"source": "digits"}, [], CTX) == (1, 8, 8)


@pytest.mark.parametrize(("name", "shapes", "message"), [
    ("Conv2d", [(64,)], r"Conv2d needs \(channels, height, width\); it gets \(64,\): add Reshape or use an image"),
    ("Conv1d", [(64,)], r"Conv1d needs \(steps, channels\); it gets \(64,\): put an Embedding after a text input"),
    ("LSTM", [(3, 8, 8)], r"LSTM needs \(steps, features\); it gets \(3, 8, 8\)"),
    ("MaskedMeanPool", [(8,)], r"MaskedMeanPool needs \(steps, features\)"),
    ("GlobalAvgPool", [(8,)], r"needs \(steps, channels\) or \(channels, height, width\); it gets \(8,\)"),
    ("Output", [(4, 8)], r"Output needs \(features,\); it gets \(4, 8\): add Flatten"),
    ("Embedding", [(4, 8)], r"Embedding needs \(tokens,\); it gets \(4, 8\)"),
    ("TransformerBlock", [(6, 6)], r"4 heads cannot share 6 evenly: pick 1, 2, 3, 6 heads"),
    ("Conv2d", [(1, 2, 2)], r"at least 3 values along each axis it slides over; it gets \(1, 2, 2\)"),
    ("Add", [(2, 4), (4, 2)], r"Add needs inputs of the same shape: got \(2, 4\) and \(4, 2\)"),
    ("BatchNorm", [(1, 2, 3, 4)], r"BatchNorm needs \(features,\), \(steps, channels\) or \(channels, height, "),
])
def test_shape_errors_say_what_is_needed(name, shapes, message):
    params = {"padding": "valid"} if name == "Conv2d" else {}
    with pytest.raises(SpecError, match=message):
        get_layer_type(name).output_shape(params, shapes, CTX)
