"""Hyper-parameter sweeps on Optuna: a search space over training settings and layer properties, one study
in a storage (an SQLite file beside the project by default, a shared database for many machines), trials
run as normal runs in worker processes.

Importing this package imports neither optuna nor torch.
"""

from engine.errors import LayerLabError


class SweepError(LayerLabError):
    """A sweep that cannot start or go on: a bad search space, or a storage that cannot be used."""
