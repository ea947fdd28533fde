"""Text columns as token ids: vocabulary from the training rows only, exact JSON state, length, truncation."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from engine.errors import DataError, DataWarning
from engine.preprocess.text_encoder import MAX_LENGTH, MIN_LENGTH, PAD_ID, UNKNOWN_ID, TextEncoder


def test_vocabulary_comes_from_the_training_rows_only():
    encoder = TextEncoder("review").fit(pd.Series(["good film", "bad film"]))
    ids = encoder.transform(pd.Series(["good unseenword"]))
    assert ids[0, 0] > UNKNOWN_ID
    assert ids[0, 1] == UNKNOWN_ID  # only in the rows being transformed: unknown
    assert (ids[0, 2:] == PAD_ID).all()


def test_words_are_lower_cased_split_at_punctuation_and_nfkc_normalised():
    encoder = TextEncoder("t").fit(pd.Series(["Hello, WORLD! ＡＢＣ"]))
    assert encoder.tokens("hello, world! abc") == ["hello", ",", "world", "!", "abc"]


def test_chinese_text_without_spaces_splits_into_characters():
    encoder = TextEncoder("t").fit(pd.Series(["我爱北京", "今天天气很好"]))
    assert encoder.tokens("我爱北京") == ["我", "爱", "北", "京"]
    ids = encoder.transform(pd.Series(["北京很好"]))
    assert (ids[0, :4] > UNKNOWN_ID).all()


def test_state_is_json_and_round_trips_exactly():
    texts = pd.Series(["the cat sat", "a dog ran far away", "猫 和 狗", None])
    encoder = TextEncoder("t").fit(texts)
    state = json.loads(json.dumps(encoder.to_dict()))
    again = TextEncoder.from_dict(state)
    assert again.to_dict() == encoder.to_dict()
    np.testing.assert_array_equal(again.transform(texts), encoder.transform(texts))
    assert again.vocab_size == encoder.vocab_size


def test_damaged_state_is_refused_with_the_column_named():
    state = TextEncoder("review").fit(pd.Series(["a b c"])).to_dict()
    state["tokenizer"] = {"not": "a tokenizer"}
    with pytest.raises(DataError, match="review"):
        TextEncoder.from_dict(state)


def test_length_is_the_95th_percentile_clamped():
    short = TextEncoder("t").fit(pd.Series(["one two"] * 50))
    assert short.length == MIN_LENGTH
    rng = np.random.default_rng(0)
    texts = pd.Series([" ".join(["w"] * n) for n in rng.integers(10, 41, 200)])
    middle = TextEncoder("t").fit(texts)
    assert middle.length == int(np.ceil(np.percentile([len(t.split()) for t in texts], 95)))
    long = TextEncoder("t").fit(pd.Series([" ".join(["w"] * 1000)] * 5))
    assert long.length == MAX_LENGTH


def test_truncation_is_reported_with_the_share_cut():
    encoder = TextEncoder("review").fit(pd.Series(["a b"] * 20))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids = encoder.transform(pd.Series(["a b", " ".join(["a"] * 30), "b", "a"]))
    messages = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert messages == ["1 of 4 texts in column 'review' (25.0%) are longer than 8 tokens; their ends are cut off."]
    assert ids.shape == (4, 8)


def test_empty_missing_and_enormous_texts():
    encoder = TextEncoder("t").fit(pd.Series(["x y", "", None]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        ids = encoder.transform(pd.Series(["", None, float("nan"), "x " * 2_000_000]))
    assert ids.dtype == np.int64
    assert list(ids[0, :2]) == [UNKNOWN_ID, PAD_ID]  # an empty text keeps one position for the mask
    assert list(ids[1, :2]) == [UNKNOWN_ID, PAD_ID]
    assert (ids[3] != PAD_ID).all()
