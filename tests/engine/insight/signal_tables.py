"""Synthetic tables whose answer depends on known columns only, and models trained on them (engine, CLI and
GUI tests share them)."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.graph import load_template
from engine.preprocess import Split
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig


def two_signal_table(rows: int = 1500, seed: int = 0) -> pd.DataFrame:
    """`label` is Yes exactly when signal + 2·[colour is red] > 1: it depends on `signal` (a number) and
    `colour` (a category) only; `noise`, `shade` and `size` are unrelated."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=rows)
    colour = rng.choice(["red", "green", "blue"], size=rows)
    label = np.where(signal + 2.0 * (colour == "red") > 1.0, "Yes", "No")
    return pd.DataFrame({"noise": rng.normal(size=rows), "signal": signal.round(3), "colour": colour,
                         "shade": rng.choice(["light", "dark", "mid", "pale"], size=rows),
                         "size": rng.uniform(0, 10, size=rows).round(2), "label": label})


def train(frame: pd.DataFrame, target: str, template: str, epochs: int = 40):
    """(a TrainedModel of `template` on `frame`, its test rows as table rows); seeded: the same every time."""
    schema = infer_schema(frame, target=target)
    config = TrainConfig(epochs=epochs, batch_size=64, learning_rate=0.01, seed=0)
    run = RunPipeline(frame, schema, load_template(template), config, Split(seed=0)).run()
    return run, frame.iloc[run.data.rows[2]]


def reviews_table(n=600, seed=0):
    """The label is "pos" when the review says "good", whatever the price; the price only adds noise."""
    rng = np.random.default_rng(seed)
    words = np.array(["film", "plot", "fun", "dull", "actor", "scene", "music", "long"])
    good = rng.random(n) < 0.5
    texts = [" ".join(list(rng.choice(words, 5)) + (["good"] if g else ["bad"])) for g in good]
    return pd.DataFrame({"review": texts, "price": rng.normal(10, 3, n).round(2),
                         "label": np.where(good, "pos", "neg")})
