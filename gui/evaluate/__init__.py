"""The Evaluate page: test metrics vs the linear baseline, plots, export and prediction."""

from gui.evaluate.page import EvaluatePage

__all__ = ["EvaluatePage"]
