"""FLOPs of LSTM/GRU layers reading text: every step's recurrent matrix products, counted by hand."""

import pytest

from engine.graph import ModelSpec
from engine.insight.cost import forward_flops
from engine.layers import InputSource, ShapeContext

STEPS, EMBEDDING, HIDDEN, CLASSES = 10, 8, 4, 3
TEXT = ShapeContext(0, CLASSES, "multiclass", sources=(InputSource("review", "text", (STEPS,), vocab_size=50),))


def recurrent_flops(gates: int, layers: int, directions: int) -> int:
    """2 FLOPs per multiply-add: per step, direction and layer, gates x (inputs + hidden) x hidden of them."""
    total, inputs = 0, EMBEDDING
    for _layer in range(layers):
        total += STEPS * directions * gates * (inputs + HIDDEN) * HIDDEN * 2
        inputs = HIDDEN * directions
    return total


@pytest.mark.parametrize(("kind", "gates"), [("LSTM", 4), ("GRU", 3)])
@pytest.mark.parametrize(("layers", "bidirectional"), [(1, False), (2, True)])
def test_recurrent_layers_on_text_count_their_matrix_products(kind, gates, layers, bidirectional):
    spec = ModelSpec.chain([("Embedding", {"dim": EMBEDDING}),
                            (kind, {"hidden": HIDDEN, "layers": layers, "bidirectional": bidirectional})])
    directions = 2 if bidirectional else 1
    output_layer = 2 * HIDDEN * directions * CLASSES  # the Output layer's Linear; an Embedding is a look-up
    assert forward_flops(spec, TEXT) == recurrent_flops(gates, layers, directions) + output_layer
