"""The engine on the text and CNN templates against a hand-written tight PyTorch loop, interleaved in one run.

Both train the same model (built from the template by engine.model.build_model, same initial weights) on the
same prepared arrays (the bible_verses text example with text_light and text_classifier, the digits image
example with image_cnn): the tight loop keeps the tensors on the device, slices a randperm per epoch, calls
Adam(fused) and reads the loss once per epoch, with the engine's CPU thread count; the engine is Trainer.fit with validation every epoch and a
callback doing what the GUI worker does. Each pair runs alternately `--repeats` times; the last lines state
the engine's speed as a share of the tight loop's (goal: >= 0.95). For image_cnn the engine also trains, in
the same rounds, on the digits streamed from disk (LAYERLAB_IMAGE_MEMORY_LIMIT=0: every batch decodes its PNGs),
reported as images/s and as a share of the in-memory engine's.

    python tests/benchmarks/bench_multi_input.py [--epochs 3] [--repeats 3] [--device auto]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time
import warnings

import numpy as np
import torch

from engine.devices import resolve_device
from engine.graph import load_template
from engine.io.examples import get_example, load_example
from engine.model import build_model
from engine.preprocess import prepare
from engine.runs.pipeline import shape_context, used_inputs
from engine.training import Callback, TrainConfig, Trainer
from engine.training.parts import loss_function, target_tensor
from engine.training.threads import cpu_threads_for
from engine.training.trainer import input_tensors


class Throttled(Callback):
    """What the GUI worker does with batch events: keep the numbers, a few flushes a second."""

    def __init__(self):
        self.pending, self.last = [], time.perf_counter()

    def on_batch_end(self, event):
        self.pending.append(event.loss)
        if time.perf_counter() - self.last > 0.25:
            self.pending, self.last = [], time.perf_counter()


def prepared(example: str, template: str, memory_limit: str | None = None):
    loaded = load_example(example)
    spec = load_template(template)
    os.environ.pop("LAYERLAB_IMAGE_MEMORY_LIMIT", None)
    if memory_limit is not None:
        os.environ["LAYERLAB_IMAGE_MEMORY_LIMIT"] = memory_limit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = prepare(loaded.table.frame, loaded.schema, loaded.split, base_dir=get_example(example).path.parent)
    os.environ.pop("LAYERLAB_IMAGE_MEMORY_LIMIT", None)
    data = used_inputs(spec, data)
    return spec, data


def fresh_model(spec, data, seed=0):
    torch.manual_seed(seed)
    return build_model(spec, shape_context(spec, data))


def tight_loop(model, data, task, epochs, batch, device, precision) -> float:
    """Samples per second of a plain loop over the same tensors (bf16 autocast on CUDA when asked)."""
    cast = torch.autocast("cuda", dtype=torch.bfloat16) if precision == "bf16" and device.type == "cuda" else None
    xs = input_tensors(data.x_train, device)
    y = target_tensor(task, data.y_train).to(device)
    model.to(device).train()
    loss_fn = loss_function(task)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    n = y.shape[0]
    if device.type == "cpu":  # the threads the engine would use for this model, so both loops run alike
        torch.set_num_threads(cpu_threads_for(batch, sum(x[0].numel() for x in xs)))
    _sync(device)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n, device=device)
        total = torch.zeros((), device=device)
        for begin in range(0, n, batch):
            idx = perm[begin:begin + batch]
            with cast or contextlib.nullcontext():
                loss = loss_fn(model(*[x.index_select(0, idx) for x in xs]), y.index_select(0, idx))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach()
        float(total)
    _sync(device)
    return epochs * n / (time.perf_counter() - start)


def engine_loop(model, data, task, epochs, batch, device, precision) -> float:
    """Samples per second of training epochs in Trainer.fit (validation time excluded, as in EpochEnded)."""
    config = TrainConfig(epochs=epochs, batch_size=batch, optimizer="adam", device=str(device), precision=precision)
    ended = Trainer(config, [Throttled()]).fit(model, task, data.x_train, data.y_train, data.x_val, data.y_val)
    return statistics.mean(e.samples_per_sec for e in ended.history)


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--precision", default="off", choices=("off", "bf16"))
    args = parser.parse_args()
    device = resolve_device(args.device)
    print(f"device {device}, {args.epochs} epochs x {args.repeats} repeats, batch {args.batch}, "
          f"precision {args.precision}")
    ratios = {}
    for example, template in (("bible_verses", "text_light"), ("bible_verses", "text_classifier"),
                              ("digits", "image_cnn")):
        spec, data = prepared(example, template)
        streamed = prepared(example, template, memory_limit="0")[1] if example == "digits" else None
        task = data.preprocessor.task
        tight, engine, from_disk = [], [], []
        for repeat in range(args.repeats):
            tight.append(tight_loop(fresh_model(spec, data, repeat), data, task, args.epochs, args.batch, device,
                                    args.precision))
            engine.append(engine_loop(fresh_model(spec, data, repeat), data, task, args.epochs, args.batch, device,
                                      args.precision))
            if streamed is not None:
                from_disk.append(engine_loop(fresh_model(spec, streamed, repeat), streamed, task, args.epochs,
                                             args.batch, device, args.precision))
        ratios[template] = statistics.median(engine) / statistics.median(tight)
        print(f"{template:16s} on {example:13s} tight {statistics.median(tight):10,.0f} samples/s   "
              f"engine {statistics.median(engine):10,.0f} samples/s   engine/tight {ratios[template]:.2f}",
              flush=True)
        if from_disk:
            print(f"{template:16s} on {example:13s} streamed from disk {statistics.median(from_disk):10,.0f} "
                  f"images/s   streamed/in memory {statistics.median(from_disk) / statistics.median(engine):.2f}",
                  flush=True)
    print("ratios (goal >= 0.95): " + ", ".join(f"{name} {ratio:.2f}" for name, ratio in ratios.items()))


if __name__ == "__main__":
    main()
