"""Layer declarations that change only the shape of each sample: Flatten and Reshape."""

from __future__ import annotations

from engine.errors import SpecError
from engine.i18n import N_, _
from engine.layers.base import LayerType, Param, nn, parse_shape
from engine.layers.rules import layer_module, no_params, shape_text, values

CATEGORY = N_("Reshape")


def _reshape_shape(params, shapes, context):
    target = parse_shape(params["shape"])
    if values(target) != values(shapes[0]):
        raise SpecError(_("Reshape to {target} needs {wanted} values per sample; it gets {got} = {count}: pick a "
                          "shape whose numbers multiply to {count}").format(
            target=shape_text(target), wanted=f"{values(target):,}", got=shape_text(shapes[0]),
            count=f"{values(shapes[0]):,}"))
    return target


def declare() -> list[LayerType]:
    """The reshaping layer types, in palette order."""
    return [
        LayerType(
            name="Flatten", display_name="Flatten", category=CATEGORY,
            help=N_("Lays all values of each sample out in one row, e.g. before Dense. Input shape: any. "
                    "Output shape: (values,)."),
            params=(), min_inputs=1, max_inputs=1,
            shape_rule=lambda params, shapes, context: (values(shapes[0]),),
            build_rule=lambda params, shapes, context: nn.Flatten(),
            code_rule=lambda params, shapes, context: "nn.Flatten()",
            count_rule=no_params, summary_rule=lambda params, context: "Flatten"),
        LayerType(
            name="Reshape", display_name="Reshape", category=CATEGORY,
            help=N_("Gives each sample a new shape with the same number of values, e.g. 64 pixel columns as a "
                    "1×8×8 image. Input shape: any. Output shape: the shape you type."),
            params=(Param("shape", "shape", "1,8,8", N_("Shape"),
                          N_("The new shape of each sample, numbers separated by commas: channels,height,width "
                             "for an image, steps,features for a sequence.")),),
            min_inputs=1, max_inputs=1, shape_rule=_reshape_shape,
            build_rule=lambda params, shapes, context: layer_module("Reshape")(parse_shape(params["shape"])),
            code_rule=lambda params, shapes, context: f"Reshape({parse_shape(params['shape'])!r})",
            count_rule=no_params,
            summary_rule=lambda params, context: "Reshape " + "×".join(map(str, parse_shape(params["shape"]) or ()))),
    ]
