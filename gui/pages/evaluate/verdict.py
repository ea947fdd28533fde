"""What a run's test numbers mean, in words: the metrics table rows and the network-vs-baseline verdict.

Pure functions over a RunRecord (no widgets), so the wording is tested without them; the words go through
QCoreApplication.translate, the engine's names (metrics, baselines, end reasons) through engine.i18n.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.i18n import _
from engine.insight.fitting import TIE_PERCENT, TIE_POINTS  # one rule for "beats the baseline"
from engine.runs.metrics import METRIC_LABELS, format_metric, higher_is_better
from engine.runs.record import RunRecord
from engine.training import reason_words
from gui.pages.data.data_summary import task_label

GOOD, BAD, NEUTRAL = "good", "bad", "neutral"
CLASSIFICATION_METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss")
REGRESSION_METRICS = ("rmse", "mae", "r2")
TOOLTIPS = {  # English; metric_rows translates
    "accuracy": QT_TRANSLATE_NOOP("Verdict", "Share of test rows classified correctly (higher is better)."),
    "precision": QT_TRANSLATE_NOOP("Verdict", "Of the rows predicted positive, the share that are (higher is better; "
                                              "macro mean for several classes)."),
    "recall": QT_TRANSLATE_NOOP("Verdict", "Of the truly positive rows, the share found (higher is better; macro mean "
                                           "for several classes)."),
    "f1": QT_TRANSLATE_NOOP("Verdict", "Harmonic mean of precision and recall (higher is better)."),
    "roc_auc": QT_TRANSLATE_NOOP("Verdict", "Chance that a random positive row scores above a random negative one "
                                            "(50 % = guessing, 100 % = perfect)."),
    "log_loss": QT_TRANSLATE_NOOP("Verdict", "Cross-entropy of the predicted probabilities (lower is better)."),
    "rmse": QT_TRANSLATE_NOOP("Verdict", "Root mean squared error, in the target's units (lower is better)."),
    "mae": QT_TRANSLATE_NOOP("Verdict", "Mean absolute error, in the target's units (lower is better)."),
    "r2": QT_TRANSLATE_NOOP("Verdict", "Share of the target's variance explained (1 = perfect, 0 = predicting the mean)."),
}
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


def metric_label(key: str) -> str:
    """A metric's name ("Accuracy", "ROC AUC") in the user's language."""
    return _(METRIC_LABELS.get(key, key))


class MetricRow(NamedTuple):
    """One row of the metrics table: texts for network / baseline / most common class, and which of
    those columns (1, 2, 3) hold the row's best value (empty when there is nothing to compare)."""

    key: str
    network: str
    baseline: str
    majority: str
    tooltip: str
    best: tuple[int, ...] = ()


def baseline_name(record: RunRecord) -> str:
    """The baseline's name ("logistic regression") in the user's language."""
    name = record.baseline.get("model")
    return _(name) if name else translate("Verdict", "the linear baseline")


def metric_rows(record: RunRecord) -> list[MetricRow]:
    """A MetricRow (key, network, baseline, majority class, tooltip, best columns) per metric the record has."""
    net = record.test_metrics
    baseline = record.baseline
    base = baseline.get("metrics") or {}
    keys = REGRESSION_METRICS if record.is_regression else CLASSIFICATION_METRICS
    rows = []
    for key in keys:
        if key not in net:
            continue
        majority = baseline.get("majority_accuracy") if key == "accuracy" else None
        values = (net.get(key), base.get(key), majority)
        rows.append(MetricRow(key, format_metric(key, values[0]), format_metric(key, values[1]),
                              format_metric(key, majority) if majority is not None else "", translate("Verdict", TOOLTIPS[key]),
                              best_columns(key, values)))
    return rows


def best_columns(key: str, values) -> tuple[int, ...]:
    """Which of `values` (network, baseline, majority…) is best for metric `key`, as 1-based table columns.

    Higher wins for rates and R², lower for losses and errors; values that read the same once formatted
    all win (a tie). Fewer than two values: nothing to compare, so no winner.
    """
    shown = {}
    for column, value in enumerate(values, start=1):
        text = format_metric(key, value) if value is not None else ""
        if text and text not in ("–", "∞", "-∞"):
            shown[column] = (float(value), text)
    if len(shown) < 2:
        return ()
    pick = max if higher_is_better(key) else min
    best_text = pick(shown.values(), key=lambda pair: pair[0])[1]
    return tuple(column for column, (_, text) in shown.items() if text == best_text)


def verdict(record: RunRecord) -> tuple[str, str]:
    """(sentence, GOOD | BAD | NEUTRAL): does the network earn its complexity over the linear baseline?"""
    net = record.test_metrics
    baseline = record.baseline
    base = baseline.get("metrics")
    name = baseline_name(record)
    if not net:
        return translate("Verdict", "This run has no test metrics (it ended before a model was scored)."), NEUTRAL
    if not base:
        note = baseline.get("note")
        return ((translate("Verdict", "No baseline to compare with ({note}).").format(note=_(note)) if note
                 else translate("Verdict", "No baseline to compare with.")), NEUTRAL)
    if record.is_regression:
        return _regression_verdict(float(net["rmse"]), float(base["rmse"]), name)
    return _classification_verdict(float(net["accuracy"]), float(base["accuracy"]), name,
                                   baseline.get("majority_accuracy"))


def _classification_verdict(net: float, base: float, name: str, majority) -> tuple[str, str]:
    points = 100 * (net - base)
    values = {"name": name, "net": _pct(net), "base": _pct(base)}
    if points >= TIE_POINTS:
        text, level = translate("Verdict", "The network beats {name} by {points} accuracy points ({net} vs {base}): "
                                "it earns its complexity.").format(points=f"{points:.1f}", **values), GOOD
    elif points > -TIE_POINTS:
        text, level = translate("Verdict", "The network does not beat {name} (within {tie} accuracy points: {net} vs "
                                "{base}): prefer the simpler model or regularise.").format(tie=TIE_POINTS, **values), BAD
    else:
        text, level = translate("Verdict", "The network does not beat {name}: it is {points} accuracy points behind "
                                "({net} vs {base}): prefer the simpler model or regularise.").format(
                                    points=f"{-points:.1f}", **values), BAD
    if majority is not None and net <= float(majority) + 0.005:
        text += translate("Verdict", " It is no better than always predicting the most common class ({share}).").format(
            share=_pct(majority))
        level = BAD
    return text, level


def _regression_verdict(net: float, base: float, name: str) -> tuple[str, str]:
    if base <= 0:
        return translate("Verdict", "{Name} fits the test part exactly; nothing to beat.").format(
            Name=f"{name[:1].upper()}{name[1:]}"), NEUTRAL
    percent = 100 * (base - net) / base
    if percent >= TIE_PERCENT:
        return translate("Verdict", "The network's RMSE is {percent} % lower than {name}'s ({net} vs {base}): "
                         "it earns its complexity.").format(percent=f"{percent:.1f}", name=name, net=_err(net),
                                                            base=_err(base)), GOOD
    return translate("Verdict", "The network does not beat {name} (RMSE {net} vs {base}): prefer the simpler model "
                     "or regularise.").format(name=name, net=_err(net), base=_err(base)), BAD


def _pct(value) -> str:
    return format_metric("accuracy", value)


def _err(value) -> str:
    return format_metric("rmse", value)


def run_title(index: int, record: RunRecord) -> str:
    """"Run 2 · 10 epochs · finished · 2025-01-31 14:02" for the run selector."""
    parts = [translate("Verdict", "Run {number}").format(number=index + 1)]
    if record.epochs_run:
        parts.append(translate("Verdict", "{count} epochs").format(count=record.epochs_run))
    if record.reason:
        parts.append(reason_words(record.reason))
    finished = record.finished_at
    if finished:
        parts.append(finished[:16].replace("T", " "))
    return " · ".join(parts)


def describe_run(index: int, record: RunRecord) -> str:
    """"Run 2 · … — binary on “churn”, 1,050 test rows" for the page's header."""
    task, target = record.task, record.target
    n = record.test_metrics.get("n")
    text = run_title(index, record)
    text += translate("Verdict", " — {task} on “{target}”").format(task=task_label(task), target=target) if target else ""
    return text + (translate("Verdict", ", {count} test rows").format(count=f"{n:,}") if n else "")


def class_names(record: RunRecord) -> list[str]:
    """The run's class names in output order: the record's; for a run recorded before records kept them,
    its bundle's (empty when neither has them)."""
    if record.class_names:
        return list(record.class_names)
    if record.bundle:
        from engine.errors import LayerLabError
        from engine.io.bundle import class_names as bundle_class_names

        try:
            return bundle_class_names(record.bundle)
        except (LayerLabError, OSError):  # a missing or damaged bundle only loses the class names here
            return []
    return []


def run_details_html(record: RunRecord) -> str:
    """How the run went, as a few lines of rich text: why it ended, epochs, time, device, key settings."""
    from html import escape

    config = record.config
    lines = []
    if record.message:
        lines.append(f"<b>{escape(record.message)}</b>")
    epochs, best = record.epochs_run, record.best_epoch
    if epochs:
        lines.append(translate("Verdict", "Epochs run: {epochs}").format(epochs=epochs)
                     + (translate("Verdict", " (best weights from epoch {best})").format(best=best) if best else ""))
    device = record.device
    if record.seconds:
        lines.append(translate("Verdict", "Training time: {seconds} s").format(seconds=f"{record.seconds:.1f}")
                     + (translate("Verdict", " on {device}").format(device=escape(device)) if device else ""))
    if config:
        lines.append(translate("Verdict", "Optimizer {optimizer}, learning rate {rate}, batch size {batch}").format(
            optimizer=escape(str(config.get('optimizer', '?'))), rate=_rate(config.get('learning_rate')),
            batch=config.get('batch_size', '?')))
    hidden = _hidden_layers(record.spec)
    if hidden:
        lines.append(translate("Verdict", "Hidden layers: {count}").format(count=hidden))
    if record.baseline.get("model"):
        lines.append(translate("Verdict", "Baseline: {name}, fitted on the same training rows and scored on the same "
                               "test rows.").format(name=escape(_(str(record.baseline['model'])))))
    return "<br>".join(lines)


def _hidden_layers(spec: dict | None) -> int:
    """Hidden layers as a person counts them (a Dense with its activation is one); 0 for a damaged spec."""
    from engine.graph import ModelSpec, count_hidden_layers

    try:
        return count_hidden_layers(ModelSpec.from_dict(spec or {}))
    except Exception:  # noqa: BLE001 - an old or damaged record only loses this line
        return 0


def _rate(value) -> str:
    """A learning rate as the settings show it: 0.06685 for a sweep's 0.06685345548188935."""
    return f"{value:.4g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"
