"""Remedies: each one exact change to the settings or the model, and the ones for overfitting and underfitting
really help on set-ups known to overfit and underfit."""

import pytest

from engine.graph import ModelSpec, validate
from engine.insight.fitting import Diagnosis, Fit, diagnose_record
from engine.insight.remedies import add_dropout, remedies_for
from engine.layers import ShapeContext
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.engine.insight.fit_setups import overfitting_setup, underfitting_setup

OVERFITTING = Diagnosis(Fit.OVERFITTING, "")
UNDERFITTING = Diagnosis(Fit.UNDERFITTING, "")


def tutorial(units=64):
    return ModelSpec.chain([("Dense", {"units": units}), ("Dense", {"units": units})])


def test_overfitting_gets_its_five_remedies_as_exact_changes():
    config, spec = TrainConfig(epochs=40, learning_rate=1e-3), tutorial()
    before = (config.to_dict(), spec.to_dict())
    remedies = {r.key: r for r in remedies_for(OVERFITTING, config, spec)}
    assert list(remedies) == ["early_stopping", "dropout", "weight_decay", "fewer_units", "smaller_rate"]
    assert (config.to_dict(), spec.to_dict()) == before  # the run's own settings and model are untouched
    stop = remedies["early_stopping"].train_config()
    assert stop.early_stopping and stop.restore_best and stop.patience == 5 and remedies["early_stopping"].spec is None
    assert remedies["dropout"].change == "dropout 0.3 after dense_1, dense_2"
    assert remedies["weight_decay"].change == "optimizer adam → adamw, weight decay 0 → 0.01"
    assert remedies["weight_decay"].train_config().optimizer == "adamw"
    assert remedies["fewer_units"].change == "units dense_1 64 → 32, dense_2 64 → 32"
    assert remedies["smaller_rate"].change == "learning rate 0.001 → 0.0003"
    assert remedies["smaller_rate"].train_config().learning_rate == 3e-4
    for remedy in remedies.values():  # nothing else changes
        changed = {k for k, v in remedy.config.items() if config.to_dict()[k] != v}
        assert changed <= {"early_stopping", "patience", "restore_best", "weight_decay", "optimizer", "learning_rate"}


def test_dropout_goes_between_each_dense_layer_and_what_it_fed_and_the_model_still_builds():
    remedy = add_dropout(TrainConfig(), tutorial())
    spec = remedy.model_spec()
    order = spec.topological_order()
    assert order == ["input_1", "dense_1", "dropout_1", "dense_2", "dropout_2", "output_1"]
    assert spec.is_chain() and spec.node("dropout_1").params["rate"] == 0.3
    assert validate(spec, ShapeContext(input_width=5, output_width=1, task="binary")) == []
    rows = [spec.node(i).position[1] for i in order]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)  # each on a row of its own, top-down
    again = add_dropout(TrainConfig(), spec)  # all have dropout: the remedy raises the rate instead
    assert again.change == "dropout rate dropout_1 0.3 → 0.5, dropout_2 0.3 → 0.5"


def test_underfitting_gets_more_capacity_epochs_and_rate_and_a_good_fit_none():
    config = TrainConfig(epochs=10, learning_rate=1e-3)
    remedies = {r.key: r.change for r in remedies_for(UNDERFITTING, config, tutorial())}
    assert remedies == {"more_units": "units dense_1 64 → 128, dense_2 64 → 128", "more_epochs": "epochs 10 → 20",
                        "higher_rate": "learning rate 0.001 → 0.003"}
    assert remedies_for(Diagnosis(Fit.GOOD, ""), config, tutorial()) == []
    stopping = TrainConfig(early_stopping=True, restore_best=True)
    assert "early_stopping" not in {r.key for r in remedies_for(OVERFITTING, stopping, tutorial())}


@pytest.fixture(scope="module")
def overfitting_runs():
    frame, schema, spec, config, split = overfitting_setup()
    original = RunPipeline(frame, schema, spec, config, split).run().record
    remedies = {r.key: r for r in remedies_for(diagnose_record(original), config, spec)}
    runs = {}
    for key in ("early_stopping", "dropout"):
        remedy = remedies[key]
        runs[key] = RunPipeline(frame, schema, remedy.model_spec() or spec, remedy.train_config(), split).run().record
    return original, runs


def test_the_dropout_run_has_a_lower_best_validation_loss_than_the_overfitting_one(overfitting_runs):
    original, runs = overfitting_runs
    assert runs["dropout"].best_val_loss < original.best_val_loss - 0.01


def test_the_early_stopping_run_ends_sooner_and_keeps_better_weights_than_the_last_epochs(overfitting_runs):
    original, runs = overfitting_runs
    stopped = runs["early_stopping"]
    assert stopped.reason == "early-stopped" and stopped.epochs_run < original.epochs_run
    # the weights a run without early stopping ends with are the last epoch's: far worse on validation rows
    assert stopped.best_val_loss < original.history[-1]["val_loss"] - 0.2


def test_more_capacity_lets_the_linear_model_learn_xor():
    frame, schema, spec, config, split = underfitting_setup()
    original = RunPipeline(frame, schema, spec, config, split).run().record
    remedy = next(r for r in remedies_for(diagnose_record(original), config, spec) if r.key == "more_units")
    assert remedy.change == "Dense 64 ReLU (dense_1) added after input_1"
    better = RunPipeline(frame, schema, remedy.model_spec(), config, split).run().record
    assert better.best_val_loss < 0.5 * original.best_val_loss
    assert diagnose_record(better).fit != Fit.UNDERFITTING
