"""The Experiments page reads a sweep's storage in a reader process of its own (Optuna's objects and their garbage
stay out of the window's process); a reader process that dies is replaced at the next read."""

import os
import signal

import optuna

from engine.sweeps.study_store import open_storage, sqlite_url
from gui.pages.experiments import sweep_control
from gui.pages.experiments.sweep_control import SweepController


def test_a_sweep_is_read_in_a_reader_process_and_a_dead_one_is_replaced(qtbot, tmp_path):
    url = sqlite_url(tmp_path / "two.sweep.db")
    study = optuna.create_study(study_name="two", storage=open_storage(url))
    study.optimize(lambda trial: trial.suggest_float("learning_rate", 1e-3, 1e-1, log=True), n_trials=2)
    control = SweepController()
    shown = []
    control.snapshot_ready.connect(shown.append)
    control.watch(url, "two")
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60_000)
    assert [r.number for r in shown[0]["rows"]] == [0, 1]
    readers = [pid for pid in sweep_control._reader._processes if pid != os.getpid()]  # noqa: SLF001
    assert len(readers) == 1

    os.kill(readers[0], signal.SIGKILL)
    control.watch(url, "two")  # this read finds the process dead; the next tick reads with a new one
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=60_000)
    assert [r.number for r in shown[1]["rows"]] == [0, 1]
    assert readers[0] not in sweep_control._reader._processes  # noqa: SLF001
    control._timer.stop()  # noqa: SLF001
