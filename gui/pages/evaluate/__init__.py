"""The Evaluate page: test metrics vs the linear baseline, plots, export and prediction."""

from gui.pages.evaluate.page import EvaluatePage

__all__ = ["EvaluatePage"]
