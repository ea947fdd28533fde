"""Preprocessing: seeded split, fit/transform of features and target, prepare().

The fitted state of a :class:`Preprocessor` is JSON (``to_dict``/``from_dict``).
"""

from engine.preprocess.prepare import PreparedData, fit_preprocessor, prepare
from engine.preprocess.preprocessor import Preprocessor
from engine.preprocess.split import Split, split_counts, split_indices

__all__ = ["PreparedData", "Preprocessor", "Split", "fit_preprocessor", "prepare", "split_counts", "split_indices"]
