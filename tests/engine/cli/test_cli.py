"""End to end through the `layerlab` command line: the tutorial exercise, predict, info, errors."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from engine.cli.main import main
from engine.io.examples import get_example

MARGIN = 0.05  # the tutorial network must beat "always the majority class" by 5 accuracy points or more


@pytest.fixture(scope="module")
def tutorial_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "churn.llmodel"
    assert main(["train", "--example", "churn", "--out", str(out), "--quiet"]) == 0
    return out


def test_example_trains_tutorial_network_and_beats_majority(tutorial_run, capsys):
    assert main(["info", str(tutorial_run), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    manifest = info["manifest"]
    assert manifest["train_config"]["epochs"] == 10 and manifest["train_config"]["batch_size"] == 32
    assert manifest["train_config"]["optimizer"] == "adam"
    accuracy = manifest["test_metrics"]["accuracy"]
    majority = manifest["baseline"]["majority_accuracy"]
    assert accuracy >= majority + MARGIN, (accuracy, majority)
    assert (tutorial_run.parent / "churn-metrics.csv").is_file()
    assert len(pd.read_csv(tutorial_run.parent / "churn-metrics.csv")) == 10


def test_tutorial_spec_is_dense64_dense64_output(tutorial_run):
    from engine.io.bundle import load_bundle

    bundle = load_bundle(tutorial_run)
    layers = [(n.type, n.params.get("units"), n.params.get("activation")) for n in
              (bundle.spec.node(i) for i in bundle.spec.topological_order())]
    assert layers[1:] == [("Dense", 64, "relu"), ("Dense", 64, "relu"), ("Output", None, layers[-1][2])]
    assert bundle.context.output_width == 1


def test_predict_writes_rows_plus_predictions(tutorial_run, tmp_path):
    from engine.io.predict import Predictor

    source = pd.read_csv(get_example("churn").path).drop(columns=["churn"]).iloc[:200]
    csv = tmp_path / "new.csv"
    source.to_csv(csv, index=False)
    out = tmp_path / "pred.csv"
    assert main(["predict", str(tutorial_run), str(csv), "-o", str(out)]) == 0
    written = pd.read_csv(out)
    assert len(written) == 200
    assert list(written.columns[:len(source.columns)]) == list(source.columns)
    expected = Predictor.load(tutorial_run).predict(source)
    assert (written["predicted_churn"].to_numpy() == expected["predicted_churn"].to_numpy()).all()
    assert np.allclose(written["probability_Yes"], expected["probability_Yes"], atol=1e-12)


def test_info_on_csv_names_kinds_and_reasons(capsys):
    assert main(["info", str(get_example("churn").path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    columns = {c["name"]: c for c in info["schema"]["columns"]}
    assert columns["customer_id"]["role"] == "ignore" and "ID" in columns["customer_id"]["reason"]
    assert info["schema"]["target"] == "churn"


def test_csv_training_with_flags(tmp_path, capsys):
    out = tmp_path / "wine.llmodel"
    code = main(["train", "--csv", str(get_example("wine").path), "--target", "cultivar", "--epochs", "3",
                 "--batch-size", "16", "--optimizer", "sgd", "--lr", "0.05", "--out", str(out), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["task"] == "multiclass" and result["config"]["optimizer"] == "sgd"
    assert result["epochs_run"] == 3 and out.is_file()


@pytest.mark.slow  # a child process or several: CI runs it with -m slow
def test_errors_exit_2_with_one_message_and_no_traceback(tmp_path):
    bad = tmp_path / "empty.csv"
    bad.write_text("")
    for args in (["train", "--csv", str(bad), "--target", "y"],
                 ["train", "--csv", str(get_example("churn").path), "--target", "nope"],
                 ["predict", str(tmp_path / "missing.llmodel"), str(bad)],
                 ["train", "--example", "churn", "--template", "no-such-template"]):
        proc = subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("layerlab: error: "), proc.stderr


def test_resume_continues_from_checkpoint(tmp_path, capsys):
    out = tmp_path / "d.llmodel"
    assert main(["train", "--example", "diabetes", "--epochs", "2", "--out", str(out), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["train", "--example", "diabetes", "--epochs", "4", "--out", str(out), "--resume", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert [e["epoch"] for e in second["history"]] == [1, 2, 3, 4]
    assert second["history"][:2] == first["history"][:2] or \
        [e["train_loss"] for e in second["history"][:2]] == [e["train_loss"] for e in first["history"][:2]]


KERAS_WINE = """\
model = Sequential()
model.add(Dense(16, activation='relu', input_shape=(13,)))
model.add(Dense(3, activation='softmax'))
model.compile(optimizer=SGD(learning_rate=0.05), loss='sparse_categorical_crossentropy')
model.fit(x, y, epochs=3, batch_size=16, validation_split=0.2)
"""


def test_import_keras_prints_one_train_command_that_uses_its_settings_file(tmp_path, capsys):
    import shlex

    script = tmp_path / "wine model.py"  # a space: the printed command must quote paths
    script.write_text(KERAS_WINE)
    spec, config = tmp_path / "wine spec.json", tmp_path / "wine settings.json"
    assert main(["import-keras", str(script), "-o", str(spec), "--config", str(config)]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("Train it with: "))
    words = shlex.split(line.removeprefix("Train it with: "))
    assert words[:2] == ["layerlab", "train"] and "--config" in words
    words = [str(get_example("wine").path) if w == "DATA.csv" else "cultivar" if w == "COLUMN" else w for w in words]
    out = tmp_path / "wine.llmodel"
    proc = subprocess.run([sys.executable, "-m", "engine.cli", *words[1:], "--out", str(out), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["epochs_run"] == 3 and out.is_file()
    assert (result["config"]["optimizer"], result["config"]["learning_rate"], result["config"]["batch_size"]) == \
        ("sgd", 0.05, 16)
    from engine.cli.main import build_parser
    from engine.cli.inputs import resolve_job_inputs

    inputs = resolve_job_inputs(build_parser().parse_args(words[1:]))  # the bundle does not record the split
    assert (inputs.split.val, inputs.schema.task) == (pytest.approx(0.2), "multiclass")


def test_train_config_file_errors_name_the_file(tmp_path, capsys):
    bad = tmp_path / "settings.json"
    bad.write_text('{"epochs": 0}')
    args = ["train", "--example", "wine", "--config", str(bad), "--out", str(tmp_path / "x.llmodel")]
    assert main(args) == 2
    assert "settings.json" in capsys.readouterr().err
    bad.write_text("{epochs: 3")
    assert main(args) == 2
    assert "not valid JSON" in capsys.readouterr().err
