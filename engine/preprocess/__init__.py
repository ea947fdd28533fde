"""Preprocessing: seeded split, fit/transform of features and target, prepare().

The fitted state of a :class:`Preprocessor` is JSON (``to_dict``/``from_dict``).
"""

from engine.preprocess.prepare import PreparedData, context_for, fit_preprocessor, fit_sources, prepare
from engine.preprocess.preprocessor import Preprocessor
from engine.preprocess.split import Split, split_counts, split_indices

__all__ = ["PreparedData", "Preprocessor", "Split", "context_for", "fit_preprocessor", "fit_sources", "prepare", "split_counts",
           "split_indices"]
