"""The learning-rate range test on the churn example against one epoch of training, measured in one run.

Goal: the whole test (data preparation, model, sweep) within 3 s on this machine's CPU. Rows, each the
median of --repeats, interleaved: (a) one epoch of the tutorial run (the same pipeline, 1 epoch), (b)
find_learning_rate end to end, (c) its sweep alone on prepared data. A last line times `layerlab lr-find
--example churn` as a user runs it (a fresh process: imports included).

    python tests/benchmarks/bench_lr_find.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

GOAL_SECONDS = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from engine.insight.lr_finder import find_learning_rate, range_test
    from engine.io.examples import load_example
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig

    example = load_example("churn")
    one_epoch = TrainConfig.from_dict({**example.config.to_dict(), "epochs": 1})

    def pipeline(config):
        return RunPipeline(example.table.frame, example.schema, example.spec, config, example.split)

    prepared = pipeline(example.config)
    data = prepared.prepare()
    model, _ = prepared.build()
    pipeline(one_epoch).run()  # warm-up: imports, kernels, the fused optimizer
    epoch, finder, sweep = [], [], []
    result = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        trained = pipeline(one_epoch).run()
        epoch.append(trained.record.history[0]["seconds"])
        start = time.perf_counter()
        result = find_learning_rate(pipeline(example.config))
        finder.append(time.perf_counter() - start)
        start = time.perf_counter()
        range_test(model, str(data.preprocessor.task), data.x_train, data.y_train, example.config)
        sweep.append(time.perf_counter() - start)
    e, f, s = (statistics.median(v) for v in (epoch, finder, sweep))
    print(f"churn: {len(example.table.frame):,} rows, batch {example.config.batch_size}, "
          f"{len(result.learning_rates)} sweep batches, suggested {result.suggested:.2g}")
    print(f"(a) one training epoch:                {e * 1000:8.1f} ms")
    print(f"(b) find_learning_rate, end to end:    {f * 1000:8.1f} ms   {f / e:5.1f}x one epoch   "
          f"goal <= {GOAL_SECONDS:g} s: {'met' if f <= GOAL_SECONDS else 'MISSED'}")
    print(f"(c) the sweep alone (prepared data):   {s * 1000:8.1f} ms   {s / e:5.1f}x one epoch")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "engine.cli", "lr-find", "--example", "churn", "--json"], check=True,
                   capture_output=True)
    cold = time.perf_counter() - start
    print(f"`layerlab lr-find --example churn` in a fresh process (imports included): {cold:.2f} s")


if __name__ == "__main__":
    main()
