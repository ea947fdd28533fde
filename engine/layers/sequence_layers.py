"""Layer declarations for text and sequences: Embedding, positions, Transformer blocks, LSTM/GRU, masked pooling.

Sequences are (steps, features) per sample, as Embedding, the recurrent layers and attention read them.
"""

from __future__ import annotations

from engine.errors import SpecError
from engine.i18n import N_, _
from engine.layers.base import LayerType, Param, nn
from engine.layers.rules import layer_module, no_params, require_rank

CATEGORY = N_("Text & sequence")
SEQUENCE = "(steps, features)"


def _sequence(layer: str, shapes) -> tuple[int, int]:
    """The (steps, features) of a sequence input, or the error saying what to add."""
    require_rank(layer, shapes[0], (2,), SEQUENCE,
                 _("put an Embedding after a text input, or use a time-series input"))
    return shapes[0]


# --- Embedding -------------------------------------------------------------------------------------

def _vocabulary(context) -> int:
    """The vocabulary size of the text source that feeds the layer (graph analysis names it)."""
    if context.token_source:
        return context.source(context.token_source).vocab_size
    texts = [s for s in context.all_sources() if s.kind == "text"]
    if len(texts) != 1:
        raise SpecError(_("Embedding reads the token ids of a text column: connect it straight to the Input of a "
                          "text column"))
    return texts[0].vocab_size


def _embedding_shape(params, shapes, context):
    require_rank("Embedding", shapes[0], (1,), "(tokens,)",
                 _("connect it straight to the Input of a text column"))
    if _vocabulary(context) < 2:
        raise SpecError(_("Embedding has no vocabulary: the text column has no words in the training rows"))
    return (shapes[0][0], params["dim"])


def _embedding_summary(params, context):
    return f"Embedding {params['dim']}"


# --- Transformer block -----------------------------------------------------------------------------

def _transformer_shape(params, shapes, context):
    steps, features = _sequence("TransformerBlock", shapes)
    heads = params["heads"]
    if features % heads:
        divisors = [n for n in range(1, features + 1) if features % n == 0][:8]
        raise SpecError(_("TransformerBlock splits each token's {features} features among its heads, and {heads} "
                          "heads cannot share {features} evenly: pick {choices} heads, or change the width before "
                          "it").format(features=features, heads=heads, choices=", ".join(map(str, divisors))))
    return (steps, features)


def _transformer_count(params, shapes, context):
    d, f = shapes[0][-1], params["feedforward"]
    # attention in/out projections + two feed-forward Linears + two LayerNorms, all with biases
    return 4 * d * d + 4 * d + 2 * d * f + f + d + 4 * d


def _transformer_args(params, shapes) -> tuple:
    return (shapes[0][-1], params["heads"], params["feedforward"], params["dropout"], params["activation"])


def _transformer_code(params, shapes, context):
    return (f"TransformerBlock({shapes[0][-1]}, heads={params['heads']}, feedforward={params['feedforward']}, "
            f"dropout={params['dropout']!r}, activation={params['activation']!r})")


# --- LSTM / GRU ------------------------------------------------------------------------------------

def _recurrent_shape(name: str):
    def rule(params, shapes, context):
        steps, _features = _sequence(name, shapes)
        width = params["hidden"] * (2 if params["bidirectional"] else 1)
        return (steps, width) if params["output"] == "sequence" else (width,)
    return rule


def _recurrent_count(gates: int):
    def rule(params, shapes, context):
        hidden, directions = params["hidden"], 2 if params["bidirectional"] else 1
        total, features = 0, shapes[0][-1]
        for _layer in range(params["layers"]):
            total += directions * gates * hidden * (features + hidden + 2)
            features = hidden * directions
        return total
    return rule


def _recurrent_args(kind: str, params, shapes) -> tuple:
    return (kind, shapes[0][-1], params["hidden"], params["layers"], params["bidirectional"], params["output"])


def _recurrent(name: str, kind: str, gates: int, help_text: str) -> LayerType:
    def summary(params, context):
        text = f"{name} {params['hidden']}"
        text += " ×2" if params["bidirectional"] else ""
        return text + (" · " + _("sequence") if params["output"] == "sequence" else "")
    return LayerType(
        name=name, display_name=name, category=CATEGORY, help=help_text,
        params=(
            Param("hidden", "int", 64, N_("Hidden size"), N_("Numbers in the state it carries from step to step."),
                  minimum=1, maximum=4096),
            Param("output", "choice", "last", N_("Returns"),
                  N_("'last': the state after the last real step, (hidden,); 'sequence': the output at every "
                     "step, (steps, hidden)."), choices=("last", "sequence")),
            Param("bidirectional", "bool", False, N_("Bidirectional"),
                  N_("Also read the sequence backwards; the outputs of both directions are joined (twice as "
                     "wide).")),
            Param("layers", "int", 1, N_("Layers"), N_("Recurrent layers stacked on each other."),
                  minimum=1, maximum=8, advanced=True),
        ),
        min_inputs=1, max_inputs=1, shape_rule=_recurrent_shape(name),
        build_rule=lambda params, shapes, context: layer_module("Recurrent")(*_recurrent_args(kind, params, shapes)),
        code_rule=lambda params, shapes, context: (
            f"Recurrent({kind!r}, {shapes[0][-1]}, hidden={params['hidden']}, layers={params['layers']}, "
            f"bidirectional={params['bidirectional']}, output={params['output']!r})"),
        count_rule=_recurrent_count(gates), summary_rule=summary, uses_mask=True, keeps_positions=True)


# --- declarations ----------------------------------------------------------------------------------

def declare() -> list[LayerType]:
    """The text and sequence layer types, in palette order."""
    return [
        LayerType(
            name="Embedding", display_name="Embedding", category=CATEGORY,
            help=N_("Turns each token id of a text column into a learned vector. Connect it straight to the "
                    "Input of a text column; the vocabulary comes from that column. Input shape: (tokens,). "
                    "Output shape: (tokens, size)."),
            params=(Param("dim", "int", 64, N_("Size"), N_("Numbers in each token's vector."),
                          minimum=1, maximum=4096),),
            min_inputs=1, max_inputs=1, shape_rule=_embedding_shape,
            build_rule=lambda params, shapes, context: nn.Embedding(_vocabulary(context), params["dim"],
                                                                    padding_idx=0),
            code_rule=lambda params, shapes, context: (f"nn.Embedding({_vocabulary(context)}, {params['dim']}, "
                                                       "padding_idx=0)"),
            count_rule=lambda params, shapes, context: _vocabulary(context) * params["dim"],
            summary_rule=_embedding_summary, keeps_positions=True, takes_token_ids=True),
        LayerType(
            name="PositionalEmbedding", display_name="PositionalEmbedding", category=CATEGORY,
            help=N_("Adds a learned vector for each position, so the layers after it know the order of the "
                    "tokens (attention alone does not). Input shape: (steps, features). Output shape: same as "
                    "input."),
            params=(), min_inputs=1, max_inputs=1,
            shape_rule=lambda params, shapes, context: _sequence("PositionalEmbedding", shapes),
            build_rule=lambda params, shapes, context: layer_module("PositionalEmbedding")(*shapes[0]),
            code_rule=lambda params, shapes, context: f"PositionalEmbedding({shapes[0][0]}, {shapes[0][1]})",
            count_rule=lambda params, shapes, context: shapes[0][0] * shapes[0][1],
            summary_rule=lambda params, context: "PositionalEmbedding", keeps_positions=True),
        LayerType(
            name="TransformerBlock", display_name="TransformerBlock", category=CATEGORY,
            help=N_("A Transformer encoder block: multi-head self-attention over the real tokens (padding is "
                    "masked), then a feed-forward layer, each with a residual connection and LayerNorm. The heads "
                    "must divide the features. Input shape: (steps, features). Output shape: same as input."),
            params=(
                Param("heads", "int", 4, N_("Heads"), N_("Attention heads; each reads features / heads of every "
                                                         "token."), minimum=1, maximum=64),
                Param("feedforward", "int", 128, N_("Feed-forward size"),
                      N_("Width of the feed-forward layer inside the block."), minimum=1, maximum=65536),
                Param("dropout", "float", 0.1, N_("Dropout"), N_("Share of values set to zero while training."),
                      minimum=0.0, maximum=0.9, advanced=True),
                Param("activation", "choice", "gelu", N_("Activation"),
                      N_("Function of the feed-forward layer."), choices=("gelu", "relu"), advanced=True),
            ),
            min_inputs=1, max_inputs=1, shape_rule=_transformer_shape,
            build_rule=lambda params, shapes, context: layer_module("TransformerBlock")(
                *_transformer_args(params, shapes)),
            code_rule=_transformer_code,
            count_rule=_transformer_count,
            summary_rule=lambda params, context: f"Transformer · {params['heads']} " + _("heads"),
            uses_mask=True, keeps_positions=True),
        _recurrent("LSTM", "lstm", 4, N_("Long short-term memory: reads a sequence step by step, carrying a "
                                          "state; with text it reads only the real tokens. Input shape: (steps, "
                                          "features). Output shape: (hidden,) or (steps, hidden); twice as wide "
                                          "when bidirectional.")),
        _recurrent("GRU", "gru", 3, N_("Gated recurrent unit: like LSTM with fewer parameters. Input shape: "
                                        "(steps, features). Output shape: (hidden,) or (steps, hidden); twice as "
                                        "wide when bidirectional.")),
        LayerType(
            name="MaskedMeanPool", display_name="MaskedMeanPool", category=CATEGORY,
            help=N_("The mean over the steps of a sequence, leaving out padding tokens. Input shape: (steps, "
                    "features). Output shape: (features,)."),
            params=(), min_inputs=1, max_inputs=1,
            shape_rule=lambda params, shapes, context: (_sequence("MaskedMeanPool", shapes)[1],),
            build_rule=lambda params, shapes, context: layer_module("MaskedMeanPool")(),
            code_rule=lambda params, shapes, context: "MaskedMeanPool()",
            count_rule=no_params, summary_rule=lambda params, context: "MaskedMeanPool", uses_mask=True),
    ]

