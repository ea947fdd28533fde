"""On small tables the default network (template + auto_config) is as good as the linear baseline the
app shows beside it, on average over a few split seeds (one split of wine tests only 27 rows).
tests/benchmarks/bench_defaults.py measures the same over more seeds and data sets."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import infer_schema, read_csv
from engine.io.examples import get_example
from engine.graph import load_template
from engine.runs.pipeline import RunPipeline
from engine.preprocess import Split
from engine.training import auto_config

SEEDS = (0, 1, 2)
MARGIN = 0.03  # accuracy (wine) or R² (diabetes), averaged over SEEDS


def _mean_scores(example_name: str, metric: str) -> tuple[float, float]:
    example = get_example(example_name)
    frame = read_csv(example.path).frame
    schema = infer_schema(frame, target=example.target)
    nets, linear = [], []
    for seed in SEEDS:
        config = auto_config(int(len(frame) * Split().train))
        config.seed = seed  # also the split's seed
        run = RunPipeline(frame, schema, load_template(example.template), config).run()
        nets.append(run.test_metrics[metric])
        linear.append(run.baseline["metrics"][metric])
    return float(np.mean(nets)), float(np.mean(linear))


@pytest.mark.parametrize("example, metric", [("wine", "accuracy"), ("diabetes", "r2")])
def test_default_network_keeps_up_with_the_linear_baseline(example, metric):
    net, linear = _mean_scores(example, metric)
    assert net >= linear - MARGIN, f"{example}: network {net:.3f} vs linear {linear:.3f} ({metric}, mean of {SEEDS})"
