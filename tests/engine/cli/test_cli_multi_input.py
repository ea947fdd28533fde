"""`layerlab train` and `predict` on text, image and time-series data: detection, templates, flags, messages."""

import re

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from engine.io.project import template_for
from engine.cli.main import main
from engine.data import infer_schema


def _texts(n=120):
    rng = np.random.default_rng(0)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene"])
    texts = [" ".join(rng.choice(words, rng.integers(3, 12))) for _ in range(n)]
    return pd.DataFrame({"review": texts, "label": ["pos" if "good" in t else "neg" for t in texts]})


def _series(n=150):
    t = np.arange(n)
    return pd.DataFrame({"month": pd.date_range("2000-01-01", periods=n, freq="MS").strftime("%Y-%m-%d"),
                         "level": 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / 12)})


def test_templates_follow_the_sources():
    assert template_for(infer_schema(_texts(), target="label"), 1_000) == "text_light"
    assert template_for(infer_schema(_texts(), target="label"), 50_000) == "text_classifier"
    pixels = pd.DataFrame(np.random.default_rng(0).integers(0, 17, (40, 16)),
                          columns=[f"pixel_{i}_{j}" for i in range(4) for j in range(4)]).assign(y=["a", "b"] * 20)
    assert template_for(infer_schema(pixels, target="y"), 40) == "image_cnn"
    series = infer_schema(_series(), target="level")
    assert template_for(series, 150) == "regression-mlp"
    series.set_time_column("month")
    assert template_for(series, 150) == "forecaster"


def test_text_csv_trains_and_predicts_a_new_csv(tmp_path, capsys):
    csv = tmp_path / "reviews.csv"
    _texts().to_csv(csv, index=False)
    out = tmp_path / "reviews.llmodel"
    assert main(["train", "--csv", str(csv), "--target", "label", "--epochs", "2", "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"Input 'review': text, 1[01] tokens per row \(the 95th percentile", printed)
    assert "TF-IDF + logistic regression:  accuracy" in printed
    new = tmp_path / "new.csv"
    _texts(5).drop(columns="label").to_csv(new, index=False)
    assert main(["predict", str(out), str(new), "-o", str(tmp_path / "p.csv")]) == 0
    predicted = pd.read_csv(tmp_path / "p.csv")
    assert predicted["predicted_label"].isin(["pos", "neg"]).all() and len(predicted) == 5


def test_time_column_flags_print_the_windows_and_both_baselines(tmp_path, capsys):
    csv = tmp_path / "series.csv"
    _series().to_csv(csv, index=False)
    assert main(["train", "--csv", str(csv), "--target", "level", "--time-column", "month", "--horizon", "2",
                 "--epochs", "2", "--out", str(tmp_path / "s.llmodel"), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Forecast: 'level' 2 row(s) ahead (horizon) from the last 12 rows (lookback, chosen" in printed
    assert "ridge on the lags:  MAE" in printed and "last value:  MAE" in printed


def test_lookback_without_a_time_column_and_short_series_are_refused(tmp_path, capsys):
    csv = tmp_path / "series.csv"
    _series(60).to_csv(csv, index=False)
    assert main(["train", "--csv", str(csv), "--target", "level", "--lookback", "5"]) == 2
    assert "--time-column" in capsys.readouterr().err
    assert main(["train", "--csv", str(csv), "--target", "level", "--time-column", "month", "--lookback", "20",
                 "--out", str(tmp_path / "s.llmodel")]) == 2
    assert "validation part has 9 rows" in capsys.readouterr().err


def test_missing_images_name_the_files_and_the_flag_drops_them(tmp_path, capsys):
    (tmp_path / "pics").mkdir()
    rows = []
    for i in range(30):
        if i not in (4, 9):
            Image.fromarray(np.full((6, 6), 40 + 200 * (i % 2), dtype=np.uint8)).save(tmp_path / "pics" / f"{i}.png")
        rows.append({"file": f"pics/{i}.png", "label": "light" if i % 2 else "dark"})
    csv = tmp_path / "images.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    base = ["train", "--csv", str(csv), "--target", "label", "--kind", "file=image", "--epochs", "1", "--quiet"]
    assert main([*base, "--out", str(tmp_path / "a.llmodel")]) == 2
    assert "4.png" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "b.llmodel"), "--drop-unreadable-images"]) == 0
    assert "Input 'file': images 1×6×6" in capsys.readouterr().out


@pytest.mark.slow  # trains the three shipped examples for one epoch each
@pytest.mark.parametrize("example", ["digits", "bible_verses", "co2"])
def test_every_new_example_trains_end_to_end(example, tmp_path):
    assert main(["train", "--example", example, "--epochs", "1", "--out", str(tmp_path / "m.llmodel"), "--quiet"]) == 0


def test_text_light_trains_at_its_own_rate_unless_told(tmp_path, capsys):
    csv = tmp_path / "reviews.csv"
    _texts().to_csv(csv, index=False)
    base = ["train", "--csv", str(csv), "--target", "label", "--epochs", "1", "--json"]
    assert main([*base, "--out", str(tmp_path / "a.llmodel")]) == 0
    assert '"learning_rate": 0.01' in capsys.readouterr().out
    assert main([*base, "--lr", "0.002", "--out", str(tmp_path / "b.llmodel")]) == 0
    assert '"learning_rate": 0.002' in capsys.readouterr().out


def test_an_example_on_text_light_gets_its_rate_too(tmp_path, capsys):
    assert main(["train", "--example", "bible_verses", "--template", "text_light", "--epochs", "1", "--json",
                 "--out", str(tmp_path / "b.llmodel")]) == 0
    assert '"learning_rate": 0.01' in capsys.readouterr().out
