"""prepare() with text, image, pixel and time-series inputs: sources, tuples, splits, and bad input."""

import warnings

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from engine.data import infer_schema
from engine.errors import DataError, DataWarning
from engine.preprocess import Split, prepare
from tests.engine.preprocess.review_tables import reviews


def test_text_and_table_sources_in_order_with_tuples():
    frame = reviews()
    data = prepare(frame, infer_schema(frame, target="label"))
    assert [(s.name, s.kind) for s in data.sources] == [("table", "table"), ("review", "text")]
    table, ids = data.x_train
    assert table.dtype == np.float32 and ids.dtype == np.int64
    assert ids.shape == (len(data.y_train), data.sources[1].shape[0])
    assert data.sources[1].vocab_size == data.encoders.encoders[0].vocab_size


def test_the_table_alone_is_exactly_a_table_only_prepare():
    frame = reviews()
    schema = infer_schema(frame, target="label")
    alone = prepare(frame, schema).select_sources(["table"])
    schema.set_role("review", "ignore")
    table_only = prepare(frame, schema)
    assert isinstance(alone.x_train, np.ndarray) and alone.sources == () and alone.encoders is None
    for a, b in ((alone.x_train, table_only.x_train), (alone.x_test, table_only.x_test)):
        np.testing.assert_array_equal(a, b)


def test_tokenizer_sees_only_training_rows():
    frame = reviews()
    frame.loc[:, "review"] = [f"{t} only{i}" for i, t in enumerate(frame["review"])]  # one word per row
    data = prepare(frame, infer_schema(frame, target="label"))
    vocabulary = data.encoders.encoders[0]._tokenizer.get_vocab()
    train_words = {f"only{i}" for i in data.rows[0]}
    test_words = {f"only{i}" for i in data.rows[2]}
    assert train_words <= set(vocabulary) and not (test_words & set(vocabulary))


def test_pixel_group_becomes_one_uint8_image_scaled_from_the_training_range():
    rng = np.random.default_rng(0)
    values = rng.integers(0, 17, size=(90, 16))
    frame = pd.DataFrame(values, columns=[f"pixel_{i}_{j}" for i in range(4) for j in range(4)])
    frame["label"] = np.where(values[:, 0] > 8, "a", "b")
    data = prepare(frame, infer_schema(frame, target="label"))
    assert [(s.name, s.kind, s.shape) for s in data.sources] == [("pixel", "image", (1, 4, 4))]
    (pixels,) = data.x_train
    assert pixels.dtype == np.uint8
    expected = np.rint(values[data.rows[0]] / 16 * 255).reshape(-1, 1, 4, 4)
    np.testing.assert_array_equal(pixels, expected)


def _image_csv(tmp_path, n=24, missing=()):
    folder = tmp_path / "pics"
    folder.mkdir()
    rng = np.random.default_rng(1)
    rows = []
    for i in range(n):
        name = f"pics/img{i}.png"
        if i not in missing:
            Image.fromarray(rng.integers(0, 255, (6, 5), dtype=np.uint8)).save(tmp_path / name)
        rows.append({"image": name, "label": "cat" if i % 2 else "dog"})
    return pd.DataFrame(rows)


def test_image_paths_are_read_relative_to_the_csv_folder(tmp_path):
    frame = _image_csv(tmp_path)
    data = prepare(frame, infer_schema(frame, target="label", base_dir=tmp_path), base_dir=tmp_path)
    assert [(s.kind, s.shape) for s in data.sources] == [("image", (1, 6, 5))]
    first = np.asarray(Image.open(tmp_path / frame["image"][data.rows[0][0]]))
    np.testing.assert_array_equal(data.x_train[0][0, 0], first)


def test_missing_images_are_refused_or_dropped(tmp_path):
    frame = _image_csv(tmp_path, missing=(3, 7))
    schema = infer_schema(frame, target="label", base_dir=tmp_path)
    schema.set_kind("image", "image")
    with pytest.raises(DataError, match="img3.png"):
        prepare(frame, schema, base_dir=tmp_path)
    data = prepare(frame, schema, base_dir=tmp_path, drop_unreadable=True)
    kept = np.concatenate(data.rows)
    assert 3 not in kept and 7 not in kept and len(kept) == 22
    assert sum(len(y) for y in (data.y_train, data.y_val, data.y_test)) == 22
    assert any("dropped" in w for w in data.warnings)


def _series(n=200, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return pd.DataFrame({"day": pd.date_range("2020-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
                         "temp": rng.normal(size=n),
                         "sales": 10 + 0.05 * t + np.sin(t / 3) + rng.normal(scale=0.1, size=n)})


def _forecast_schema(frame, **windows):
    schema = infer_schema(frame, target="sales")
    schema.set_time_column("day", **windows)
    return schema


def test_forecast_split_is_chronological_and_windows_stay_inside_their_part():
    frame = _series()
    data = prepare(frame, _forecast_schema(frame, lookback=5, horizon=2))
    assert [(s.name, s.kind, s.shape) for s in data.sources] == [("history", "sequence", (5, 2))]
    train, val, test = data.rows
    assert train.max() < val.min() and val.max() < test.min()
    # 200 rows -> 140/30/30; each part's first lookback + horizon - 1 = 6 rows are history only
    assert (train.min(), val.min(), test.min()) == (6, 146, 176)
    assert len(data.y_val) == 30 - 6
    (x_val,) = data.x_val
    # the last step of the first validation window is row 144 = 146 - horizon, its target column is relative
    assert x_val[0, -1, -1] == 0.0
    pre = data.preprocessor
    assert pre.target_mean == pytest.approx(frame["sales"][:140].mean())  # scaling from the training part only
    last = data.offsets[1][0] * pre.target_std + pre.target_mean
    assert last == pytest.approx(frame["sales"][144], rel=1e-5)
    np.testing.assert_allclose((data.y_val[0] + data.offsets[1][0]) * pre.target_std + pre.target_mean,
                               frame["sales"][146], rtol=1e-5)


def test_forecast_sorts_unsorted_rows_and_refuses_duplicate_times():
    frame = _series()
    shuffled = frame.sample(frac=1.0, random_state=0).reset_index(drop=True)
    data = prepare(shuffled, _forecast_schema(shuffled, lookback=5))
    assert any("not in time order" in w for w in data.warnings)
    days = shuffled["day"].to_numpy()[np.concatenate(data.rows)]
    assert list(days) == sorted(days)
    frame.loc[10, "day"] = frame.loc[9, "day"]
    with pytest.raises(DataError, match="one row per time"):
        prepare(frame, _forecast_schema(frame, lookback=5))


def test_forecast_with_parts_shorter_than_a_window_says_what_to_do():
    frame = _series(n=60)
    with pytest.raises(DataError, match=r"validation part has 9 rows.*lookback 20.*at most 8"):
        prepare(frame, _forecast_schema(frame, lookback=20))


def test_forecast_gaps_are_noted():
    frame = _series().drop(index=range(50, 60)).reset_index(drop=True)
    data = prepare(frame, _forecast_schema(frame, lookback=5))
    assert any("gap" in w for w in data.warnings)


def test_truncated_texts_are_reported_once_for_the_training_part():
    frame = reviews(n=200)
    frame.loc[:9, "review"] = " ".join(["good"] * 300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepare(frame, infer_schema(frame, target="label"), Split(seed=1))
    cut = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert len(cut) == 1 and "longer than" in cut[0]
