"""Sample data contexts and models with text, image and time-series inputs, shared by the multi-input tests."""

from engine.graph import ModelSpec, load_template
from engine.layers import InputSource, ShapeContext

VOCAB = 40
TEXT = InputSource("review", "text", (10,), vocab_size=VOCAB)
TABLE = InputSource("table", "table", (5,))
IMAGE = InputSource("digits", "image", (1, 8, 8))
HISTORY = InputSource("history", "sequence", (12, 3))

TEXT_CTX = ShapeContext(input_width=0, output_width=3, task="multiclass", sources=(TEXT,))
TEXT_TABLE_CTX = ShapeContext(input_width=5, output_width=1, task="binary", sources=(TABLE, TEXT))
IMAGE_CTX = ShapeContext(input_width=0, output_width=10, task="multiclass", sources=(IMAGE,))
HISTORY_CTX = ShapeContext(input_width=0, output_width=1, task="regression", sources=(HISTORY,))

# The context each shipped template is checked against (table templates: a plain table).
TEMPLATE_CONTEXTS = {"text_classifier": TEXT_CTX, "text_light": TEXT_CTX, "image_cnn": IMAGE_CTX,
                     "forecaster": HISTORY_CTX}


def text_and_table() -> ModelSpec:
    """Text → Embedding → MaskedMeanPool and table → Dense, joined by Concatenate → Output."""
    spec = ModelSpec(name="text and table")
    table = spec.add_node("Input", {"source": "table"})
    text = spec.add_node("Input", {"source": "review"})
    chain = [("Embedding", {"dim": 8}), ("TransformerBlock", {"heads": 2, "feedforward": 16, "dropout": 0.0}),
             ("MaskedMeanPool", {})]
    previous = text.id
    for type_name, params in chain:
        previous = _then(spec, previous, type_name, params)
    dense = _then(spec, table.id, "Dense", {"units": 4})
    join = spec.add_node("Concatenate")
    spec.connect(dense, join.id)
    spec.connect(previous, join.id)
    _then(spec, join.id, "Output", {})
    return spec


def _then(spec: ModelSpec, source: str, type_name: str, params: dict) -> str:
    node = spec.add_node(type_name, params)
    spec.connect(source, node.id)
    return node.id


def templates() -> list[tuple[str, ModelSpec, ShapeContext]]:
    """The four multi-kind templates with their sample contexts."""
    return [(name, load_template(name), ctx) for name, ctx in TEMPLATE_CONTEXTS.items()]
