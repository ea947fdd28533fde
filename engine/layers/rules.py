"""Helpers the layer declarations share: shapes in words, "needs … gets …" errors and the custom modules."""

from __future__ import annotations

import math

from engine.errors import SpecError
from engine.i18n import _
from engine.layers.base import Shape


def shape_text(shape: Shape) -> str:
    """A shape as people read it in messages: "(64,)", "(32, 64)"."""
    return str(tuple(shape))


def needs(layer: str, wanted: str, got: Shape, advice: str) -> SpecError:
    """The error for a layer given the wrong shape, e.g. "Conv2d needs (channels, height, width); it gets (64,):
    add Reshape or use an image input"."""
    return SpecError(_("{layer} needs {wanted}; it gets {got}: {advice}").format(
        layer=layer, wanted=wanted, got=shape_text(got), advice=advice))


def require_rank(layer: str, shape: Shape, ranks: tuple[int, ...], wanted: str, advice: str) -> None:
    """Raise ``needs(...)`` unless ``shape`` has one of ``ranks`` axes."""
    if len(shape) not in ranks:
        raise needs(layer, wanted, shape, advice)


def values(shape: Shape) -> int:
    """How many numbers one sample of this shape holds."""
    return math.prod(shape)


def no_params(params, shapes, context) -> int:
    return 0


def layer_module(name: str):
    """The class ``name`` of engine.layers.modules (imported, with torch, only when a model is built)."""
    from engine.layers import modules

    return getattr(modules, name)
