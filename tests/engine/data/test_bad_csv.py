"""The bad-input corpus's CSV files (tests/data/bad, listed in CASES.md) through the engine and the CLI.

Every case either loads correctly (valid-but-odd input: the values must come out right) or is
refused with the engine's own error whose message names what is wrong, where, and what to do.
Through the CLI every refusal is exit status 2 with one `layerlab: error: ...` message on
stderr, no traceback, and no half-written output file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from engine.io.bundle import load_bundle
from engine.data import infer_schema, read_csv
from engine.errors import DataError
from engine.preprocess import prepare
from tests.bad_corpus import assert_refused, cli, peak_rss_mb

# --- CSV files that must be refused ----------------------------------------------------------

CSV_REFUSED = {
    "empty.csv": r"'empty.csv' is empty\. Choose a CSV file with a header line and data rows",
    "header_only.csv": r"'header_only.csv' has a header line but no data rows\. Add rows",
    "one_row.csv": r"'one_row.csv' has only 1 data row; need at least 2 rows\. Add more rows",
    "ragged_rows.csv": r"'ragged_rows.csv': line 4 has 4 fields, the header has 3\. Fix that line",
    "random_bytes.csv": r"'random_bytes.csv' does not look like a text CSV file \(it contains binary "
                        r"data\)\. Export or save the data as CSV",
    "zip_renamed.csv": r"'zip_renamed.csv' does not look like a text CSV file: it is a ZIP archive.*"
                       r"save the data as CSV",
    "png_renamed.csv": r"'png_renamed.csv' does not look like a text CSV file: it is a PNG image.*"
                       r"save the data as CSV",
}


@pytest.mark.parametrize("name", sorted(CSV_REFUSED))
def test_csv_refused_by_engine(corpus, name):
    with pytest.raises(DataError, match=CSV_REFUSED[name]) as info:
        read_csv(corpus / name)
    assert Path(info.value.path) == corpus / name
    if name == "ragged_rows.csv":
        assert info.value.row == 4


@pytest.mark.parametrize("name", sorted(CSV_REFUSED))
def test_csv_refused_by_cli(corpus, capsys, tmp_path, name):
    assert_refused(capsys, CSV_REFUSED[name], "info", corpus / name)
    out = tmp_path / "model.llmodel"
    assert_refused(capsys, CSV_REFUSED[name], "train", "--csv", corpus / name, "--target", "bought",
                   "--out", out, "-q")
    assert list(tmp_path.iterdir()) == []  # nothing written half-way


# --- CSV files that are odd but valid: they must load with the right values --------------------

def _column(corpus, name, column):
    return read_csv(corpus / name).frame[column].tolist()


PEOPLE = ["Zürich", "Café Müller", "São Paulo", "Ærøskøbing", "Málaga", "Genève"]


def check_bom(corpus):
    table = read_csv(corpus / "bom.csv")
    assert list(table.frame.columns) == ["age", "income", "bought"] and table.encoding == "utf-8-sig"
    assert table.frame["age"].tolist() == [34, 41, 29, 52]


def check_semicolon(corpus):
    table = read_csv(corpus / "delimiter_semicolon.csv")
    assert table.delimiter == ";" and list(table.frame.columns) == ["age", "income", "city", "bought"]
    assert table.frame["income"].tolist() == [1.5, 2.25, 3.0, 4.75, 2.5, 3.5]  # decimal commas
    assert any("decimal comma" in w for w in table.warnings)


def check_tab(corpus):
    table = read_csv(corpus / "delimiter_tab.csv")
    assert table.delimiter == "\t" and table.frame["city"].tolist()[:3] == ["Lyon", "Paris", "Lyon"]
    assert table.frame["income"].tolist()[:2] == [52000, 61000]


def check_pipe(corpus):
    table = read_csv(corpus / "delimiter_pipe.csv")
    assert table.delimiter == "|" and list(table.frame.columns) == ["age", "income", "city", "bought"]
    assert table.frame["bought"].tolist() == ["yes", "no"] * 3


def check_latin1(corpus):
    table = read_csv(corpus / "latin1.csv")
    assert table.frame["city"].tolist() == PEOPLE  # accents intact
    assert table.encoding in ("cp1252", "latin-1")
    assert any("not valid UTF-8" in w and "line 2" in w for w in table.warnings)


def check_utf16(corpus):
    table = read_csv(corpus / "utf16.csv")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.frame["city"].tolist() == PEOPLE and table.frame["visits"].tolist() == [12, 7, 3, 9, 5, 8]


def check_utf16_no_bom(corpus):
    table = read_csv(corpus / "utf16_no_bom.csv")
    assert table.encoding == "utf-16-le" and table.frame["city"].tolist() == PEOPLE


def check_quoted_newlines(corpus):
    notes = _column(corpus, "quoted_newlines.csv", "note")
    assert notes == ["first line\nsecond line", "has, a comma", 'says "hi"', "plain"]


def check_duplicate_columns(corpus):
    table = read_csv(corpus / "duplicate_columns.csv")
    assert list(table.frame.columns) == ["age", "age_2", "income", "bought"]
    assert table.frame["age_2"].tolist() == [35, 40, 30, 51]
    assert any("'age' -> 'age_2'" in w for w in table.warnings)


def check_blank_column_names(corpus):
    table = read_csv(corpus / "blank_column_names.csv")
    assert list(table.frame.columns) == ["age", "column_2", "income", "column_4", "bought"]
    assert any("column_2, column_4" in w for w in table.warnings)


def check_mixed_types(corpus):
    frame = read_csv(corpus / "mixed_types.csv").frame
    score = infer_schema(frame, target="bought").column("score")
    assert score.kind == "categorical" and "'unknown' at row 3" in score.reason
    data = prepare(frame, infer_schema(frame, target="bought"))
    assert np.isfinite(data.x_train).all()


def check_all_missing_column(corpus):
    frame = read_csv(corpus / "all_missing_column.csv").frame
    assert frame["notes"].isna().all()
    notes = infer_schema(frame, target="bought").column("notes")
    assert (notes.role, notes.reason) == ("ignore", "ignored: every value is missing")
    assert "notes" not in prepare(frame, infer_schema(frame, target="bought")).preprocessor.input_columns


def check_constant_column(corpus):
    frame = read_csv(corpus / "constant_column.csv").frame
    country = infer_schema(frame, target="bought").column("country")
    assert (country.kind, country.role) == ("constant", "ignore") and "'FR'" in country.reason


def check_infinities(corpus):
    table = read_csv(corpus / "infinities.csv")
    ratio = table.frame["ratio"].tolist()
    assert ratio[0] == 1.5 and ratio[3] == 2.5 and all(math.isnan(ratio[i]) for i in (1, 2, 4))
    assert any("3 infinite values" in w for w in table.warnings)
    data = prepare(table.frame, infer_schema(table.frame, target="bought"))
    assert all(np.isfinite(x).all() for x in (data.x_train, data.x_val, data.x_test))


def check_thousands(corpus):
    assert _column(corpus, "thousands_separators.csv", "income") == [1234, 12500, 987, 1_000_000, 2345.5]


def check_percentages(corpus):
    assert _column(corpus, "percentages.csv", "discount") == [12, 5, 0.5, 100, -3]


def check_leading_blank_lines(corpus):
    table = read_csv(corpus / "leading_blank_lines.csv")
    assert list(table.frame.columns) == ["age", "income", "bought"] and table.frame["age"].tolist() == [34, 41, 29, 52]


def check_target_missing_values(corpus):
    frame = read_csv(corpus / "target_missing_values.csv").frame
    data = prepare(frame, infer_schema(frame, target="bought"))
    assert "dropped 2 rows with no value in target 'bought'" in data.warnings
    kept = np.concatenate(data.rows)
    assert sorted(kept.tolist()) == [0, 2, 3, 5, 6, 7, 8, 9]


def check_many_levels(corpus):
    before = peak_rss_mb()
    frame = read_csv(corpus / "many_levels.csv").frame
    schema = infer_schema(frame, target="churned")
    segment = schema.column("customer_segment")
    assert (segment.kind, segment.unique) == ("categorical", 50_000)
    data = prepare(frame, schema, max_categories=20)
    names = data.preprocessor.feature_names
    assert len(names) == 22 and "customer_segment=(other)" in names  # 20 levels + other + spend
    assert data.x_train.shape == (70_000, 22)
    # a one-hot of every level would be 70,000 x 50,000 floats (14 GB); the capped one is 6 MB
    assert peak_rss_mb() - before < 400


def check_good(corpus):
    frame = read_csv(corpus / "good.csv").frame
    assert frame.shape == (40, 4) and prepare(frame, infer_schema(frame, target="bought")).preprocessor.task == "binary"


CSV_VALID = {
    "bom.csv": check_bom, "delimiter_semicolon.csv": check_semicolon, "delimiter_tab.csv": check_tab,
    "delimiter_pipe.csv": check_pipe, "latin1.csv": check_latin1, "utf16.csv": check_utf16,
    "utf16_no_bom.csv": check_utf16_no_bom, "quoted_newlines.csv": check_quoted_newlines,
    "duplicate_columns.csv": check_duplicate_columns, "blank_column_names.csv": check_blank_column_names,
    "mixed_types.csv": check_mixed_types, "all_missing_column.csv": check_all_missing_column,
    "constant_column.csv": check_constant_column, "infinities.csv": check_infinities,
    "thousands_separators.csv": check_thousands, "percentages.csv": check_percentages,
    "leading_blank_lines.csv": check_leading_blank_lines,
    "target_missing_values.csv": check_target_missing_values, "many_levels.csv": check_many_levels,
    "good.csv": check_good,
}
TARGETS = {"latin1.csv": "member", "utf16.csv": "member", "utf16_no_bom.csv": "member",
           "many_levels.csv": "churned"}


@pytest.mark.parametrize("name", sorted(CSV_VALID))
def test_valid_csv_loads_right(corpus, name):
    CSV_VALID[name](corpus)


@pytest.mark.parametrize("name", sorted(set(CSV_VALID) - {"many_levels.csv"}))
def test_valid_csv_trains_through_cli(corpus, capsys, tmp_path, name):
    out = tmp_path / "m.llmodel"
    code, _, err = cli(capsys, "train", "--csv", corpus / name, "--target", TARGETS.get(name, "bought"),
                       "--epochs", "1", "--out", out, "-q")
    assert code == 0 and "Traceback" not in err, err
    assert load_bundle(out).task == "binary"


def test_latin1_values_intact_through_cli(corpus, capsys):
    code, out, _ = cli(capsys, "info", corpus / "latin1.csv", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["encoding"] == "cp1252" and "Zürich" in json.dumps(info, ensure_ascii=False)


def test_many_levels_through_cli(corpus, capsys):
    code, out, _ = cli(capsys, "info", corpus / "many_levels.csv")
    assert code == 0 and "categorical: 50000 levels" in out


def test_single_class_target(corpus, capsys, tmp_path):
    frame = read_csv(corpus / "single_class_target.csv").frame
    with pytest.raises(DataError, match=r"target 'bought' \(ignored: only one value \('yes'\)\).*another target"):
        prepare(frame, infer_schema(frame, target="bought"))
    with pytest.raises(DataError, match=r"Target 'bought' has only one class \('yes'\).*add rows of the other"):
        prepare(frame, infer_schema(frame, target="bought", task="binary"))
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, r"only one value \('yes'\)", "train", "--csv", corpus / "single_class_target.csv",
                   "--target", "bought", "--out", out)
    assert_refused(capsys, r"only one class", "train", "--csv", corpus / "single_class_target.csv",
                   "--target", "bought", "--task", "binary", "--out", out)
    assert not out.exists()
