"""RunRecord (the one shape of a run), its migration from the dicts older project files hold, the run
file names, finishing a run, and a bundled example as the CLI and the app set it up."""

import json

import pytest

from engine.errors import DataError, ProjectError
from engine.io.project import Project
from engine.runs.files import (checkpoint_for, free_bundle_path, metrics_csv_for, next_run_paths, run_bundle_name,
                               runs_folder_for)
from engine.runs.record import RECORD_VERSION, RunRecord, migrate_record
from engine.tasks import TASKS, Task
from engine.training import EndReason

# A run as project files stored it before records had a version (keys as pipeline + the app's worker wrote them).
OLD_RECORD = {
    "started_at": "2026-01-05T10:00:00+00:00", "finished_at": "2026-01-05T10:01:00+00:00",
    "config": {"epochs": 3, "batch_size": 32}, "spec": {"format": "layerlab.model_spec", "nodes": []},
    "task": "binary", "target": "churn", "reason": "early-stopped", "message": "Stopped early.",
    "epochs_run": 3, "best_epoch": 2, "device": "CPU", "seconds": 1.5,
    "history": [{"epoch": 1, "train_loss": 0.7, "val_loss": 0.6, "metrics": {"accuracy": 0.7}}],
    "test_metrics": {"accuracy": 0.8, "n": 10}, "baseline": {"model": "logistic regression"},
    "bundle": "p_runs/run-001.llmodel", "checkpoint": "p_runs/run-001.llmodel.ckpt",
    "metrics_csv": "p_runs/run-001-metrics.csv", "engine_path": "fast", "steps_per_epoch": 4,
    "batch_losses": [[1, 0.9], [2, 0.8]], "test_outputs": {"y_true": [0, 1], "proba": [0.2, 0.9]},
}


def test_an_old_record_migrates_to_attributes():
    record = RunRecord.from_dict(OLD_RECORD)
    assert record.task == Task.BINARY and record.target == "churn" and record.end_reason is EndReason.EARLY_STOPPED
    assert record.epochs_run == 3 and record.best_epoch == 2 and record.seconds == 1.5
    assert record.bundle == "p_runs/run-001.llmodel" and record.batch_losses == [[1, 0.9], [2, 0.8]]
    assert record.class_names == [] and record.best_val_loss is None


def test_old_classes_key_becomes_class_names_and_unknown_keys_are_dropped():
    record = RunRecord.from_dict({**OLD_RECORD, "classes": ["No", "Yes"], "from_the_future": 1})
    assert record.class_names == ["No", "Yes"]
    assert "from_the_future" not in record.to_dict() and "classes" not in record.to_dict()


def test_round_trip_is_versioned_json():
    record = RunRecord.from_dict({**OLD_RECORD, "class_names": ["No", "Yes"]})
    data = record.to_dict()
    assert data["version"] == RECORD_VERSION
    json.dumps(data, allow_nan=False)
    assert RunRecord.from_dict(json.loads(json.dumps(data))) == record
    assert migrate_record(data) == {k: v for k, v in data.items() if k != "version"}


@pytest.mark.parametrize("bad", [[1, 2], {"version": -1}, {"version": "2"}, {"history": "x"},
                                 {"epochs_run": "many"}, {"test_metrics": [1]}])
def test_damaged_records_are_refused_by_name(bad):
    with pytest.raises(ProjectError):
        RunRecord.from_dict(bad)


def test_project_files_with_old_run_dicts_open_and_save_records(tmp_path):
    from engine.graph import load_template

    path = tmp_path / "p.layerlab"
    data = Project(spec=load_template("tutorial-mlp")).to_dict(path)
    data["runs"] = [OLD_RECORD]
    path.write_text(json.dumps(data))
    loaded = Project.load(path)
    assert isinstance(loaded.runs[0], RunRecord)
    assert loaded.runs[0].bundle == str((tmp_path / "p_runs" / "run-001.llmodel").resolve())
    loaded.save(path)
    stored = json.loads(path.read_text())["runs"][0]
    assert stored["version"] == RECORD_VERSION and stored["bundle"] == "p_runs/run-001.llmodel"
    data["runs"] = [{**OLD_RECORD, "history": 3}]
    path.write_text(json.dumps(data))
    with pytest.raises(ProjectError, match="history"):
        Project.load(path)


def test_task_is_defined_once():
    from engine.data import TASKS as data_tasks
    from engine.layers.base import TASKS as layer_tasks

    assert TASKS == data_tasks == layer_tasks == ("binary", "multiclass", "regression")
    assert Task("regression") is Task.REGRESSION and not Task.REGRESSION.is_classification
    assert f"{Task.BINARY}" == "binary" and json.dumps({"task": Task.MULTICLASS}) == '{"task": "multiclass"}'


def test_run_file_names(tmp_path):
    bundle = tmp_path / "model.llmodel"
    assert checkpoint_for(bundle).name == "model.llmodel.ckpt"
    assert metrics_csv_for(bundle).name == "model-metrics.csv"
    assert runs_folder_for(tmp_path / "churn.layerlab") == tmp_path / "churn_runs"
    assert next_run_paths(tmp_path, 0)[0].name == run_bundle_name(1) == "run-001.llmodel"
    assert next_run_paths(tmp_path, 2)[0].name == "run-003.llmodel", "numbered after the project's own runs"
    (tmp_path / "run-001-metrics.csv").write_text("x")  # any of a run's files takes its number
    assert next_run_paths(tmp_path, 0)[0].name == "run-002.llmodel"
    assert next_run_paths(tmp_path, 1, taken={"run-002.llmodel"})[0].name == "run-003.llmodel"
    assert free_bundle_path(tmp_path, "run-001.llmodel").name == "run-002.llmodel"
    assert free_bundle_path(tmp_path, "mine.llmodel").name == "mine.llmodel"


@pytest.fixture
def short_run():
    """A one-epoch run of the churn example (not started)."""
    from engine.io.examples import load_example
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig

    loaded = load_example("churn")
    return RunPipeline(loaded.table.frame, loaded.schema, loaded.spec, TrainConfig(epochs=1, batch_size=256),
                       loaded.split)


def test_finish_run_saves_bundle_and_metrics_and_fills_the_record(tmp_path, short_run):
    from engine.io.bundle import class_names
    from engine.runs.finish import finish_run

    trained = short_run.run()
    record = finish_run(trained, tmp_path / "m.llmodel")
    assert record is trained.record and record.has_model
    assert record.bundle == str((tmp_path / "m.llmodel").resolve())
    assert record.checkpoint.endswith("m.llmodel.ckpt") and record.metrics_csv.endswith("m-metrics.csv")
    assert class_names(record.bundle) == record.class_names == ["No", "Yes"]
    assert len(record.test_outputs["y_true"]) == record.test_metrics["n"]
    assert (tmp_path / "m-metrics.csv").read_text().startswith("epoch,train_loss,val_loss")


def test_finish_run_refuses_a_run_without_a_finished_epoch(tmp_path, short_run):
    from engine.runs.finish import NoModelToSave, finish_run

    short_run.request_stop()
    trained = short_run.run()
    assert not trained.record.has_model and trained.record.class_names == ["No", "Yes"]
    with pytest.raises(NoModelToSave, match="No epoch finished, so there is no model to save") as caught:
        finish_run(trained, tmp_path / "m.llmodel")
    assert isinstance(caught.value, DataError)
    assert not list(tmp_path.iterdir()), "nothing written"


def test_an_example_is_set_up_once_for_cli_and_app():
    from engine.io.examples import EXAMPLES, load_example

    churn = load_example("churn")
    assert churn.schema.target == "churn" and churn.config.epochs == 10 and churn.config.batch_size == 32
    assert churn.config is not EXAMPLES["churn"].config, "a copy: editing settings never changes the example"
    wine = load_example("wine")
    assert wine.split.train == pytest.approx(0.7) and wine.config.early_stopping
    assert wine.spec.nodes and wine.schema.task == Task.MULTICLASS
    with pytest.raises(KeyError, match="churn"):
        load_example("nope")
