"""The search space of a sweep: which settings and layer properties vary, over what range or choices.

A parameter is addressed by a path: a TrainConfig field (`learning_rate`) or a layer property
(`layers.<node id>.<property>`, from the layer declarations in engine.layers). Plain JSON-able data,
persisted in the project file and read from `layerlab sweep --space SPACE.json`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import SpecError
from engine.graph import ModelSpec
from engine.layers import get_layer_type
from engine.sweeps import SweepError
from engine.training import OPTIMIZERS, SCHEDULES, TrainConfig

LAYER_PREFIX = "layers."

# The training settings a sweep may vary: name -> kind ("int", "float" or a tuple of choices).
SETTING_KINDS: dict[str, object] = {
    "learning_rate": "float", "batch_size": "int", "epochs": "int", "optimizer": OPTIMIZERS,
    "weight_decay": "float", "momentum": "float", "schedule": SCHEDULES, "step_size": "int", "gamma": "float",
    "patience": "int", "min_delta": "float", "seed": "int",
}


@dataclass
class SweepParam:
    """One swept value: a range (low..high, log or linear) or a set of choices."""

    path: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: list = field(default_factory=list)

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    def describe(self) -> str:
        """"0.0001 .. 0.1 (log)" or "{32, 64, 128}"."""
        if self.is_choice:
            return "{" + ", ".join(map(str, self.choices)) + "}"
        return f"{self.low:g} .. {self.high:g}" + (" (log)" if self.log else "")

    def to_dict(self) -> dict:
        if self.is_choice:
            return {"path": self.path, "choices": list(self.choices)}
        return {"path": self.path, "low": self.low, "high": self.high, "log": self.log}

    @classmethod
    def from_dict(cls, data: dict) -> "SweepParam":
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            raise SweepError(f"A sweep parameter needs a \"path\" such as \"learning_rate\": got {data!r}.")
        choices = data.get("choices") or []
        if not isinstance(choices, list):
            raise SweepError(f"Sweep parameter '{data['path']}': \"choices\" should be a list.")
        return cls(path=data["path"], low=data.get("low"), high=data.get("high"), log=bool(data.get("log", False)),
                   choices=list(choices))


@dataclass
class SweepSpace:
    """The swept parameters, in order."""

    params: list[SweepParam] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"params": [p.to_dict() for p in self.params]}

    @classmethod
    def from_dict(cls, data) -> "SweepSpace":
        if data is None:
            return cls()
        if isinstance(data, list):  # a bare list of parameters
            data = {"params": data}
        if not isinstance(data, dict) or not isinstance(data.get("params", []), list):
            raise SweepError("A sweep space is a JSON object {\"params\": [{\"path\": …, \"low\": …, \"high\": …}]}.")
        return cls([SweepParam.from_dict(p) for p in data.get("params", [])])


def read_space_file(path: str | Path) -> SweepSpace:
    """Read a space from a JSON file. Raises SweepError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise SweepError(f"Sweep space file '{path}' does not exist.")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        return SweepSpace.from_dict(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SweepError(f"Sweep space file '{path}' is not valid JSON ({exc}).") from exc
    except SweepError as exc:
        raise SweepError(f"Sweep space file '{path}': {exc}") from exc


def kind_of(path: str, spec: ModelSpec) -> object:
    """"int", "float" or a tuple of choices for a path; raises SweepError for a path that names nothing."""
    if path.startswith(LAYER_PREFIX):
        node_id, _, name = path[len(LAYER_PREFIX):].partition(".")
        if not spec.has_node(node_id):
            raise SweepError(f"Sweep parameter '{path}': the model has no layer '{node_id}'.")
        try:
            layer = get_layer_type(spec.node(node_id).type)
        except SpecError as exc:
            raise SweepError(f"Sweep parameter '{path}': {exc}") from exc
        known = {p.name: p for p in layer.params}
        if name not in known:
            raise SweepError(f"Sweep parameter '{path}': a {layer.display_name} layer has no property '{name}' "
                             f"(it has: {', '.join(known) or 'none'}).")
        param = known[name]
        if param.kind not in ("int", "float", "choice"):
            raise SweepError(f"Sweep parameter '{path}': '{name}' is {param.kind}, not a number or a choice.")
        return param.choices if param.kind == "choice" else param.kind
    if path not in SETTING_KINDS:
        raise SweepError(f"Sweep parameter '{path}' is unknown: use a training setting "
                         f"({', '.join(SETTING_KINDS)}) or layers.<layer id>.<property>.")
    return SETTING_KINDS[path]


def sweepable(spec: ModelSpec) -> list[tuple[str, object, object]]:
    """Every path a sweep may vary for this model: (path, kind, current default), settings first."""
    defaults = TrainConfig().to_dict()
    items = [(name, kind, defaults[name]) for name, kind in SETTING_KINDS.items()]
    for node in spec.nodes:
        try:
            layer = get_layer_type(node.type)
        except SpecError:  # a model opened to be fixed: its unknown layer has nothing to sweep
            continue
        for p in layer.params:
            if p.kind in ("int", "float", "choice"):
                kind = p.choices if p.kind == "choice" else p.kind
                items.append((f"{LAYER_PREFIX}{node.id}.{p.name}", kind, layer.with_defaults(node.params)[p.name]))
    return items


def check_space(space: SweepSpace, spec: ModelSpec) -> None:
    """Refuse a space that cannot be searched: no parameter, an unknown path, an empty range or choice set,
    a log range that reaches zero. Values the model or settings refuse fail their trial instead."""
    if not space.params:
        raise SweepError("The sweep space is empty: mark at least one setting or layer property to sweep, "
                         "e.g. {\"path\": \"learning_rate\", \"low\": 1e-4, \"high\": 1e-1, \"log\": true}.")
    problems, seen = [], set()
    for p in space.params:
        try:
            kind = kind_of(p.path, spec)
        except SweepError as exc:
            problems.append(str(exc))
            continue
        if p.path in seen:
            problems.append(f"Sweep parameter '{p.path}' is listed twice.")
        seen.add(p.path)
        if p.is_choice:
            if isinstance(kind, tuple) and (bad := [c for c in p.choices if c not in kind]):
                problems.append(f"Sweep parameter '{p.path}': {', '.join(map(repr, bad))} is not one of "
                                f"{', '.join(kind)}.")
            continue
        if isinstance(kind, tuple):
            problems.append(f"Sweep parameter '{p.path}' is a choice: give \"choices\" such as {list(kind[:2])}.")
            continue
        numbers = [v for v in (p.low, p.high) if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(numbers) != 2 or not all(math.isfinite(v) for v in numbers):
            problems.append(f"Sweep parameter '{p.path}' needs a range: numbers \"low\" and \"high\", or \"choices\" "
                            f"(got low {p.low!r}, high {p.high!r}).")
        elif p.low >= p.high:
            problems.append(f"Sweep parameter '{p.path}' has an empty range: low ({p.low:g}) must be below high "
                            f"({p.high:g}).")
        elif kind == "int" and math.floor(p.high) < math.ceil(p.low):
            problems.append(f"Sweep parameter '{p.path}' has an empty range: no whole number lies between "
                            f"{p.low:g} and {p.high:g}.")
        elif p.log and p.low <= 0:
            problems.append(f"Sweep parameter '{p.path}': a log range must start above zero (low is {p.low:g}); "
                            "untick log or raise low.")
    if problems:
        raise SweepError("The sweep space cannot be searched:\n" + "\n".join(f"- {m}" for m in problems))


def suggest(trial, space: SweepSpace, spec: ModelSpec) -> dict:
    """Ask an Optuna trial for one value per parameter; returns {path: value}."""
    values = {}
    for p in space.params:
        kind = kind_of(p.path, spec)
        if p.is_choice:
            values[p.path] = trial.suggest_categorical(p.path, list(p.choices))
        elif kind == "int":
            values[p.path] = trial.suggest_int(p.path, math.ceil(p.low), math.floor(p.high), log=p.log)
        else:
            values[p.path] = trial.suggest_float(p.path, float(p.low), float(p.high), log=p.log)
    return values


def apply_values(spec: ModelSpec, config: TrainConfig, values: dict) -> tuple[ModelSpec, TrainConfig]:
    """A copy of the design and settings with the trial's values put in (the inputs are not changed)."""
    spec = spec.copy()
    settings = config.to_dict()
    for path, value in values.items():
        if path.startswith(LAYER_PREFIX):
            node_id, _, name = path[len(LAYER_PREFIX):].partition(".")
            spec.node(node_id).params[name] = value
        else:
            settings[path] = value
    return spec, TrainConfig.from_dict(settings)
