"""GPU throughput of the engine: autograd, the fast path without and with CUDA graphs, and the CPU
fast path for comparison, all through Trainer on the tutorial network, measured interleaved.

Rows: (g) Trainer on CUDA, autograd; (ge) CUDA fast path, eager (graphs off); (gg) CUDA fast path
with CUDA graphs; (c) the CPU fast path. Needs a CUDA GPU (exits with a message otherwise).

    python tests/benchmarks/bench_gpu.py [--rows 200000] [--epochs 3] [--repeats 3] [--batches 32,256,1024]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from unittest import mock

import torch

from engine.data import infer_schema
from engine.graph import load_template
from engine.model import build_model
from engine.runs.pipeline import shape_context
from engine.preprocess import Split, prepare
from engine.training import TrainConfig, Trainer
from engine.training import fast as fastpath
from engine.training.fast import path as fast_path_module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import GuiLikeCallback, make_table  # noqa: E402


def run(data, spec, ctx, batch, epochs, device, fast, graphs=True) -> float:
    torch.manual_seed(0)
    model = build_model(spec, ctx)
    trainer = Trainer(TrainConfig(epochs=epochs, batch_size=batch, device=device), [GuiLikeCallback()])
    with mock.patch.object(fastpath, "plan", fastpath.plan if fast else (lambda *args: "off for this row")), \
            mock.patch.object(fast_path_module, "CUDA_GRAPHS", graphs):
        result = trainer.fit(model, "binary", data.x_train, data.y_train, data.x_val, data.y_val)
    assert result.started.engine_path.startswith("fast path: on" if fast else "fast path: off")
    # the first epoch holds warm-up and graph capture: report the steady state when there is one
    epochs_seen = result.history[1:] if len(result.history) > 1 else result.history
    seconds = sum(data.x_train.shape[0] / e.samples_per_sec for e in epochs_seen)
    return data.x_train.shape[0] * len(epochs_seen) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", default="32,256,1024")
    parser.add_argument("--skip-cpu", action="store_true")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("bench_gpu.py needs a CUDA GPU; none is available here.")
        sys.exit(0)
    frame = make_table(args.rows)
    data = prepare(frame, infer_schema(frame, target="target"), Split(train=0.9, val=0.05, test=0.05))
    spec = load_template("tutorial-mlp")
    ctx = shape_context(spec, data)
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}; {data.x_train.shape[0]:,} training rows x "
          f"{data.x_train.shape[1]} inputs, {args.epochs} epochs (first epoch excluded: warm-up and capture)")
    rows = [("g", lambda b: run(data, spec, ctx, b, args.epochs, "cuda", fast=False)),
            ("ge", lambda b: run(data, spec, ctx, b, args.epochs, "cuda", fast=True, graphs=False)),
            ("gg", lambda b: run(data, spec, ctx, b, args.epochs, "cuda", fast=True, graphs=True))]
    if not args.skip_cpu:
        rows.append(("c", lambda b: run(data, spec, ctx, b, args.epochs, "cpu", fast=True)))
    labels = {"g": "CUDA, autograd", "ge": "CUDA fast path, no graphs", "gg": "CUDA fast path, CUDA graphs",
              "c": "CPU fast path"}
    batches = [int(b) for b in args.batches.split(",")]
    results: dict[tuple[str, int], list[float]] = {}
    for _ in range(args.repeats):
        for batch in batches:
            for name, fn in rows:
                results.setdefault((name, batch), []).append(fn(batch))
                print(f"  batch {batch:>5} {name:>2}: {results[(name, batch)][-1]:>12,.0f} samples/s", flush=True)
    print("\nmedian samples/s")
    for batch in batches:
        for name, _ in rows:
            print(f"  batch {batch:>5} ({name:>2}) {labels[name]:<28} {statistics.median(results[(name, batch)]):>12,.0f}")
    for batch in batches:
        med = {name: statistics.median(results[(name, batch)]) for name, _ in rows}
        line = f"batch {batch}: graphs/eager = {med['gg'] / med['ge']:.2f}, graphs/autograd = {med['gg'] / med['g']:.2f}"
        if "c" in med:
            line += f", graphs/CPU fast path = {med['gg'] / med['c']:.2f}"
        print(line)


if __name__ == "__main__":
    main()
