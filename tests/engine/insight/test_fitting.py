"""Fit diagnosis: overfitting found where validation loss rises while training loss falls (live and after),
underfitting where the model learns nothing, and nothing claimed from noise or too few epochs."""

import numpy as np
import pytest

from engine.insight.fitting import Fit, constant_prediction_loss, diagnose, diagnose_record
from engine.runs.pipeline import RunPipeline
from engine.runs.record import RunRecord
from tests.engine.insight.fit_setups import overfitting_setup, underfitting_setup


def history(train, val):
    return [{"epoch": i + 1, "train_loss": t, "val_loss": v} for i, (t, v) in enumerate(zip(train, val))]


def test_a_gap_opening_is_overfitting_from_the_epoch_of_the_lowest_validation_loss():
    train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    val = [1.0, 0.8, 0.7, 0.65, 0.7, 0.75, 0.8, 0.9]
    found = diagnose(history(train, val))
    assert found.fit == Fit.OVERFITTING and found.gap_start == 4 and found.best_epoch == 4
    assert "epoch 4" in found.words and "risen for 4 epochs" in found.words


def test_rising_validation_needs_k_epochs_and_a_falling_training_loss():
    train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]
    val = [1.0, 0.8, 0.7, 0.65, 0.66, 0.7, 0.7]
    assert diagnose(history(train, val)).fit == Fit.GOOD  # 0.66 is within the noise margin: two epochs of rise
    rising_both = diagnose(history([1.0, 0.8, 0.6, 0.5, 0.6, 0.7, 0.8], [1.0, 0.8, 0.7, 0.6, 0.7, 0.8, 0.9]))
    assert rising_both.fit != Fit.OVERFITTING  # training loss rose too: that is not a gap opening


def test_still_falling_is_a_good_fit_and_few_epochs_are_too_early():
    falling = diagnose(history(np.linspace(1, 0.2, 10), np.linspace(1.1, 0.4, 10)))
    assert falling.fit == Fit.GOOD and falling.gap_start is None and "still falling" in falling.words
    assert diagnose(history([1.0, 0.9], [1.0, 0.9])).fit == Fit.TOO_EARLY
    assert diagnose([]).fit == Fit.TOO_EARLY


def test_losses_at_the_constant_prediction_are_underfitting():
    flat = history([0.70, 0.69, 0.69, 0.69, 0.69, 0.69], [0.70, 0.70, 0.69, 0.69, 0.69, 0.69])
    assert diagnose(flat, constant_loss=0.693).fit == Fit.UNDERFITTING
    assert diagnose(flat, constant_loss=0.9).fit == Fit.GOOD  # well below a constant prediction: it learned


def test_not_beating_the_baseline_without_a_gap_is_underfitting():
    level = history([0.5, 0.45, 0.44, 0.44, 0.44, 0.44], [0.5, 0.46, 0.45, 0.45, 0.45, 0.45])
    assert diagnose(level, beats_baseline=False).fit == Fit.UNDERFITTING
    assert diagnose(level, beats_baseline=True).fit == Fit.GOOD


def test_constant_prediction_loss_is_the_entropy_of_the_class_shares():
    y_train = np.array([[1.0], [0.0], [0.0], [0.0]])
    expected = -(0.25 * np.log(0.25) + 0.75 * np.log(0.75))
    assert constant_prediction_loss("binary", y_train, y_train) == pytest.approx(expected)
    labels = np.array([0, 1, 2, 2])
    assert constant_prediction_loss("multiclass", labels, labels) == pytest.approx(
        -(np.log(0.25) * 2 + np.log(0.5) * 2) / 4)
    assert constant_prediction_loss("regression", np.array([1.0, 3.0]), np.array([2.0, 4.0])) == pytest.approx(2.0)


@pytest.fixture(scope="module")
def overfitted():
    frame, schema, spec, config, split = overfitting_setup()
    return RunPipeline(frame, schema, spec, config, split).run().record


def test_a_wide_network_on_a_tiny_table_is_found_overfitting_during_and_after_training(overfitted):
    after = diagnose_record(overfitted)
    assert after.fit == Fit.OVERFITTING and after.gap_start == overfitted.best_epoch
    assert overfitted.constant_loss == pytest.approx(0.69, abs=0.01)
    # live: the epochs as they arrive; found a few epochs after the gap opened, long before the end
    live = [diagnose(overfitted.history[:n], constant_loss=overfitted.constant_loss).fit
            for n in range(1, len(overfitted.history) + 1)]
    first = live.index(Fit.OVERFITTING) + 1
    assert first <= after.gap_start + 6 < len(overfitted.history)
    assert all(fit == Fit.OVERFITTING for fit in live[first:])


def test_a_linear_model_on_xor_is_found_underfitting():
    frame, schema, spec, config, split = underfitting_setup()
    record = RunPipeline(frame, schema, spec, config, split).run().record
    found = diagnose_record(record)
    assert found.fit == Fit.UNDERFITTING and "no better than always predicting" in found.words


def test_old_records_without_a_constant_loss_still_get_a_diagnosis():
    old = RunRecord.from_dict({"history": history([1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2],
                                                  [1.0, 0.8, 0.7, 0.8, 0.9, 1.0, 1.1])})
    assert old.constant_loss is None and old.parent is None and old.change == ""
    assert diagnose_record(old).fit == Fit.OVERFITTING
