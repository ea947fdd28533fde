"""ModelSpec: the model graph as plain data, its JSON form, validation and shape inference.

A spec is a DAG of layer nodes from one Input to one Output. Everything here works without
building torch modules; ``engine.model.build_model`` turns a valid spec into one.
"""

from engine.graph.analysis import (
    BYTES_PER_PARAMETER,
    MAX_PARAMETERS,
    Problem,
    count_hidden_layers,
    describe_problems,
    format_bytes,
    infer_shapes,
    layer_contexts,
    param_counts,
    summary_rows,
    summary_text,
    validate,
)
from engine.graph.spec import (
    MIGRATIONS,
    NODE_ID_PATTERN,
    SPEC_FORMAT,
    SPEC_VERSION,
    Edge,
    ModelSpec,
    Node,
    migrate,
)
from engine.graph.templates import fit_inputs, load_template, template_names

__all__ = [
    "BYTES_PER_PARAMETER", "MAX_PARAMETERS", "MIGRATIONS", "NODE_ID_PATTERN", "SPEC_FORMAT",
    "SPEC_VERSION", "Edge", "ModelSpec", "Node", "Problem", "count_hidden_layers", "describe_problems", "fit_inputs", "format_bytes", "infer_shapes",
    "layer_contexts", "load_template", "migrate", "param_counts", "summary_rows", "summary_text",
    "template_names", "validate",
]
