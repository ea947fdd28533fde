"""Tests for engine.data: robust CSV reading and schema inference."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pandas as pd
import pytest

from engine.data import KINDS, MISSING_TOKENS, ColumnInfo, Schema, infer_schema, read_csv
from engine.errors import DataError


@pytest.fixture
def write(tmp_path):
    """write(text_or_bytes, name="data.csv", encoding="utf-8") -> path."""
    def _write(content, name="data.csv", encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return path
    return _write


def _people_frame(n=60, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(n)],
        "age": rng.integers(18, 90, n).astype(float) + rng.random(n),
        "plan": rng.choice(["basic", "plus", "pro"], n),
        "active": rng.choice(["yes", "no"], n),
        "children": rng.integers(0, 4, n),
        "country": "NL",
        "label": rng.choice(["a", "b"], n),
    })


# reading: delimiters, encodings -----------------------------------------------------------
@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(write, delim):
    text = delim.join(["a", "b", "c"]) + "\n" + "\n".join(
        delim.join([str(i), f"x{i}", f"{i}.5"]) for i in range(5)) + "\n"
    table = read_csv(write(text))
    assert table.delimiter == delim
    assert list(table.frame.columns) == ["a", "b", "c"]
    assert table.frame["a"].tolist() == [0, 1, 2, 3, 4]
    assert table.frame["c"].iloc[1] == 1.5
    assert table.has_header and table.warnings == []


def test_utf8_bom(write):
    table = read_csv(write("\ufeffname,score\nAnna,1\nBjörn,2\n"))
    assert list(table.frame.columns) == ["name", "score"]
    assert table.frame["name"].tolist() == ["Anna", "Björn"]
    assert table.encoding == "utf-8-sig"


def test_utf16_with_bom(write):
    path = write("name;score\nZoë;1\nÅsa;2\n", encoding="utf-16")
    table = read_csv(path)
    assert table.encoding == "utf-16" and table.delimiter == ";"
    assert table.frame["name"].tolist() == ["Zoë", "Åsa"]


def test_latin1_falls_back_with_warning(write):
    path = write("city,n\nMünchen,1\nZürich,2\nCafé € ,3\n", encoding="cp1252")
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame["city"].tolist() == ["München", "Zürich", "Café €"]
    assert any("not valid UTF-8" in w and "line 2" in w for w in table.warnings)


def test_quoted_fields_and_newlines(write):
    table = read_csv(write('a,b\n"hello, world",1\n"two\nlines",2\n'))
    assert table.frame["a"].tolist() == ["hello, world", "two\nlines"]


def test_progress_is_reported(write):
    seen = []
    read_csv(write("a,b\n1,2\n3,4\n"), progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


# reading: header, names, numbers, missing -------------------------------------------------
def test_headerless_file_gets_generated_names(write):
    table = read_csv(write("1,2.5,3\n4,5.5,6\n7,8.5,9\n"))
    assert not table.has_header
    assert list(table.frame.columns) == ["column_1", "column_2", "column_3"]
    assert len(table.frame) == 3 and table.frame["column_1"].tolist() == [1, 4, 7]
    assert any("looks like data" in w for w in table.warnings)


def test_duplicate_and_blank_names(write):
    table = read_csv(write("a,a,,b\n1,2,3,4\n5,6,7,8\n"))
    assert list(table.frame.columns) == ["a", "a_2", "column_3", "b"]
    assert any("Duplicate" in w and "'a' -> 'a_2'" in w for w in table.warnings)
    assert any("column_3" in w for w in table.warnings)


def test_thousands_separator_with_semicolon(write):
    table = read_csv(write("amount;n\n1,234;1\n12,345,678.5;2\n17;3\n"))
    assert table.frame["amount"].tolist() == [1234, 12345678.5, 17]
    assert any("thousands" in w and "'1,234'" in w for w in table.warnings)


def test_thousands_separator_quoted_with_comma(write):
    table = read_csv(write('amount,n\n"1,234",1\n"2,000",2\n'))
    assert table.frame["amount"].tolist() == [1234, 2000]


def test_decimal_comma_with_semicolon(write):
    table = read_csv(write("x;n\n12,5;1\n3;2\n0,25;3\n"))
    assert table.frame["x"].tolist() == [12.5, 3.0, 0.25]
    assert any("decimal comma" in w for w in table.warnings)


def test_percent_is_kept_as_number(write):
    table = read_csv(write("rate,n\n12%,1\n7.5 %,2\n,3\n"))
    rate = table.frame["rate"]
    assert rate.iloc[0] == 12.0 and rate.iloc[1] == 7.5 and np.isnan(rate.iloc[2])
    assert any("percentages" in w and "12" in w for w in table.warnings)


def test_missing_tokens_are_counted_and_text_is_kept(write):
    table = read_csv(write("x,y\n1,a\nNA,N/A\n ? ,b\nnull,c\n5, none\n"))
    assert table.frame["x"].isna().sum() == 3
    assert table.missing == {"x": 3, "y": 2}
    assert table.frame["y"].dropna().tolist() == ["a", "b", "c"]
    assert "?" in MISSING_TOKENS and "" in MISSING_TOKENS


def test_mixed_column_stays_text(write):
    rows = [str(i) for i in range(30)]
    rows[16] = "abc"
    rows[20] = "n/k"
    rows[25] = "x"
    table = read_csv(write("v,t\n" + "\n".join(f"{r},{i % 2}" for i, r in enumerate(rows))))
    assert not pd.api.types.is_numeric_dtype(table.frame["v"])
    assert table.frame["v"].iloc[16] == "abc"
    info = infer_schema(table.frame).column("v")
    assert info.reason.startswith("mixed: 3 values are not numbers, e.g. 'abc' at row 17")
    assert info.kind == "categorical"


def test_infinities_become_missing(write):
    table = read_csv(write("x,y\n1,1\ninf,2\n-inf,3\n4,4\n"))
    assert table.frame["x"].isna().sum() == 2 and table.missing["x"] == 2
    assert any("infinite" in w for w in table.warnings)


def test_min_rows_can_be_lowered_for_prediction_files(write):
    assert len(read_csv(write("a,b\n1,2\n"), min_rows=1).frame) == 1


# reading: errors for people ---------------------------------------------------------------
def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"File not found: .*nope\.csv\. Check the path"):
        read_csv(tmp_path / "nope.csv")


def test_empty_file(write):
    with pytest.raises(DataError, match=r"'empty\.csv' is empty\. Choose a CSV file"):
        read_csv(write("", name="empty.csv"))
    with pytest.raises(DataError, match="is empty"):
        read_csv(write("\n\n  \n", name="blank.csv"))


def test_header_only(write):
    with pytest.raises(DataError, match=r"'h\.csv' has a header line but no data rows"):
        read_csv(write("a,b,c\n", name="h.csv"))


def test_one_data_row(write):
    with pytest.raises(DataError, match=r"'one\.csv' has only 1 data row; need at least 2 rows"):
        read_csv(write("a,b\n1,2\n", name="one.csv"))


def test_ragged_rows_name_the_line(write):
    text = "a,b,c,d\n" + "1,2,3,4\n" * 5 + "1,2,3,4,5\n" + "1,2,3,4\n"
    with pytest.raises(DataError, match=r"'r\.csv': line 7 has 5 fields, the header has 4") as e:
        read_csv(write(text, name="r.csv"))
    assert e.value.row == 7
    with pytest.raises(DataError, match="line 3 has 2 fields, the header has 4"):
        read_csv(write("a,b,c,d\n1,2,3,4\n1,2\n1,2,3,4\n"))


@pytest.mark.parametrize("kind", ["random", "zip", "png"])
def test_binary_files_are_refused(write, tmp_path, kind):
    if kind == "random":
        path = write(np.random.default_rng(0).bytes(4096), name="x.csv")
    elif kind == "png":
        path = write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, name="x.csv")
    else:
        path = tmp_path / "x.csv"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match=r"'x\.csv' does not look like a text CSV"):
        read_csv(path)


def test_folder_is_refused(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        read_csv(tmp_path)


# schema -----------------------------------------------------------------------------------
def test_infer_kinds_roles_and_target():
    frame = _people_frame()
    frame["joined"] = pd.date_range("2020-01-01", periods=len(frame), freq="D").astype(str)
    frame["notes"] = [f"customer number {i} said something quite long about it" for i in
                      range(len(frame))]
    frame["row"] = np.arange(len(frame))
    schema = infer_schema(frame)
    kinds = {c.name: c.kind for c in schema.columns}
    assert kinds == {"customer_id": "identifier", "age": "numeric", "plan": "categorical",
                     "active": "boolean", "children": "integer_category",
                     "country": "constant", "label": "categorical", "joined": "datetime",
                     "notes": "text", "row": "identifier"}
    assert schema.target == "label" and schema.task == "binary"
    assert schema.column("customer_id").reason == "ignored: unique per row, looks like an ID"
    assert schema.column("customer_id").role == "ignore"
    assert schema.column("country").role == "ignore"
    assert schema.features == ["age", "plan", "active", "children", "joined", "notes"]  # free text is an input
    assert all(c.reason for c in schema.columns) and all(c.kind in KINDS for c in schema.columns)
    assert schema.column("plan").task_hint == "multiclass"
    assert schema.column("age").task_hint == "regression"
    assert schema.column("notes").task_hint is None


@pytest.mark.parametrize("name", ["Churn", "EXITED", "y", "Outcome", "class"])
def test_target_guess_by_name(name):
    frame = pd.DataFrame({name: [0, 1] * 10, "x": np.arange(20) * 1.5, "z": ["a", "b"] * 10})
    assert infer_schema(frame).target == name


def test_target_guess_takes_a_last_column_of_few_classes():
    frame = pd.DataFrame({"x": np.linspace(0, 1, 30), "price": np.linspace(5, 50, 30),
                          "grade": ["A", "B", "C"] * 10})
    schema = infer_schema(frame)
    assert schema.target == "grade" and schema.task == "multiclass"
    assert schema.target_reason == "the last column, with 3 classes"


@pytest.mark.parametrize("last, why", [
    ("price", "is a continuous number, maybe a regression target"), ("id", "looks like an ID"),
    ("visits", "is a whole number, maybe a regression target")])
def test_no_target_guess_when_the_last_column_is_a_number_or_id(last, why):
    frame = pd.DataFrame({"x": np.linspace(0, 1, 30), "z": ["a", "b", "c"] * 10})
    frame[last] = {"price": np.linspace(5, 50, 30), "id": np.arange(30), "visits": np.arange(30) * 3 + 7}[last]
    schema = infer_schema(frame)
    assert schema.target is None and schema.task is None
    assert f"the last column, {last}, {why}" in schema.target_reason
    assert "no column is named like a target" in schema.target_reason
    assert all(c.role != "target" for c in schema.columns)


def test_penguins_like_table_has_no_target_and_says_why(tmp_path):
    from tests.penguins import write_penguins_csv

    table = read_csv(write_penguins_csv(tmp_path / "penguins.csv"))
    schema = infer_schema(table.frame)
    assert schema.target is None and schema.task is None
    assert schema.target_reason == ("no column is named like a target and the last column, year, "
                                    "is a whole number, maybe a regression target")
    assert schema.column("year").role == "feature"  # still used, just not predicted
    assert schema.target_candidates == ["species", "island", "bill_length_mm", "bill_depth_mm",
                                        "flipper_length_mm", "body_mass_g", "sex", "year"]
    again = Schema.from_dict(json.loads(json.dumps(schema.to_dict())))
    assert again.target_reason == schema.target_reason
    schema.set_target("species")
    assert (schema.task, schema.target_reason) == ("multiclass", "chosen by you")
    explicit = infer_schema(table.frame, target="body_mass_g")
    assert explicit.task == "regression" and explicit.target_reason == "chosen by you"


@pytest.mark.parametrize("name", ["target_price", "Label", "sale label"])
def test_target_guess_by_name_pattern(name):
    frame = pd.DataFrame({name: np.linspace(5, 50, 30), "x": np.linspace(0, 1, 30),
                          "year": [2007, 2008, 2009] * 10})
    schema = infer_schema(frame)
    assert schema.target == name and schema.target_reason == f"named like a target ('{name}')"


def test_trailing_empty_column_is_skipped_when_guessing():
    frame = pd.DataFrame({"x": np.linspace(0, 1, 30), "kind": ["a", "b"] * 15,
                          "Unnamed: 2": [np.nan] * 30})
    assert infer_schema(frame).target == "kind"


def test_explicit_target_and_task():
    frame = _people_frame()
    schema = infer_schema(frame, target="plan", task="multiclass")
    assert schema.target == "plan" and schema.task == "multiclass"
    assert schema.column("label").role == "feature"
    with pytest.raises(DataError, match="There is no column 'nope'"):
        infer_schema(frame, target="nope")


def test_schema_edits():
    schema = infer_schema(_people_frame())
    schema.set_target("plan")
    assert schema.task == "multiclass" and schema.column("label").role == "feature"
    assert schema.column("plan").role == "target"
    schema.set_role("children", "ignore")
    assert "children" not in schema.features
    schema.set_kind("children", "numeric")
    assert schema.column("children").reason == "numeric: set by you"
    schema.set_task("binary")
    assert schema.task == "binary"
    schema.set_role("plan", "feature")
    assert schema.target is None and schema.task is None
    with pytest.raises(DataError, match="Unknown role 'boss'"):
        schema.set_role("plan", "boss")
    with pytest.raises(DataError, match="Unknown kind"):
        schema.set_kind("plan", "fancy")
    with pytest.raises(DataError, match="Unknown task"):
        schema.set_task("clustering")
    with pytest.raises(DataError, match="no column 'ghost'"):
        schema.column("ghost")


def test_schema_json_round_trip_and_copy():
    schema = infer_schema(_people_frame())
    data = json.loads(json.dumps(schema.to_dict()))
    assert data["version"] == 1
    again = Schema.from_dict(data)
    assert again == schema and again.to_dict() == schema.to_dict()
    copy = schema.copy()
    copy.set_role("age", "ignore")
    assert schema.column("age").role == "feature"
    info = schema.column("plan")
    assert ColumnInfo.from_dict(info.to_dict()) == info


def test_all_missing_and_numeric_text_columns():
    frame = pd.DataFrame({"empty": [np.nan] * 10, "nums": [str(i * 1.5) for i in range(10)],
                          "t": [0, 1] * 5})
    schema = infer_schema(frame)
    assert schema.column("empty").kind == "constant"
    assert schema.column("empty").reason == "ignored: every value is missing"
    assert schema.column("nums").kind == "numeric"


def test_read_and_infer_examples():
    from pathlib import Path
    root = Path(__file__).resolve().parents[3] / "resources" / "examples"
    expected = {"churn.csv": ("churn", "binary", 7000), "wine.csv": ("cultivar", "multiclass", 178),
                "diabetes.csv": ("progression", "regression", 442)}
    for name, (target, task, rows) in expected.items():
        table = read_csv(root / name)
        schema = infer_schema(table.frame, target=target)  # the examples name their target
        assert (schema.target, schema.task, len(table.frame)) == (target, task, rows), name
    # guessed: churn by its name, wine's cultivar as a last column of 3 classes; diabetes ends
    # in a number (progression), which is asked for rather than assumed
    guessed = {name: infer_schema(read_csv(root / name).frame).target for name in expected}
    assert guessed == {"churn.csv": "churn", "wine.csv": "cultivar", "diabetes.csv": None}
    assert infer_schema(read_csv(root / "churn.csv").frame).column("customer_id").kind == \
        "identifier"


def test_a_float_column_of_unique_values_is_a_continuous_number_not_an_id():
    """400 unique prices were described as "looks like an ID/number" (QA)."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"rooms": rng.integers(1, 6, 400), "area": rng.random(400) * 100,
                          "price": rng.random(400) * 1e5 + 1.5})
    schema = infer_schema(frame)
    assert schema.column("price").kind == "numeric" and schema.column("price").unique == 400
    assert schema.target is None
    assert schema.target_reason.endswith("the last column, price, is a continuous number, maybe a regression target")
    assert "ID" not in schema.target_reason


@pytest.mark.parametrize("values", [np.linspace(5, 50, 30), np.arange(30), np.arange(30) * 3 + 7, [1, 2, 3] * 10])
def test_the_reason_for_no_target_has_no_parentheses_of_its_own(values):
    """It is quoted in parentheses (the Train blocker): "(it may as well be a feature))." had two at the end."""
    frame = pd.DataFrame({"x": np.linspace(0, 1, 30), "z": ["a", "b", "c"] * 10, "last": values})
    reason = infer_schema(frame).target_reason
    assert reason and "(" not in reason and ")" not in reason
