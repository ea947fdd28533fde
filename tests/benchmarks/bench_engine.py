"""Engine throughput against hand-written PyTorch loops, measured interleaved in one run.

Rows: (a) a plain DataLoader loop, (b) a tight loop (tensors, randperm slicing, default Adam),
(b+) the same with Adam(fused=True), (e) the engine's Trainer on autograd (fast path switched
off) with a callback doing what the GUI worker does, (f) the same Trainer on its fast path, and
(s) scikit-learn's MLPClassifier((64, 64), adam) as a reference. All train the tutorial network
(Dense 64 relu, Dense 64 relu, Dense 1) with BCE. The last lines state the ratios at each batch size.
--tutorial also times the tutorial's run: 10 epochs at batch 32 on the --rows table (goal: < 6 s).

    python tests/benchmarks/bench_engine.py [--rows 200000] [--epochs 3] [--repeats 1] [--tutorial]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import warnings
from unittest import mock

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from engine.data import infer_schema
from engine.graph import load_template
from engine.model import build_model
from engine.runs.pipeline import shape_context
from engine.preprocess import Split, prepare
from engine.training import Callback, TrainConfig, Trainer
from engine.training import fast as fastpath
from engine.training.threads import cpu_threads_for


def make_table(rows: int, seed: int = 0) -> pd.DataFrame:
    """20 numeric + 3 categorical columns and a non-linear binary target."""
    rng = np.random.default_rng(seed)
    numeric = rng.normal(size=(rows, 20))
    frame = pd.DataFrame(numeric, columns=[f"x{i}" for i in range(20)])
    for j, levels in enumerate((3, 5, 8)):
        frame[f"c{j}"] = rng.choice([f"level_{k}" for k in range(levels)], size=rows)
    logit = numeric[:, 0] * numeric[:, 1] + np.sin(numeric[:, 2]) + 0.5 * (frame["c0"] == "level_1") - 0.3
    frame["target"] = np.where(logit + rng.normal(scale=0.5, size=rows) > 0, "yes", "no")
    return frame


class GuiLikeCallback(Callback):
    """What the GUI worker does: copy numbers under a lock, throttled to a few updates a second."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: list = []
        self.last_flush = time.perf_counter()
        self.flushes = 0

    def on_batch_end(self, event):
        with self.lock:
            self.pending.append((event.global_step, event.loss))
        now = time.perf_counter()
        if now - self.last_flush > 0.1:
            with self.lock:
                self.pending = []
            self.flushes += 1
            self.last_flush = now

    def on_epoch_end(self, event):
        self.flushes += 1


def tutorial_net(width: int) -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(width, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 1))


def run_dataloader(x, y, batch, epochs) -> float:
    model = tutorial_net(x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True)
    start = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in loader:
            loss = F.binary_cross_entropy_with_logits(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return x.shape[0] * epochs / (time.perf_counter() - start)


def run_tight(x, y, batch, epochs, fused: bool) -> float:
    model = tutorial_net(x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused) if fused else torch.optim.Adam(model.parameters(), lr=1e-3)
    n = x.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            loss = F.binary_cross_entropy_with_logits(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return n * epochs / (time.perf_counter() - start)


def run_engine(data, spec, ctx, batch, epochs, fast: bool = False) -> float:
    torch.manual_seed(0)
    model = build_model(spec, ctx)
    trainer = Trainer(TrainConfig(epochs=epochs, batch_size=batch, optimizer="adam"), [GuiLikeCallback()])
    with mock.patch.object(fastpath, "plan", fastpath.plan if fast else (lambda *args: "off for row (e)")):
        result = trainer.fit(model, "binary", data.x_train, data.y_train, data.x_val, data.y_val)
    assert result.started.engine_path.startswith("fast path: on" if fast else "fast path: off")
    train_seconds = sum(data.x_train.shape[0] / e.samples_per_sec for e in result.history)
    return data.x_train.shape[0] * epochs / train_seconds


def run_sklearn(x, y, batch, epochs) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits
    model = MLPClassifier(hidden_layer_sizes=(64, 64), batch_size=batch, solver="adam", max_iter=epochs,
                          learning_rate_init=1e-3, tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    x_np, y_np = x.numpy(), y.numpy().ravel()
    start = time.perf_counter()
    with warnings.catch_warnings(), threadpool_limits(torch.get_num_threads()):  # the same threads as torch
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_np, y_np)
    return x_np.shape[0] * epochs / (time.perf_counter() - start)


def tutorial_run(data, spec, ctx) -> tuple[float, float]:
    """The tutorial's settings (adam, lr 1e-3, 10 epochs, batch 32): (training seconds, wall seconds)."""
    torch.manual_seed(0)
    model = build_model(spec, ctx)
    result = Trainer(TrainConfig(epochs=10, batch_size=32), [GuiLikeCallback()]).fit(
        model, "binary", data.x_train, data.y_train, data.x_val, data.y_val)
    train = sum(data.x_train.shape[0] / e.samples_per_sec for e in result.history)
    return train, result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--batches", default="32,256")
    parser.add_argument("--skip-dataloader", action="store_true")
    parser.add_argument("--skip-sklearn", action="store_true")
    parser.add_argument("--tutorial", action="store_true", help="also time the tutorial's 10 epochs at batch 32")
    args = parser.parse_args()

    frame = make_table(args.rows)
    schema = infer_schema(frame, target="target")
    # All rows train: the split only supplies the engine's validation part, which the loops skip.
    data = prepare(frame, schema, Split(train=0.9, val=0.05, test=0.05))
    spec = load_template("tutorial-mlp")
    ctx = shape_context(spec, data)
    x = torch.as_tensor(data.x_train)
    y = torch.as_tensor(data.y_train, dtype=torch.float32).reshape(-1, 1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads available; "
          f"{x.shape[0]:,} training rows x {x.shape[1]} inputs, {args.epochs} epochs")
    results: dict[tuple[str, int], list[float]] = {}
    batches = [int(b) for b in args.batches.split(",")]
    rows = [("a", lambda b: run_dataloader(x, y, b, args.epochs))] if not args.skip_dataloader else []
    rows += [("b", lambda b: run_tight(x, y, b, args.epochs, fused=False)),
             ("b+", lambda b: run_tight(x, y, b, args.epochs, fused=True)),
             ("e", lambda b: run_engine(data, spec, ctx, b, args.epochs, fast=False)),
             ("f", lambda b: run_engine(data, spec, ctx, b, args.epochs, fast=True))]
    rows += [("s", lambda b: run_sklearn(x, y, b, args.epochs))] if not args.skip_sklearn else []
    old = torch.get_num_threads()
    for _ in range(args.repeats):
        for batch in batches:
            for name, fn in rows:  # interleaved: every row of a repeat runs under the same machine load
                torch.set_num_threads(cpu_threads_for(batch, x.shape[1]))
                results.setdefault((name, batch), []).append(fn(batch))
                torch.set_num_threads(old)
                print(f"  batch {batch:>4} {name:>2}: {results[(name, batch)][-1]:>10,.0f} samples/s", flush=True)
    labels = {"a": "DataLoader loop", "b": "tight loop, Adam", "b+": "tight loop, Adam(fused)",
              "e": "engine, autograd", "f": "engine, fast path", "s": "sklearn MLPClassifier"}
    print("\nmedian samples/s")
    for batch in batches:
        for name, _ in rows:
            print(f"  batch {batch:>4}  ({name:>2}) {labels[name]:<26} {statistics.median(results[(name, batch)]):>10,.0f}")
    def med(name, batch):
        return statistics.median(results[(name, batch)])

    for batch in batches:
        line = (f"batch {batch}: (e)/(b) = {med('e', batch) / med('b', batch):.2f}, "
                f"(e)/(b+) = {med('e', batch) / med('b+', batch):.2f}, (f)/(b) = {med('f', batch) / med('b', batch):.2f}, "
                f"(f)/(b+) = {med('f', batch) / med('b+', batch):.2f}")
        if ("s", batch) in results:
            line += f", (f)/(s) = {med('f', batch) / med('s', batch):.2f}"
        print(line)
    print("goals: (f)/(b) >= 4 at batch 32 and >= 2.5 at batch 256; (f)/(s) >= 2 at batch 32")
    if args.tutorial:
        torch.set_num_threads(cpu_threads_for(32, x.shape[1]))
        times = [tutorial_run(data, spec, ctx) for _ in range(args.repeats)]
        torch.set_num_threads(old)
        print(f"tutorial (10 epochs, batch 32, {x.shape[0]:,} training rows): "
              f"median {statistics.median(t for t, _ in times):.2f} s training, "
              f"{statistics.median(w for _, w in times):.2f} s with validation (goal: < 6 s training)")


if __name__ == "__main__":
    main()
