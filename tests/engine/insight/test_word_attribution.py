"""Each word's contribution to a text model's prediction (occlusion, in the log-odds of the explained class)."""

import numpy as np
import pandas as pd
import pytest
import torch

from engine.data import infer_schema
from engine.errors import DataError
from engine.graph import load_template
from engine.insight.word_attribution import word_contributions
from engine.io.bundle import load_bundle, save_bundle
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig
from tests.engine.insight.word_tables import one_word_decides
from tests.engine.multi_input_specs import text_and_table


def _bundle(folder, frame, spec, epochs):
    torch.manual_seed(0)
    config = TrainConfig(epochs=epochs, batch_size=32, learning_rate=1e-2, seed=0)
    run = RunPipeline(frame, infer_schema(frame, target="label"), spec, config).run()
    assert run.record.test_metrics["accuracy"] >= 0.95  # the model did learn the rule
    return load_bundle(save_bundle(folder / "run.llmodel", run))


@pytest.fixture(scope="module")
def light(tmp_path_factory):
    frame = one_word_decides()
    return _bundle(tmp_path_factory.mktemp("words"), frame.drop(columns=["noise"]), load_template("text_light"), 30)


def _predicted(bundle, rows):
    from engine.insight.input_parts import input_parts
    from engine.insight.model_outputs import outputs

    return (outputs(bundle, input_parts(bundle, rows).model_input())[:, 0] >= 0.5).astype(int)


def _deciders_ranked_first(bundle, rows) -> float:
    """Share of the texts whose largest contribution (towards the predicted class) is the deciding word."""
    found = word_contributions(bundle, rows, "review", _predicted(bundle, rows))
    firsts = [c.text[slice(*c.spans[int(np.argmax(c.weights))])].lower() for c in found]
    return np.mean([word in ("excellent", "terrible") for word in firsts])


def test_the_deciding_word_is_ranked_first(light):
    rows = one_word_decides(60, seed=1).drop(columns=["noise"])
    assert _deciders_ranked_first(light, rows) >= 0.95  # by chance: about 1 in 6


def test_words_map_back_to_the_original_text_unknown_words_included(light):
    rows = pd.DataFrame({"review": ["The zebra, an EXCELLENT plot!", "terrible story"]})
    first, second = word_contributions(light, rows, "review", [1, 0])
    words = [first.text[a:b] for a, b in first.spans]
    assert words == ["The", "zebra", ",", "an", "EXCELLENT", "plot", "!"]  # zebra, "an", "," and "!" are unknown
    assert len(first.weights) == len(first.spans) and all(np.isfinite(first.weights))
    assert words[int(np.argmax(first.weights))] == "EXCELLENT"
    assert first.weights[1] != 0.0  # an unknown word has a contribution too
    assert (first.class_index, second.class_index) == (1, 0)
    assert second.text[slice(*second.spans[int(np.argmax(second.weights))])] == "terrible"


def test_against_the_other_class_the_deciding_word_weighs_most_negative(light):
    rows = pd.DataFrame({"review": ["story excellent cast"]})
    (towards,), (against,) = (word_contributions(light, rows, "review", [k]) for k in (1, 0))
    assert np.allclose(towards.weights, -np.asarray(against.weights), atol=1e-5)  # log-odds of neg = -(of pos)
    assert int(np.argmin(against.weights)) == 1


@pytest.mark.slow  # trains a Transformer beside a table branch (~10 s)
def test_a_text_and_table_transformer_model_ranks_the_deciding_word_first(tmp_path):
    frame = one_word_decides()
    bundle = _bundle(tmp_path, frame, text_and_table(), 25)
    rows = one_word_decides(40, seed=2)
    assert _deciders_ranked_first(bundle, rows) >= 0.9


def test_refuses_without_classes_or_a_text_column(light):
    rows = pd.DataFrame({"review": ["story excellent cast"]})
    with pytest.raises(DataError, match="which class"):
        word_contributions(light, rows, "review")
    with pytest.raises(DataError, match="no text column 'title'"):
        word_contributions(light, rows, "title", [1])



def test_read_inputs_reads_the_runs_own_inputs(tmp_path):
    from engine.io.bundle import read_inputs

    frame = one_word_decides(60).drop(columns=["noise"])
    config = TrainConfig(epochs=1, batch_size=32, seed=0)
    run = RunPipeline(frame, infer_schema(frame, target="label"), load_template("text_light"), config).run()
    (encoder,) = read_inputs(save_bundle(tmp_path / "text.llmodel", run)).encoders
    assert (encoder.column, encoder.length) == ("review", run.data.encoders.encoders[0].length)
    table = pd.DataFrame({"x": np.random.default_rng(0).normal(size=60), "label": ["a", "b"] * 30})
    run = RunPipeline(table, infer_schema(table, target="label"), load_template("tutorial-mlp"), config).run()
    assert read_inputs(save_bundle(tmp_path / "table.llmodel", run)) is None
