"""Do K=2 sweep workers run more trials per minute than one, on this machine?

The same sweep (the churn example, a learning-rate range, no pruning, every trial the same number of epochs)
with one worker and with two, interleaved round by round so both see the same machine load; each round
starts from a fresh SQLite study in a fresh process (as `layerlab sweep` does: nothing imported or started
by an earlier sweep helps a later one). Prints, for each, trials per minute over the whole sweep (worker start-up,
each worker's first trial with its one-off warm-up, and shut-down included) and in steady state (the trials
that end after every worker's first one, over the time they took), and the ratios K=2 / K=1 per round and
their median (the goal on a 2-core machine: >= 1.6x), and the CPU seconds each sweep took in all its processes
(the same trials: K=2 should not need more; on a machine shared with other sessions, Linux's autogroup
scheduler gives a session its share of the cores whatever its number of processes, so the wall-clock ratio
there says little). Where the seconds go, per sweep: start-up (from the
call to each worker's first trial, the slowest worker), the workers' first trials and their later ones (median),
and the load average of the machine (other work on its cores skews any ratio: compare rounds).

    python tests/benchmarks/bench_sweep.py [--rounds 2] [--trials 12] [--epochs 4]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing.forkserver
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.io.examples import load_example
from engine.sweeps.runner import run_sweep
from engine.sweeps.space import SweepParam, SweepSpace
from engine.sweeps.study_store import sqlite_url
from engine.sweeps.trial_run import SweepJob
from engine.training import TrainConfig


def one_sweep(jobs: int, trials: int, epochs: int) -> tuple[float, float, float]:
    """(whole-sweep, steady-state) trials per minute of one sweep with `jobs` workers and the CPU seconds
    all its processes used; prints its phases."""
    loaded = load_example("churn")
    config = TrainConfig.from_dict({**loaded.config.to_dict(), "epochs": epochs, "early_stopping": False})
    with tempfile.TemporaryDirectory() as folder:
        job = SweepJob(frame=loaded.table.frame, schema=loaded.schema, spec=loaded.spec, config=config,
                       split=loaded.split, space=SweepSpace([SweepParam("learning_rate", 1e-3, 1e-2, log=True)]),
                       storage_url=sqlite_url(Path(folder) / "bench.sweep.db"), study_name="bench",
                       trials_folder=Path(folder) / "trials", n_trials=trials, pruner="none", sampler="random")
        started, start, cpu = datetime.now(), time.perf_counter(), cpu_seconds()
        study = run_sweep(job, jobs=jobs)
        seconds = time.perf_counter() - start
        multiprocessing.forkserver._forkserver._stop()  # noqa: SLF001 - reaped now, its and its workers' CPU counts
        cpu = cpu_seconds() - cpu
        done = sorted((t for t in study.trials if t.state.name == "COMPLETE"), key=lambda t: t.datetime_complete)
    assert len(done) == trials
    first_ends = {}
    for t in done:
        first_ends.setdefault(t.user_attrs["owner"], t.datetime_complete)
    warm = max(first_ends.values())  # every worker has finished its first trial
    steady = [t for t in done if t.datetime_complete > warm]
    span = (done[-1].datetime_complete - warm).total_seconds()
    firsts = {}
    for t in sorted(done, key=lambda t: t.datetime_start):
        firsts.setdefault(t.user_attrs["owner"], t)
    took = {t.number: (t.datetime_complete - t.datetime_start).total_seconds() for t in done}
    later = [took[t.number] for t in done if t not in firsts.values()]
    start_up = max((t.datetime_start - started).total_seconds() for t in firsts.values())
    print(f"  K={jobs}: {seconds:.1f} s; start-up {start_up:.1f} s, "
          f"first trials {', '.join(f'{took[t.number]:.2f}' for t in firsts.values())} s, later trials "
          f"{statistics.median(later):.2f} s (median); {cpu:.1f} CPU s in all processes; load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    return trials / seconds * 60, (len(steady) / span * 60 if steady and span > 0 else float("nan")), cpu


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its children that ended (the fork server, its workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def in_fresh_process(jobs: int, trials: int, epochs: int) -> tuple[float, float, float]:
    """one_sweep in a new interpreter (its output passed through); returns what it returns."""
    command = [sys.executable, __file__, "--one", str(jobs), "--trials", str(trials), "--epochs", str(epochs)]
    lines = subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()
    print("\n".join(lines[:-1]), flush=True)
    whole, steady, cpu = json.loads(lines[-1])
    return whole, steady, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one sweep with ONE workers
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_sweep(args.one, args.trials, args.epochs)))
        return
    rates = {(k, kind): [] for k in (1, 2) for kind in ("whole", "steady")}
    ratios = {"whole": [], "steady": []}
    cpu = {1: [], 2: []}
    for index in range(args.rounds):
        for jobs in ((1, 2) if index % 2 == 0 else (2, 1)):
            whole, steady, seconds = in_fresh_process(jobs, args.trials, args.epochs)
            cpu[jobs].append(seconds)
            rates[jobs, "whole"].append(whole)
            rates[jobs, "steady"].append(steady)
        for kind in ratios:
            ratios[kind].append(rates[2, kind][-1] / rates[1, kind][-1])
        print(f"round {index + 1}: " + "; ".join(
            f"{kind}: K=1 {rates[1, kind][-1]:.1f}, K=2 {rates[2, kind][-1]:.1f} trials/min, "
            f"ratio {ratios[kind][-1]:.2f}x" for kind in ratios)
            + f"; CPU s K=1 {cpu[1][-1]:.0f}, K=2 {cpu[2][-1]:.0f}", flush=True)
    for kind in ratios:
        print(f"median {kind}: K=1 {statistics.median(rates[1, kind]):.1f}, K=2 {statistics.median(rates[2, kind]):.1f} "
              f"trials/min, ratio {statistics.median(ratios[kind]):.2f}x (goal >= 1.6x on 2 cores)")

if __name__ == "__main__":
    main()
