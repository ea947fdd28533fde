"""ONNX and torch.export (.pt2) exports: checked at export time, dynamic batch, metadata, no file on failure,
and a .pt2 that loads with plain torch in a process where LayerLab is not importable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from engine.io.bundle import load_bundle, save_bundle
from engine.data import infer_schema, read_csv
from engine.errors import ExportError, ProjectError
from engine.io.examples import get_example
from engine.export import export_model
from engine.export import onnx_export
from engine.graph import load_template
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.conftest import without_layerlab

CHURN = get_example("churn").path


def _bundle(folder: Path, template: str, target: str = "churn", path=CHURN, rows: int = 400) -> Path:
    frame = read_csv(path).frame.iloc[:rows]
    job = RunPipeline(frame, infer_schema(frame, target=target), load_template(template),
                      TrainConfig(epochs=1, batch_size=64, seed=1))
    return save_bundle(folder / f"{template}.llmodel", job.run())


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """A binary tutorial MLP on churn and a multiclass residual MLP (Add merge) on wine."""
    folder = tmp_path_factory.mktemp("bundles")
    wine = get_example("wine")
    return {"tutorial": _bundle(folder, "tutorial-mlp"),
            "residual": _bundle(folder, "residual-mlp", wine.target, wine.path, rows=178)}


@pytest.fixture(scope="module")
def onnx_export_result(bundles, tmp_path_factory):
    out = tmp_path_factory.mktemp("onnx") / "churn.onnx"
    real = load_bundle(bundles["tutorial"]).preprocessor.transform(read_csv(CHURN).frame.iloc[:300])
    return out, export_model(bundles["tutorial"], "onnx", out, check_rows=real)


def test_onnx_file_is_checked_versioned_and_has_a_dynamic_batch(onnx_export_result, bundles):
    out, report = onnx_export_result
    model = onnx.load(str(out))
    onnx.checker.check_model(model, full_check=True)
    assert max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) >= 17
    props = {p.key: p.value for p in model.metadata_props}
    assert props["layerlab.exporter"] == "torch.onnx.export(dynamo=True)"
    assert props["torch.version"] == torch.__version__ and props["onnx.version"] == onnx.__version__
    assert props["layerlab.task"] == "binary"
    batch_dim = model.graph.input[0].type.tensor_type.shape.dim[0]
    assert batch_dim.dim_param and not batch_dim.dim_value
    assert report.max_difference is not None and report.max_difference <= 1e-4
    assert any("real rows, batch 300" in c for c in report.checks)
    assert "max difference" in report.summary()
    side = out.with_name("churn.preprocessor.json")
    assert json.loads(side.read_text()) == load_bundle(bundles["tutorial"]).preprocessor.to_dict()


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_onnxruntime_matches_torch(onnx_export_result, bundles, batch):
    out, _ = onnx_export_result
    bundle = load_bundle(bundles["tutorial"])
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(batch).standard_normal((batch, bundle.context.input_width)).astype(np.float32)
    got = session.run(None, {"features": x})[0]
    with torch.no_grad():
        expected = bundle.model(torch.from_numpy(x)).numpy()
    assert got.shape == (batch, 1)
    assert np.max(np.abs(got - expected)) <= 1e-4


def test_onnx_of_a_merge_model(bundles, tmp_path):
    report = export_model(bundles["residual"], "onnx", tmp_path / "wine.onnx")
    assert report.max_difference <= 1e-4
    session = ort.InferenceSession(str(tmp_path / "wine.onnx"), providers=["CPUExecutionProvider"])
    assert session.get_outputs()[0].shape[1] == 3


def test_failed_onnx_check_leaves_no_file(bundles, tmp_path, monkeypatch):
    monkeypatch.setattr(onnx_export, "TOLERANCE", -1.0)  # any difference, even 0, now fails
    out = tmp_path / "bad.onnx"
    with pytest.raises(ExportError, match="not saved"):
        export_model(bundles["tutorial"], "onnx", out)
    assert list(tmp_path.iterdir()) == []


def test_pt2_matches_and_loads_without_layerlab(bundles, tmp_path):
    out = tmp_path / "model.pt2"
    report = export_model(bundles["residual"], "pt2", out)
    assert report.max_difference <= 1e-5
    bundle = load_bundle(bundles["residual"])
    x = np.random.default_rng(0).standard_normal((7, bundle.context.input_width)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    with torch.no_grad():
        expected = bundle.model(torch.from_numpy(x)).numpy()
    script = without_layerlab() + """
import numpy as np, torch
program = torch.export.load("model.pt2").module()
for batch in (1, 7):
    out = program(torch.from_numpy(np.load("x.npy")[:batch]))
    np.save(f"y{batch}.npy", out.detach().numpy())
"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "engine is not importable" in result.stdout
    for batch in (1, 7):
        assert np.max(np.abs(np.load(tmp_path / f"y{batch}.npy") - expected[:batch])) <= 1e-5


def test_cli_export_and_errors(bundles, tmp_path, capsys):
    from engine.cli.main import main

    assert main(["export", str(bundles["tutorial"]), "--format", "pt2", "-o", str(tmp_path / "m.pt2"),
                 "--check-csv", str(CHURN)]) == 0
    printed = capsys.readouterr().out
    assert "max difference" in printed and "real rows, batch 2048" in printed
    with pytest.raises(ExportError, match="Unknown export format"):
        export_model(bundles["tutorial"], "torchscript", tmp_path / "m.pt")
    with pytest.raises(ProjectError):
        export_model(tmp_path / "missing.llmodel", "onnx", tmp_path / "m.onnx")
