"""The insight tests' trained models (one per task), trained once per test session."""

import numpy as np
import pytest

from tests.engine.insight.signal_tables import train, two_signal_table


@pytest.fixture(scope="package")
def binary_run():
    return train(two_signal_table(), "label", "tutorial-mlp")


@pytest.fixture(scope="package")
def regression_run():
    frame = two_signal_table(seed=1)
    frame["amount"] = 3.0 * frame["signal"] + 5.0 * (frame["colour"] == "red") + 10.0
    return train(frame.drop(columns=["label"]), "amount", "regression-mlp")


@pytest.fixture(scope="package")
def multiclass_run():
    frame = two_signal_table(seed=2)
    frame["kind"] = np.where(frame["signal"] > 0.5, "high", np.where(frame["colour"] == "red", "red", "low"))
    return train(frame.drop(columns=["label"]), "kind", "tutorial-mlp", epochs=30)
