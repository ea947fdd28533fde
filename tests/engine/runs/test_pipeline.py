"""Pipeline, bundle, predictor and project file: a table to a saved, reloadable, scored model."""

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from engine.io.bundle import load_bundle, read_manifest, save_bundle
from engine.data import infer_schema, read_csv
from engine.errors import DataError, ProjectError
from engine.io.examples import get_example
from engine.graph import load_template
from engine.runs.pipeline import RunPipeline, predict_logits
from engine.io.predict import Predictor
from engine.preprocess import Split
from engine.io.project import Project
from engine.training import TrainConfig


@pytest.fixture(scope="module")
def churn_run():
    example = get_example("churn")
    frame = read_csv(example.path).frame
    schema = infer_schema(frame, target="churn")
    job = RunPipeline(frame, schema, load_template("tutorial-mlp"), TrainConfig(epochs=2, batch_size=64))
    return frame, job.run()


def test_run_scores_network_and_baseline(churn_run):
    _, run = churn_run
    assert run.task == "binary"
    assert set(run.test_metrics) >= {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "confusion_matrix"}
    assert sum(map(sum, run.test_metrics["confusion_matrix"])) == run.test_metrics["n"] == len(run.data.x_test)
    assert run.baseline["model"] == "logistic regression" and run.baseline["metrics"]["accuracy"] > 0.5
    assert 0.5 < run.baseline["majority_accuracy"] < 1
    record = run.record.to_dict()
    json.dumps(record, allow_nan=False)
    assert record["history"][0]["epoch"] == 1 and record["reason"] == "finished"
    assert run.record.class_names == ["No", "Yes"], "the preprocessor's classes, in output order"


def test_bundle_round_trip_predicts_identically(tmp_path, churn_run):
    frame, run = churn_run
    path = save_bundle(tmp_path / "m.llmodel", run)
    bundle = load_bundle(path)
    x = run.data.x_test
    assert np.array_equal(predict_logits(bundle.model, x), predict_logits(run.model, x))
    manifest = read_manifest(path)
    assert manifest["task"] == "binary" and manifest["class_names"] == ["No", "Yes"]
    assert manifest["test_metrics"]["accuracy"] == run.test_metrics["accuracy"]
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(["manifest.json", "model.json", "preprocessor.json",
                                                     "weights.safetensors"])


def test_predictor_output_rows_and_labels(tmp_path, churn_run):
    frame, run = churn_run
    path = save_bundle(tmp_path / "m.llmodel", run)
    predictor = Predictor.load(path)
    rows = frame.drop(columns=["churn"]).iloc[:50]
    out = predictor.predict(rows)
    assert list(out.columns) == ["predicted_churn", "probability_Yes"]
    assert len(out) == 50 and set(out["predicted_churn"]) <= {"No", "Yes"}
    assert ((out["probability_Yes"] >= 0.5) == (out["predicted_churn"] == "Yes")).all()
    with pytest.raises(DataError, match="tenure_months"):
        predictor.predict(rows.drop(columns=["tenure_months"]))


def test_bundle_refuses_pickles_and_path_tricks(tmp_path, churn_run):
    _, run = churn_run
    good = save_bundle(tmp_path / "m.llmodel", run)
    for name in ("data.pkl", "../../evil.txt"):
        bad = tmp_path / f"bad{len(name)}.llmodel"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.namelist():
                dst.writestr(item, src.read(item))
            dst.writestr(name, b"cos\nsystem\n(S'touch /tmp/pwned'\ntR.")
        with pytest.raises(ProjectError, match="unexpected entries"):
            load_bundle(bad)
    assert not (tmp_path.parent / "evil.txt").exists()
    with pytest.raises(ProjectError, match="not a LayerLab model bundle"):
        (tmp_path / "junk.llmodel").write_bytes(b"hello")
        load_bundle(tmp_path / "junk.llmodel")


def test_multiclass_and_regression_jobs():
    for name, task, key in (("wine", "multiclass", "accuracy"), ("diabetes", "regression", "rmse")):
        example = get_example(name)
        frame = read_csv(example.path).frame
        schema = infer_schema(frame, target=example.target)
        spec = load_template(example.template)
        run = RunPipeline(frame, schema, spec, TrainConfig(epochs=3, batch_size=16)).run()
        assert run.task == task and key in run.test_metrics
        if task == "regression":
            assert run.baseline["metrics"]["rmse"] > 0
            assert len(run.test_outputs["y_pred"]) == len(run.data.x_test)


def test_invalid_spec_is_reported_before_training():
    from engine.errors import SpecError

    example = get_example("churn")
    frame = read_csv(example.path).frame
    spec = load_template("tutorial-mlp")
    dense = next(n for n in spec.nodes if n.type == "Dense")
    dense.params["units"] = 0
    job = RunPipeline(frame, infer_schema(frame, target="churn"), spec, TrainConfig(epochs=1))
    with pytest.raises(SpecError, match=dense.id):
        job.run()


def test_project_round_trip_relative_path_and_versions(tmp_path, churn_run):
    frame, run = churn_run
    data = tmp_path / "data" / "churn.csv"
    data.parent.mkdir()
    frame.to_csv(data, index=False)
    project = Project(spec=run.spec, config=run.config, data_path=str(data), schema=run.schema,
                      split=Split(seed=4), runs=[run.record], name="p")
    path = project.save(tmp_path / "p.layerlab")
    raw = json.loads(path.read_text())
    assert raw["data"]["path"] == "data/churn.csv" and raw["version"] == 1
    loaded = Project.load(path)
    assert loaded.data_path == str(data.resolve())
    assert loaded.spec.to_dict() == project.spec.to_dict()
    assert loaded.schema.to_dict() == project.schema.to_dict()
    assert loaded.split.seed == 4 and len(loaded.runs) == 1
    raw["version"] = 99
    path.write_text(json.dumps(raw))
    with pytest.raises(ProjectError, match="newer LayerLab"):
        Project.load(path)
    path.write_text('{"format": "layerlab.project", "version": 1, "model": {')
    with pytest.raises(ProjectError, match="line 1"):
        Project.load(path)


def test_run_files_are_stored_relative_so_the_project_folder_can_move(tmp_path, churn_run):
    _, run = churn_run
    folder = tmp_path / "work"
    (folder / "p_runs").mkdir(parents=True)
    bundle = folder / "p_runs" / "run-001.llmodel"
    bundle.write_bytes(b"x")
    outside = tmp_path / "elsewhere.llmodel"
    record = run.record.with_changes(bundle=str(bundle), checkpoint=str(outside))
    Project(spec=run.spec, runs=[record]).save(folder / "p.layerlab")
    stored = json.loads((folder / "p.layerlab").read_text())["runs"][0]
    assert stored["bundle"] == "p_runs/run-001.llmodel"
    assert stored["checkpoint"] == str(outside), "a file outside the project folder keeps its absolute path"
    moved = tmp_path / "moved"
    folder.rename(moved)
    loaded = Project.load(moved / "p.layerlab").runs[0]
    assert loaded.bundle == str((moved / "p_runs" / "run-001.llmodel").resolve())
    assert Path(loaded.bundle).read_bytes() == b"x"


def test_failed_save_keeps_previous_file(tmp_path, churn_run, monkeypatch):
    _, run = churn_run
    project = Project(spec=run.spec)
    path = project.save(tmp_path / "p.layerlab")
    before = path.read_bytes()
    import engine.io.atomic

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine.io.atomic.os, "replace", disk_full)
    project.name = "changed"
    with pytest.raises(ProjectError, match="No space left"):
        project.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.layerlab"], "no temp file left behind"
