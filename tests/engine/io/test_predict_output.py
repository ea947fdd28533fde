"""`layerlab predict` output (issue #17, items 19 and 20): the file's own cells come back as written, the new
columns never clash with the file's, and cells a spreadsheet would run as formulas are escaped (unless --raw),
in the CLI and in the app's "Save as CSV…" alike (one writer: tests/gui/pages/evaluate/test_prediction_save.py)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from engine.io.predict import escape_formula, write_predictions_csv
from tests.bad_corpus import cli


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def predicted(corpus, capsys, tmp_path):
    out = tmp_path / "pred.csv"
    code, _, err = cli(capsys, "predict", corpus / "bundle_good.llmodel", corpus / "predict_cells.csv", "-o", out)
    assert code == 0, err
    return out


def test_input_cells_are_written_back_as_read(predicted):
    rows = _rows(predicted)
    assert [r["code"] for r in rows] == ["007", "0042", "010"]  # leading zeros kept
    assert [r["age"] for r in rows] == ["56", "N/A", "50"]  # a missing-value word kept
    assert [r["share"] for r in rows] == ["12%", "100 %", "-3%"]  # percent signs kept
    assert [r["amount"] for r in rows] == ["1,234", "1,000,000", "17"]  # thousands separators kept
    assert [r["delta"] for r in rows] == ["-3.5", "+2", "-1e3"]  # plain numbers are not formulas


def test_prediction_columns_do_not_clash(predicted):
    with open(predicted, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["code", "age", "income", "city", "share", "amount", "delta", "note", "predicted_bought",
                      "predicted_bought_2", "probability_yes"]
    rows = _rows(predicted)
    assert [r["predicted_bought"] for r in rows] == ["old", "", "x"]  # the file's own column untouched
    assert {r["predicted_bought_2"] for r in rows} <= {"yes", "no"}


def test_formulas_are_escaped(predicted):
    rows = _rows(predicted)
    assert [r["note"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+cmd|' /C calc'!A0",
                                         "'-2+3"]
    assert rows[2]["city"] == "'@SUM(1+1)"


def test_raw_keeps_formulas(corpus, capsys, tmp_path):
    out = tmp_path / "pred.csv"
    code, _, err = cli(capsys, "predict", corpus / "bundle_good.llmodel", corpus / "predict_cells.csv", "-o", out,
                       "--raw")
    assert code == 0, err
    rows = _rows(out)
    assert rows[0]["note"] == "=HYPERLINK(\"http://evil.example\",\"click\")" and rows[2]["city"] == "@SUM(1+1)"
    assert rows[0]["code"] == "007"


def test_predicted_labels_and_names_are_escaped(tmp_path):
    frame = pd.DataFrame({"=cmd": ["@x", "\tTAB", "\rCR", "-3.5", "+1,234", "12%", "ok"],
                          "predicted_y": ["=1+1", "-no", "+yes", "=A1", "a", "b", "c"],
                          "probability_=1+1": [0.1, -0.2, 0.3, 0.4, 0.5, 0.6, 0.7]})
    write_predictions_csv(tmp_path / "p.csv", frame)
    with open(tmp_path / "p.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["'=cmd", "predicted_y", "probability_=1+1"]
    assert [r[0] for r in rows[1:]] == ["'@x", "'\tTAB", "'\rCR", "-3.5", "+1,234", "12%", "ok"]
    assert [r[1] for r in rows[1:]] == ["'=1+1", "'-no", "'+yes", "'=A1", "a", "b", "c"]
    assert rows[2][2] == "-0.2"
    write_predictions_csv(tmp_path / "raw.csv", frame, raw=True)
    assert "\n=1+1," not in (tmp_path / "raw.csv").read_text() and ",=1+1," in (tmp_path / "raw.csv").read_text()
    assert escape_formula(3) == 3 and escape_formula("- 3") == "'- 3"


def test_missing_value_words_count_as_empty(corpus):
    from engine.io.predict import Predictor

    predictor = Predictor.load(corpus / "bundle_good.llmodel")
    frame = pd.DataFrame({"age": ["N/A", "3"], "income": ["", "1"], "city": ["NA", "Paris"]})
    assert predictor.rows_without_features(frame).tolist() == [True, False]
