"""Streamed images: decoding each batch in the training loop (what the engine does) against a torch DataLoader
whose worker processes decode the next batches while the model trains, in one run.

The digits example's 1,257 training PNGs (8×8 grey) on the image_cnn template, streamed from disk
(LAYERLAB_IMAGE_MEMORY_LIMIT=0), one epoch per measurement, batch 64, one torch thread (the Trainer's choice for
this batch); 0, 1 and 2 workers interleaved `--repeats` times, medians in images/s. The engine decodes in the
loop: on the 2-core machine this was measured on, one worker gave 1.12-1.30x while the second core was idle and
0.93x while it was busy, and in the app that core is the window's (its process draws the curves while training
runs in another); rerun this on more cores before adding workers.

    python tests/benchmarks/bench_streamed_loader.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_multi_input import fresh_model  # noqa: E402 - the benchmarks folder is not a package

from engine.graph import load_template  # noqa: E402
from engine.io.examples import get_example, load_example  # noqa: E402
from engine.preprocess import prepare  # noqa: E402
from engine.runs.pipeline import used_inputs  # noqa: E402
from engine.training.parts import loss_function, target_tensor  # noqa: E402


class Batches(torch.utils.data.Dataset):
    """Batch i of an epoch's order, decoded (in a worker process when the DataLoader has workers)."""

    def __init__(self, images, batches):
        self.images, self.batches = images, batches

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, i):
        return torch.from_numpy(self.images[self.batches[i]])


def epoch(spec, data, workers: int, batch: int) -> float:
    """Images per second of one training epoch whose batches are decoded in the loop (workers 0) or by workers."""
    images, y = data.x_train[0], target_tensor("multiclass", data.y_train)
    model = fresh_model(spec, data).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = loss_function("multiclass")
    order = torch.randperm(len(images)).numpy()
    batches = [order[start:start + batch] for start in range(0, len(images), batch)]
    start = time.perf_counter()
    if workers:
        loader = torch.utils.data.DataLoader(Batches(images, batches), batch_size=None, num_workers=workers,
                                             prefetch_factor=4)
    else:
        loader = (torch.from_numpy(images[rows]) for rows in batches)
    for rows, xb in zip(batches, loader):
        loss = loss_fn(model(xb), y[torch.from_numpy(rows)])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return len(images) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    loaded, spec = load_example("digits"), load_template("image_cnn")
    os.environ["LAYERLAB_IMAGE_MEMORY_LIMIT"] = "0"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = used_inputs(spec, prepare(loaded.table.frame, loaded.schema, loaded.split,
                                         base_dir=get_example("digits").path.parent))
    torch.set_num_threads(1)
    speeds = {0: [], 1: [], 2: []}
    for _ in range(args.repeats):
        for workers, values in speeds.items():
            values.append(epoch(spec, data, workers, args.batch))
    base = statistics.median(speeds[0])
    for workers, values in speeds.items():
        print(f"{workers} DataLoader workers: {statistics.median(values):8,.0f} images/s   "
              f"vs decoding in the loop {statistics.median(values) / base:.2f}", flush=True)


if __name__ == "__main__":
    main()
