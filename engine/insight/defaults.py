"""Defaults of the insight tools that the CLI's parser shows in its help: kept apart from the tools, which
import torch, so `layerlab --help`, `--version` and `info` start without it."""

START_LR = 1e-7  # the learning-rate range test's first rate
END_LR = 10.0  # and its last
MAX_STEPS = 100  # batches it runs at most
DEFAULT_REPEATS = 5  # permutation importance: shuffles per column
DEFAULT_MAX_ROWS = 5000  # rows it scores, a fixed random sample of larger tables
