"""The decision threshold: its scores against scikit-learn, stored in the run record and the bundle,
reloaded, applied by the Predictor and `layerlab predict` (with --threshold), and old files reading 0.5."""

import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

from engine.cli.main import main
from engine.data import infer_schema, read_csv
from engine.errors import DataError, ProjectError
from engine.graph import load_template
from engine.io.bundle import load_bundle, read_manifest, save_bundle, set_threshold
from engine.io.examples import get_example
from engine.io.predict import Predictor
from engine.runs import decision
from engine.runs.pipeline import RunPipeline
from engine.runs.record import RunRecord
from engine.training import TrainConfig

CHURN = get_example("churn").path


@pytest.fixture(scope="module")
def churn_bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("threshold")
    frame = read_csv(CHURN).frame.iloc[:500]
    run = RunPipeline(frame, infer_schema(frame, target="churn"), load_template("tutorial-mlp"),
                      TrainConfig(epochs=2, batch_size=32, seed=0)).run()
    rows = folder / "rows.csv"
    pd.read_csv(CHURN).iloc[500:900].drop(columns=["churn"]).to_csv(rows, index=False)
    return save_bundle(folder / "churn.llmodel", run), rows, run


def _outputs(seed=0, n=400):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.25).astype(int)
    proba = np.clip(0.25 + 0.4 * (y - 0.25) + rng.normal(0, 0.2, n), 0.001, 0.999)
    return y, proba


@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.72])
def test_scores_at_a_threshold_equal_scikit_learn(threshold):
    y, proba = _outputs()
    pred = (proba >= threshold).astype(int)
    got = decision.scores_at(y, proba, threshold)
    assert got["precision"] == pytest.approx(skm.precision_score(y, pred, zero_division=0))
    assert got["recall"] == pytest.approx(skm.recall_score(y, pred))
    assert got["f1"] == pytest.approx(skm.f1_score(y, pred))
    assert got["accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    assert got["confusion_matrix"] == skm.confusion_matrix(y, pred, labels=[0, 1]).tolist()


def test_best_f1_threshold_beats_every_other_threshold():
    y, proba = _outputs(seed=3)
    best = decision.best_f1_threshold(y, proba)
    best_f1 = decision.scores_at(y, proba, best)["f1"]
    for t in np.unique(proba):
        assert skm.f1_score(y, (proba >= t).astype(int)) <= best_f1 + 1e-12
    assert decision.best_f1_threshold(np.zeros(5), np.linspace(0.1, 0.9, 5)) == decision.DEFAULT_THRESHOLD


def test_precision_recall_and_calibration_curves():
    y, proba = _outputs(seed=4)
    pr = decision.precision_recall(y, proba)
    assert pr["average_precision"] == pytest.approx(skm.average_precision_score(y, proba))
    assert len(pr["precision"]) == len(pr["recall"]) <= decision.MAX_CURVE_POINTS + 1
    cal = decision.calibration(y, proba)
    observed, predicted = calibration_curve(y, proba, n_bins=10)
    np.testing.assert_allclose(cal["observed"], observed)
    np.testing.assert_allclose(cal["mean_predicted"], predicted)
    assert cal["brier"] == pytest.approx(skm.brier_score_loss(y, proba))
    assert sum(cal["counts"]) == len(y) and len(cal["counts"]) == len(observed)


@pytest.mark.parametrize("bad", [0, 1, -0.2, 1.5, float("nan"), "half", None, True])
def test_thresholds_outside_zero_one_are_refused_in_words(bad):
    with pytest.raises(DataError, match="between 0 and 1"):
        decision.check_threshold(bad)


def test_stored_in_the_bundle_reloaded_and_applied_by_predict(churn_bundle, tmp_path):
    bundle_path, rows, _ = churn_bundle
    assert read_manifest(bundle_path)["decision_threshold"] == 0.5
    copy = tmp_path / "copy.llmodel"
    copy.write_bytes(bundle_path.read_bytes())
    set_threshold(copy, 0.3)
    assert load_bundle(copy).threshold == 0.3
    before = Predictor.load(bundle_path).predict_file(rows)
    after = Predictor.load(copy).predict_file(rows)
    proba = after["probability_Yes"].to_numpy()
    np.testing.assert_allclose(proba, before["probability_Yes"].to_numpy())  # only the decision moved
    assert ((after["predicted_churn"] == "Yes") == (proba >= 0.3)).all()
    assert ((before["predicted_churn"] == "Yes") == (proba >= 0.5)).all()
    assert (after["predicted_churn"] != before["predicted_churn"]).any()
    overridden = Predictor.load(copy, threshold=0.5).predict_file(rows)
    assert (overridden["predicted_churn"] == before["predicted_churn"]).all()


def test_cli_predict_uses_the_stored_threshold_unless_told(churn_bundle, tmp_path, capsys):
    bundle_path, rows, _ = churn_bundle
    model = tmp_path / "t.llmodel"
    model.write_bytes(bundle_path.read_bytes())
    set_threshold(model, 0.25)
    assert main(["predict", str(model), str(rows), "-o", str(tmp_path / "a.csv")]) == 0
    assert "decision threshold 0.25" in capsys.readouterr().out
    assert main(["predict", str(model), str(rows), "-o", str(tmp_path / "b.csv"), "--threshold", "0.9"]) == 0
    stored, told = pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv")
    assert ((stored["predicted_churn"] == "Yes") == (stored["probability_Yes"] >= 0.25)).all()
    assert ((told["predicted_churn"] == "Yes") == (told["probability_Yes"] >= 0.9)).all()
    assert main(["predict", str(model), str(rows), "-o", str(tmp_path / "c.csv"), "--threshold", "1.5"]) != 0
    assert "between 0 and 1" in capsys.readouterr().err


def test_a_bundle_from_before_thresholds_loads_with_one_half_and_a_damaged_one_is_refused(churn_bundle, tmp_path):
    bundle_path, _, _ = churn_bundle

    def rewrite(target, change):
        with zipfile.ZipFile(bundle_path) as source, zipfile.ZipFile(target, "w") as out:
            for name in source.namelist():
                data = source.read(name)
                if name == "manifest.json":
                    manifest = json.loads(data)
                    change(manifest)
                    data = json.dumps(manifest)
                out.writestr(name, data)
        return target

    old = rewrite(tmp_path / "old.llmodel", lambda m: m.pop("decision_threshold"))
    assert load_bundle(old).threshold == 0.5 and Predictor.load(old).threshold == 0.5
    damaged = rewrite(tmp_path / "damaged.llmodel", lambda m: m.update(decision_threshold=7))
    with pytest.raises(ProjectError, match="damaged.*between 0 and 1"):
        load_bundle(damaged)


def test_thresholds_are_for_binary_models_only(tmp_path):
    wine = get_example("wine")
    frame = read_csv(wine.path).frame
    run = RunPipeline(frame, infer_schema(frame, target=wine.target), load_template("tutorial-mlp"),
                      TrainConfig(epochs=1, seed=0)).run()
    path = save_bundle(tmp_path / "wine.llmodel", run)
    assert "decision_threshold" not in read_manifest(path)
    with pytest.raises(ProjectError, match="binary"):
        set_threshold(path, 0.3)
    with pytest.raises(DataError, match="binary"):
        Predictor.load(path, threshold=0.3)


def test_the_run_record_keeps_its_threshold_and_old_records_read_one_half(churn_bundle):
    record = churn_bundle[2].record.with_changes(decision_threshold=0.35)
    assert RunRecord.from_dict(json.loads(json.dumps(record.to_dict()))).decision_threshold == 0.35
    old = record.to_dict()
    del old["decision_threshold"]
    assert RunRecord.from_dict(old).decision_threshold == 0.5
    with pytest.raises(ProjectError, match="decision_threshold"):
        RunRecord.from_dict({**old, "decision_threshold": 2})
