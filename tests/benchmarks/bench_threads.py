"""The CPU thread policy under a busy machine, measured in one run.

For the tutorial network on the fast path, at batch 32 and 256: engine samples/s on a quiet
machine and while other processes keep half of the cores busy, with the engine's thread policy
(engine.training.threads.cpu_threads_for, re-measured at each run's start) and, for reference,
with torch's default (every core). Goal: busy/quiet >= 0.9 with the policy.

    python tests/benchmarks/bench_threads.py [--rows 60000] [--epochs 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

from bench_engine import make_table, run_engine  # noqa: E402
from engine.data import infer_schema  # noqa: E402
from engine.graph import load_template  # noqa: E402
from engine.runs.pipeline import shape_context  # noqa: E402
from engine.preprocess import Split, prepare  # noqa: E402
from engine.training import trainer as trainer_module  # noqa: E402

HOG = "import time\nend = time.time() + 600\nwhile time.time() < end: pass\n"


@contextmanager
def busy_cores(n: int):
    """n processes spinning on the CPU (another program hogging the machine)."""
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(n)]
    time.sleep(0.5)  # let the scheduler see them before the run measures idle cores
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    hogs = max(1, cores // 2)
    frame = make_table(args.rows)
    data = prepare(frame, infer_schema(frame, target="target"), Split(train=0.9, val=0.05, test=0.05))
    spec = load_template("tutorial-mlp")
    ctx = shape_context(spec, data)
    default_threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, {cores} cores, torch default {default_threads} threads; "
          f"busy = {hogs} spinning process(es); {data.x_train.shape[0]:,} rows x {args.epochs} epochs")

    def engine_rate(batch: int, policy: bool) -> float:
        if policy:
            return run_engine(data, spec, ctx, batch, args.epochs, fast=True)
        with mock.patch.object(trainer_module, "cpu_threads_for", lambda *a: default_threads):
            return run_engine(data, spec, ctx, batch, args.epochs, fast=True)

    results: dict[tuple, list[float]] = {}
    for _ in range(args.repeats):
        for batch in (32, 256):
            for policy in (True, False):
                results.setdefault((batch, policy, "quiet"), []).append(engine_rate(batch, policy))
                with busy_cores(hogs):
                    results.setdefault((batch, policy, "busy"), []).append(engine_rate(batch, policy))
    goal_met = True
    for batch in (32, 256):
        for policy in (True, False):
            quiet = statistics.median(results[(batch, policy, "quiet")])
            busy = statistics.median(results[(batch, policy, "busy")])
            name = "policy " if policy else "default"
            line = (f"batch {batch:>3} {name}: quiet {quiet:>9,.0f}  busy {busy:>9,.0f} samples/s   "
                    f"busy/quiet = {busy / quiet:.2f}")
            if policy:
                goal_met &= busy / quiet >= 0.9
                line += "   [goal >= 0.9]"
            print(line)
    print("goal busy/quiet >= 0.9 with the policy:", "met" if goal_met else "MISSED")


if __name__ == "__main__":
    main()
