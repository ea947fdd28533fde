"""The explanation panel's background work: engine calls run as gui.infra.background tasks (no widgets here).

Each function takes the task's state first and returns plain results tagged with the `key` of the run they
were computed for, so the panel can drop results of a run it no longer shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QCoreApplication

IMPORTANCE_REPEATS = 5
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


@dataclass
class ExplainData:
    """A run's model and test rows, loaded once per run shown, and the columns' importance on those rows."""

    key: int
    bundle: object  # engine.io.bundle.Bundle
    test_rows: pd.DataFrame
    importance: object  # engine.insight.importance.PermutationImportance
    base_dir: Path | None = None  # the folder an image column's paths are relative to


@dataclass
class RowResult:
    key: int
    explanation: object  # engine.insight.attribution.RowExplanation


@dataclass
class DependenceResult:
    key: int
    dependence: object  # engine.insight.partial_dependence.PartialDependence


def load_and_measure(state, key: int, bundle_path: str | Path, frame: pd.DataFrame, split,
                     base_dir: Path | None = None) -> ExplainData:
    """Open the bundle, find the test rows of `frame` (the project's split, as training made it) and measure
    each column's permutation importance on them."""
    from engine.insight.importance import permutation_importance
    from engine.io.bundle import load_bundle
    from engine.preprocess.prepare import split_rows

    state.set_status(translate("ExplainTasks", "Opening the model…"))
    bundle = load_bundle(bundle_path)
    test = frame.iloc[split_rows(frame, bundle.preprocessor.schema, split)[2]]
    state.set_status(translate("ExplainTasks", "Shuffling each column {repeats} times on {rows} test rows…").format(
        repeats=IMPORTANCE_REPEATS, rows=f"{len(test):,}"))

    def progress(fraction: float) -> None:
        state.check_stop()
        state.set_progress(100 * fraction)

    importance = permutation_importance(bundle, test, repeats=IMPORTANCE_REPEATS, base_dir=base_dir,
                                        progress=progress)
    return ExplainData(key, bundle, test, importance, base_dir)


def explain_one(state, key: int, bundle, row: pd.DataFrame, reference: pd.DataFrame,
                base_dir: Path | None = None) -> RowResult:
    """One row's contributions (Integrated Gradients, the test rows' average as the baseline)."""
    from engine.insight.attribution import explain_row

    return RowResult(key, explain_row(bundle, row, reference=reference, base_dir=base_dir))


def dependence_on(state, key: int, bundle, rows: pd.DataFrame, column: str,
                  base_dir: Path | None = None) -> DependenceResult:
    """How the average prediction over `rows` moves with `column`."""
    from engine.insight.partial_dependence import partial_dependence

    return DependenceResult(key, partial_dependence(bundle, rows, column, base_dir=base_dir))
