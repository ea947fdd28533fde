"""What a run's test numbers mean, in words: the metrics table rows and the network-vs-baseline verdict.

Pure functions over a run record (no Qt), so the wording is tested without widgets.
"""

from __future__ import annotations

import math

GOOD, BAD, NEUTRAL = "good", "bad", "neutral"
CLASSIFICATION_METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss")
REGRESSION_METRICS = ("rmse", "mae", "r2")
LABELS = {"accuracy": "Accuracy", "precision": "Precision", "recall": "Recall", "f1": "F1 score",
          "roc_auc": "ROC AUC", "log_loss": "Log loss", "rmse": "RMSE", "mae": "MAE", "r2": "R²"}
TOOLTIPS = {
    "accuracy": "Share of test rows classified correctly (higher is better).",
    "precision": "Of the rows predicted positive, the share that are (higher is better; macro mean for several classes).",
    "recall": "Of the truly positive rows, the share found (higher is better; macro mean for several classes).",
    "f1": "Harmonic mean of precision and recall (higher is better).",
    "roc_auc": "Chance that a random positive row scores above a random negative one (0.5 = guessing, 1 = perfect).",
    "log_loss": "Cross-entropy of the predicted probabilities (lower is better).",
    "rmse": "Root mean squared error, in the target's units (lower is better).",
    "mae": "Mean absolute error, in the target's units (lower is better).",
    "r2": "Share of the target's variance explained (1 = perfect, 0 = predicting the mean).",
}
PERCENT = {"accuracy", "precision", "recall", "f1"}
TIE_POINTS = 0.5  # accuracy points within which the network does not "beat" the baseline
TIE_PERCENT = 1.0  # % of the baseline's RMSE within which the network does not "beat" it


def format_value(metric: str, value) -> str:
    """A metric for the table: percentages for rates, 3 decimals for scores, 4 significant digits for errors."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    value = float(value)
    if metric in PERCENT:
        return f"{100 * value:.1f} %"
    if metric in ("roc_auc", "log_loss", "r2"):
        return f"{value:.3f}"
    return f"{value:.4g}"


def baseline_name(record: dict) -> str:
    return (record.get("baseline") or {}).get("model") or "the linear baseline"


def metric_rows(record: dict) -> list[tuple[str, str, str, str, str]]:
    """(metric key, network, baseline, majority class, tooltip) for every metric the record has."""
    task = record.get("task")
    net = record.get("test_metrics") or {}
    baseline = record.get("baseline") or {}
    base = baseline.get("metrics") or {}
    keys = REGRESSION_METRICS if task == "regression" else CLASSIFICATION_METRICS
    rows = []
    for key in keys:
        if key not in net:
            continue
        majority = baseline.get("majority_accuracy") if key == "accuracy" else None
        rows.append((key, format_value(key, net.get(key)), format_value(key, base.get(key)),
                     format_value(key, majority) if majority is not None else "", TOOLTIPS[key]))
    return rows


def verdict(record: dict) -> tuple[str, str]:
    """(sentence, GOOD | BAD | NEUTRAL): does the network earn its complexity over the linear baseline?"""
    net = record.get("test_metrics") or {}
    baseline = record.get("baseline") or {}
    base = baseline.get("metrics")
    name = baseline_name(record)
    if not net:
        return "This run has no test metrics (it ended before a model was scored).", NEUTRAL
    if not base:
        note = baseline.get("note")
        return (f"No baseline to compare with{f' ({note})' if note else ''}.", NEUTRAL)
    if record.get("task") == "regression":
        return _regression_verdict(float(net["rmse"]), float(base["rmse"]), name)
    return _classification_verdict(float(net["accuracy"]), float(base["accuracy"]), name,
                                   baseline.get("majority_accuracy"))


def _classification_verdict(net: float, base: float, name: str, majority) -> tuple[str, str]:
    points = 100 * (net - base)
    if points >= TIE_POINTS:
        text, level = (f"The network beats {name} by {points:.1f} accuracy points "
                       f"({100 * net:.1f} % vs {100 * base:.1f} %): it earns its complexity."), GOOD
    elif points > -TIE_POINTS:
        text, level = (f"The network does not beat {name} (within {TIE_POINTS} accuracy points: "
                       f"{100 * net:.1f} % vs {100 * base:.1f} %): prefer the simpler model or regularise."), BAD
    else:
        text, level = (f"The network does not beat {name}: it is {-points:.1f} accuracy points behind "
                       f"({100 * net:.1f} % vs {100 * base:.1f} %): prefer the simpler model or regularise."), BAD
    if majority is not None and net <= float(majority) + 0.005:
        text += (f" It is no better than always predicting the most common class "
                 f"({100 * float(majority):.1f} %).")
        level = BAD
    return text, level


def _regression_verdict(net: float, base: float, name: str) -> tuple[str, str]:
    if base <= 0:
        return f"{name[:1].upper()}{name[1:]} fits the test part exactly; nothing to beat.", NEUTRAL
    percent = 100 * (base - net) / base
    if percent >= TIE_PERCENT:
        return (f"The network's RMSE is {percent:.1f} % lower than {name}'s ({net:.4g} vs {base:.4g}): "
                "it earns its complexity."), GOOD
    return (f"The network does not beat {name} (RMSE {net:.4g} vs {base:.4g}): "
            "prefer the simpler model or regularise."), BAD


def run_title(index: int, record: dict) -> str:
    """"Run 2 · 10 epochs · finished · 2025-01-31 14:02" for the run selector."""
    parts = [f"Run {index + 1}"]
    if record.get("epochs_run"):
        parts.append(f"{record['epochs_run']} epochs")
    if record.get("reason"):
        parts.append(str(record["reason"]))
    finished = str(record.get("finished_at") or "")
    if finished:
        parts.append(finished[:16].replace("T", " "))
    return " · ".join(parts)


def run_details_html(record: dict) -> str:
    """How the run went, as a few lines of rich text: why it ended, epochs, time, device, key settings."""
    from html import escape

    config = record.get("config") or {}
    lines = []
    if record.get("message"):
        lines.append(f"<b>{escape(str(record['message']))}</b>")
    epochs = record.get("epochs_run")
    best = record.get("best_epoch")
    if epochs:
        lines.append(f"Epochs run: {epochs}" + (f" (best weights from epoch {best})" if best else ""))
    seconds = record.get("seconds")
    device = record.get("device")
    if seconds is not None:
        lines.append(f"Training time: {float(seconds):.1f} s" + (f" on {escape(str(device))}" if device else ""))
    if config:
        lines.append(f"Optimizer {escape(str(config.get('optimizer', '?')))}, learning rate "
                     f"{config.get('learning_rate', '?')}, batch size {config.get('batch_size', '?')}")
    spec = record.get("spec") or {}
    layers = [n for n in spec.get("nodes", []) if n.get("type") not in ("Input", "Output")]
    if layers:
        lines.append(f"Hidden layers: {len(layers)}")
    baseline = record.get("baseline") or {}
    if baseline.get("model"):
        lines.append(f"Baseline: {escape(str(baseline['model']))}, fitted on the same training rows and scored "
                     "on the same test rows.")
    return "<br>".join(lines)
