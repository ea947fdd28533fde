"""The decision threshold travels with exports: the ONNX graph's `label` output and the exported project's
predict.py decide as `layerlab predict` does, at the bundle's threshold (not at 0.5)."""

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
import pytest

from engine.data import infer_schema, read_csv
from engine.export import export_model
from engine.graph import load_template
from engine.io.bundle import load_bundle, save_bundle, set_threshold
from engine.io.examples import get_example
from engine.io.predict import Predictor
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.engine.export.test_export_project import run_isolated

CHURN = get_example("churn").path
THRESHOLD = 0.3


@pytest.fixture(scope="module")
def chosen(tmp_path_factory):
    """A churn bundle whose decision threshold was set to THRESHOLD, and 400 rows it has not seen."""
    folder = tmp_path_factory.mktemp("threshold-export")
    frame = read_csv(CHURN).frame.iloc[:500]
    run = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=2, batch_size=32, seed=0)).run()
    bundle = set_threshold(save_bundle(folder / "churn.llmodel", run), THRESHOLD)
    rows = folder / "rows.csv"
    pd.read_csv(CHURN).iloc[500:900].drop(columns=["churn"]).to_csv(rows, index=False)
    return folder, bundle, rows


def test_onnx_label_output_uses_the_bundle_threshold(chosen):
    folder, bundle_path, rows = chosen
    out = folder / "churn.onnx"
    report = export_model(bundle_path, "onnx", out, check_csv=rows)
    assert any("label output" in line for line in report.checks)
    model = onnx.load(str(out))
    props = {p.key: p.value for p in model.metadata_props}
    assert float(props["layerlab.decision_threshold"]) == THRESHOLD
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["logits", "label"]
    bundle = load_bundle(bundle_path)
    x = bundle.preprocessor.transform(read_csv(rows).frame)
    logits, label = session.run(None, {"features": x})
    expected = Predictor(bundle).predict(read_csv(rows).frame)
    assert ((label.reshape(-1) == 1) == (expected["predicted_churn"] == "Yes").to_numpy()).all()
    proba = 1 / (1 + np.exp(-logits.reshape(-1).astype(np.float64)))
    assert ((proba >= THRESHOLD) != (proba >= 0.5)).any()  # the rows prove the threshold, not 0.5, decided


def test_exported_project_predicts_at_the_bundle_threshold(chosen, tmp_path):
    folder, bundle_path, rows = chosen
    out = folder / "project"
    export_model(bundle_path, "project", out)
    source = (out / "predict.py").read_text()
    assert f"DECISION_THRESHOLD = {THRESHOLD!r}\n" in source
    assert f"`DECISION_THRESHOLD` = {THRESHOLD:g}" in (out / "README.md").read_text()
    result = run_isolated(out, "predict.py", "--csv", str(rows), "-o", str(tmp_path / "pred.csv"),
                          "--then", "predict.py", "--csv", str(rows), "-o", str(tmp_path / "half.csv"),
                          "--threshold", "0.5")
    assert result.returncode == 0, result.stderr
    assert "engine is not importable" in result.stdout
    exported = pd.read_csv(tmp_path / "pred.csv")
    expected = Predictor.load(bundle_path).predict_file(rows)
    assert (exported["predicted_churn"] == expected["predicted_churn"]).all()
    assert ((exported["predicted_churn"] == "Yes") == (exported["probability_Yes"] >= THRESHOLD)).all()
    half = pd.read_csv(tmp_path / "half.csv")
    assert ((half["predicted_churn"] == "Yes") == (half["probability_Yes"] >= 0.5)).all()
    assert (half["predicted_churn"] != exported["predicted_churn"]).any()
