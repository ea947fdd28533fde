"""`layerlab diagnose` and `layerlab compare` on a saved project: the diagnosis, the remedies, the table, the diff."""

import json

from engine.cli.main import main
from engine.graph import ModelSpec
from engine.insight.remedies import add_dropout
from engine.io.project import Project
from engine.runs.record import RunRecord
from engine.training import TrainConfig

TRAIN = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
VAL = [1.0, 0.8, 0.7, 0.65, 0.7, 0.75, 0.8, 0.9]


def saved_project(tmp_path):
    config, spec = TrainConfig(epochs=8), ModelSpec.chain([("Dense", {"units": 64}), ("Dense", {"units": 64})])
    history = [{"epoch": i + 1, "train_loss": t, "val_loss": v} for i, (t, v) in enumerate(zip(TRAIN, VAL))]
    first = RunRecord(task="binary", epochs_run=8, best_epoch=4, best_val_loss=0.65, history=history,
                      config=config.to_dict(), spec=spec.to_dict(), test_metrics={"accuracy": 0.8})
    dropout = add_dropout(config, spec)
    second = first.with_changes(spec=dropout.spec, parent=0, change=dropout.change, best_val_loss=0.6)
    path = tmp_path / "fit.layerlab"
    Project(spec=spec, config=config, runs=[first, second]).save(path)
    return path


def test_diagnose_says_overfitting_with_its_gap_and_the_remedies(tmp_path, capsys):
    path = saved_project(tmp_path)
    assert main(["diagnose", str(path), "--run", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["run"] == 1 and out["diagnosis"]["fit"] == "overfitting" and out["diagnosis"]["gap_start"] == 4
    remedies = {r["key"]: r for r in out["remedies"]}
    assert remedies["dropout"]["change"] == "dropout 0.3 after dense_1, dense_2"
    assert remedies["early_stopping"]["config"]["early_stopping"] is True
    assert main(["diagnose", str(path), "--run", "1"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Run 1: Overfitting") and "try add dropout: dropout 0.3 after dense_1, dense_2" in text


def test_compare_lists_the_runs_with_their_change_and_diffs_two(tmp_path, capsys):
    path = saved_project(tmp_path)
    assert main(["compare", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["changed"] for r in rows] == ["", "dropout 0.3 after dense_1, dense_2"] and rows[1]["parent"] == "Run 1"
    assert main(["compare", str(path), "--diff", "1", "2", "--json"]) == 0
    found = {(d["what"], d["second"]) for d in json.loads(capsys.readouterr().out)["differences"]}
    assert ("dropout_1", "Dropout 0.3") in found and ("best val. loss", "0.6") in found


def test_a_missing_run_is_named(tmp_path, capsys):
    path = saved_project(tmp_path)
    assert main(["diagnose", str(path), "--run", "5"]) != 0
    assert "has runs 1 to 2; there is no run 5" in capsys.readouterr().err
