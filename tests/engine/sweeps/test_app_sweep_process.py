"""The app's sweep process (and the fork server and workers it starts) runs at a lower priority than the window."""

import multiprocessing
import os
import time

import pytest

from engine.sweeps.runner import APP_SWEEP_NICENESS, sweep_process_main


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="niceness is a POSIX notion")
def test_the_apps_sweep_process_yields_the_cores_to_the_window(make_job):
    context = multiprocessing.get_context("spawn")
    job_queue, errors, stop = context.Queue(), context.Queue(), context.Event()
    process = context.Process(target=sweep_process_main, args=(job_queue, 1, stop, errors))
    process.start()
    own = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and os.getpriority(os.PRIO_PROCESS, process.pid) == own:
            time.sleep(0.05)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, own + APP_SWEEP_NICENESS)
    finally:
        job_queue.put(make_job(n_trials=0))  # only creates the study: the process ends
        process.join(timeout=120)
    assert process.exitcode == 0 and errors.empty()
