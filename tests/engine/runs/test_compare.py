"""Runs compared: each run's settings, architecture, parent and change in a table, and two runs' differences."""

from engine.graph import ModelSpec
from engine.insight.remedies import add_dropout, smaller_rate
from engine.runs.compare import architecture_line, compare_rows, diff_runs, what_changed
from engine.runs.record import RunRecord
from engine.training import TrainConfig


def record(config: TrainConfig, spec: ModelSpec, **fields) -> RunRecord:
    values = dict(task="binary", epochs_run=config.epochs, best_val_loss=0.5, test_metrics={"accuracy": 0.8},
                  config=config.to_dict(), spec=spec.to_dict())
    return RunRecord(**{**values, **fields})


def tutorial():
    return ModelSpec.chain([("Dense", {"units": 64}), ("Dense", {"units": 64})])


def test_the_table_shows_settings_architecture_parent_and_the_remedy_that_made_a_run():
    config, spec = TrainConfig(epochs=20, batch_size=32, learning_rate=1e-3), tutorial()
    dropout = add_dropout(config, spec)
    runs = [record(config, spec),
            record(dropout.train_config(), dropout.model_spec(), parent=0, change=dropout.change, best_val_loss=0.4,
                   test_metrics={"accuracy": 0.85})]
    first, second = compare_rows(runs)
    assert first["run"] == "Run 1" and first["parent"] == "" and first["changed"] == ""
    assert first["architecture"] == "Dense 64 · ReLU → Dense 64 · ReLU"
    assert (first["learning_rate"], first["batch_size"], first["epochs"], first["optimizer"]) == ("0.001", "32", "20/20",
                                                                                               "adam")
    assert second["parent"] == "Run 1" and second["changed"] == "dropout 0.3 after dense_1, dense_2"
    assert second["architecture"] == "Dense 64 · ReLU → Dropout 0.3 → Dense 64 · ReLU → Dropout 0.3"
    assert second["best_val_loss"] == "0.4" and second["test_score"] == "accuracy 85.0 %"


def test_without_a_remedy_the_change_is_what_differs_from_the_parent():
    config, spec = TrainConfig(), tutorial()
    slower = smaller_rate(config, spec).train_config()
    parent, child = record(config, spec), record(slower, spec, parent=0)
    assert what_changed(parent, child) == "learning rate 0.001 → 0.0003"
    assert what_changed(parent, record(config, spec, parent=0)) == "nothing (same settings and model)"
    assert compare_rows([parent, child])[1]["changed"] == "learning rate 0.001 → 0.0003"


def test_the_diff_of_two_runs_lists_settings_layers_and_results():
    config, spec = TrainConfig(batch_size=32), tutorial()
    wider = spec.copy()
    wider.node("dense_1").params["units"] = 128
    dropout = add_dropout(config, wider).model_spec()
    other = TrainConfig(batch_size=64)
    found = {(d.what, d.first, d.second, d.kind) for d in
             diff_runs(record(config, spec), record(other, dropout, best_val_loss=0.45, test_metrics={"accuracy": 0.9}))}
    assert ("batch size", "32", "64", "setting") in found
    assert ("dense_1 units", "64", "128", "model") in found
    assert ("dropout_1", "—", "Dropout 0.3", "model") in found and ("dropout_2", "—", "Dropout 0.3", "model") in found
    assert ("best val. loss", "0.5", "0.45", "result") in found
    assert ("test accuracy", "80.0 %", "90.0 %", "result") in found
    assert not diff_runs(record(config, spec), record(config, spec))


def test_a_parent_that_is_not_in_the_list_and_a_damaged_model_do_not_break_the_table():
    rows = compare_rows([RunRecord(parent=7, spec={"nodes": "damaged"})])
    assert rows[0]["parent"] == "" and rows[0]["architecture"] == "(model not readable)"
    assert architecture_line({}) == "—"
