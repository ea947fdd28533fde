"""Runs on text, image and time-series inputs: the Trainer's tuples, the baselines, the bundle and predict."""

import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image

from engine.data import infer_schema
from engine.graph import load_template
from engine.io.bundle import load_bundle, save_bundle
from engine.io.predict import Predictor
from engine.runs.pipeline import RunPipeline, predict_logits
from engine.training import TrainConfig, Trainer

FAST = TrainConfig(epochs=3, batch_size=16, learning_rate=1e-2)


class _TwoInputs(torch.nn.Module):
    """Token ids and table features -> one logit: enough to see both inputs arrive, batched together."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.EmbeddingBag(10, 4)
        self.head = torch.nn.Linear(4 + 2, 1)
        self.seen = []

    def forward(self, table, ids):
        self.seen.append((table.dtype, ids.dtype, table.shape[0] == ids.shape[0]))
        return self.head(torch.cat([table, self.embed(ids)], dim=1))


def test_trainer_batches_every_input_with_the_same_rows():
    rng = np.random.default_rng(0)
    ids = np.repeat(rng.integers(0, 10, (64, 1)), 5, axis=1)  # the label is in the ids: mixed-up rows can't learn
    table = rng.normal(size=(64, 2)).astype(np.float32)
    y = (ids[:, 0] > 4).astype(np.float32)
    model = _TwoInputs()
    ended = Trainer(TrainConfig(epochs=30, batch_size=16, learning_rate=0.05)).fit(
        model, "binary", (table, ids), y, (table[:16], ids[:16]), y[:16])
    assert set(model.seen) == {(torch.float32, torch.int64, True)}
    assert "fast path: off" in ended.started.engine_path
    assert ended.history[-1].train_loss < ended.history[0].train_loss * 0.8
    logits = predict_logits(model, (table, ids))
    assert ((logits.reshape(-1) > 0) == (y > 0)).mean() > 0.9


def _reviews(n=160, seed=0):
    rng = np.random.default_rng(seed)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene", "great", "awful"])
    texts = [" ".join(rng.choice(words, rng.integers(3, 12))) for _ in range(n)]
    labels = ["pos" if sum(w in ("good", "great", "fun") for w in t.split()) >= 1 else "neg" for t in texts]
    return pd.DataFrame({"review": texts, "label": labels})


def test_text_run_scores_beside_tfidf_and_predicts_a_new_csv(tmp_path):
    frame = _reviews()
    schema = infer_schema(frame, target="label")
    trained = RunPipeline(frame, schema, load_template("text_light"), FAST).run()
    assert [s.kind for s in trained.context.sources] == ["text"]
    assert trained.baseline["model"] == "TF-IDF + logistic regression"
    assert trained.baseline["metrics"]["accuracy"] > 0.8
    path = save_bundle(tmp_path / "text.llmodel", trained)
    bundle = load_bundle(path)
    assert bundle.inputs.to_dict() == trained.data.encoders.to_dict()
    test_rows = frame.iloc[trained.data.rows[2]]
    csv = tmp_path / "new.csv"
    test_rows.drop(columns="label").to_csv(csv, index=False)
    predicted = Predictor(bundle).predict_file(csv)
    proba = trained.test_outputs["proba"]
    np.testing.assert_allclose(predicted["probability_pos"].astype(float), proba, rtol=1e-5, atol=1e-6)


def test_a_table_model_on_a_csv_with_text_trains_on_the_table_alone():
    frame = _reviews()
    frame["length"] = frame["review"].str.len()
    pipeline = RunPipeline(frame, infer_schema(frame, target="label"), load_template("tutorial-mlp"), FAST)
    data = pipeline.prepare()
    assert data.sources == () and isinstance(data.x_train, np.ndarray)
    assert any("review" in w and "Input" in w for w in data.warnings)
    assert pipeline.run().result.started.engine_path == "fast path: on"


def test_image_run_and_predict_read_paths_from_the_csv_folder(tmp_path):
    folder = tmp_path / "train"
    (folder / "pics").mkdir(parents=True)
    rng = np.random.default_rng(0)
    rows = []
    for i in range(40):
        bright = i % 2
        Image.fromarray(rng.integers(150 * bright, 100 + 150 * bright, (8, 8), dtype=np.uint8)).save(
            folder / "pics" / f"{i}.png")
        rows.append({"file": f"pics/{i}.png", "label": "light" if bright else "dark"})
    frame = pd.DataFrame(rows)
    schema = infer_schema(frame, target="label", base_dir=folder)
    trained = RunPipeline(frame, schema, load_template("image_cnn"), FAST, base_dir=folder).run()
    assert trained.baseline["model"] == "logistic regression on pixels"
    bundle = load_bundle(save_bundle(tmp_path / "img.llmodel", trained))
    frame.iloc[trained.data.rows[2]].drop(columns="label").to_csv(folder / "new.csv", index=False)
    predicted = Predictor(bundle).predict_file(folder / "new.csv")  # relative paths: from new.csv's folder
    np.testing.assert_allclose(predicted["probability_light"].astype(float), trained.test_outputs["proba"],
                               rtol=1e-4, atol=1e-5)


def _series(n=160):
    t = np.arange(n)
    return pd.DataFrame({"month": pd.date_range("2000-01-01", periods=n, freq="MS").strftime("%Y-%m-%d"),
                         "level": 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / 12)})


def test_forecast_run_reports_both_baselines_and_predicts_rows_with_history(tmp_path):
    frame = _series()
    schema = infer_schema(frame, target="level")
    schema.set_time_column("month", lookback=12)
    trained = RunPipeline(frame, schema, load_template("forecaster"), FAST).run()
    names = [c["model"] for c in trained.baseline["candidates"]]
    assert names == ["ridge on the lags", "last value"]
    assert trained.baseline["model"] == "ridge on the lags"  # the better one leads: the series is smooth
    assert trained.baseline["metrics"]["r2"] > 0.99
    last = trained.baseline["candidates"][1]["metrics"]
    # "last value" on a known series: the error is exactly the step from the previous month
    test_rows = trained.data.rows[2]
    steps = frame["level"].to_numpy()[test_rows] - frame["level"].to_numpy()[test_rows - 1]
    assert last["mae"] == pytest.approx(np.abs(steps).mean(), rel=1e-4)
    bundle = load_bundle(save_bundle(tmp_path / "fc.llmodel", trained))
    predicted = Predictor(bundle).predict(frame.iloc[test_rows.min() - 12:])
    values = predicted["predicted_level"].to_numpy()
    assert np.isnan(values[:12]).all() and np.isfinite(values[12:]).all()
    np.testing.assert_allclose(values[12:], trained.test_outputs["y_pred"], rtol=1e-4)
