"""Text models with an LSTM or a bidirectional GRU reading the padding mask export as ONNX, .pt2 and a PyTorch
project, and each gives the engine's outputs (rows of one token and rows of padding only included)."""

import numpy as np
import onnxruntime as ort
import pandas as pd
import pytest
import torch

from engine.data import infer_schema
from engine.export import export_model
from engine.graph import ModelSpec
from engine.io.bundle import load_bundle, save_bundle
from engine.io.predict import Predictor
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.engine.export.multi_input_data import reviews
from tests.engine.export.test_export_project import run_isolated

SPECS = {
    "lstm": [("Embedding", {"dim": 16}), ("LSTM", {"hidden": 16}), ("Dense", {"units": 16})],
    "bigru": [("Embedding", {"dim": 16}), ("GRU", {"hidden": 12, "bidirectional": True, "layers": 2}),
              ("Dense", {"units": 16})],
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """name -> (bundle path, CSV of new rows without the label), trained three epochs on short reviews."""
    folder = tmp_path_factory.mktemp("recurrent-export")
    frame = reviews(160).drop(columns=["stars", "votes"])
    csv = folder / "new_reviews.csv"
    frame.drop(columns=["label"]).to_csv(csv, index=False)
    out = {}
    for name, layers in SPECS.items():
        torch.manual_seed(0)
        schema = infer_schema(frame, target="label", base_dir=folder)
        run = RunPipeline(frame, schema, ModelSpec.chain(layers), TrainConfig(epochs=3, batch_size=32, seed=0),
                          base_dir=folder).run()
        out[name] = (save_bundle(folder / f"{name}.llmodel", run), csv)
    return out


def edge_rows(bundle) -> np.ndarray:
    """Token ids of a full row, rows of one token, a short row and a row of padding only."""
    length = bundle.context.all_sources()[0].shape[0]
    ids = np.random.default_rng(1).integers(2, bundle.context.all_sources()[0].vocab_size, (5, length))
    for row, real in enumerate([length, 1, 1, 3, 0]):
        ids[row, real:] = 0
    return ids.astype(np.int64)


def engine_outputs(bundle, ids: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return bundle.model.eval()(torch.from_numpy(ids)).numpy()


@pytest.mark.slow  # trains two small models; each ONNX export takes 30-50 s here
@pytest.mark.parametrize("name", sorted(SPECS))
def test_onnx_export_matches_the_engine(trained, tmp_path, name):
    bundle_path, csv = trained[name]
    out = tmp_path / f"{name}.onnx"
    report = export_model(bundle_path, "onnx", out, check_csv=csv)
    print(f"{name} ONNX max |diff| {report.max_difference:.3g}")
    assert report.max_difference <= 1e-4
    assert any(line.startswith("onnxruntime real rows, batch") for line in report.checks)
    bundle = load_bundle(bundle_path)
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    ids = edge_rows(bundle)
    got = session.run(["logits"], {session.get_inputs()[0].name: ids})[0]
    assert np.max(np.abs(got - engine_outputs(bundle, ids))) <= 1e-4


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_pt2_export_matches_the_engine(trained, tmp_path, name):
    bundle_path, csv = trained[name]
    out = tmp_path / f"{name}.pt2"
    report = export_model(bundle_path, "pt2", out, check_csv=csv)
    print(f"{name} .pt2 max |diff| {report.max_difference:.3g}")
    assert report.max_difference <= 1e-5
    bundle = load_bundle(bundle_path)
    ids = edge_rows(bundle)
    with torch.no_grad():
        got = torch.export.load(str(out)).module()(torch.from_numpy(ids)).numpy()
    assert np.max(np.abs(got - engine_outputs(bundle, ids))) <= 1e-5


@pytest.mark.slow  # one interpreter start per project, importing torch
@pytest.mark.parametrize("name", sorted(SPECS))
def test_project_predict_py_reproduces_the_engine(trained, tmp_path, name):
    bundle_path, csv = trained[name]
    project = tmp_path / f"{name}_project"
    report = export_model(bundle_path, "project", project)
    print(f"{name} project max |diff| {report.max_difference:.3g}")
    assert report.max_difference <= 1e-5
    assert "pack_padded_sequence" not in (project / "model.py").read_text()
    predictions = tmp_path / "predictions.csv"
    result = run_isolated(project, "predict.py", "--csv", str(csv), "-o", str(predictions))
    assert result.returncode == 0, result.stderr
    got = pd.read_csv(predictions)
    expected = Predictor(load_bundle(bundle_path)).predict_file(csv)
    columns = [c for c in got.columns if c.startswith("probability_") and c in expected.columns]
    assert columns and len(got) == len(expected)
    for column in columns:
        np.testing.assert_allclose(got[column], expected[column], atol=1e-5)
