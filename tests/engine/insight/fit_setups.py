"""Set-ups whose fit is known: a tiny table on a wide network that overfits, and a linear model that cannot
learn an XOR-like target (shared by the engine's and the app's fit tests)."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.graph import ModelSpec
from engine.preprocess import Split
from engine.training import TrainConfig


def overfitting_table(rows: int = 200, features: int = 30, seed: int = 0) -> pd.DataFrame:
    """Few rows, many features of which four matter, a noisy binary target."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features))
    signal = 2 * x[:, 0] + 1.5 * x[:, 1] - x[:, 2] * x[:, 3]
    y = signal + rng.normal(size=rows) > 0
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(features)])
    frame["label"] = np.where(y, "yes", "no")
    return frame


def overfitting_setup():
    """(frame, schema, spec, config, split): two Dense 512 layers, 30 epochs at a high rate, fixed seeds."""
    frame = overfitting_table()
    spec = ModelSpec.chain([("Dense", {"units": 512}), ("Dense", {"units": 512})], name="wide")
    config = TrainConfig(epochs=30, batch_size=16, learning_rate=3e-3, seed=0)
    return frame, infer_schema(frame, target="label"), spec, config, Split(train=0.5, val=0.25, test=0.25, seed=0)


def xor_table(rows: int = 400, seed: int = 0) -> pd.DataFrame:
    """The target is the XOR of two signs: no linear model does better than guessing."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=rows), rng.normal(size=rows)
    return pd.DataFrame({"a": a, "b": b, "label": np.where((a > 0) ^ (b > 0), "yes", "no")})


def underfitting_setup():
    """(frame, schema, spec, config, split): Input straight to Output (a linear model) on the XOR table."""
    frame = xor_table()
    spec = ModelSpec.chain([], name="linear")
    config = TrainConfig(epochs=15, batch_size=32, learning_rate=1e-2, seed=0)
    return frame, infer_schema(frame, target="label"), spec, config, Split(seed=0)
