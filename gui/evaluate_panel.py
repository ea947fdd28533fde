"""The Evaluate page (the contract's name); the implementation lives in the gui.evaluate package."""

from gui.evaluate import EvaluatePage

__all__ = ["EvaluatePage"]
