"""Runs side by side: each run's settings, a one-line architecture, what changed from its parent run and its
scores, and the differences between two runs. Plain data from RunRecords, for the app's table and `--json`."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from engine.i18n import _, pgettext
from engine.layers import REGISTRY
from engine.runs.metrics import format_metric
from engine.runs.record import RunRecord
from engine.tasks import Task
from engine.training.events import reason_words

# (key, header) of the compare table, in order
COLUMNS = (("run", "Run"), ("parent", "From"), ("changed", "Changed"), ("learning_rate", "Learning rate"),
           ("batch_size", "Batch"), ("epochs", "Epochs"), ("optimizer", "Optimizer"),
           ("architecture", "Architecture"), ("best_val_loss", "Best val. loss"), ("test_score", "Test score"),
           ("ended", "Ended because"))
SETTINGS = ("learning_rate", "batch_size", "epochs", "optimizer", "weight_decay", "momentum", "schedule",
            "early_stopping", "patience", "restore_best", "min_delta", "loss_threshold", "seed", "precision", "device")


@dataclass(frozen=True)
class Difference:
    """One thing two runs do not share. what: its name ("learning rate", "dense_1 units", "test accuracy");
    first, second: the values in words ("—" where a run has none); kind: "setting", "model" or "result"."""

    what: str
    first: str
    second: str
    kind: str


def setting_words() -> dict[str, str]:
    """Each setting's name in a difference, in the current language (the context tells "precision" the setting
    from the metric)."""
    return {"learning_rate": pgettext("setting", "learning rate"), "batch_size": pgettext("setting", "batch size"),
            "epochs": pgettext("setting", "epochs"), "optimizer": pgettext("setting", "optimizer"),
            "weight_decay": pgettext("setting", "weight decay"), "momentum": pgettext("setting", "momentum"),
            "schedule": pgettext("setting", "schedule"), "early_stopping": pgettext("setting", "early stopping"),
            "patience": pgettext("setting", "patience"), "restore_best": pgettext("setting", "restore best"),
            "min_delta": pgettext("setting", "min delta"), "loss_threshold": pgettext("setting", "loss threshold"),
            "seed": pgettext("setting", "seed"), "precision": pgettext("setting", "precision"),
            "device": pgettext("setting", "device")}


def run_name(index: int) -> str:
    """"Run 3" for the run at index 2 (as the app lists them)."""
    return _("Run {number}").format(number=index + 1)


def compare_rows(runs: list[RunRecord]) -> list[dict]:
    """One row per run with the COLUMNS' keys, as words (plus `index`); `changed` is the run's remedy, or what
    differs from its parent run's settings and model."""
    rows = []
    for index, record in enumerate(runs):
        config = record.config
        parent = record.parent if record.parent is not None and 0 <= record.parent < len(runs) else None
        rows.append({
            "index": index,
            "run": run_name(index),
            "parent": run_name(parent) if parent is not None else "",
            "changed": what_changed(runs[parent], record) if parent is not None else "",
            "learning_rate": _value(config.get("learning_rate")),
            "batch_size": _value(config.get("batch_size")),
            "epochs": f"{record.epochs_run}/{config.get('epochs', '?')}",
            "optimizer": _value(config.get("optimizer")),
            "architecture": architecture_line(record.spec),
            "best_val_loss": "—" if record.best_val_loss is None else f"{record.best_val_loss:.4g}",
            "test_score": test_score(record),
            "ended": reason_words(record.reason),
        })
    return rows


def what_changed(parent: RunRecord, record: RunRecord) -> str:
    """The remedy's words when the run was one, else its settings and model differences from `parent`, short."""
    if record.change:
        return record.change
    parts = [f"{d.what} {d.first} → {d.second}" for d in diff_runs(parent, record) if d.kind != "result"]
    return "; ".join(parts) if parts else _("nothing (same settings and model)")


def diff_runs(first: RunRecord, second: RunRecord) -> list[Difference]:
    """Everything two runs do not share: settings, then the model's layers and parameters, then results."""
    found = []
    for key in SETTINGS:
        a, b = first.config.get(key), second.config.get(key)
        if a != b:
            found.append(Difference(setting_words().get(key, key.replace("_", " ")), _value(a), _value(b), "setting"))
    found += _model_differences(first.spec, second.spec)
    results = [(_("epochs run"), str(first.epochs_run), str(second.epochs_run)),
               (_("best epoch"), _value(first.best_epoch), _value(second.best_epoch)),
               (_("best val. loss"), _loss(first.best_val_loss), _loss(second.best_val_loss))]
    for name in _metric_names(first, second):
        results.append((_("test {metric}").format(metric=_metric_word(name)), _metric(first, name),
                        _metric(second, name)))
    found += [Difference(what, a, b, "result") for what, a, b in results if a != b]
    return found


def architecture_line(spec: dict) -> str:
    """The hidden layers in the order data flows, in one line ("Dense 64 · ReLU → Dropout 0.3 → Dense 64 · ReLU");
    a model that branches says so first."""
    from engine.graph import ModelSpec

    if not spec:
        return "—"
    try:
        model = ModelSpec.from_dict(spec)
        order = model.topological_order()
    except Exception:  # noqa: BLE001 - a damaged spec is shown as such, never fails the table
        return _("(model not readable)")
    nodes = {n.id: n for n in model.nodes}
    parts = [_layer_words(nodes[i]) for i in order if nodes[i].type not in ("Input", "Output")]
    line = " → ".join(parts) if parts else _("no hidden layers")
    return line if model.is_chain() else _("branching: {layers}").format(layers=line)


def test_score(record: RunRecord) -> str:
    """The run's headline test number ("accuracy 81.2 %", "rmse 3.1"), or "—"."""
    name = "rmse" if record.task == Task.REGRESSION else "accuracy"
    value = (record.test_metrics or {}).get(name)
    return f"{_metric_word(name)} {format_metric(name, value)}" if isinstance(value, (int, float)) else "—"


def _metric_word(name: str) -> str:
    """A metric's key as the table writes it ("accuracy"), in the current language; symbols (rmse, f1) as they are."""
    words = {"accuracy": pgettext("metric", "accuracy"), "precision": pgettext("metric", "precision"),
             "recall": pgettext("metric", "recall"), "log_loss": pgettext("metric", "log_loss")}
    return words.get(name, name)


def _model_differences(first: dict, second: dict) -> list[Difference]:
    a_nodes = {n["id"]: n for n in (first or {}).get("nodes", [])}
    b_nodes = {n["id"]: n for n in (second or {}).get("nodes", [])}
    found = []
    for node_id, node in a_nodes.items():
        if node_id not in b_nodes:
            found.append(Difference(f"{node_id}", _node_words(node), "—", "model"))
    for node_id, node in b_nodes.items():
        if node_id not in a_nodes:
            found.append(Difference(f"{node_id}", "—", _node_words(node), "model"))
            continue
        old = a_nodes[node_id]
        if old.get("type") != node.get("type"):
            found.append(Difference(_("{layer} type").format(layer=node_id), str(old.get("type")),
                                    str(node.get("type")), "model"))
            continue
        params_a, params_b = old.get("params") or {}, node.get("params") or {}
        for key in sorted(set(params_a) | set(params_b)):
            if params_a.get(key) != params_b.get(key):
                found.append(Difference(f"{node_id} {key}", _value(params_a.get(key)), _value(params_b.get(key)),
                                        "model"))
    edges_a = {(e["source"], e["target"]) for e in (first or {}).get("edges", [])}
    edges_b = {(e["source"], e["target"]) for e in (second or {}).get("edges", [])}
    if edges_a != edges_b and not any(d.first == "—" or d.second == "—" for d in found):
        found.append(Difference(_("connections"), f"{len(edges_a)}",
                                _("{count} (rewired)").format(count=len(edges_b)), "model"))
    return found


def _layer_words(node) -> str:
    layer = REGISTRY.get(node.type)
    if layer is None:
        return node.type
    try:
        return layer.summary_rule(layer.with_defaults(node.params), None)
    except Exception:  # noqa: BLE001 - bad params are the validator's to report; the table shows the type
        return node.type


def _node_words(node: dict) -> str:
    from engine.graph.spec import Node

    return _layer_words(Node(node.get("id", ""), node.get("type", ""), dict(node.get("params") or {})))


def _metric_names(first: RunRecord, second: RunRecord) -> list[str]:
    names = [k for k in (first.test_metrics or {}) if isinstance(first.test_metrics[k], (int, float))]
    names += [k for k in (second.test_metrics or {}) if isinstance(second.test_metrics[k], (int, float))
              and k not in names]
    return names


def _metric(record: RunRecord, name: str) -> str:
    value = (record.test_metrics or {}).get(name)
    return format_metric(name, value) if isinstance(value, (int, float)) else "—"


def _loss(value) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.4g}"


def _value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def difference_dicts(differences: list[Difference]) -> list[dict]:
    """Differences as JSON-able dicts (`--json`)."""
    return [asdict(d) for d in differences]
