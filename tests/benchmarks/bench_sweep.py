"""Do K=2 sweep workers run more trials per minute than one, on this machine?

The same sweep (the churn example, a learning-rate range, no pruning, every trial the same number of epochs)
with one worker and with two, interleaved round by round so both see the same machine load; each round
starts from a fresh SQLite study. Prints, for each, trials per minute over the whole sweep (worker start-up,
each worker's first trial with its one-off warm-up, and shut-down included) and in steady state (the trials
that end after every worker's first one, over the time they took), and the ratios K=2 / K=1 per round and
their median (the goal on a 2-core machine: >= 1.6x).

    python tests/benchmarks/bench_sweep.py [--rounds 2] [--trials 12] [--epochs 4]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from engine.io.examples import load_example
from engine.sweeps.runner import run_sweep
from engine.sweeps.space import SweepParam, SweepSpace
from engine.sweeps.study_store import sqlite_url
from engine.sweeps.trial_run import SweepJob
from engine.training import TrainConfig


def one_sweep(jobs: int, trials: int, epochs: int) -> tuple[float, float]:
    """(whole-sweep, steady-state) trials per minute of one sweep with `jobs` workers."""
    loaded = load_example("churn")
    config = TrainConfig.from_dict({**loaded.config.to_dict(), "epochs": epochs, "early_stopping": False})
    with tempfile.TemporaryDirectory() as folder:
        job = SweepJob(frame=loaded.table.frame, schema=loaded.schema, spec=loaded.spec, config=config,
                       split=loaded.split, space=SweepSpace([SweepParam("learning_rate", 1e-3, 1e-2, log=True)]),
                       storage_url=sqlite_url(Path(folder) / "bench.sweep.db"), study_name="bench",
                       trials_folder=Path(folder) / "trials", n_trials=trials, pruner="none", sampler="random")
        start = time.perf_counter()
        study = run_sweep(job, jobs=jobs)
        seconds = time.perf_counter() - start
        done = sorted((t for t in study.trials if t.state.name == "COMPLETE"), key=lambda t: t.datetime_complete)
    assert len(done) == trials
    first_ends = {}
    for t in done:
        first_ends.setdefault(t.user_attrs["owner"], t.datetime_complete)
    warm = max(first_ends.values())  # every worker has finished its first trial
    steady = [t for t in done if t.datetime_complete > warm]
    span = (done[-1].datetime_complete - warm).total_seconds()
    return trials / seconds * 60, (len(steady) / span * 60 if steady and span > 0 else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    rates = {(k, kind): [] for k in (1, 2) for kind in ("whole", "steady")}
    ratios = {"whole": [], "steady": []}
    for index in range(args.rounds):
        for jobs in ((1, 2) if index % 2 == 0 else (2, 1)):
            whole, steady = one_sweep(jobs, args.trials, args.epochs)
            rates[jobs, "whole"].append(whole)
            rates[jobs, "steady"].append(steady)
        for kind in ratios:
            ratios[kind].append(rates[2, kind][-1] / rates[1, kind][-1])
        print(f"round {index + 1}: " + "; ".join(
            f"{kind}: K=1 {rates[1, kind][-1]:.1f}, K=2 {rates[2, kind][-1]:.1f} trials/min, "
            f"ratio {ratios[kind][-1]:.2f}x" for kind in ratios), flush=True)
    for kind in ratios:
        print(f"median {kind}: K=1 {statistics.median(rates[1, kind]):.1f}, K=2 {statistics.median(rates[2, kind]):.1f} "
              f"trials/min, ratio {statistics.median(ratios[kind]):.2f}x (goal >= 1.6x on 2 cores)")

if __name__ == "__main__":
    main()
