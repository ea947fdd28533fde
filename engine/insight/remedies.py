"""What to try next after a fit diagnosis: each remedy is one exact change to a run's TrainConfig and/or ModelSpec.

Overfitting: early stopping with the best weights restored, Dropout after the hidden Dense layers, weight
decay, fewer units, a smaller learning rate. Underfitting: more capacity, more epochs, a higher learning
rate. A remedy carries the whole new config and spec (plain dicts) and the change in words, so the app
shows exactly what the new run will change before it starts, and the run record keeps those words.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.graph import ModelSpec
from engine.graph.spec import ROW_SPACING
from engine.i18n import _
from engine.insight.fitting import Diagnosis, Fit
from engine.training.config import TrainConfig

DROPOUT_RATE = 0.3
MAX_DROPOUT_RATE = 0.5
WEIGHT_DECAY = 0.01
MAX_WEIGHT_DECAY = 0.1
MIN_UNITS = 4
MAX_UNITS = 4096
RATE_STEP = 3.0  # learning rates are divided or multiplied by about this much
MAX_EPOCHS = 100_000


@dataclass
class Remedy:
    """One suggested change. key: a stable name ("dropout"); title: a button's words; change: exactly what
    changes, in words ("dropout 0.3 after dense_1, dense_2"); why: one sentence; config: the new TrainConfig
    as a dict; spec: the new ModelSpec as a dict, or None when the model is unchanged."""

    key: str
    title: str
    change: str
    why: str
    config: dict
    spec: dict | None = None

    def train_config(self) -> TrainConfig:
        return TrainConfig.from_dict(self.config)

    def model_spec(self) -> ModelSpec | None:
        return None if self.spec is None else ModelSpec.from_dict(self.spec)

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "change": self.change, "why": self.why,
                "config": dict(self.config), "spec": self.spec}


def remedies_for(diagnosis: Diagnosis, config: TrainConfig, spec: ModelSpec) -> list[Remedy]:
    """The remedies that fit a diagnosis, applied to a run's settings and model (which are not changed).

    Overfitting and underfitting get their remedies, best first; a good fit or a run too young to judge none.
    A remedy that would change nothing (early stopping already on, no Dense layer to shrink) is left out.
    """
    if diagnosis.fit == Fit.OVERFITTING:
        makers = (early_stopping, add_dropout, weight_decay, fewer_units, smaller_rate)
    elif diagnosis.fit == Fit.UNDERFITTING:
        makers = (more_units, more_epochs, higher_rate)
    else:
        return []
    found = (make(config, spec) for make in makers)
    return [remedy for remedy in found if remedy is not None]


# -- overfitting ------------------------------------------------------------------------------------------------
def early_stopping(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Stop once validation loss has not improved for a few epochs and keep the best epoch's weights."""
    if config.early_stopping and config.restore_best:
        return None
    patience = min(5, max(2, config.epochs // 4))
    new = _config(config, early_stopping=True, patience=patience, restore_best=True)
    return Remedy("early_stopping", _("Early stopping"),
                  _("early stopping (patience {patience}), best weights restored").format(patience=patience),
                  _("Stops training when the validation loss stops improving and keeps the weights of its best epoch."),
                  new)


def add_dropout(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Dropout after every hidden Dense layer; where they all have one already, a higher rate."""
    dense = _dense_ids(spec)
    bare = [node_id for node_id in dense if _dropout_after(spec, node_id) is None]
    new_spec = spec.copy()
    if bare:
        for node_id in bare:
            _insert_after(new_spec, node_id, "Dropout", {"rate": DROPOUT_RATE})
        change = _("dropout {rate} after {layers}").format(rate=f"{DROPOUT_RATE:g}", layers=", ".join(bare))
    else:
        raised = [(d, new_spec.node(d)) for node_id in dense if (d := _dropout_after(new_spec, node_id))]
        raised = [(d, node) for d, node in raised if node.params.get("rate", 0) < MAX_DROPOUT_RATE]
        if not raised:
            return None
        parts = []
        for node_id, node in raised:
            before = node.params.get("rate", 0)
            node.params["rate"] = MAX_DROPOUT_RATE
            parts.append(f"{node_id} {before:g} → {MAX_DROPOUT_RATE:g}")
        change = _("dropout rate {changes}").format(changes=", ".join(parts))
    return Remedy("dropout", _("Add dropout"), change,
                  _("Dropout zeroes a random share of each layer's outputs while training, so the model cannot "
                    "lean on single units to memorise rows."), config.to_dict(), new_spec.to_dict())


def weight_decay(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Weight decay (AdamW's, when the optimiser is Adam), ten times more when some is already set."""
    if config.weight_decay >= MAX_WEIGHT_DECAY:
        return None
    decay = WEIGHT_DECAY if config.weight_decay < WEIGHT_DECAY else min(MAX_WEIGHT_DECAY, config.weight_decay * 10)
    changes = {"weight_decay": decay}
    words = [_("weight decay {before} → {after}").format(before=f"{config.weight_decay:g}", after=f"{decay:g}")]
    if config.optimizer == "adam":
        changes["optimizer"] = "adamw"
        words.insert(0, _("optimizer adam → adamw"))
    return Remedy("weight_decay", _("Weight decay"), ", ".join(words),
                  _("Weight decay pulls every weight towards zero, which keeps the model simpler."),
                  _config(config, **changes))


def fewer_units(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Half the units in every hidden Dense layer (not below MIN_UNITS)."""
    return _scale_units(config, spec, 0.5, "fewer_units", _("Fewer units"),
                        _("A smaller model has less room to memorise the training rows."))


def smaller_rate(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """A learning rate about three times smaller."""
    rate = _round(config.learning_rate / RATE_STEP)
    return Remedy("smaller_rate", _("Smaller learning rate"), _rate_change(config.learning_rate, rate),
                  _("Smaller steps fit the training rows more slowly, so the best epoch is easier to catch."),
                  _config(config, learning_rate=rate))


# -- underfitting ---------------------------------------------------------------------------------------------------
def more_units(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Twice the units in every hidden Dense layer; a model without one gets a Dense 64 ReLU before its Output."""
    if _dense_ids(spec):
        return _scale_units(config, spec, 2.0, "more_units", _("More capacity"),
                            _("More units let the model represent patterns a smaller one cannot."))
    output = spec.output_node()
    feeding = spec.inputs_of(output.id) if output is not None else []
    if len(feeding) != 1:
        return None
    new_spec = spec.copy()
    added = _insert_after(new_spec, feeding[0], "Dense", {"units": 64, "activation": "relu"})
    return Remedy("more_units", _("More capacity"),
                  _("Dense 64 ReLU ({layer}) added after {previous}").format(layer=added, previous=feeding[0]),
                  _("A hidden layer lets the model learn patterns a linear one cannot."), config.to_dict(),
                  new_spec.to_dict())


def more_epochs(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """Twice the epochs."""
    if config.epochs >= MAX_EPOCHS:
        return None
    epochs = min(MAX_EPOCHS, config.epochs * 2)
    return Remedy("more_epochs", _("More epochs"), _("epochs {before} → {after}").format(before=config.epochs,
                                                                                        after=epochs),
                  _("The losses may still be on their way down: give the model more passes over the data."),
                  _config(config, epochs=epochs))


def higher_rate(config: TrainConfig, spec: ModelSpec) -> Remedy | None:
    """A learning rate about three times higher (at most 1)."""
    rate = min(1.0, _round(config.learning_rate * RATE_STEP))
    if rate <= config.learning_rate:
        return None
    return Remedy("higher_rate", _("Higher learning rate"), _rate_change(config.learning_rate, rate),
                  _("Larger steps move the weights further each batch when learning is too slow."),
                  _config(config, learning_rate=rate))


# -- helpers -------------------------------------------------------------------------------------------------------
def _rate_change(before: float, after: float) -> str:
    return _("learning rate {before} → {after}").format(before=f"{before:g}", after=f"{after:g}")


def _config(config: TrainConfig, **changes) -> dict:
    return {**config.to_dict(), **changes}


def _dense_ids(spec: ModelSpec) -> list[str]:
    """The hidden Dense layers in the order data flows through them."""
    order = spec.topological_order()
    types = {n.id: n.type for n in spec.nodes}
    return [node_id for node_id in order if types[node_id] == "Dense"]


def _dropout_after(spec: ModelSpec, node_id: str) -> str | None:
    """The Dropout that is the only layer `node_id` feeds, if there is one."""
    outputs = spec.outputs_of(node_id)
    if len(outputs) == 1 and spec.node(outputs[0]).type == "Dropout":
        return outputs[0]
    return None


def _scale_units(config: TrainConfig, spec: ModelSpec, factor: float, key: str, title: str, why: str) -> Remedy | None:
    new_spec = spec.copy()
    parts = []
    for node_id in _dense_ids(new_spec):
        node = new_spec.node(node_id)
        before = int(node.params.get("units", 64))
        after = max(MIN_UNITS, min(MAX_UNITS, int(round(before * factor))))
        if after != before:
            node.params["units"] = after
            parts.append(f"{node_id} {before} → {after}")
    if not parts:
        return None
    return Remedy(key, title, _("units {changes}").format(changes=", ".join(parts)), why, config.to_dict(),
                  new_spec.to_dict())


def _insert_after(spec: ModelSpec, node_id: str, layer_type: str, params: dict) -> str:
    """Put a new layer between `node_id` and every layer it feeds (their input order kept); returns its id.

    Layers drawn below `node_id` move down a row, so the new one gets a row of its own on the canvas.
    """
    anchor = spec.node(node_id)
    position = None
    if anchor.position is not None:
        x, y = anchor.position
        for node in spec.nodes:
            if node.position is not None and node.position[1] > y:
                node.position = (node.position[0], node.position[1] + ROW_SPACING)
        position = (x, y + ROW_SPACING)
    new = spec.add_node(layer_type, params, position)
    for edge in spec.edges:
        if edge.source == node_id:
            edge.source = new.id
    spec.connect(node_id, new.id)
    return new.id


def _round(value: float) -> float:
    """One significant figure (0.000333 → 0.0003): rates people can read and type."""
    return float(f"{value:.1g}")
