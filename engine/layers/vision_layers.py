"""Layer declarations for convolution and pooling, over images (channels, height, width) and sequences.

Images are channels-first, as torch reads them; sequences are (steps, channels), as Embedding and the recurrent
layers give them, so the 1-d layers run torch's channels-first modules inside ChannelsLast.
"""

from __future__ import annotations

from engine.i18n import N_, _
from engine.layers.base import LayerType, Param, nn
from engine.layers.rules import layer_module, needs, no_params, require_rank

CATEGORY = N_("Convolution & pooling")
IMAGE = "(channels, height, width)"
SEQUENCE = "(steps, channels)"


def _image(layer: str, shapes) -> None:
    require_rank(layer, shapes[0], (3,), IMAGE, _("add Reshape or use an image input"))


def _sequence(layer: str, shapes) -> None:
    require_rank(layer, shapes[0], (2,), SEQUENCE,
                 _("put an Embedding after a text input, use a time-series input, or add Reshape"))


def _out_length(layer: str, size: int, kernel: int, stride: int, padding: int, shape) -> int:
    """torch's output length along one axis; the error says what to change when nothing would be left."""
    length = (size + 2 * padding - kernel) // stride + 1
    if length < 1:
        raise needs(layer, _("at least {kernel} values along each axis it slides over").format(kernel=kernel),
                    shape, _("use a smaller kernel, 'same' padding, or fewer pooling layers before it"))
    return length


# --- convolutions -----------------------------------------------------------------------------------

def _padding(params) -> int:
    return params["kernel"] // 2 if params["padding"] == "same" else 0


def _conv_params() -> tuple[Param, ...]:
    return (
        Param("filters", "int", 32, N_("Filters"), N_("Output channels: patterns the layer learns to detect."),
              minimum=1, maximum=4096),
        Param("kernel", "int", 3, N_("Kernel size"), N_("Width of the window each filter looks at."),
              minimum=1, maximum=31),
        Param("padding", "choice", "same", N_("Padding"),
              N_("'same' pads the edges so the size stays (with stride 1); 'valid' does not pad."),
              choices=("same", "valid")),
        Param("stride", "int", 1, N_("Stride"), N_("Steps the window moves at a time; 2 halves the size."),
              minimum=1, maximum=16, advanced=True),
    )


def _conv2d_shape(params, shapes, context):
    _image("Conv2d", shapes)
    _channels, height, width = shapes[0]
    k, s, p = params["kernel"], params["stride"], _padding(params)
    return (params["filters"], _out_length("Conv2d", height, k, s, p, shapes[0]),
            _out_length("Conv2d", width, k, s, p, shapes[0]))


def _conv1d_shape(params, shapes, context):
    _sequence("Conv1d", shapes)
    steps = _out_length("Conv1d", shapes[0][0], params["kernel"], params["stride"], _padding(params), shapes[0])
    return (steps, params["filters"])


def _conv_args(params, in_channels: int) -> str:
    return (f"{in_channels}, {params['filters']}, kernel_size={params['kernel']}, stride={params['stride']}, "
            f"padding={_padding(params)}")


def _conv_count(in_channels: int, params, window: int) -> int:
    return params["filters"] * (in_channels * window + 1)


def _conv_summary(name: str):
    return lambda params, context: f"{name} {params['filters']} · {params['kernel']}"


# --- pooling ----------------------------------------------------------------------------------------

def _pool_params() -> tuple[Param, ...]:
    return (Param("size", "int", 2, N_("Window"), N_("Values pooled into one; the size shrinks by this factor."),
                  minimum=2, maximum=16),)


def _pool2d(name: str, torch_name: str, help_text: str) -> LayerType:
    def shape(params, shapes, context):
        _image(name, shapes)
        size = params["size"]
        return (shapes[0][0], _out_length(name, shapes[0][1], size, size, 0, shapes[0]),
                _out_length(name, shapes[0][2], size, size, 0, shapes[0]))
    return LayerType(
        name=name, display_name=name, category=CATEGORY, help=help_text, params=_pool_params(),
        min_inputs=1, max_inputs=1, shape_rule=shape,
        build_rule=lambda params, shapes, context: getattr(nn, torch_name)(params["size"]),
        code_rule=lambda params, shapes, context: f"nn.{torch_name}({params['size']})",
        count_rule=no_params, summary_rule=lambda params, context: f"{name} {params['size']}")


def _pool1d(name: str, torch_name: str, help_text: str) -> LayerType:
    def shape(params, shapes, context):
        _sequence(name, shapes)
        size = params["size"]
        return (_out_length(name, shapes[0][0], size, size, 0, shapes[0]), shapes[0][1])
    return LayerType(
        name=name, display_name=name, category=CATEGORY, help=help_text, params=_pool_params(),
        min_inputs=1, max_inputs=1, shape_rule=shape,
        build_rule=lambda params, shapes, context: layer_module("ChannelsLast")(
            getattr(nn, torch_name)(params["size"])),
        code_rule=lambda params, shapes, context: f"ChannelsLast(nn.{torch_name}({params['size']}))",
        count_rule=no_params, summary_rule=lambda params, context: f"{name} {params['size']}")


def _global_dims(name: str, shapes) -> tuple[int, ...]:
    """The batch-tensor axes a global pool reduces: the steps of a sequence, the pixels of an image."""
    require_rank(name, shapes[0], (2, 3), _("{sequence} or {image}").format(sequence=SEQUENCE, image=IMAGE),
                 _("it pools sequences and images; a flat (features,) input needs no pooling"))
    return (1,) if len(shapes[0]) == 2 else (2, 3)


def _global_pool(name: str, mode: str, help_text: str) -> LayerType:
    def shape(params, shapes, context):
        _global_dims(name, shapes)
        return (shapes[0][-1],) if len(shapes[0]) == 2 else (shapes[0][0],)
    return LayerType(
        name=name, display_name=name, category=CATEGORY, help=help_text, params=(),
        min_inputs=1, max_inputs=1, shape_rule=shape,
        build_rule=lambda params, shapes, context: layer_module("GlobalPool")(mode, _global_dims(name, shapes)),
        code_rule=lambda params, shapes, context: f"GlobalPool({mode!r}, {_global_dims(name, shapes)!r})",
        count_rule=no_params, summary_rule=lambda params, context: name)


# --- declarations -----------------------------------------------------------------------------------

def declare() -> list[LayerType]:
    """The convolution and pooling layer types, in palette order."""
    return [
        LayerType(
            name="Conv2d", display_name="Conv2d", category=CATEGORY,
            help=N_("2-d convolution: slides learned filters over an image to detect local patterns. "
                    "Input shape: (channels, height, width). Output shape: (filters, height, width), smaller "
                    "with 'valid' padding or a stride above 1."),
            params=_conv_params(), min_inputs=1, max_inputs=1, shape_rule=_conv2d_shape,
            build_rule=lambda params, shapes, context: nn.Conv2d(
                shapes[0][0], params["filters"], kernel_size=params["kernel"], stride=params["stride"],
                padding=_padding(params)),
            code_rule=lambda params, shapes, context: f"nn.Conv2d({_conv_args(params, shapes[0][0])})",
            count_rule=lambda params, shapes, context: _conv_count(shapes[0][0], params, params["kernel"] ** 2),
            summary_rule=_conv_summary("Conv2d")),
        LayerType(
            name="Conv1d", display_name="Conv1d", category=CATEGORY,
            help=N_("1-d convolution: slides learned filters along a sequence (tokens or time steps). "
                    "Input shape: (steps, channels). Output shape: (steps, filters), shorter with 'valid' "
                    "padding or a stride above 1."),
            params=_conv_params(), min_inputs=1, max_inputs=1, shape_rule=_conv1d_shape,
            build_rule=lambda params, shapes, context: layer_module("ChannelsLast")(nn.Conv1d(
                shapes[0][1], params["filters"], kernel_size=params["kernel"], stride=params["stride"],
                padding=_padding(params))),
            code_rule=lambda params, shapes, context: f"ChannelsLast(nn.Conv1d({_conv_args(params, shapes[0][1])}))",
            count_rule=lambda params, shapes, context: _conv_count(shapes[0][1], params, params["kernel"]),
            summary_rule=_conv_summary("Conv1d")),
        _pool2d("MaxPool2d", "MaxPool2d", N_("Keeps the largest value of each window of an image. Input shape: "
                                             "(channels, height, width). Output shape: (channels, height / "
                                             "window, width / window).")),
        _pool2d("AvgPool2d", "AvgPool2d", N_("Averages each window of an image. Input shape: (channels, height, "
                                             "width). Output shape: (channels, height / window, width / "
                                             "window).")),
        _pool1d("MaxPool1d", "MaxPool1d", N_("Keeps the largest value of each window of steps. Input shape: "
                                             "(steps, channels). Output shape: (steps / window, channels).")),
        _pool1d("AvgPool1d", "AvgPool1d", N_("Averages each window of steps. Input shape: (steps, channels). "
                                             "Output shape: (steps / window, channels).")),
        _global_pool("GlobalAvgPool", "avg", N_("The average of each channel over all steps or pixels. Input "
                                                "shape: (steps, channels) or (channels, height, width). Output "
                                                "shape: (channels,).")),
        _global_pool("GlobalMaxPool", "max", N_("The largest value of each channel over all steps or pixels. "
                                                "Input shape: (steps, channels) or (channels, height, width). "
                                                "Output shape: (channels,).")),
    ]
