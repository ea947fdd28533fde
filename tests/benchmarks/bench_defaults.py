"""Do LayerLab's no-flags defaults match tuned classical models on tables they were not tuned for?

For each data set: the engine with default settings (template and TrainConfig chosen by
`layerlab train --csv FILE --target COL`), against a tuned logistic/ridge regression and
gradient boosting on the same split. Prints one row per data set and the ratio of scores.

    python tests/benchmarks/bench_defaults.py [--large]
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

from engine.commands.inputs import default_config, default_template
from engine.data import infer_schema
from engine.graph import load_template
from engine.metrics import regression_metrics
from engine.pipeline import TrainingJob


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


def main() -> None:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    print(f"{'data set':<26}{'rows':>8}  {'task':<10} {'network':>8} {'linear':>8} {'boosting':>8}  "
          f"{'net/best':>8} {'epochs':>7} {'secs':>6}")
    for name, (frame, target) in sklearn_sets(args.large).items():
        if args.only and name not in args.only.split(","):
            continue
        schema = infer_schema(frame, target=target)
        config = default_config(frame, schema)
        spec = load_template(default_template(schema.task))
        start = time.perf_counter()
        run = TrainingJob(frame, schema, spec, config).run()
        seconds = time.perf_counter() - start
        d, task = run.data, run.task
        if task == "regression":
            pre = d.preprocessor
            truth = pre.decode_regression(d.y_test)
            lin = RidgeCV(alphas=np.logspace(-3, 3, 13)).fit(d.x_train, d.y_train)
            hgb = HistGradientBoostingRegressor(random_state=0).fit(d.x_train, d.y_train)
            scores = [run.test_metrics["r2"]] + [
                regression_metrics(truth, pre.decode_regression(m.predict(d.x_test)))["r2"] for m in (lin, hgb)]
        else:
            y = np.asarray(d.y_train).astype(int)
            lin = LogisticRegressionCV(Cs=8, max_iter=500).fit(d.x_train, y)
            hgb = HistGradientBoostingClassifier(random_state=0).fit(d.x_train, y)
            scores = [run.test_metrics["accuracy"]] + [float((m.predict(d.x_test) == d.y_test.astype(int)).mean())
                                                       for m in (lin, hgb)]
        ratio = scores[0] / max(scores[1:]) if max(scores[1:]) > 0 else float("nan")
        print(f"{name:<26}{len(frame):>8}  {task:<10} {scores[0]:>8.4f} {scores[1]:>8.4f} {scores[2]:>8.4f}  "
              f"{ratio:>8.3f} {run.result.epochs_run:>7} {seconds:>6.1f}", flush=True)
    print("scores: accuracy (classification) or R² (regression) on the same test part")


if __name__ == "__main__":
    main()
