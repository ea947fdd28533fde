"""Tests for engine.preprocess: split, Preprocessor, prepare()."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema
from engine.errors import DataError
from engine.preprocess import Preprocessor, PreparedData, Split, prepare, split_indices


@pytest.fixture
def frame():
    """200 rows: numeric with missing, categorical, boolean, int category, date, id, target."""
    n = 200
    rng = np.random.default_rng(1)
    age = rng.normal(40, 10, n)
    age[::10] = np.nan
    return pd.DataFrame({
        "id": np.arange(n),
        "age": age,
        "income": rng.normal(3000, 500, n),
        "city": pd.array(rng.choice(["Oslo", "Rome", "Lima", "Pune", "Kyiv"], n, p=[.4, .3, .2, .07, .03]),
                         dtype="str"),
        "member": rng.choice(["yes", "no"], n),
        "kids": rng.integers(0, 4, n),
        "since": pd.array(pd.Series(pd.date_range("2019-01-01", periods=n, freq="7D")).dt.strftime(
            "%Y-%m-%d"), dtype="str"),
        "churn": pd.array(rng.choice(["Yes", "No"], n, p=[.3, .7]), dtype="str"),
    })


# split ------------------------------------------------------------------------------------
def test_split_defaults_sizes_and_disjoint():
    train, val, test = split_indices(1000)
    assert (len(train), len(val), len(test)) == (700, 150, 150)
    assert train.dtype == np.int64
    allidx = np.concatenate([train, val, test])
    assert np.array_equal(np.sort(allidx), np.arange(1000))


def test_split_is_deterministic_per_seed():
    a = split_indices(500, split=Split(seed=3))
    b = split_indices(500, split=Split(seed=3))
    c = split_indices(500, split=Split(seed=4))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], c[0])


def test_split_is_stratified():
    y = np.array(["a"] * 900 + ["b"] * 100)
    for part in split_indices(1000, y, Split(seed=7)):
        share = (y[part] == "b").mean()
        assert abs(share - 0.1) < 0.011
    tiny = np.array(["x"] * 8 + ["y"] * 2)
    parts = split_indices(10, tiny)
    assert all(len(p) > 0 for p in parts)


def test_split_small_and_invalid():
    parts = split_indices(3)
    assert [len(p) for p in parts] == [1, 1, 1]
    with pytest.raises(DataError, match="Too few rows for the split: 2 row"):
        split_indices(2)
    with pytest.raises(DataError, match="must add up to 1"):
        split_indices(10, split=Split(0.8, 0.3, 0.1))
    assert Split.from_dict(json.loads(json.dumps(Split(seed=5).to_dict()))) == Split(seed=5)


# preprocessor -----------------------------------------------------------------------------
def test_preprocessor_features(frame):
    schema = infer_schema(frame)
    assert schema.target == "churn"
    pre = Preprocessor(schema, max_categories=3).fit(frame)
    x = pre.transform(frame)
    assert x.dtype == np.float32 and x.shape == (len(frame), pre.width)
    names = pre.feature_names
    assert pre.input_columns == ["age", "income", "city", "member", "kids", "since"]
    assert names[:3] == ["age", "age (missing)", "income"]
    assert names[3:7] == ["city=Oslo", "city=Rome", "city=Lima", "city=(other)"]
    assert "member" in names and "kids=0" in names
    assert [n for n in names if n.startswith("since")] == [
        "since.year", "since.month", "since.day_of_week", "since.day_of_year"]
    age = x[:, names.index("age")]
    assert np.isfinite(x).all()
    observed = frame["age"].notna().to_numpy()
    filled = frame["age"].fillna(frame["age"].median())
    assert np.allclose(age, (filled - filled.mean()) / filled.std(ddof=0), atol=1e-5)
    assert abs(age.mean()) < 1e-5 and observed.sum() < len(frame)
    assert np.array_equal(x[:, 1], frame["age"].isna().to_numpy().astype(np.float32))
    other = x[:, names.index("city=(other)")]
    assert np.array_equal(other == 1, frame["city"].isin(["Pune", "Kyiv"]).to_numpy())
    assert set(np.unique(x[:, names.index("member")])) == {0.0, 1.0}
    assert np.allclose(x[:, names.index("since.year")].mean(), 0, atol=1e-5)


def test_missing_indicator_only_when_training_had_missing(frame):
    schema = infer_schema(frame)
    full = frame.dropna(subset=["age"])
    pre = Preprocessor(schema).fit(full)
    assert "age (missing)" not in pre.feature_names
    x = pre.transform(frame)  # missing at transform time -> imputed with the median
    assert np.isfinite(x).all()
    median = full["age"].median()
    age_col = pre.feature_names.index("age")
    assert np.allclose(x[0, age_col], (median - full["age"].mean()) / full["age"].std(ddof=0),
                       atol=1e-5)


def test_unseen_and_missing_categories(frame):
    schema = infer_schema(frame)
    pre = Preprocessor(schema).fit(frame)
    new = frame.head(3).copy()
    new["city"] = pd.array(["Paris", None, "Oslo"], dtype="str")
    x = pre.transform(new)
    cols = [i for i, n in enumerate(pre.feature_names) if n.startswith("city=")]
    assert x[0, cols].sum() == 0  # unseen, no "(other)" level: all zero
    assert x[1, cols].sum() == 0
    assert x[2, pre.feature_names.index("city=Oslo")] == 1
    with_missing = frame.copy()
    with_missing.loc[[0, 1], "city"] = None
    pre2 = Preprocessor(schema, max_categories=2).fit(with_missing)
    assert "city=(other)" in pre2.feature_names
    x2 = pre2.transform(new)
    assert x2[0, pre2.feature_names.index("city=(other)")] == 1  # unseen -> other
    pre3 = Preprocessor(schema, max_categories=10).fit(with_missing)
    assert "city=(missing)" in pre3.feature_names
    assert pre3.transform(new)[1, pre3.feature_names.index("city=(missing)")] == 1


def test_constant_numeric_column_scales_by_one():
    frame = pd.DataFrame({"c": [5.0] * 10, "x": np.arange(10.0), "y": [0, 1] * 5})
    schema = infer_schema(frame, target="y")
    schema.set_kind("c", "numeric")
    schema.set_role("c", "feature")
    pre = Preprocessor(schema).fit(frame)
    assert np.all(pre.transform(frame)[:, 0] == 0)


def test_state_round_trips_exactly_through_json(frame):
    schema = infer_schema(frame)
    pre = Preprocessor(schema, max_categories=3).fit(frame)
    text = json.dumps(pre.to_dict())
    again = Preprocessor.from_dict(json.loads(text))
    assert again.to_dict() == pre.to_dict()
    assert np.array_equal(again.transform(frame), pre.transform(frame))
    assert again.feature_names == pre.feature_names and again.classes == pre.classes
    assert np.array_equal(again.encode_target(frame["churn"]), pre.encode_target(frame["churn"]))


def test_transform_missing_columns_is_named(frame):
    pre = Preprocessor(infer_schema(frame)).fit(frame)
    with pytest.raises(DataError, match=r"no columns 'age', 'city', which the model needs"):
        pre.transform(frame.drop(columns=["age", "city"]))
    with pytest.raises(DataError, match="not been fitted"):
        Preprocessor(infer_schema(frame)).transform(frame)


def test_target_encodings(frame):
    schema = infer_schema(frame)
    pre = Preprocessor(schema).fit(frame)
    assert pre.task == "binary" and pre.classes == ["No", "Yes"]
    y = pre.encode_target(frame["churn"])
    assert y.dtype == np.float32 and np.array_equal(y, (frame["churn"] == "Yes").to_numpy())
    schema.set_target("city")
    pre = Preprocessor(schema).fit(frame)
    assert pre.task == "multiclass" and pre.classes == ["Kyiv", "Lima", "Oslo", "Pune", "Rome"]
    y = pre.encode_target(frame["city"])
    assert y.dtype == np.int64 and pre.classes[y[0]] == frame["city"].iloc[0]
    with pytest.raises(DataError, match="value 'Paris' at row 1"):
        pre.encode_target(pd.Series(["Paris"]))
    schema.set_target("income")
    pre = Preprocessor(schema).fit(frame)
    y = pre.encode_target(frame["income"])
    assert y.dtype == np.float32 and abs(y.mean()) < 1e-4
    assert np.allclose(pre.decode_regression(y), frame["income"], rtol=1e-5)
    assert pre.target_mean == pytest.approx(frame["income"].mean())


def test_numeric_classes_sort_numerically():
    frame = pd.DataFrame({"x": np.arange(30.0), "grade": [2, 10, 9] * 10})
    pre = Preprocessor(infer_schema(frame, target="grade")).fit(frame)
    assert pre.classes == ["2", "9", "10"]


# prepare ----------------------------------------------------------------------------------
def test_prepare_end_to_end(frame):
    frame.loc[[3, 5], "churn"] = None
    data = prepare(frame, infer_schema(frame), Split(seed=1))
    assert isinstance(data, PreparedData)
    assert "dropped 2 rows with no value in target 'churn'" in data.warnings
    assert len(data.x_train) + len(data.x_val) + len(data.x_test) == 198
    assert data.x_train.shape[1] == data.preprocessor.width
    assert 3 not in np.concatenate(data.rows)
    train_rows = data.rows[0]
    assert np.array_equal(data.y_train, (frame["churn"].iloc[train_rows] == "Yes").to_numpy())
    again = prepare(frame, infer_schema(frame), Split(seed=1))
    assert np.array_equal(again.x_test, data.x_test)
    # fitted on the training rows only
    assert data.preprocessor.to_dict()["columns"][1]["state"]["mean"] == pytest.approx(
        frame["income"].iloc[train_rows].mean())


def test_prepare_regression_and_multiclass(frame):
    schema = infer_schema(frame, target="income")
    data = prepare(frame, schema)
    assert data.schema.task == "regression" and data.y_train.dtype == np.float32
    schema = infer_schema(frame, target="city")
    data = prepare(frame, schema)
    assert data.y_test.dtype == np.int64 and set(np.unique(data.y_train)) <= set(range(5))


def test_prepare_errors(frame):
    schema = infer_schema(frame)
    empty = frame.assign(churn=pd.array([None] * len(frame), dtype="str"))
    with pytest.raises(DataError, match="Target 'churn' has no values: every row is missing"):
        prepare(empty, schema)
    one = frame.assign(churn="Yes")
    with pytest.raises(DataError, match=r"Target 'churn' has only one class \('Yes'\)"):
        prepare(one, schema)
    reg = infer_schema(frame, target="city", task="regression")
    with pytest.raises(DataError, match=r"Target 'city' is not numeric.*e\.g\. '\w+' at row 1"):
        prepare(frame, reg)
    bare = schema.copy()
    for name in bare.features:
        bare.set_role(name, "ignore")
    with pytest.raises(DataError, match="No feature columns"):
        prepare(frame, bare)
    with pytest.raises(DataError, match="Too few rows for the split: 2 row"):
        prepare(frame.iloc[[frame["churn"].eq("Yes").idxmax(), frame["churn"].eq("No").idxmax()]],
                schema)
    none = schema.copy()
    none.set_target(None)
    with pytest.raises(DataError, match="No target column is chosen"):
        prepare(frame, none)


def test_prepare_stratifies(frame):
    data = prepare(frame, infer_schema(frame), Split(seed=2))
    rate = (frame["churn"] == "Yes").mean()
    for y in (data.y_train, data.y_val, data.y_test):
        assert abs(y.mean() - rate) < 0.05


def test_prepare_is_fast_enough_on_many_rows():
    n = 200_000
    rng = np.random.default_rng(0)
    big = pd.DataFrame({f"x{i}": rng.normal(size=n) for i in range(5)})
    big["c"] = pd.array(rng.choice(list("abcdefgh"), n), dtype="str")
    big["y"] = rng.integers(0, 2, n)
    import time
    start = time.perf_counter()
    data = prepare(big, infer_schema(big, target="y"))
    assert time.perf_counter() - start < 5
    assert data.x_train.shape == (140_000, 13)
