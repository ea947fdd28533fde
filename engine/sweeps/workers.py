"""A sweep's worker process: one torch thread, the shared study, trials until the sweep has its number.

Workers on one machine claim a trial under a shared lock (so K workers run exactly N trials); workers on
other machines joining through a shared database only count the trials already there (a sweep may then
run a few more than N).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

PRUNERS = ("median", "hyperband", "none")
SAMPLERS = ("tpe", "random")
CLAIM_WAIT = 60.0  # seconds; a claim lock left held by a killed worker must not stall the others forever
STORAGE_FAILURE = 3  # exit status of a worker that could not use the storage (its message is on the queue)
# What a trial imports, loaded once by the fork server the workers are forked from (runner.worker_context), so
# no worker imports it again: engine.runs.pipeline brings torch and pandas; scikit-learn scores the test part and
# fits the baseline; Optuna's RDB storage reads the database's version with alembic (~140 modules, 0.4 s). Not
# torch._dynamo (1.3 s): a table's run never loads it (engine.training.lazy_dynamo), and other runs load it at
# their first step, each worker on its own core.
WORKER_MODULES = ["optuna", "sqlalchemy.dialects.sqlite", "torch", "engine.runs.pipeline", "engine.runs.finish",
                  "engine.io.bundle", "engine.sweeps.trial_run", "engine.sweeps.study_store", "sklearn.linear_model",
                  "sklearn.metrics", "threadpoolctl", "optuna.storages._rdb.models", "alembic.migration"]


def make_sampler(name: str):
    import optuna

    if name == "random":
        return optuna.samplers.RandomSampler()
    return optuna.samplers.TPESampler(constant_liar=True)  # liars keep parallel workers from sampling alike


def make_pruner(name: str, epochs: int):
    import optuna

    if name == "none":
        return optuna.pruners.NopPruner()
    if name == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max(2, epochs))
    return optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=2)


def counted_trials(study) -> int:
    """Trials that count towards the sweep's number: all but waiting ones and those cut off by a stop or a
    kill (a resumed sweep runs those again)."""
    from optuna.trial import TrialState

    return sum(1 for t in study.get_trials(deepcopy=False)
               if t.state != TrialState.WAITING and not t.user_attrs.get("interrupted"))


def load_study(job):
    import optuna

    from engine.sweeps.study_store import open_storage

    storage = open_storage(job.storage_url, job.lock_timeout)
    return optuna.load_study(study_name=job.study_name, storage=storage, sampler=make_sampler(job.sampler),
                             pruner=make_pruner(job.pruner, job.config.epochs))


def worker_main(job, claim_lock, errors) -> None:
    """Entry point of a worker process (forked from the fork server, or spawned): run trials until the study
    holds job.n_trials. It stays for all its trials: one process, its imports and its prepared data serve
    them all."""
    os.environ["OMP_NUM_THREADS"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the sweep's process stops its workers itself
    import optuna
    import torch
    from sqlalchemy.exc import SQLAlchemyError
    from threadpoolctl import threadpool_limits

    from engine.sweeps import SweepError
    from engine.sweeps.study_store import storage_error
    from engine.sweeps.trial_run import owner_tag, run_trial

    torch.set_num_threads(1)
    threadpool_limits(1)  # BLAS and OpenMP of numpy/scikit-learn too: K workers share K cores
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    prepared: dict = {}
    try:
        study = load_study(job)
        sweep = multiprocessing.parent_process()
        while sweep is None or sweep.is_alive():  # a killed sweep's workers end after their trial
            locked = claim_lock.acquire(timeout=CLAIM_WAIT)
            try:
                if counted_trials(study) >= job.n_trials:
                    return
                trial = study.ask()
                trial.set_user_attr("owner", owner_tag())
            finally:
                if locked:
                    claim_lock.release()
            try:
                value = run_trial(trial, job, prepared)
            except optuna.TrialPruned:
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            except Exception as exc:  # noqa: BLE001 - any trial's failure is recorded and the sweep goes on
                trial.set_user_attr("failure", failure_text(exc))
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
            else:
                study.tell(trial, value)
    except SweepError as exc:
        errors.put(str(exc))
        sys.exit(STORAGE_FAILURE)
    except (SQLAlchemyError, optuna.exceptions.StorageInternalError) as exc:
        errors.put(str(storage_error(exc, job.storage_url, job.lock_timeout)))
        sys.exit(STORAGE_FAILURE)


def failure_text(exc: BaseException) -> str:
    """Why a trial failed, for the trials table: our errors' sentences, others with their type."""
    from engine.errors import LayerLabError

    if isinstance(exc, LayerLabError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
