"""Do LayerLab's no-flags defaults match tuned classical models on tables they were not tuned for?

For each data set: the engine with default settings (template and TrainConfig chosen by
`layerlab train --csv FILE --target COL`), against a tuned logistic/ridge regression and
gradient boosting on the same split, over several split seeds (one split of a small table is
noise: wine's test part is 27 rows). Prints one row per data set: mean scores and their ratios.

    python tests/benchmarks/bench_defaults.py [--large] [--seeds 5] [--only wine,diabetes]
"""

from __future__ import annotations

import argparse
import warnings
import time

import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegressionCV, RidgeCV

from engine.cli.inputs import default_config, default_template
from engine.data import infer_schema
from engine.graph import load_template
from engine.runs.metrics import regression_metrics
from engine.runs.pipeline import RunPipeline


def sklearn_sets(large: bool) -> dict[str, tuple[pd.DataFrame, str]]:
    sets = {}
    for name, loader in (("iris", datasets.load_iris), ("breast_cancer", datasets.load_breast_cancer),
                         ("digits", datasets.load_digits), ("wine", datasets.load_wine)):
        bunch = loader(as_frame=True)
        frame = bunch.frame.copy()
        frame["target"] = np.asarray(bunch.target_names)[bunch.target] if hasattr(bunch, "target_names") else bunch.target
        sets[name] = (frame, "target")
    bunch = datasets.load_diabetes(as_frame=True, scaled=False)
    sets["diabetes"] = (bunch.frame, "target")
    x, y = datasets.make_friedman1(n_samples=2000, noise=1.0, random_state=0)
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
    frame["y"] = y
    sets["friedman1_2k"] = (frame, "y")
    rows = 200_000 if large else 20_000
    x, y = datasets.make_classification(n_samples=rows, n_features=20, n_informative=10, n_redundant=4,
                                        n_clusters_per_class=3, class_sep=0.8, random_state=0)
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
    frame["label"] = np.where(y == 1, "pos", "neg")
    sets[f"make_classification_{rows // 1000}k"] = (frame, "label")
    return sets


def score_once(frame: pd.DataFrame, target: str, seed: int) -> dict:
    """Train the defaults on one split seed; score them and the classical models on the same rows."""
    schema = infer_schema(frame, target=target)
    config = default_config(frame, schema)
    config.seed = seed  # the seed also picks the split (RunPipeline: Split(seed=config.seed))
    spec = load_template(default_template(schema.task))
    start = time.perf_counter()
    run = RunPipeline(frame, schema, spec, config).run()
    seconds = time.perf_counter() - start
    d, task = run.data, run.task
    shown = run.baseline["metrics"]["r2" if task == "regression" else "accuracy"]  # the baseline the app shows
    if task == "regression":
        pre = d.preprocessor
        truth = pre.decode_regression(d.y_test)
        lin = RidgeCV(alphas=np.logspace(-3, 3, 13)).fit(d.x_train, d.y_train)
        hgb = HistGradientBoostingRegressor(random_state=seed).fit(d.x_train, d.y_train)
        scores = [run.test_metrics["r2"]] + [
            regression_metrics(truth, pre.decode_regression(m.predict(d.x_test)))["r2"] for m in (lin, hgb)]
    else:
        y = np.asarray(d.y_train).astype(int)
        lin = LogisticRegressionCV(Cs=8, max_iter=500).fit(d.x_train, y)
        hgb = HistGradientBoostingClassifier(random_state=seed).fit(d.x_train, y)
        scores = [run.test_metrics["accuracy"]] + [float((m.predict(d.x_test) == d.y_test.astype(int)).mean())
                                                   for m in (lin, hgb)]
    return {"task": task, "net": scores[0], "linear": scores[1], "boosting": scores[2], "app": shown,
            "epochs": run.result.epochs_run, "seconds": seconds}


def main() -> None:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--seeds", type=int, default=5, help="split seeds per data set (0..N-1)")
    args = parser.parse_args()
    print(f"mean over {args.seeds} split seeds (the seed picks the split and the network's start)")
    print(f"{'data set':<26}{'rows':>8}  {'task':<10} {'network':>8} {'linear':>8} {'app lin':>8} {'boosting':>8}  "
          f"{'net/lin':>8} {'net/best':>8} {'worst':>7} {'epochs':>7} {'secs':>6}")
    for name, (frame, target) in sklearn_sets(args.large).items():
        if args.only and name not in args.only.split(","):
            continue
        runs = [score_once(frame, target, seed) for seed in range(args.seeds)]
        mean = {k: float(np.mean([r[k] for r in runs])) for k in ("net", "linear", "app", "boosting", "epochs", "seconds")}
        best = max(mean["linear"], mean["boosting"])
        worst = min(r["net"] - r["linear"] for r in runs)  # the worst seed's gap to the linear model
        print(f"{name:<26}{len(frame):>8}  {runs[0]['task']:<10} {mean['net']:>8.4f} {mean['linear']:>8.4f} "
              f"{mean['app']:>8.4f} {mean['boosting']:>8.4f}  {mean['net'] / mean['linear']:>8.3f} {mean['net'] / best:>8.3f} "
              f"{worst:>+7.3f} {mean['epochs']:>7.0f} {mean['seconds']:>6.1f}", flush=True)
    print("scores: accuracy (classification) or R² (regression) on the same test part. linear: tuned "
          "(LogisticRegressionCV / RidgeCV); app lin: the baseline the app shows beside a run (C=1 / alpha=1); "
          "net/lin and net/best are ratios of the means; worst: the lowest (network - linear) over the seeds")


if __name__ == "__main__":
    main()
