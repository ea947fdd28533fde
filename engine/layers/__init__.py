"""The layer registry: every layer type LayerLab offers, declared once.

Each :class:`LayerType` declares its parameters (with labels, ranges and help for the
properties form), its output-shape rule, its exact parameter count, how to build its torch
module and the one-line PyTorch expression that code export writes. The palette, the form,
validation, the model builder and code export all read these declarations, so adding a layer
type touches only its declaration (catalog.py, sequence_layers.py, vision_layers.py, shape_layers.py).
Shapes are tuples without the batch axis, e.g. ``(64,)``, ``(steps, features)``, ``(channels, height, width)``.
"""

from engine.layers.base import InputSource, LayerType, Param, Shape, ShapeContext, output_width_for, parse_shape
from engine.layers.catalog import (
    ACTIVATIONS,
    CATEGORY_ORDER,
    OUTPUT_ACTIVATIONS,
    REGISTRY,
    categories,
    get_layer_type,
)
from engine.layers.merge_source import MERGE_MODULES_SOURCE
from engine.layers.modules_source import LAYER_MODULES_SOURCE


def __getattr__(name: str):
    """Add and Concatenate are torch modules: import them (and torch) only when asked for."""
    if name in ("Add", "Concatenate"):
        from engine.layers import merge

        return getattr(merge, name)
    raise AttributeError(f"module 'engine.layers' has no attribute {name!r}")


__all__ = [
    "ACTIVATIONS", "CATEGORY_ORDER", "LAYER_MODULES_SOURCE", "MERGE_MODULES_SOURCE", "OUTPUT_ACTIVATIONS",
    "REGISTRY", "Add", "Concatenate", "InputSource", "LayerType", "Param", "Shape", "ShapeContext", "categories",
    "get_layer_type", "output_width_for", "parse_shape",
]
