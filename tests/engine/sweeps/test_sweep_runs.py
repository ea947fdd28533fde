"""Sweeps that run: workers share one SQLite study, hopeless trials are pruned, bad values and crashed workers
fail their trial and the sweep goes on, a killed sweep resumes without losing trials."""

import os
import signal
import subprocess
import sys
import threading
import time

import optuna
import pytest

from engine.sweeps.results import best_row, trial_rows
from engine.sweeps.runner import run_sweep
from engine.sweeps.space import SweepParam, SweepSpace
from engine.sweeps.trial_run import retrain
from engine.sweeps.workers import STORAGE_FAILURE, load_study
from engine.sweeps.runner import _drain, prepare_study
from tests.conftest import REPO


def test_a_small_sweep_with_two_workers_finishes_and_its_best_trial_reproduces(make_job):
    space = SweepSpace([SweepParam("learning_rate", 1e-3, 3e-2, log=True),
                        SweepParam("layers.dense_1.units", choices=[8, 16])])
    job = make_job(space=space, n_trials=6, epochs=3, pruner="none")
    study = run_sweep(job, jobs=2)
    rows = trial_rows(study)
    assert [r.number for r in rows] == list(range(6))
    assert all(r.state == "complete" for r in rows), [(r.state, r.failure) for r in rows]
    owners = {t.user_attrs["owner"] for t in study.trials}
    assert len(owners) == 2  # both workers ran trials
    best = best_row(rows)
    assert best.value == min(r.value for r in rows)
    assert os.path.isfile(best.bundle)
    again = retrain(job, best.params)
    assert again.result.best_val_loss == pytest.approx(best.value, rel=1e-6, abs=1e-9)


@pytest.fixture(scope="module")
def mixed_sweep(tmp_path_factory):
    """One worker runs four queued trials: two good ones, a hopeless learning rate, a layer without units."""
    from tests.engine.sweeps.conftest import job_in

    space = SweepSpace([SweepParam("learning_rate", 1e-7, 1e-1, log=True),
                        SweepParam("layers.dense_1.units", choices=[16, 0])])
    job = job_in(tmp_path_factory.mktemp("mixed"), space=space, n_trials=5, epochs=8)
    study = prepare_study(job)
    for lr, units in ((0.03, 16), (0.02, 16), (1e-7, 16), (0.03, 0), (0.02, 16)):
        study.enqueue_trial({"learning_rate": lr, "layers.dense_1.units": units})
    return trial_rows(run_sweep(job, jobs=1))


def test_pruning_stops_a_hopeless_trial_early(mixed_sweep):
    rows = mixed_sweep
    assert [r.state for r in rows[:3]] == ["complete", "complete", "pruned"]
    assert rows[0].epochs_run == 8
    assert rows[2].pruned_epoch is not None and rows[2].epochs_run < 8


def test_a_value_that_makes_the_model_invalid_fails_that_trial_with_the_reason(mixed_sweep):
    rows = mixed_sweep
    assert rows[3].state == "failed"
    assert "dense_1" in rows[3].failure and "Units" in rows[3].failure and "got 0" in rows[3].failure
    assert rows[4].state in ("complete", "pruned")  # the sweep went on and trained the next trial


@pytest.mark.slow  # tens of seconds: CI runs it with -m slow
def test_a_crashed_worker_fails_its_trial_and_the_sweep_goes_on(make_job):
    job = make_job(space=SweepSpace([SweepParam("epochs", 2, 400)]), n_trials=2, pruner="none")
    study = prepare_study(job)
    study.enqueue_trial({"epochs": 400})  # long enough to be killed while it trains
    study.enqueue_trial({"epochs": 2})
    killed = []

    def kill_first_running_worker():
        deadline = time.monotonic() + 120
        study = load_study(job)
        while time.monotonic() < deadline and not killed:
            for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
                if "owner" in t.user_attrs and t.intermediate_values:  # training, past its first epoch
                    os.kill(int(t.user_attrs["owner"].rsplit(":", 1)[1]), signal.SIGKILL)
                    killed.append(t.number)
                    return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_first_running_worker)
    killer.start()
    study = run_sweep(job, jobs=1)
    killer.join()
    rows = trial_rows(study)
    assert killed == [0]
    assert rows[0].state == "failed" and "worker process crashed (signal 9)" in rows[0].failure
    assert [r.state for r in rows[1:]] == ["complete"]


@pytest.mark.slow  # tens of seconds: CI runs it with -m slow
def test_a_killed_sweep_resumes_without_losing_a_finished_trial_and_numbering_goes_on(tmp_path):
    from tests.engine.sweeps.conftest import small_frame

    csv = tmp_path / "small.csv"
    small_frame().to_csv(csv, index=False)
    command = [sys.executable, "-m", "engine.cli", "sweep", "--csv", str(csv), "--target", "label", "--trials", "4",
               "--jobs", "2", "--epochs", "4", "--pruner", "none", "--quiet", "--out", str(tmp_path / "best.llmodel")]
    env = {**os.environ, "PYTHONPATH": REPO}
    sweep = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True)
    db = tmp_path / "small.sweep.db"
    from engine.sweeps.study_store import open_storage, sqlite_url

    deadline = time.monotonic() + 240
    finished_before = []
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if db.exists():
            try:
                study = optuna.load_study(study_name="small", storage=open_storage(sqlite_url(db)))
            except KeyError:
                continue
            finished_before = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
            if len(finished_before) >= 2:  # the other worker is usually mid-trial now
                break
    os.killpg(sweep.pid, signal.SIGKILL)  # the whole sweep: its process and both workers
    sweep.wait()
    assert len(finished_before) >= 2
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    study = optuna.load_study(study_name="small", storage=open_storage(sqlite_url(db)))
    rows = trial_rows(study)
    for before in finished_before:  # nothing finished was lost or changed
        assert rows[before.number].state == "complete" and rows[before.number].value == before.value
    assert [r.number for r in rows] == list(range(len(rows)))  # numbering went on from where it was
    counted = [r for r in rows if not (r.state == "failed" and r.failure.startswith("interrupted"))]
    assert len(counted) == 4 and all(r.state == "complete" for r in counted)
    assert (tmp_path / "best.llmodel").is_file()


def _fail_on_storage(errors, text):
    errors.put(text)
    sys.exit(STORAGE_FAILURE)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a forked child keeps the test quick")
def test_the_messages_of_workers_that_ended_are_all_read():
    """What a worker said before it ended (a storage it could not use) reaches the sweep, read without waiting."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    workers = [context.Process(target=_fail_on_storage, args=(errors, f"database {n} is locked")) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [STORAGE_FAILURE, STORAGE_FAILURE]
    assert sorted(_drain(errors)) == ["database 1 is locked", "database 2 is locked"]
    assert _drain(errors) == []
