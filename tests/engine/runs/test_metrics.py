"""Metrics, baseline, devices and default settings."""

import numpy as np
import pytest

from engine.runs.baseline import fit_baseline
from engine.devices import available_devices, cpu_reason, resolve_device
from engine.runs.metrics import classification_metrics, majority_accuracy, probabilities, regression_metrics
from engine.training import auto_config


def test_binary_metrics_known_values():
    y = np.array([0, 0, 1, 1])
    proba = np.array([0.1, 0.6, 0.4, 0.9])
    m = classification_metrics("binary", y, proba, 2)
    assert m["accuracy"] == 0.5 and m["precision"] == 0.5 and m["recall"] == 0.5
    assert m["confusion_matrix"] == [[1, 1], [1, 1]]
    assert m["roc_auc"] == pytest.approx(0.75)
    assert m["roc_curve"]["fpr"][0] == 0.0 and m["roc_curve"]["tpr"][-1] == 1.0


def test_multiclass_probabilities_and_metrics():
    logits = np.array([[5.0, 0, 0], [0, 5.0, 0], [0, 0, 5.0], [5.0, 0, 0]])
    proba = probabilities("multiclass", logits)
    assert np.allclose(proba.sum(axis=1), 1)
    m = classification_metrics("multiclass", np.array([0, 1, 2, 1]), proba, 3)
    assert m["accuracy"] == 0.75 and m["confusion_matrix"][1] == [1, 1, 0]
    assert "roc_auc" not in m


def test_regression_metrics():
    m = regression_metrics([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    assert m["mae"] == pytest.approx(2 / 3) and m["rmse"] == pytest.approx(np.sqrt(4 / 3))
    assert m["r2"] == pytest.approx(1 - 4 / 2)


def test_majority_and_baseline():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] > 0).astype(np.float32)
    assert majority_accuracy(np.array([1, 1, 0]), np.array([1, 0])) == 0.5
    base = fit_baseline("binary", x[:300], y[:300], x[300:], y[300:])
    assert base["metrics"]["accuracy"] > 0.9 and base["seconds"] < 10
    reg = fit_baseline("regression", x[:300], x[:300, 0], x[300:], x[300:, 0], target_mean=10, target_std=2)
    assert reg["metrics"]["r2"] > 0.99


def test_devices_cpu_always_listed():
    ids = [d.id for d in available_devices()]
    assert ids[-1] == "cpu"
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type in ("cpu", "cuda", "mps")
    with pytest.raises(ValueError, match="Unknown device"):
        resolve_device("tpu")
    if ids == ["cpu"]:
        assert "no GPU" in cpu_reason()
        with pytest.raises(ValueError, match="no CUDA GPU"):
            resolve_device("cuda")


@pytest.mark.parametrize("rows", [100, 5_000, 100_000, 1_000_000])
def test_auto_config_scales_with_table(rows):
    cfg = auto_config(rows)
    assert cfg.early_stopping and cfg.restore_best and not cfg.validate()
    assert cfg.epochs * rows <= max(4_000_000, 15 * rows)
    assert cfg.batch_size <= max(32, rows // 10)


@pytest.mark.parametrize("name, value, text", [
    ("accuracy", 0.7511, "75.1 %"), ("accuracy", 1, "100.0 %"), ("val_accuracy", 0.5, "50.0 %"),
    ("precision", 0.25, "25.0 %"), ("recall", 0.3333, "33.3 %"), ("f1", 0.9, "90.0 %"), ("roc_auc", 0.873, "87.3 %"),
    ("log_loss", 0.512345, "0.5123"), ("rmse", 1.5, "1.500"), ("mae", 34567.8, "34,570"), ("rmse", 9.99996, "10.00"),
    ("loss", 0.000123456, "0.0001235"), ("rmse", 2.5e-7, "2.500e-07"), ("r2", 0.91234, "0.912"), ("r2", -1.5, "-1.500"),
    ("rmse", float("inf"), "∞"), ("rmse", float("nan"), "–"), ("accuracy", None, "–"), ("mae", 0.0, "0"),
    ("accuracy", np.float32(0.75), "75.0 %"),
])
def test_format_metric_one_way_for_every_metric(name, value, text):
    from engine.runs.metrics import format_metric

    assert format_metric(name, value) == text


def test_higher_is_better_follows_the_metric():
    from engine.runs.metrics import higher_is_better

    assert all(higher_is_better(n) for n in ("accuracy", "f1", "roc_auc", "r2", "val_accuracy"))
    assert not any(higher_is_better(n) for n in ("log_loss", "rmse", "mae", "loss", "val_loss"))


def test_formatting_a_metric_does_not_import_sklearn():
    """Pages format numbers at start-up; scikit-learn (seconds to import) is only for scoring."""
    import subprocess
    import sys

    code = "import sys, engine.runs.metrics as m; m.format_metric('accuracy', 0.5); print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
