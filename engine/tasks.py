"""What a model is asked to predict: the one definition of the task names (engine and GUI read it)."""

from __future__ import annotations

from enum import StrEnum


class Task(StrEnum):
    """The kind of target: its value is what schemas, specs, bundles and run records store."""

    BINARY = "binary"
    MULTICLASS = "multiclass"
    REGRESSION = "regression"

    @property
    def is_classification(self) -> bool:
        return self is not Task.REGRESSION


TASKS = tuple(t.value for t in Task)  # ("binary", "multiclass", "regression"), for choices and messages
