"""What the app reads of a sweep: the trials, and Optuna's importances computed again only when a trial
completed since the last read (fANOVA takes a core for a while, and the app reads every second)."""

import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import create_trial

from engine.sweeps import results
from engine.sweeps.study_store import open_storage, sqlite_url


def _study_with(tmp_path, values):
    url = sqlite_url(tmp_path / "s.sweep.db")
    study = optuna.create_study(study_name="s", storage=open_storage(url))
    for i, value in enumerate(values):
        study.add_trial(create_trial(params={"learning_rate": 0.001 * (i + 1)}, value=value,
                                     distributions={"learning_rate": FloatDistribution(1e-4, 1.0, log=True)}))
    return url, study


def test_importances_are_computed_again_only_when_a_trial_completed(tmp_path, monkeypatch):
    url, study = _study_with(tmp_path, [0.5, 0.4, 0.3, 0.2])
    computed = []
    real = results.importances
    monkeypatch.setattr(results, "importances", lambda s: computed.append(1) or real(s))
    first = results.snapshot(url, "s")
    assert first["complete"] == 4 and list(first["importances"]) == ["learning_rate"]
    again = results.snapshot(url, "s", previous=first)
    assert len(computed) == 1 and again["importances"] == first["importances"]
    assert [r.number for r in again["rows"]] == [0, 1, 2, 3]
    study.add_trial(create_trial(params={"learning_rate": 0.01}, value=0.1,
                                 distributions={"learning_rate": FloatDistribution(1e-4, 1.0, log=True)}))
    later = results.snapshot(url, "s", previous=again)
    assert len(computed) == 2 and later["complete"] == 5 and len(later["rows"]) == 5


def test_a_study_not_created_yet_has_no_rows(tmp_path):
    snap = results.snapshot(sqlite_url(tmp_path / "none.sweep.db"), "s")
    assert snap["rows"] == [] and snap["complete"] == 0
