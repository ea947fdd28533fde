"""A layer declaration's words in the user's language: category, help text, and each parameter's label and help.

The declarations in engine/layers/catalog.py keep English (they are made once, at import); their texts are marked
with N_ for the catalog, and these functions translate them when they are shown (engine.i18n's current language).
"""

from __future__ import annotations

from engine.i18n import _
from engine.layers.base import LayerType, Param


def category_label(category: str) -> str:
    """A palette category ("Activations", …) in the user's language."""
    return _(category)


def layer_help(layer_type: LayerType) -> str:
    """What the layer does, with its input and output shape, in the user's language."""
    return _(layer_type.help)


def param_label(param: Param) -> str:
    """A parameter's form label ("Units", …) in the user's language."""
    return _(param.label)


def param_help(param: Param) -> str:
    """A parameter's help text in the user's language."""
    return _(param.help)
