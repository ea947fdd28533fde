"""Free text, image paths and pixel groups as column kinds; the time column on the schema."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from engine.data import Schema, infer_schema, read_csv
from engine.errors import DataError

WORDS = "the a cat dog sat ran on under mat tree quickly slowly red blue small big river house".split()


def _sentences(n, seed=0, words=(4, 12)):
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, rng.integers(*words))) + f" {i}" for i in range(n)]


def _kinds(frame, **kw):
    return {c.name: c.kind for c in infer_schema(frame, **kw).columns}


# text -------------------------------------------------------------------------------------
def test_free_text_is_a_feature_with_its_length_in_the_reason():
    frame = pd.DataFrame({"review": _sentences(120), "stars": np.arange(120) % 5})
    col = infer_schema(frame, target="stars").column("review")
    assert (col.kind, col.role, col.task_hint) == ("text", "feature", None)
    assert col.reason.startswith("text: free text, 120 different values,") and "words on average" in col.reason


@pytest.mark.parametrize("values, kind", [
    ([f"town {i % 40}" for i in range(400)], "categorical"),                     # short and repeating
    ([f"Name{i} Surname{i}" for i in range(400)], "identifier"),                # two words, all different
    ([f"C{i:05d}" for i in range(400)], "identifier"),                          # an ID
    (["I fully agree with this", "I do not agree at all", "no opinion either way"] * 100, "categorical"),
    ([f"user{i}@example.org" for i in range(300)] + ["a@b.c"] * 100, "identifier"),  # many short strings
])
def test_categories_identifiers_and_short_strings_do_not_become_text(values, kind):
    assert _kinds(pd.DataFrame({"x": values}))["x"] == kind


def test_chinese_text_without_spaces_is_text_and_chinese_categories_are_not():
    rng = np.random.default_rng(3)
    chars = list("这个产品非常好用我很喜欢质量不错物流快服务态度差一般还可以下次再来买")
    frame = pd.DataFrame({"评论": ["".join(rng.choice(chars, rng.integers(8, 30))) for _ in range(80)],
                          "城市": rng.choice(["北京市", "上海市", "广州市"], 80),
                          "满意度": rng.choice(["非常满意", "一般", "不满意"], 80)})
    assert _kinds(frame) == {"评论": "text", "城市": "categorical", "满意度": "categorical"}


def test_long_texts_that_repeat_are_still_text():
    texts = _sentences(60, words=(8, 14)) * 3  # a spam corpus repeats messages
    assert _kinds(pd.DataFrame({"message": texts}))["message"] == "text"


def test_mostly_numbers_with_many_values_are_numbers_not_text():
    values = [str(i * 1.5) for i in range(3000)] + ["n.a."] * 10
    col = infer_schema(pd.DataFrame({"amount": values})).column("amount")
    assert col.kind == "numeric" and "treated as numeric" in col.reason


def test_empty_and_enormous_texts(tmp_path):
    texts = _sentences(80)
    texts[3] = ""          # read as missing
    texts[5] = " ".join(["word"] * 200_000)  # one enormous text (1 MB)
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": texts, "label": ["a", "b"] * 40}).to_csv(path, index=False)
    table = read_csv(path)
    col = infer_schema(table.frame).column("text")
    assert col.kind == "text" and col.missing == 1 and "up to 200,000" in col.reason


def test_non_utf8_text_is_read_and_still_text(tmp_path):
    texts = [f"le café numéro {i} était très agréable ce matin-là" for i in range(60)]
    path = tmp_path / "latin.csv"
    path.write_bytes(("text,label\n" + "".join(f"{t},{i % 2}\n" for i, t in enumerate(texts))).encode("cp1252"))
    table = read_csv(path)
    assert table.encoding in ("cp1252", "latin-1", "iso-8859-1")
    assert table.frame["text"].iloc[0] == texts[0]
    assert infer_schema(table.frame).column("text").kind == "text"


# images -----------------------------------------------------------------------------------
def _image_csv(tmp_path, n=30, missing=0):
    folder = tmp_path / "pics"
    folder.mkdir()
    for i in range(n - missing):
        Image.new("L", (6, 5), color=i * 5).save(folder / f"{i}.png")
    names = [f"pics/{i}.png" for i in range(n)]
    path = tmp_path / "images.csv"
    pd.DataFrame({"file": names, "label": ["cat", "dog"] * (n // 2)}).to_csv(path, index=False)
    return path


def test_image_paths_are_images_checked_against_the_csv_folder(tmp_path):
    table = read_csv(_image_csv(tmp_path))
    col = infer_schema(table.frame).column("file")  # read_csv noted the folder
    assert (col.kind, col.role, col.task_hint) == ("image", "feature", None)
    assert col.reason == "image: 30 image files (.png); 20 of 20 checked exist"


def test_missing_image_files_are_said_in_the_reason(tmp_path):
    table = read_csv(_image_csv(tmp_path, missing=30))
    col = infer_schema(table.frame, base_dir=tmp_path).column("file")
    assert col.kind == "image" and f"only 0 of 20 checked exist in {tmp_path}" in col.reason


def test_image_paths_without_a_folder_are_not_checked():
    frame = pd.DataFrame({"photo": [f"x/{i}.JPG" for i in range(25)] + ["y.webp"] * 5})
    col = infer_schema(frame).column("photo")
    assert col.kind == "image" and col.reason == "image: 26 image files (.jpg, .webp)"


def test_a_column_naming_other_files_is_not_images():
    frame = pd.DataFrame({"doc": [f"report_{i}.pdf" for i in range(30)]})
    assert _kinds(frame)["doc"] == "identifier"


# pixels -----------------------------------------------------------------------------------
@pytest.mark.parametrize("names, shape", [
    ([f"pixel_{r}_{c}" for r in range(8) for c in range(8)], (1, 8, 8)),
    ([f"p{i}" for i in range(784)], (1, 28, 28)),
    ([f"px{i}" for i in range(1, 65)], (1, 8, 8)),
    ([f"px{i}" for i in range(1, 49)], (3, 4, 4)),
])
def test_pixel_groups_become_one_image(names, shape):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.integers(0, 256, (30, len(names))), columns=names)
    frame["label"] = ["a", "b", "c"] * 10
    schema = infer_schema(frame)
    assert {schema.column(n).kind for n in names} == {"pixels"}
    assert {schema.column(n).group for n in names} == {names[0].rstrip("0123456789_").rstrip("_") or names[0]}
    [group] = schema.pixel_groups()
    assert group.shape == shape and group.columns == tuple(names)
    assert f"form one {'×'.join(map(str, shape))} image" in schema.column(names[0]).reason
    assert schema.target == "label"


def test_ordinary_numbered_columns_stay_numbers():
    rng = np.random.default_rng(1)
    few = pd.DataFrame(rng.random((30, 16)), columns=[f"x{i}" for i in range(1, 17)])  # 16 = 4×4, but not "pixel"
    negative = pd.DataFrame(rng.normal(size=(30, 64)), columns=[f"g{i}" for i in range(64)])  # not pixel values
    assert set(_kinds(few).values()) == {"numeric"}
    schema = infer_schema(negative)
    assert {c.kind for c in schema.columns} == {"numeric"} and not schema.pixel_groups()
    schema.set_kind("g5", "pixels")  # the user knows better: the whole group becomes one image
    assert {c.kind for c in schema.columns} == {"pixels"} and schema.pixel_groups()[0].shape == (1, 8, 8)


def test_a_pixel_group_changes_kind_and_role_as_a_whole():
    names = [f"pixel_{r}_{c}" for r in range(4) for c in range(4)]
    frame = pd.DataFrame(np.random.default_rng(2).integers(0, 17, (20, 16)), columns=names)
    schema = infer_schema(frame)
    schema.set_kind("pixel_2_3", "numeric")
    assert {c.kind for c in schema.columns} == {"numeric"} and not schema.pixel_groups()
    assert schema.column("pixel_0_0").reason == "numeric: set by you"
    schema.set_kind("pixel_0_0", "pixels")
    schema.set_role("pixel_1_1", "ignore")
    assert {c.role for c in schema.columns} == {"ignore"}
    with pytest.raises(DataError, match="'label' is not part of a pixel group"):
        infer_schema(frame.assign(label=[0, 1] * 10)).set_kind("label", "pixels")


# overrides, time column, JSON -------------------------------------------------------------
def test_wrong_guesses_can_be_fixed():
    frame = pd.DataFrame({"review": _sentences(60), "code": [f"K{i % 7}" for i in range(60)]})
    schema = infer_schema(frame)
    schema.set_kind("review", "categorical")
    schema.set_kind("code", "text")
    assert schema.column("review").kind == "categorical" and schema.column("code").kind == "text"
    assert schema.column("code").role == "feature" and schema.column("code").task_hint is None


def test_time_column_is_set_checked_and_saved():
    frame = pd.DataFrame({"day": pd.date_range("2021-01-01", periods=50).astype(str), "step": np.arange(50),
                          "city": ["a", "b"] * 25, "sales": np.linspace(1, 9, 50)})
    schema = infer_schema(frame, target="sales")
    schema.set_time_column("day", lookback=14, horizon=2)
    assert (schema.time_column, schema.lookback, schema.horizon) == ("day", 14, 2)
    again = Schema.from_dict(json.loads(json.dumps(schema.to_dict())))
    assert (again.time_column, again.lookback, again.horizon) == ("day", 14, 2)
    schema.set_time_column("step")  # increasing numbers (inferred as an ID) also serve
    assert (schema.time_column, schema.lookback, schema.horizon) == ("step", None, None)
    with pytest.raises(DataError, match="'city' holds categorical values; a time column holds dates"):
        schema.set_time_column("city")
    with pytest.raises(DataError, match="'sales' is the column to predict"):
        schema.set_time_column("sales")
    with pytest.raises(DataError, match="lookback must be a whole number of rows, at least 1"):
        schema.set_time_column("day", lookback=0)
    schema.set_time_column(None)
    assert schema.time_column is None


def test_old_schema_files_load_without_the_new_fields():
    old = {"version": 1, "columns": [{"name": "a", "kind": "numeric", "role": "feature", "reason": "r",
                                      "missing": 0, "unique": 3, "dtype": "float64", "task_hint": "regression"}],
           "target": None, "task": None, "target_reason": ""}
    schema = Schema.from_dict(old)
    assert schema.time_column is None and schema.lookback is None and schema.columns[0].group == ""
    broken = dict(old, time_column="a", lookback="twelve", horizon=-1)
    assert (Schema.from_dict(broken).lookback, Schema.from_dict(broken).horizon) == (None, None)
