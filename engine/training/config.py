"""TrainConfig: every knob of a training run, as plain JSON-able data."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from engine.i18n import _, pgettext

OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop")
SCHEDULES = ("none", "step", "cosine", "one_cycle", "plateau")
PRECISIONS = ("off", "bf16", "fp16")
CLASS_WEIGHTS = ("none", "balanced")  # or {class name: weight}: custom weights


@dataclass
class TrainConfig:
    """Hyper-parameters of one run. Defaults are the tutorial's (adam, lr 1e-3, 10 epochs, batch 32)."""

    epochs: int = 10
    batch_size: int = 32
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "none"
    step_size: int = 10
    gamma: float = 0.5
    early_stopping: bool = False
    patience: int = 5
    min_delta: float = 0.0
    restore_best: bool = True
    loss_threshold: float | None = None
    seed: int = 0
    device: str = "auto"
    precision: str = "off"
    tensorboard: bool = False
    class_weights: str | dict = "none"  # "none", "balanced" (n / (k * count) on the training rows) or {class: weight}

    def validate(self) -> list[str]:
        """Every problem with these settings, as sentences for a person (empty when fine). Never raises."""
        problems = []

        def setting(name):  # "Batch size": the words engine/runs/compare.py marks for the catalog
            words = pgettext("setting", name.replace("_", " "))
            return words[:1].upper() + words[1:]

        def whole(name, low, high):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(_("{setting} must be a whole number from {low} to {high} (got {value}).").format(
                    setting=setting(name), low=low, high=high, value=repr(value)))

        def number(name, positive):
            value = getattr(self, name)
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            if not ok or (value <= 0 if positive else value < 0):
                rule = (_("{setting} must be a positive number (got {value}).") if positive else
                        _("{setting} must be zero or a positive number (got {value})."))
                problems.append(rule.format(setting=setting(name), value=repr(value)))

        def choice(name, allowed):
            if getattr(self, name) not in allowed:
                problems.append(_("{setting} '{value}' is unknown: choose one of {choices}.").format(
                    setting=setting(name), value=getattr(self, name), choices=", ".join(allowed)))

        whole("epochs", 1, 100_000)
        whole("batch_size", 1, 1_000_000)
        whole("patience", 1, 100_000)
        whole("step_size", 1, 100_000)
        whole("seed", 0, 2**63 - 1)
        number("learning_rate", positive=True)
        number("weight_decay", positive=False)
        number("momentum", positive=False)
        number("gamma", positive=True)
        number("min_delta", positive=False)
        if self.loss_threshold is not None:
            number("loss_threshold", positive=False)
        choice("optimizer", OPTIMIZERS)
        choice("schedule", SCHEDULES)
        choice("precision", PRECISIONS)
        for name in ("early_stopping", "restore_best", "tensorboard"):
            if not isinstance(getattr(self, name), bool):
                problems.append(_("{setting} must be true or false (got {value}).").format(
                    setting=setting(name), value=repr(getattr(self, name))))
        problems += class_weight_problems(self.class_weights)
        if not isinstance(self.device, str):
            problems.append(_("Device must be a name such as auto, cpu or cuda (got {value}).").format(
                value=repr(self.device)))
        return problems

    def to_dict(self) -> dict:
        """JSON-safe dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        """Build from a dict; unknown keys (from newer versions) are ignored, missing ones take defaults."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(data).items() if k in known})


def class_weight_problems(value) -> list[str]:
    """What is wrong with a class_weights setting, as sentences (empty when fine)."""
    if isinstance(value, str) and value in CLASS_WEIGHTS:
        return []
    if not isinstance(value, dict) or not value:
        return [_("Class weights must be none, balanced, or one weight per class such as no=1, yes=3 "
                  "(got {value}).").format(value=f"{value!r:.60}")]
    problems = []
    for name, weight in value.items():
        ok = isinstance(weight, (int, float)) and not isinstance(weight, bool) and math.isfinite(weight)
        if not isinstance(name, str) or not name.strip():
            problems.append(_("Class weights need a class name before each '=' (such as no=1, yes=3)."))
        elif not ok or weight <= 0:
            problems.append(_("The class weight of '{name}' must be a positive number (got {value}).").format(
                name=name, value=f"{weight!r:.30}"))
    return problems


def parse_class_weights(text: str) -> str | dict:
    """Read a class-weights setting as people type it: "none", "balanced", or "no=1, yes=3".

    Returns:
        "none", "balanced", or {class name: weight}.
    Raises:
        ValueError: the text is none of these (the message says what is expected).
    """
    text = str(text).strip()
    if text.lower() in CLASS_WEIGHTS or not text:
        return text.lower() or "none"
    weights = {}
    for part in text.split(","):
        name, sep, number = part.rpartition("=")
        name = name.strip()
        try:
            weight = float(number)
        except ValueError:
            weight = math.nan
        if not sep or not name or not math.isfinite(weight) or weight <= 0:
            raise ValueError(f"Class weights '{text}': '{part.strip()}' is not CLASS=WEIGHT with a positive weight. "
                             "Write none, balanced, or one weight per class such as no=1, yes=3.")
        if name in weights:
            raise ValueError(f"Class weights '{text}' give class '{name}' twice; give each class once.")
        weights[name] = weight
    return weights


def format_class_weights(value) -> str:
    """A class_weights setting as people type it (the inverse of parse_class_weights)."""
    if isinstance(value, dict):
        return ", ".join(f"{name}={weight:g}" for name, weight in value.items())
    return str(value)


def auto_config(n_train: int) -> TrainConfig:
    """Defaults for an arbitrary table: early stopping on a capped epoch budget sized to the data.

    Small tables get small batches and many epochs; large ones larger batches, so a run
    processes a few million samples at most before early stopping decides.
    """
    if n_train < 2_000:
        batch = 32
    elif n_train < 20_000:
        batch = 64
    elif n_train < 200_000:
        batch = 256
    else:
        batch = 1024
    budget_samples = 4_000_000
    epochs = int(min(300, max(15, budget_samples // max(n_train, 1))))
    return TrainConfig(
        epochs=epochs,
        batch_size=batch,
        optimizer="adamw",
        learning_rate=1e-3,
        weight_decay=1e-4,
        schedule="plateau",
        early_stopping=True,
        patience=max(5, min(20, epochs // 10)),
        restore_best=True,
    )


TEMPLATE_LEARNING_RATES = {"text_light": 1e-2}
"""Templates that train best at another rate than auto_config's: an embedding averaged over a text learns each
word from few rows (bible_verses 0.618 -> 0.647 accuracy, docstrings 0.809 -> 0.835 at 1e-2; TF-IDF: 0.667, 0.812)."""


def for_template(config: TrainConfig, template: str | None) -> TrainConfig:
    """auto_config's settings adjusted to the template a run starts from (a copy; unchanged for most templates)."""
    rate = TEMPLATE_LEARNING_RATES.get(template or "")
    return TrainConfig.from_dict({**config.to_dict(), "learning_rate": rate}) if rate else config
