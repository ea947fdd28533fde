"""Keras' convolution, pooling, reshaping, embedding and recurrent layers as LayerLab layers (read, never run).

Keras lays images out channels-last (height, width, channels); LayerLab channels-first (channels, height,
width). The layers are the same; only a Reshape to an image swaps its numbers, and Flatten's order of values
differs, which does not matter for weights that are learned anew.
"""

from __future__ import annotations

import ast

from engine.i18n import _

CONVOLUTIONS = {"Conv1D": "Conv1d", "Convolution1D": "Conv1d", "Conv2D": "Conv2d", "Convolution2D": "Conv2d"}
POOLS = {"MaxPooling1D": "MaxPool1d", "MaxPool1D": "MaxPool1d", "MaxPooling2D": "MaxPool2d", "MaxPool2D": "MaxPool2d",
         "AveragePooling1D": "AvgPool1d", "AvgPool1D": "AvgPool1d", "AveragePooling2D": "AvgPool2d",
         "AvgPool2D": "AvgPool2d"}
GLOBAL_POOLS = {"GlobalAveragePooling1D": "GlobalAvgPool", "GlobalAveragePooling2D": "GlobalAvgPool",
                "GlobalAvgPool1D": "GlobalAvgPool", "GlobalAvgPool2D": "GlobalAvgPool",
                "GlobalMaxPooling1D": "GlobalMaxPool", "GlobalMaxPooling2D": "GlobalMaxPool",
                "GlobalMaxPool1D": "GlobalMaxPool", "GlobalMaxPool2D": "GlobalMaxPool"}
RECURRENT = ("LSTM", "GRU")
SEQUENCE_LAYERS = (*CONVOLUTIONS, *POOLS, *GLOBAL_POOLS, "Flatten", "Reshape", "Embedding", *RECURRENT,
                   "Bidirectional")
"""The Keras layer names this module reads."""


def convert(reader, name: str, call: ast.Call) -> list[tuple[str, dict]]:
    """The LayerLab layers (type, params) for one Keras layer call of a name in SEQUENCE_LAYERS.

    ``reader`` is keras._Reader: it reads the arguments' plain values and raises KerasImportError naming
    the line for anything else.
    """
    line = call.lineno
    if name in CONVOLUTIONS:
        return _convolution(reader, CONVOLUTIONS[name], call, line)
    if name in POOLS:
        a = reader._args(call, ("pool_size", "strides", "padding"), ("data_format",))
        size = _square(reader, a.get("pool_size"), 2, "pool_size", line)
        strides = _square(reader, a.get("strides"), size, "strides", line) if a.get("strides") is not None else size
        if strides != size:
            reader.fail(_("{layer} with strides {strides} other than its pool_size {size} cannot be imported; "
                          "LayerLab's pooling moves by its window.").format(layer=name, strides=strides, size=size),
                        line)
        _valid_padding(reader, a, name, line)
        return [(POOLS[name], {"size": size})]
    if name in GLOBAL_POOLS:
        reader._args(call, (), ("data_format", "keepdims"))
        return [(GLOBAL_POOLS[name], {})]
    if name == "Flatten":
        reader._args(call, (), ("data_format",))
        return [("Flatten", {})]
    if name == "Reshape":
        return [("Reshape", {"shape": _reshape(reader, call, line)})]
    if name == "Embedding":
        a = reader._args(call, ("input_dim", "output_dim"), ("mask_zero", "input_length", "embeddings_initializer"))
        if "output_dim" not in a:
            reader.fail(_("Embedding needs output_dim, e.g. Embedding(10000, 64)."), line)
        dim = reader._whole(a["output_dim"], "output_dim", line)
        reader.notes.append(_("line {line}: Embedding's vocabulary (input_dim) comes from the text column's "
                              "tokenizer; token 0 is padding, which LayerLab masks.").format(line=line))
        return [("Embedding", {"dim": dim})]
    if name == "Bidirectional":
        a = reader._args(call, ("layer", "merge_mode"))
        inner = a.get("layer")
        if not (isinstance(inner, ast.Call) and _callee_name(inner) in RECURRENT):
            reader.fail(_("Bidirectional needs an LSTM or GRU layer inside, e.g. Bidirectional(LSTM(32))."), line)
        if "merge_mode" in a and reader._value(a["merge_mode"], "merge_mode", line) != "concat":
            reader.fail(_("Bidirectional's merge_mode must be 'concat' (LayerLab joins both directions)."), line)
        return _recurrent(reader, _callee_name(inner), inner, bidirectional=True)
    return _recurrent(reader, name, call, bidirectional=False)


def _callee_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _square(reader, node, default: int, what: str, line: int) -> int:
    """A window or stride: a whole number, or a tuple of equal ones (LayerLab's windows are square)."""
    if node is None:
        return default
    value = reader._value(node, what, line)
    values = list(value) if isinstance(value, (tuple, list)) else [value]
    if not values or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in values):
        reader.fail(_("{what} must be a whole number of at least 1 (or a tuple of them); got {value}.").format(
            what=what, value=repr(value)), line)
    if len(set(values)) != 1:
        reader.fail(_("{what} {value} is not square; LayerLab's windows have one size, e.g. {size} or "
                      "({size}, {size}).").format(what=what, value=repr(value), size=values[0]), line)
    return values[0]


def _valid_padding(reader, a: dict, name: str, line: int) -> str:
    padding = reader._value(a["padding"], "padding", line) if "padding" in a else "valid"
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        reader.fail(_("{layer} padding {padding} is not supported; use 'valid' or 'same'.").format(
            layer=name, padding=repr(padding)), line)
    if name in POOLS and padding.lower() != "valid":
        reader.fail(_("{layer} padding 'same' is not supported; LayerLab's pooling drops the last partial "
                      "window ('valid').").format(layer=name), line)
    return padding.lower()


def _convolution(reader, layer: str, call: ast.Call, line: int) -> list[tuple[str, dict]]:
    a = reader._args(call, ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                            "groups", "activation", "use_bias"), ("kernel_initializer", "bias_initializer",
                                                                  "kernel_regularizer", "input_shape"))
    name = _callee_name(call)
    if "filters" not in a or "kernel_size" not in a:
        reader.fail(_("{layer} needs filters and kernel_size, e.g. {layer}(32, 3).").format(layer=name), line)
    for unsupported, default in (("dilation_rate", 1), ("groups", 1)):
        if unsupported in a and _square(reader, a[unsupported], 1, unsupported, line) != default:
            reader.fail(_("{layer} with {setting} other than 1 is not supported.").format(
                layer=name, setting=unsupported), line)
    if "use_bias" in a and reader._value(a["use_bias"], "use_bias", line) is not True:
        reader.fail(_("{layer} without a bias is not supported; LayerLab's convolutions always have one.").format(
            layer=name), line)
    params = {"filters": reader._whole(a["filters"], "filters", line),
              "kernel": _square(reader, a["kernel_size"], 3, "kernel_size", line),
              "padding": _valid_padding(reader, a, name, line),  # Keras' default is 'valid', LayerLab's 'same'
              "stride": _square(reader, a.get("strides"), 1, "strides", line)}
    return [(layer, params), *_activation_layer(reader, a.get("activation"), line)]


def _activation_layer(reader, node, line: int) -> list[tuple[str, dict]]:
    act = reader._activation(node, line)
    if act == "softmax":
        reader.fail(_("softmax inside the model is supported only on the last Dense layer."), line)
    return reader.activation_layer(act)


def _reshape(reader, call: ast.Call, line: int) -> str:
    a = reader._args(call, ("target_shape",))
    shape = reader._value(a["target_shape"], "target_shape", line) if "target_shape" in a else None
    if not isinstance(shape, (tuple, list)) or not shape or any(
            isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in shape):
        reader.fail(_("Reshape needs a target_shape of whole numbers, e.g. Reshape((8, 8, 1)); got {shape} "
                      "(-1 cannot be imported: write the size out).").format(shape=repr(shape)), line)
    shape = list(shape)
    if len(shape) == 3:  # Keras' (height, width, channels) is LayerLab's (channels, height, width)
        shape = [shape[2], shape[0], shape[1]]
        reader.notes.append(_("line {line}: Reshape to an image: Keras' (height, width, channels) becomes "
                              "({shape}) channels first.").format(line=line, shape=", ".join(map(str, shape))))
    return ",".join(str(v) for v in shape)


def _recurrent(reader, name: str, call: ast.Call, *, bidirectional: bool) -> list[tuple[str, dict]]:
    line = call.lineno
    a = reader._args(call, ("units", "activation", "recurrent_activation"),
                     ("return_sequences", "return_state", "dropout", "recurrent_dropout", "go_backwards",
                      "input_shape", "reset_after"))
    if "units" not in a:
        reader.fail(_("{layer} needs a number of units, e.g. {layer}(32).").format(layer=name), line)
    for flag in ("return_state", "go_backwards"):
        if flag in a and reader._value(a[flag], flag, line):
            reader.fail(_("{layer}({setting}=True) cannot be imported; LayerLab's {layer} returns its last state "
                          "or the whole sequence.").format(layer=name, setting=flag), line)
    sequences = bool(reader._value(a["return_sequences"], "return_sequences", line)) \
        if "return_sequences" in a else False
    for ignored in ("activation", "recurrent_activation", "dropout", "recurrent_dropout"):
        if ignored in a:
            reader.notes.append(_("line {line}: {layer}({setting}=...) is ignored; LayerLab's {layer} uses torch's "
                                  "standard gates and no dropout inside.").format(line=line, layer=name,
                                                                                  setting=ignored))
    return [(name, {"hidden": reader._whole(a["units"], "units", line), "bidirectional": bidirectional,
                    "output": "sequence" if sequences else "last"})]
