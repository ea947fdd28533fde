"""Every layer type LayerLab offers, declared once, and the registry that holds them."""

from __future__ import annotations

from typing import Callable

from engine.errors import SpecError
from engine.i18n import N_, _
from engine.layers import sequence_layers, shape_layers, vision_layers
from engine.layers.base import LayerType, Param, Shape, nn
from engine.layers.rules import layer_module, needs, shape_text

# --- activations shared by Dense and the stand-alone activation layers --------------------

# key -> (display name, torch factory, code expression)
ACTIVATIONS: dict[str, tuple[str, Callable[[], nn.Module], str]] = {
    "relu": ("ReLU", lambda: nn.ReLU(), "nn.ReLU()"),
    "leaky_relu": ("LeakyReLU", lambda: nn.LeakyReLU(), "nn.LeakyReLU()"),
    "elu": ("ELU", lambda: nn.ELU(), "nn.ELU()"),
    "gelu": ("GELU", lambda: nn.GELU(), "nn.GELU()"),
    "silu": ("SiLU", lambda: nn.SiLU(), "nn.SiLU()"),
    "tanh": ("Tanh", lambda: nn.Tanh(), "nn.Tanh()"),
    "sigmoid": ("Sigmoid", lambda: nn.Sigmoid(), "nn.Sigmoid()"),
    "softmax": ("Softmax", lambda: nn.Softmax(dim=-1), "nn.Softmax(dim=-1)"),
}

# What the Output layer's logits turn into at prediction time, per task.
OUTPUT_ACTIVATIONS = {"binary": "sigmoid", "multiclass": "softmax", "regression": "identity"}


def _merge_module(name: str):
    from engine.layers import merge

    return getattr(merge, name)()


def _width(in_shapes: list[Shape]) -> int:
    return in_shapes[0][-1]


def _same(params, shapes, context):
    return shapes[0]


def _no_params(params, shapes, context):
    return 0


def _dense_build(params, shapes, context):
    linear = nn.Linear(_width(shapes), params["units"], bias=params["bias"])
    if params["activation"] == "none":
        return linear
    return nn.Sequential(linear, ACTIVATIONS[params["activation"]][1]())


def _dense_code(params, shapes, context):
    linear = f"nn.Linear({_width(shapes)}, {params['units']}, bias={params['bias']})"
    if params["activation"] == "none":
        return linear
    return f"nn.Sequential({linear}, {ACTIVATIONS[params['activation']][2]})"


def _dense_summary(params, context):
    act = params["activation"]
    return f"Dense {params['units']}" + ("" if act == "none" else f" · {ACTIVATIONS[act][0]}")


def _input_shape(params, shapes, context):
    source = context.source(params["source"])
    if source.kind == "table" and source.shape[-1] < 1:
        raise SpecError("The Input layer has no features: choose at least one feature column")
    return source.shape


def _input_build(params, shapes, context):
    return layer_module("ImageInput")() if context.source(params["source"]).kind == "image" else nn.Identity()


def _input_code(params, shapes, context):
    return "ImageInput()" if context.source(params["source"]).kind == "image" else "nn.Identity()"


def _input_summary(params, context):
    if context is None:
        return "Input" if not params["source"] else f"Input · {params['source']}"
    try:
        source = context.source(params["source"])
    except SpecError:
        return f"Input · {params['source']}"
    if len(context.all_sources()) == 1 and source.kind == "table":
        return f"Input {source.shape[0]}"  # today's single-table models read as before
    if source.kind == "table":
        return _("{count} table features").format(count=source.shape[0])
    if source.kind == "text":
        return _("{name} · text · {length} tokens").format(name=source.name, length=source.shape[0])
    if source.kind == "image":
        size = "×".join(str(n) for n in source.shape)
        return f"image · {size}" if source.name == "image" else f"{source.name} · image · {size}"
    steps, features = (tuple(source.shape) + (1, 1))[:2]
    return _("{name} · {steps} steps × {features}").format(name=source.name, steps=steps, features=features)


def _output_shape(params, shapes, context):
    if len(shapes[0]) != 1:
        raise needs("Output", "(features,)", shapes[0],
                    _("add Flatten, a global pool or MaskedMeanPool before it"))
    if context.output_width < 1:
        raise SpecError("The Output layer has no outputs: choose a target column")
    return (context.output_width,)


def _output_summary(params, context):
    if context is None:
        return "Output · auto"
    return f"Output {context.output_width} · {OUTPUT_ACTIVATIONS.get(context.task or '', 'auto')}"


def _add_shape(params, shapes, context):
    for other in shapes[1:]:
        if other != shapes[0]:
            if len(other) == len(shapes[0]) == 1:
                raise SpecError(f"Add needs inputs of the same width: got {shapes[0]} and {other}")
            raise SpecError(_("Add needs inputs of the same shape: got {first} and {other}").format(
                first=shape_text(shapes[0]), other=shape_text(other)))
    return shapes[0]


def _concatenate_shape(params, shapes, context):
    """Join along the last axis; every other axis must match."""
    for other in shapes[1:]:
        if len(other) != len(shapes[0]) or other[:-1] != shapes[0][:-1]:
            raise SpecError(_("Concatenate joins inputs along their last axis, so the other axes must match: got "
                              "{first} and {other}; add Flatten or a pool to one of them").format(
                first=shape_text(shapes[0]), other=shape_text(other)))
    return (*shapes[0][:-1], sum(shape[-1] for shape in shapes))


def _dense_shape(params, shapes, context):
    return (*shapes[0][:-1], params["units"])


def _channels(shapes) -> int:
    """The channel axis: the features of (features,), the last axis of (steps, channels), the first of an image."""
    shape = shapes[0]
    return shape[0] if len(shape) == 3 else shape[-1]


def _batchnorm_shape(params, shapes, context):
    if len(shapes[0]) not in (1, 2, 3):
        raise needs("BatchNorm", _("(features,), (steps, channels) or (channels, height, width)"), shapes[0],
                    _("add Flatten before it"))
    return shapes[0]


def _batchnorm_build(params, shapes, context):
    rank, channels = len(shapes[0]), _channels(shapes)
    if rank == 3:
        return nn.BatchNorm2d(channels, eps=params["eps"], momentum=params["momentum"])
    norm = nn.BatchNorm1d(channels, eps=params["eps"], momentum=params["momentum"])
    return layer_module("ChannelsLast")(norm) if rank == 2 else norm


def _batchnorm_code(params, shapes, context):
    rank, channels = len(shapes[0]), _channels(shapes)
    args = f"{channels}, eps={params['eps']!r}, momentum={params['momentum']!r}"
    if rank == 3:
        return f"nn.BatchNorm2d({args})"
    return f"ChannelsLast(nn.BatchNorm1d({args}))" if rank == 2 else f"nn.BatchNorm1d({args})"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _rate(default: float) -> Param:
    return Param("rate", "float", default, N_("Rate"), N_("Share of values set to zero while training."),
                 minimum=0.0, maximum=0.99)


_EPS = Param("eps", "float", 1e-5, N_("Epsilon"), N_("Small number added to the variance so it never "
                                                   "divides by zero."), minimum=1e-12, maximum=1.0, advanced=True)


def _activation_layer(name: str, key: str, help_text: str) -> LayerType:
    display, factory, code = ACTIVATIONS[key]
    return LayerType(
        name=name, display_name=display, category=N_("Activations"),
        help=help_text,
        params=(), min_inputs=1, max_inputs=1, shape_rule=_same,
        build_rule=lambda params, shapes, context: factory(),
        code_rule=lambda params, shapes, context: code,
        count_rule=_no_params, summary_rule=lambda params, context: display, keeps_positions=True)


def _declare() -> dict[str, LayerType]:
    act_choices = ("none",) + tuple(ACTIVATIONS)
    types = [
        LayerType(
            name="Input", display_name="Input", category=N_("Input & output"),
            help=N_("Where one input of the data enters the model: the table's prepared feature columns, a text "
                    "column's token ids, an image or the history of a time series. No inputs. Output shape: "
                    "(features,) for the table, (tokens,) for text, (channels, height, width) for an image, "
                    "(steps, features) for a history."),
            params=(Param("source", "source", "", N_("Data input"),
                          N_("Which input of the data enters here: the table's features, a text column, an image "
                             "or the history of a time series. Empty: the first one.")),),
            min_inputs=0, max_inputs=0, shape_rule=_input_shape,
            build_rule=_input_build, code_rule=_input_code,
            count_rule=_no_params, summary_rule=_input_summary, keeps_positions=True),
        LayerType(
            name="Output", display_name="Output", category=N_("Input & output"),
            help=N_("The final linear layer; it produces raw scores (logits) that the loss reads. "
                    "Input shape: (features,). Output shape: (1,) for binary and regression, "
                    "(classes,) for multiclass."),
            params=(Param("activation", "choice", "auto", N_("Activation at prediction"),
                          N_("Applied only when predicting, chosen from the task: sigmoid for "
                             "binary, softmax for multiclass, identity for regression."),
                          choices=("auto",)),),
            min_inputs=1, max_inputs=1, shape_rule=_output_shape,
            build_rule=lambda params, shapes, context: nn.Linear(_width(shapes), context.output_width),
            code_rule=lambda params, shapes, context: f"nn.Linear({_width(shapes)}, {context.output_width})",
            count_rule=lambda params, shapes, context: (_width(shapes) + 1) * context.output_width,
            summary_rule=_output_summary),
        LayerType(
            name="Dense", display_name="Dense", category=N_("Core"),
            help=N_("Fully connected layer: every output is a weighted sum of every "
                    "input, followed by an optional activation. Input shape: (features,). Output shape: (units,)."),
            params=(
                Param("units", "int", 64, N_("Units"), N_("Number of outputs (neurons). "
                                                          "Input shape: (features,). Output shape: (units,)."),
                      minimum=1, maximum=65536),
                Param("activation", "choice", "relu", N_("Activation"),
                      N_("Function applied to each output; 'none' keeps it linear."),
                      choices=act_choices),
                Param("bias", "bool", True, N_("Use bias"), N_("Add a learned offset to each output."),
                      advanced=True),
            ),
            min_inputs=1, max_inputs=1, shape_rule=_dense_shape,
            build_rule=_dense_build, code_rule=_dense_code, keeps_positions=True,
            count_rule=lambda params, shapes, context: (_width(shapes) * params["units"]
                                                        + (params["units"] if params["bias"] else 0)),
            summary_rule=_dense_summary),
        _activation_layer("ReLU", "relu", N_("Applies ReLU to every value. "
                                             "Input shape: (features,). Output shape: same as input.")),
        LayerType(
            name="LeakyReLU", display_name="LeakyReLU", category=N_("Activations"),
            help=N_("Like ReLU, but lets a small slope through for negative values. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(Param("negative_slope", "float", 0.01, N_("Negative slope"),
                          N_("Slope used for negative values."), minimum=0.0, maximum=1.0),),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.LeakyReLU(negative_slope=params["negative_slope"]),
            code_rule=lambda params, shapes, context: f"nn.LeakyReLU(negative_slope={params['negative_slope']!r})",
            count_rule=_no_params, keeps_positions=True,
            summary_rule=lambda params, context: f"LeakyReLU {_fmt(params['negative_slope'])}"),
        LayerType(
            name="ELU", display_name="ELU", category=N_("Activations"),
            help=N_("Exponential linear unit: smooth for negative values. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(Param("alpha", "float", 1.0, N_("Alpha"), N_("Value the output approaches for "
                                                                 "very negative inputs (as -alpha)."),
                          minimum=0.0, maximum=10.0),),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.ELU(alpha=params["alpha"]),
            code_rule=lambda params, shapes, context: f"nn.ELU(alpha={params['alpha']!r})",
            count_rule=_no_params, summary_rule=lambda params, context: f"ELU {_fmt(params['alpha'])}",
            keeps_positions=True),
        _activation_layer("GELU", "gelu", N_("Applies GELU to every value. "
                                             "Input shape: (features,). Output shape: same as input.")),
        _activation_layer("SiLU", "silu", N_("Applies SiLU to every value. "
                                             "Input shape: (features,). Output shape: same as input.")),
        _activation_layer("Tanh", "tanh", N_("Applies Tanh to every value. "
                                             "Input shape: (features,). Output shape: same as input.")),
        _activation_layer("Sigmoid", "sigmoid", N_("Applies Sigmoid to every value. "
                                                   "Input shape: (features,). Output shape: same as input.")),
        _activation_layer("Softmax", "softmax", N_("Applies Softmax to every value. "
                                                   "Input shape: (features,). Output shape: same as input.")),
        LayerType(
            name="Dropout", display_name="Dropout", category=N_("Regularisation"),
            help=N_("While training, sets a random share of values to zero so the "
                    "model cannot rely on any single one; does nothing when predicting. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(_rate(0.2),),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.Dropout(p=params["rate"]),
            code_rule=lambda params, shapes, context: f"nn.Dropout(p={params['rate']!r})",
            count_rule=_no_params, summary_rule=lambda params, context: f"Dropout {_fmt(params['rate'])}",
            keeps_positions=True),
        LayerType(
            name="AlphaDropout", display_name="AlphaDropout", category=N_("Regularisation"),
            help=N_("Dropout that keeps the mean and variance of SELU-style "
                    "activations; does nothing when predicting. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(_rate(0.1),),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.AlphaDropout(p=params["rate"]),
            code_rule=lambda params, shapes, context: f"nn.AlphaDropout(p={params['rate']!r})",
            count_rule=_no_params, summary_rule=lambda params, context: f"AlphaDropout {_fmt(params['rate'])}",
            keeps_positions=True),
        LayerType(
            name="BatchNorm", display_name="BatchNorm", category=N_("Normalisation"),
            help=N_("Normalises each feature over the batch, then scales and shifts "
                    "it with learned values. Needs batches of 2 or more rows. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(Param("momentum", "float", 0.1, N_("Momentum"), N_("How fast the running mean and "
                                                                       "variance follow new batches."),
                          minimum=0.0, maximum=1.0,
                          advanced=True), _EPS),
            min_inputs=1, max_inputs=1, shape_rule=_batchnorm_shape, keeps_positions=True,
            build_rule=_batchnorm_build, code_rule=_batchnorm_code,
            count_rule=lambda params, shapes, context: 2 * _channels(shapes),
            summary_rule=lambda params, context: "BatchNorm"),
        LayerType(
            name="LayerNorm", display_name="LayerNorm", category=N_("Normalisation"),
            help=N_("Normalises the features of each row, then scales and shifts "
                    "them with learned values. Input shape: (features,). Output shape: same as input."),
            params=(_EPS,), min_inputs=1, max_inputs=1, shape_rule=_same, keeps_positions=True,
            build_rule=lambda params, shapes, context: nn.LayerNorm(_width(shapes), eps=params["eps"]),
            code_rule=lambda params, shapes, context: f"nn.LayerNorm({_width(shapes)}, eps={params['eps']!r})",
            count_rule=lambda params, shapes, context: 2 * _width(shapes),
            summary_rule=lambda params, context: "LayerNorm"),
        LayerType(
            name="Add", display_name="Add", category=N_("Merge"),
            help=N_("Adds two or more inputs element by element (e.g. a skip connection). "
                    "Input shapes: all the same (features,). Output shape: (features,)."),
            params=(), min_inputs=2, max_inputs=None, shape_rule=_add_shape,
            build_rule=lambda params, shapes, context: _merge_module("Add"),
            code_rule=lambda params, shapes, context: "Add()",
            count_rule=_no_params, summary_rule=lambda params, context: "Add", is_merge=True,
            keeps_positions=True),
        LayerType(
            name="Concatenate", display_name="Concatenate", category=N_("Merge"),
            help=N_("Joins two or more inputs side by side, in connection order. "
                    "Input shapes: (a,), (b,), ... Output shape: (a + b + ...,)."),
            params=(), min_inputs=2, max_inputs=None,
            shape_rule=_concatenate_shape,
            build_rule=lambda params, shapes, context: _merge_module("Concatenate"),
            code_rule=lambda params, shapes, context: "Concatenate()",
            count_rule=_no_params, summary_rule=lambda params, context: "Concatenate", is_merge=True),
    ]
    types += sequence_layers.declare() + vision_layers.declare() + shape_layers.declare()
    return {t.name: t for t in types}


REGISTRY: dict[str, LayerType] = _declare()

CATEGORY_ORDER = ("Input & output", "Core", "Activations", "Regularisation", "Normalisation",
                  "Text & sequence", "Convolution & pooling", "Reshape", "Merge")


def get_layer_type(name: str) -> LayerType:
    """Return the declaration of layer type ``name``.

    Raises:
        SpecError: naming the unknown type and listing the known ones.
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise SpecError(f"Unknown layer type {name!r}; known types: "
                        + ", ".join(REGISTRY)) from None


def categories() -> dict[str, list[LayerType]]:
    """Return layer types grouped by palette category, in palette order."""
    grouped: dict[str, list[LayerType]] = {category: [] for category in CATEGORY_ORDER}
    for t in REGISTRY.values():
        grouped.setdefault(t.category, []).append(t)
    return {category: ts for category, ts in grouped.items() if ts}
