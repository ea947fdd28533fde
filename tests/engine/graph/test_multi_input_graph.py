"""Models with several inputs (table, text, image, history): validation, shapes, summaries, problems in words."""

import re

from engine.graph import ModelSpec, count_hidden_layers, fit_inputs, infer_shapes, load_template, summary_rows, validate
from engine.layers import ShapeContext
from tests.engine.multi_input_specs import (HISTORY_CTX, IMAGE_CTX, TEXT_CTX, TEXT_TABLE_CTX, templates,
                                            text_and_table)


def _messages(spec, ctx):
    return [(p.node_id, p.message) for p in validate(spec, ctx)]


def _about(spec, ctx, node_id, pattern):
    return [m for i, m in _messages(spec, ctx) if i == node_id and re.search(pattern, m)]


def test_text_and_table_model_is_valid_with_shapes_on_every_layer():
    spec = text_and_table()
    assert [n.id for n in spec.input_nodes()] == ["input_1", "input_2"]
    assert spec.input_node().id == "input_1"
    assert _messages(spec, TEXT_TABLE_CTX) == []
    shapes = infer_shapes(spec, TEXT_TABLE_CTX)
    assert shapes["input_2"] == (10,) and shapes["embedding_1"] == (10, 8)
    assert shapes["transformerblock_1"] == (10, 8) and shapes["maskedmeanpool_1"] == (8,)
    assert shapes["concatenate_1"] == (12,) and shapes["output_1"] == (1,)


def test_input_summaries_name_the_source():
    texts = {node_id: text for node_id, text, _, _ in summary_rows(text_and_table(), TEXT_TABLE_CTX)}
    assert texts["input_1"] == "5 table features"
    assert texts["input_2"] == "review · text · 10 tokens"
    assert summary_rows(ModelSpec.chain([("Flatten", {})]), IMAGE_CTX)[0][1] == "digits · image · 1×8×8"
    assert summary_rows(ModelSpec.chain([("GRU", {})]), HISTORY_CTX)[0][1] == "history · 12 steps × 3"
    # a table-only model reads as it always did
    assert summary_rows(ModelSpec.chain([]), ShapeContext(7, 1, "binary"))[0][1] == "Input 7"


def test_two_inputs_may_not_read_the_same_source():
    spec = text_and_table()
    spec.node("input_2").params["source"] = ""  # "" is the first source: the table, as input_1 reads
    assert _about(spec, TEXT_TABLE_CTX, "input_2", "reads 'table', which Input 'input_1' already reads")


def test_an_unknown_source_names_the_available_ones():
    spec = text_and_table()
    spec.node("input_2").params["source"] = "comment"
    assert _about(spec, TEXT_TABLE_CTX, "input_2", r"no input called 'comment'; available: 'table', 'review'")


def test_old_single_input_specs_read_the_first_source():
    data = ModelSpec.chain([("Embedding", {"dim": 4}), ("MaskedMeanPool", {})]).to_dict()
    for node in data["nodes"]:
        node["params"].pop("source", None)
    spec = ModelSpec.from_dict(data)
    assert _messages(spec, TEXT_CTX) == []
    assert infer_shapes(spec, TEXT_CTX)["input_1"] == (10,)


def test_token_ids_go_into_an_embedding_and_only_there():
    dense_on_ids = ModelSpec.chain([("Dense", {})])
    assert _about(dense_on_ids, TEXT_CTX, "dense_1", "cannot read the token ids of the text input 'review': "
                                                     "put an Embedding between them")
    embedding_on_table = ModelSpec.chain([("Embedding", {}), ("MaskedMeanPool", {})])
    table = ShapeContext(6, 1, "binary")
    assert _about(embedding_on_table, table, "embedding_1", "connect it straight to the Input of a text column")


def test_shape_errors_say_what_the_layer_needs_and_what_to_add():
    conv = ModelSpec.chain([("Dense", {"units": 64}), ("Conv2d", {}), ("Flatten", {})])
    assert _about(conv, ShapeContext(12, 1, "binary"), "conv2d_1",
                  re.escape("Conv2d needs (channels, height, width); it gets (64,): add Reshape or use an image "
                            "input"))
    heads = ModelSpec.chain([("Embedding", {"dim": 10}), ("TransformerBlock", {"heads": 4}),
                             ("MaskedMeanPool", {})])
    assert _about(heads, TEXT_CTX, "transformerblock_1", "4 heads cannot share 10 evenly: pick 1, 2, 5, 10 heads")
    flat_output = ModelSpec.chain([("Embedding", {"dim": 8})])
    assert _about(flat_output, TEXT_CTX, "output_1", re.escape(
        "Output needs (features,); it gets (10, 8): add Flatten, a global pool or MaskedMeanPool before it"))
    too_small = ModelSpec.chain([("MaxPool2d", {"size": 4}), ("MaxPool2d", {"size": 4}), ("Flatten", {})])
    assert _about(too_small, IMAGE_CTX, "maxpool2d_2", "at least 4 values along each axis")
    reshape = ModelSpec.chain([("Reshape", {"shape": "2,4,4"}), ("Flatten", {})])
    assert _about(reshape, ShapeContext(12, 1, "binary"), "reshape_1", "needs 32 values per sample; it gets "
                                                                       r"\(12,\) = 12")


def test_concatenate_needs_matching_leading_axes():
    spec = ModelSpec()
    inputs = [spec.add_node("Input", {"source": name}).id for name in ("table", "review")]
    emb = spec.add_node("Embedding", {"dim": 4})
    spec.connect(inputs[1], emb.id)
    join = spec.add_node("Concatenate")
    spec.connect(inputs[0], join.id)
    spec.connect(emb.id, join.id)
    out = spec.add_node("Output")
    spec.connect(join.id, out.id)
    assert _about(spec, TEXT_TABLE_CTX, join.id, r"other axes must match: got \(5,\) and \(10, 4\)")


def test_templates_fit_their_sample_data():
    for name, spec, ctx in templates():
        assert validate(spec, ctx) == [], name
        assert summary_rows(spec, ctx)[-1][2] == (ctx.output_width,)


def test_hidden_layers_count_convolutions_recurrent_and_transformer_layers():
    counts = {name: count_hidden_layers(spec) for name, spec, _ in templates()}
    assert counts == {"text_classifier": 3, "text_light": 1, "image_cnn": 3, "forecaster": 2}


def test_a_template_reads_the_first_data_input_it_fits():
    spec = load_template("text_light")
    assert validate(spec, TEXT_TABLE_CTX)  # the table comes first: Embedding cannot read it
    fitted = fit_inputs(spec, TEXT_TABLE_CTX)
    assert fitted.input_node().params["source"] == "review" and validate(fitted, TEXT_TABLE_CTX) == []
    assert spec.input_node().params["source"] == ""  # a copy: the template itself is unchanged
    table_model = load_template("tutorial-mlp")
    assert fit_inputs(table_model, TEXT_TABLE_CTX) is table_model  # it fits the first input already
    assert fit_inputs(load_template("image_cnn"), TEXT_TABLE_CTX).input_node().params["source"] == ""
