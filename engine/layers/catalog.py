"""Every layer type LayerLab offers, declared once, and the registry that holds them."""

from __future__ import annotations

from typing import Callable

from engine.errors import SpecError
from engine.i18n import N_
from engine.layers.base import LayerType, Param, Shape, nn

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
    if context.input_width < 1:
        raise SpecError("The Input layer has no features: choose at least one feature column")
    return (context.input_width,)


def _output_shape(params, shapes, context):
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
            raise SpecError(f"Add needs inputs of the same width: got {shapes[0]} and {other}")
    return shapes[0]


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
        count_rule=_no_params, summary_rule=lambda params, context: display)


def _declare() -> dict[str, LayerType]:
    act_choices = ("none",) + tuple(ACTIVATIONS)
    types = [
        LayerType(
            name="Input", display_name="Input", category=N_("Input & output"),
            help=N_("Where the prepared feature columns enter the model. No inputs. "
                    "Output shape: (features,), the number of columns after preprocessing."),
            params=(), min_inputs=0, max_inputs=0, shape_rule=_input_shape,
            build_rule=lambda params, shapes, context: nn.Identity(),
            code_rule=lambda params, shapes, context: "nn.Identity()",
            count_rule=_no_params, summary_rule=lambda params, context: (
                "Input" if context is None else f"Input {context.input_width}")),
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
            min_inputs=1, max_inputs=1, shape_rule=lambda params, shapes, context: (params["units"],),
            build_rule=_dense_build, code_rule=_dense_code,
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
            count_rule=_no_params,
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
            count_rule=_no_params, summary_rule=lambda params, context: f"ELU {_fmt(params['alpha'])}"),
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
            count_rule=_no_params, summary_rule=lambda params, context: f"Dropout {_fmt(params['rate'])}"),
        LayerType(
            name="AlphaDropout", display_name="AlphaDropout", category=N_("Regularisation"),
            help=N_("Dropout that keeps the mean and variance of SELU-style "
                    "activations; does nothing when predicting. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(_rate(0.1),),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.AlphaDropout(p=params["rate"]),
            code_rule=lambda params, shapes, context: f"nn.AlphaDropout(p={params['rate']!r})",
            count_rule=_no_params, summary_rule=lambda params, context: f"AlphaDropout {_fmt(params['rate'])}"),
        LayerType(
            name="BatchNorm", display_name="BatchNorm", category=N_("Normalisation"),
            help=N_("Normalises each feature over the batch, then scales and shifts "
                    "it with learned values. Needs batches of 2 or more rows. "
                    "Input shape: (features,). Output shape: same as input."),
            params=(Param("momentum", "float", 0.1, N_("Momentum"), N_("How fast the running mean and "
                                                                       "variance follow new batches."),
                          minimum=0.0, maximum=1.0,
                          advanced=True), _EPS),
            min_inputs=1, max_inputs=1, shape_rule=_same,
            build_rule=lambda params, shapes, context: nn.BatchNorm1d(_width(shapes), eps=params["eps"],
                                                                      momentum=params["momentum"]),
            code_rule=lambda params, shapes, context: (f"nn.BatchNorm1d({_width(shapes)}, eps={params['eps']!r}, "
                                                       f"momentum={params['momentum']!r})"),
            count_rule=lambda params, shapes, context: 2 * _width(shapes),
            summary_rule=lambda params, context: "BatchNorm"),
        LayerType(
            name="LayerNorm", display_name="LayerNorm", category=N_("Normalisation"),
            help=N_("Normalises the features of each row, then scales and shifts "
                    "them with learned values. Input shape: (features,). Output shape: same as input."),
            params=(_EPS,), min_inputs=1, max_inputs=1, shape_rule=_same,
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
            count_rule=_no_params, summary_rule=lambda params, context: "Add", is_merge=True),
        LayerType(
            name="Concatenate", display_name="Concatenate", category=N_("Merge"),
            help=N_("Joins two or more inputs side by side, in connection order. "
                    "Input shapes: (a,), (b,), ... Output shape: (a + b + ...,)."),
            params=(), min_inputs=2, max_inputs=None,
            shape_rule=lambda params, shapes, context: (sum(shape[-1] for shape in shapes),),
            build_rule=lambda params, shapes, context: _merge_module("Concatenate"),
            code_rule=lambda params, shapes, context: "Concatenate()",
            count_rule=_no_params, summary_rule=lambda params, context: "Concatenate", is_merge=True),
    ]
    return {t.name: t for t in types}


REGISTRY: dict[str, LayerType] = _declare()

CATEGORY_ORDER = ("Input & output", "Core", "Activations", "Regularisation", "Normalisation",
                  "Merge")


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
