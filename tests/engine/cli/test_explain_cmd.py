"""`layerlab explain`: importance per column with its spread, one row explained, partial dependence."""

import json

import pytest

from engine.cli.main import main
from engine.io.bundle import save_bundle
from tests.engine.insight.signal_tables import train, two_signal_table


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explain")
    run, test = train(two_signal_table(), "label", "tutorial-mlp")
    bundle = save_bundle(folder / "signal.llmodel", run)
    csv = folder / "held_out.csv"
    test.to_csv(csv, index=False)
    return bundle, csv, test


def test_json_gives_each_columns_importance_with_its_spread(files, capsys):
    bundle, csv, test = files
    assert main(["explain", str(bundle), str(csv), "--json", "--repeats", "3"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["metric"] == "accuracy" and result["repeats"] == 3 and result["rows"] == len(test)
    columns = result["columns"]
    assert {c["column"] for c in columns[:2]} == {"signal", "colour"}
    assert {c["column"] for c in columns} == {"noise", "signal", "colour", "shade", "size"}
    assert all(len(c["drops"]) == 3 and c["std"] >= 0 for c in columns)


def test_text_lists_columns_most_important_first(files, capsys):
    bundle, csv, _ = files
    assert main(["explain", str(bundle), str(csv), "--repeats", "2", "--max-rows", "100"]) == 0
    out = capsys.readouterr().out
    assert "Permutation importance on 100 rows" in out and "(Accuracy " in out and "2 shuffles per column" in out
    lines = [line.split()[0] for line in out.splitlines()[3:]]
    assert set(lines[:2]) == {"signal", "colour"} and " points ± " in out


def test_row_explains_one_prediction(files, capsys):
    bundle, csv, test = files
    assert main(["explain", str(bundle), str(csv), "--row", "4", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["row"] == 4 and result["prediction"] in ("Yes", "No")
    assert set(result["contributions"]) == {"noise", "signal", "colour", "shade", "size"}
    assert sum(result["input_attributions"]) == pytest.approx(sum(result["contributions"].values()))
    assert sum(result["contributions"].values()) == pytest.approx(
        result["output"] - result["baseline_output"], abs=2e-3)
    assert main(["explain", str(bundle), str(csv), "--row", "4"]) == 0
    assert f"Row 4: predicted {result['prediction']}" in capsys.readouterr().out


def test_dependence_on_a_numeric_column(files, capsys):
    bundle, csv, _ = files
    assert main(["explain", str(bundle), str(csv), "--dependence", "signal", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    curve = result["curves"]["probability of Yes"]
    assert len(curve) == len(result["grid"]) and curve[-1] > curve[0] + 0.5


@pytest.mark.parametrize("extra, message", [
    (["--row", "0"], "Row 0 is not in"),
    (["--dependence", "colour"], "'colour' is not one"),
    (["--row", "1", "--dependence", "size"], "Choose one of --row and --dependence"),
])
def test_mistakes_get_a_sentence(files, capsys, extra, message):
    bundle, csv, _ = files
    assert main(["explain", str(bundle), str(csv), *extra]) == 2
    assert message in capsys.readouterr().err


def test_importance_needs_the_target(files, tmp_path, capsys):
    bundle, _, test = files
    csv = tmp_path / "no_target.csv"
    test.drop(columns=["label"]).to_csv(csv, index=False)
    assert main(["explain", str(bundle), str(csv)]) == 2
    assert "no column 'label'" in capsys.readouterr().err


def test_a_binary_model_decides_at_its_own_threshold(files, tmp_path, capsys):
    import numpy as np

    from engine.io.bundle import set_threshold
    from engine.io.predict import Predictor

    bundle, csv, test = files
    yes = Predictor.load(bundle).predict(test)["probability_Yes"].to_numpy()
    unsure = np.flatnonzero((yes >= 0.5) & (yes < 0.99))
    row = int(unsure[np.argsort(yes[unsure])[len(unsure) // 2]])
    threshold = float(yes[row] + 1e-6)  # just above this row's probability: Yes from 0.5, No from the threshold
    strict = tmp_path / "strict.llmodel"
    strict.write_bytes(bundle.read_bytes())
    set_threshold(strict, threshold)
    for model, expected in ((bundle, "Yes"), (strict, "No")):
        assert main(["explain", str(model), str(csv), "--row", str(row + 1), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["prediction"] == expected
    truth = (test["label"] == "Yes").to_numpy()
    for model, cut in ((bundle, 0.5), (strict, threshold)):
        assert main(["explain", str(model), str(csv), "--json", "--repeats", "1"]) == 0
        assert json.loads(capsys.readouterr().out)["score"] == pytest.approx(np.mean((yes >= cut) == truth))
