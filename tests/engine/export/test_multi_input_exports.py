"""ONNX and .pt2 exports of models with text, image and history inputs, and of a text + table model: one named
input per source, a dynamic batch, checked on random valid inputs and on a CSV's real rows."""

import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from engine.export import export_model
from engine.export.verify import check_inputs
from engine.graph import load_template
from engine.io.bundle import load_bundle
from engine.layers import InputSource, ShapeContext
from tests.engine.export.multi_input_data import pixels, reviews, series, train
from tests.engine.multi_input_specs import text_and_table

@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("multi-input")
    torch.manual_seed(0)
    return {"text": train(folder, "text", reviews().drop(columns=["stars", "votes"]), "label",
                          load_template("text_classifier")),
            "text_table": train(folder, "text_table", reviews(), "label", text_and_table()),
            "image": train(folder, "image", pixels(), "digit", load_template("image_cnn")),
            "forecast": train(folder, "forecast", series(), "level", load_template("forecaster"),
                              time_column="day")}


@pytest.mark.slow  # trains four small models and exports each (about 30-50 s per ONNX export here)
@pytest.mark.parametrize("name", ["text", "text_table", "image", "forecast"])
def test_onnx_takes_one_named_input_per_source_and_matches(trained, tmp_path, name):
    bundle_path, csv = trained[name]
    out = tmp_path / f"{name}.onnx"
    report = export_model(bundle_path, "onnx", out, check_csv=csv)
    assert report.max_difference <= 1e-4
    assert any(line.startswith("onnxruntime real rows, batch") for line in report.checks)
    bundle = load_bundle(bundle_path)
    sources = bundle.context.all_sources()
    model = onnx.load(str(out))
    props = {p.key: p.value for p in model.metadata_props}
    described = json.loads(props["layerlab.inputs"])
    assert [(d["source"], d["kind"]) for d in described] == [(s.name, s.kind) for s in sources]
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == [d["input"] for d in described]
    for graph_input in model.graph.input:
        batch = graph_input.type.tensor_type.shape.dim[0]
        assert batch.dim_param and not batch.dim_value  # every input shares the dynamic batch axis
    xs = tuple(x[:5] for x in check_inputs(bundle.context, seed=5)[1][1])  # random valid inputs
    got = session.run(["logits"], {d["input"]: x for d, x in zip(described, xs)})[0]
    with torch.no_grad():
        expected = bundle.model(*(torch.from_numpy(x) for x in xs)).numpy()
    assert np.max(np.abs(got - expected)) <= 1e-4
    side = json.loads(out.with_name(f"{name}.preprocessor.json").read_text())
    assert side["inputs"] == bundle.inputs.to_dict()
    words = " ".join(report.notes)
    if any(s.kind == "text" for s in sources):
        assert "tokenisation stays outside the model" in words and "int64" in words
    if any(s.kind == "image" for s in sources):
        assert "image decoding and resizing stay outside" in words and "uint8" in words


@pytest.mark.slow
@pytest.mark.parametrize("name", ["text_table", "image", "forecast"])
def test_pt2_takes_every_input_and_matches(trained, tmp_path, name):
    bundle_path, csv = trained[name]
    out = tmp_path / f"{name}.pt2"
    report = export_model(bundle_path, "pt2", out, check_csv=csv)
    assert report.max_difference <= 1e-5
    bundle = load_bundle(bundle_path)
    program = torch.export.load(str(out)).module()
    for batch in (1, 9):
        xs = tuple(torch.from_numpy(x[:batch]) for x in check_inputs(bundle.context, seed=3)[1][1])
        with torch.no_grad():
            assert torch.allclose(program(*xs), bundle.model(*xs), atol=1e-5)


def test_check_inputs_are_valid_token_ids_and_pixels():
    ctx = ShapeContext(3, 2, "multiclass", sources=(
        InputSource("table", "table", (3,)), InputSource("note", "text", (12,), vocab_size=7),
        InputSource("photo", "image", (3, 4, 4))))
    cases = check_inputs(ctx, check_rows=(np.zeros((2, 3)), np.ones((2, 12)), np.zeros((2, 3, 4, 4))))
    assert [label for label, _ in cases] == ["random rows, batch 1", "random rows, batch 257",
                                             "real rows, batch 1", "real rows, batch 2"]
    table, ids, pixels = cases[1][1]
    assert table.dtype == np.float32 and ids.dtype == np.int64 and pixels.dtype == np.uint8
    assert ids.min() >= 0 and ids.max() < 7 and (ids[:, 0] > 0).all()  # every row has a real first token
    padded = ids == 0
    assert (padded[:, :-1] <= padded[:, 1:]).all() and padded.any()  # padding only at the end of a row
    assert pixels.max() > 200 and pixels.min() < 50
    assert cases[3][1][1].dtype == np.int64
