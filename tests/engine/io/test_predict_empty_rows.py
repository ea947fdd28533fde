"""Rows with every input empty: the predictor names them, the CLI warns about them."""

import numpy as np
import pandas as pd
import pytest

from engine.cli.main import main
from engine.io.examples import get_example


@pytest.fixture(scope="module")
def churn_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "churn.llmodel"
    assert main(["train", "--example", "churn", "--epochs", "1", "--out", str(out), "--quiet"]) == 0
    return out


def _rows_with_gaps(tmp_path):
    source = pd.read_csv(get_example("churn").path).drop(columns=["churn"]).iloc[:6].copy()
    features = [c for c in source.columns if c != "customer_id"]
    source.loc[1, features] = np.nan  # every input missing (the ID is not an input)
    source.loc[4, features] = np.nan
    source.loc[3, features[0]] = np.nan  # one gap only: a real row
    csv = tmp_path / "gaps.csv"
    source.to_csv(csv, index=False)
    return csv, source


def test_predictor_names_rows_without_features(churn_bundle, tmp_path):
    from engine.io.predict import Predictor

    csv, source = _rows_with_gaps(tmp_path)
    predictor = Predictor.load(churn_bundle)
    result = predictor.predict_file(csv)
    assert predictor.rows_without_features(result).tolist() == [False, True, False, False, True, False]
    blank = source.astype(object).copy()
    blank.loc[2, [c for c in blank.columns if c in predictor.bundle.preprocessor.input_columns]] = "  "
    assert predictor.rows_without_features(blank)[2]


def test_cli_predict_warns_about_rows_without_features(churn_bundle, tmp_path, capsys):
    csv, _ = _rows_with_gaps(tmp_path)
    assert main(["predict", str(churn_bundle), str(csv), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert "2 row(s) have every input column empty (row 2, 5)" in err
