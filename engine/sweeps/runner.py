"""Running a sweep: create (or join) the study, start K worker processes, replace crashed ones, stop them.

The CLI runs this in its own process; the app runs it in a spawned child process and reads the study's
storage for its tables and plots. On Linux the workers are forked from a fork server that imports what a
trial needs while this process creates the study, so K workers start at once, ready to train.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import queue
import socket
import sys
from typing import Callable

from engine.sweeps import SweepError
from engine.sweeps.space import check_space
from engine.sweeps.trial_run import SweepJob
from engine.sweeps.workers import STORAGE_FAILURE, WORKER_MODULES, counted_trials, worker_main

POLL_SECONDS = 0.2
APP_SWEEP_NICENESS = 10  # the app's sweep yields the cores to the window
SPACE_ATTR = "layerlab_space"


def prepare_study(job: SweepJob):
    """Create the study, or join the one of that name (resuming it), once, before any worker opens it.

    Trials a stopped or killed process of this machine left running are marked failed ("interrupted") and
    do not count, so a resumed sweep runs them again with new numbers. Raises SweepError for people."""
    import optuna
    from sqlalchemy.exc import SQLAlchemyError

    from engine.sweeps.study_store import open_storage, storage_error
    from engine.sweeps.workers import make_pruner, make_sampler

    check_space(job.space, job.spec)
    if job.n_trials < 0:
        raise SweepError(f"--trials must be 0 (only report the study) or more (got {job.n_trials}).")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = open_storage(job.storage_url, job.lock_timeout)
    try:
        study = optuna.create_study(study_name=job.study_name, storage=storage, direction="minimize",
                                    load_if_exists=True, sampler=make_sampler(job.sampler),
                                    pruner=make_pruner(job.pruner, job.config.epochs))
        study.set_user_attr(SPACE_ATTR, job.space.to_dict())
        mark_interrupted(study, alive=_process_alive)
    except (SQLAlchemyError, optuna.exceptions.StorageInternalError) as exc:
        raise storage_error(exc, job.storage_url, job.lock_timeout) from exc
    return study


def mark_interrupted(study, alive: Callable[[int], bool], why: str = "interrupted: its process ended") -> int:
    """Fail the running trials of this machine whose process no longer runs; returns how many."""
    from optuna.trial import TrialState

    host = socket.gethostname()
    count = 0
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        owner_host, _, pid = str(trial.user_attrs.get("owner", "")).rpartition(":")
        if owner_host == host and pid.isdigit() and not alive(int(pid)):
            fail_trial(study, trial, why, interrupted=True)
            count += 1
    return count


def fail_trial(study, trial, why: str, interrupted: bool = False) -> None:
    from optuna.trial import TrialState

    storage = study._storage  # noqa: SLF001 - Optuna's storage API is public; the study only hides the handle
    storage.set_trial_user_attr(trial._trial_id, "failure", why)  # noqa: SLF001
    if interrupted:
        storage.set_trial_user_attr(trial._trial_id, "interrupted", True)  # noqa: SLF001
    storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)  # noqa: SLF001


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_sweep(job: SweepJob, jobs: int = 1, should_stop: Callable[[], bool] = lambda: False,
              on_poll: Callable[[], None] | None = None):
    """Run the sweep until the study holds job.n_trials trials (or should_stop() says so); returns the study.

    Args:
        job: data, design, space and storage.
        jobs: worker processes (K); each trains with one torch thread.
        should_stop: polled a few times a second; True stops the workers, their running trials are marked
            interrupted (not counted: a resumed sweep runs them again).
        on_poll: called a few times a second (progress output).
    Raises:
        SweepError: a bad space, an unusable storage, or workers that could not use the storage.
    """
    if jobs < 1:
        raise SweepError(f"--jobs must be 1 or more (got {jobs}).")
    check_space(job.space, job.spec)
    context = worker_context(warm=job.n_trials > 0)  # its imports overlap the study's creation
    study = prepare_study(job)
    claim_lock, errors = context.Lock(), context.Queue()
    remaining = job.n_trials - counted_trials(study)
    workers = [_start(context, job, claim_lock, errors) for _ in range(max(0, min(jobs, remaining)))]
    restarts, messages = 0, []
    try:
        while workers:
            multiprocessing.connection.wait([w.sentinel for w in workers], timeout=POLL_SECONDS)  # wakes as one ends
            if on_poll is not None:
                on_poll()
            if should_stop():
                _stop(workers)
                mark_interrupted(study, alive=_process_alive, why="interrupted: the sweep was stopped")
                break
            for worker in [w for w in workers if w.exitcode is not None]:
                workers.remove(worker)
                worker.join()
                if worker.exitcode == STORAGE_FAILURE:
                    messages.extend(_drain(errors))
                elif worker.exitcode != 0:
                    _fail_crashed(study, worker)
                    if counted_trials(study) < job.n_trials and restarts < job.n_trials:
                        restarts += 1
                        workers.append(_start(context, job, claim_lock, errors))
    except BaseException:  # Ctrl+C or an error here: no worker may outlive the sweep
        _stop(workers)
        mark_interrupted(study, alive=_process_alive, why="interrupted: the sweep was stopped")
        raise
    messages.extend(_drain(errors))
    if messages and counted_trials(study) < job.n_trials and not should_stop():
        raise SweepError(messages[0])
    return study


def worker_context(warm: bool = True):
    """How workers start. On Linux: forked from multiprocessing's fork server, which imports WORKER_MODULES
    once (started here, it imports while the caller goes on), so each worker starts in milliseconds with
    torch and the training stack loaded, instead of K interpreters importing them for seconds each on the
    same cores. Elsewhere spawned (Windows has no fork; macOS frameworks are not fork-safe)."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    if warm:
        multiprocessing.forkserver.ensure_running()
    return context


def _start(context, job, claim_lock, errors):
    worker = context.Process(target=worker_main, args=(job, claim_lock, errors), daemon=True,
                             name="layerlab-sweep-worker")
    worker.start()
    return worker


def _stop(workers) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=10)
        if worker.exitcode is None:
            worker.kill()
            worker.join()


def _fail_crashed(study, worker) -> None:
    """A worker that died (killed, out of memory, a crash in native code): its running trial is failed."""
    from optuna.trial import TrialState

    code = worker.exitcode
    how = f"signal {-code}" if code < 0 else f"exit status {code}"
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        if str(trial.user_attrs.get("owner", "")).endswith(f":{worker.pid}") and \
                str(trial.user_attrs.get("owner", "")).startswith(socket.gethostname() + ":"):
            fail_trial(study, trial, f"the worker process crashed ({how}); the sweep went on")


def _drain(errors) -> list[str]:
    """The workers' messages, once they have ended (a worker's queue is flushed into the pipe as it exits)."""
    messages = []
    while True:
        try:
            messages.append(errors.get_nowait())
        except queue.Empty:
            return messages


def sweep_process_main(job_queue, jobs: int, stop_event, errors) -> None:
    """Entry point of the app's sweep process (spawned): run the sweep until done or `stop_event` is set; a
    SweepError's message goes to the `errors` queue.

    The SweepJob comes through `job_queue`: as an argument of the process it would be written into the new
    process's pipe by the process starting it, which waits there until the new interpreter has imported
    enough to read it (seconds on a busy machine: the app's window froze).

    The process runs at a lower priority (niceness APP_SWEEP_NICENESS; its fork server and workers inherit it), so
    the window's thread runs as soon as it wakes instead of waiting for its share of cores that the workers keep
    busy (stalls of 50-140 ms while a sweep ran). Idle cores still go to the sweep."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(APP_SWEEP_NICENESS)
    worker_context()  # the workers' fork server imports torch while the job arrives
    job = job_queue.get()
    try:
        run_sweep(job, jobs=jobs, should_stop=stop_event.is_set)
    except SweepError as exc:
        errors.put(str(exc))
