"""A sweep's results as plain data: one row per trial, the best trial, the best-so-far curve and Optuna's
parameter importances. The CLI's table and JSON and the app's Experiments page read these."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from engine.i18n import _

MIN_TRIALS_FOR_IMPORTANCE = 3


@dataclass
class TrialRow:
    """One trial as people read it."""

    number: int
    state: str  # "running", "complete", "pruned", "failed", "waiting"
    params: dict
    value: float | None  # best validation loss (a pruned trial: its last reported one)
    pruned_epoch: int | None = None
    epochs_run: int | None = None
    failure: str = ""
    bundle: str = ""
    host: str = ""
    test_metrics: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


_STATES = {"RUNNING": "running", "COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "failed",
           "WAITING": "waiting"}


def trial_rows(study) -> list[TrialRow]:
    """Every trial of the study, by number."""
    rows = []
    for t in sorted(study.get_trials(deepcopy=False), key=lambda t: t.number):
        value = t.value
        if value is None and t.intermediate_values:
            value = t.intermediate_values[max(t.intermediate_values)]
        attrs = t.user_attrs
        rows.append(TrialRow(number=t.number, state=_STATES.get(t.state.name, t.state.name.lower()),
                             params=dict(t.params), value=None if value is None else float(value),
                             pruned_epoch=attrs.get("pruned_epoch"), epochs_run=attrs.get("epochs_run"),
                             failure=str(attrs.get("failure", "")), bundle=str(attrs.get("bundle", "")),
                             host=str(attrs.get("host", "")), test_metrics=dict(attrs.get("test_metrics") or {})))
    return rows


def best_row(rows: list[TrialRow]) -> TrialRow | None:
    """The complete trial with the lowest validation loss, or None."""
    done = [r for r in rows if r.state == "complete" and r.value is not None and math.isfinite(r.value)]
    return min(done, key=lambda r: (r.value, r.number)) if done else None


def best_so_far(rows: list[TrialRow]) -> list[tuple[int, float]]:
    """(trial number, lowest validation loss of the complete trials up to it), for the curve."""
    points, best = [], math.inf
    for r in rows:
        if r.state == "complete" and r.value is not None and r.value < best:
            best = r.value
        if best < math.inf and r.state in ("complete", "pruned", "failed"):
            points.append((r.number, best))
    return points


def importances(study) -> tuple[dict[str, float], str]:
    """(parameter -> importance, "") from Optuna, or ({}, why not) while there are too few complete trials."""
    import optuna

    complete = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
    if len(complete) < MIN_TRIALS_FOR_IMPORTANCE:
        return {}, _("Importances need {needed} complete trials ({count} so far).").format(
            needed=MIN_TRIALS_FOR_IMPORTANCE, count=len(complete))
    try:
        found = optuna.importance.get_param_importances(study)
    except (RuntimeError, ValueError) as exc:
        return {}, _("Importances cannot be computed yet ({reason}).").format(reason=exc)
    if not found:
        return {}, _("Importances cannot be computed yet: the complete trials share one set of values.")
    return {k: float(v) for k, v in found.items()}, ""


def summary(study) -> dict:
    """Everything the CLI's --json prints: trials, the best one, importances, counts by state."""
    rows = trial_rows(study)
    best = best_row(rows)
    found, why = importances(study)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.state] = counts.get(r.state, 0) + 1
    return {"study": study.study_name, "trials": [r.to_dict() for r in rows], "counts": counts,
            "best": best.to_dict() if best else None, "importances": found, "importances_note": why}


def format_table(rows: list[TrialRow]) -> str:
    """The trials as a plain-text table (number, state, best val loss, epochs, parameters, why failed)."""
    lines = [f"{'#':>4}  {'state':<9} {'val loss':>10} {'epochs':>6}  parameters"]
    for r in rows:
        value = "" if r.value is None else f"{r.value:.5g}"
        epochs = "" if r.epochs_run is None else str(r.epochs_run)
        params = ", ".join(f"{k}={_short(v)}" for k, v in r.params.items())
        line = f"{r.number:>4}  {r.state:<9} {value:>10} {epochs:>6}  {params}"
        if r.state == "pruned" and r.pruned_epoch:
            line += f"  (pruned after epoch {r.pruned_epoch})"
        if r.failure:
            line += f"  ({' '.join(r.failure.split())})"
        lines.append(line)
    return "\n".join(lines)


def _short(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def snapshot(storage_url: str, study_name: str, with_importances: bool = True, lock_timeout: float = 30.0,
             previous: dict | None = None) -> dict:
    """What the app shows of a running or finished sweep, read from its storage: rows, the best-so-far
    curve, importances. {"rows": []} while the study does not exist yet. The importances of `previous` (the
    last snapshot) are reused while no trial has completed since: Optuna's fANOVA takes a core for a while."""
    import optuna

    from engine.sweeps.study_store import open_storage

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = open_storage(storage_url, lock_timeout)
    try:
        study = optuna.load_study(study_name=study_name, storage=storage)
    except KeyError:
        return {"rows": [], "curve": [], "importances": {}, "importances_note": _("No trial yet."), "complete": 0}
    rows = trial_rows(study)
    complete = sum(1 for r in rows if r.state == "complete")
    if previous is not None and previous.get("complete") == complete and with_importances:
        found, why = previous["importances"], previous["importances_note"]
    else:
        found, why = importances(study) if with_importances else ({}, "")
    return {"rows": rows, "curve": best_so_far(rows), "importances": found, "importances_note": why,
            "complete": complete}
