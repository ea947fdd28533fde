"""A small sweep job on a synthetic table: seconds per trial, so sweeps with workers fit in a test."""

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema
from engine.graph import load_template
from engine.preprocess import Split
from engine.sweeps.space import SweepParam, SweepSpace
from engine.sweeps.study_store import sqlite_url
from engine.sweeps.trial_run import SweepJob
from engine.training import TrainConfig


def small_frame(rows: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 4))
    target = np.where(x[:, 0] + 0.5 * x[:, 1] - x[:, 2] * x[:, 3] > 0, "yes", "no")
    return pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2], "d": x[:, 3], "label": target})


def job_in(folder, space: SweepSpace | None = None, n_trials: int = 4, epochs: int = 4, **changes) -> SweepJob:
    """A SweepJob on the small table whose study is `small.sweep.db` in `folder`."""
    frame = small_frame()
    space = space or SweepSpace([SweepParam("learning_rate", 1e-3, 3e-2, log=True)])
    values = dict(frame=frame, schema=infer_schema(frame, target="label"), spec=load_template("tutorial-mlp"),
                  config=TrainConfig(epochs=epochs, batch_size=32, seed=3), split=Split(seed=3), space=space,
                  storage_url=sqlite_url(folder / "small.sweep.db"), study_name="small",
                  trials_folder=folder / "small.sweep-trials", n_trials=n_trials)
    values.update(changes)
    return SweepJob(**values)


@pytest.fixture
def make_job(tmp_path):
    """make_job(space=..., n_trials=..., epochs=...) -> a SweepJob whose study is an SQLite file in tmp_path."""
    return lambda **kw: job_in(tmp_path, **kw)
