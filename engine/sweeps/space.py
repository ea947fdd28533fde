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
from engine.i18n import _
from engine.layers import get_layer_type
from engine.sweeps import SweepError
from engine.training import OPTIMIZERS, SCHEDULES, TrainConfig

LAYER_PREFIX = "layers."
DEFAULT_LR_RANGE = (1e-4, 1e-1)  # the default space: the learning rate on a log scale,
DEFAULT_UNITS = (16, 32, 64, 128)  # and each Dense layer's width

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
            raise SweepError(_("A sweep parameter needs a \"path\" such as \"learning_rate\": got {data}.").format(
                data=repr(data)))
        choices = data.get("choices") or []
        if not isinstance(choices, list):
            raise SweepError(_("Sweep parameter '{path}': \"choices\" should be a list.").format(path=data["path"]))
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
            raise SweepError(_("A sweep space is a JSON object {example}.").format(
                example='{"params": [{"path": …, "low": …, "high": …}]}'))
        return cls([SweepParam.from_dict(p) for p in data.get("params", [])])


def read_space_file(path: str | Path) -> SweepSpace:
    """Read a space from a JSON file. Raises SweepError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise SweepError(_("Sweep space file '{path}' does not exist.").format(path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        return SweepSpace.from_dict(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SweepError(_("Sweep space file '{path}' is not valid JSON ({problem}).").format(path=path,
                                                                                            problem=exc)) from exc
    except SweepError as exc:
        raise SweepError(_("Sweep space file '{path}': {problem}").format(path=path, problem=exc)) from exc


def kind_of(path: str, spec: ModelSpec) -> object:
    """"int", "float" or a tuple of choices for a path; raises SweepError for a path that names nothing."""
    if path.startswith(LAYER_PREFIX):
        node_id, name = path[len(LAYER_PREFIX):].partition(".")[::2]
        if not spec.has_node(node_id):
            raise SweepError(_("Sweep parameter '{path}': the model has no layer '{layer}'.").format(path=path,
                                                                                               layer=node_id))
        try:
            layer = get_layer_type(spec.node(node_id).type)
        except SpecError as exc:
            raise SweepError(_("Sweep parameter '{path}': {problem}").format(path=path, problem=exc)) from exc
        known = {p.name: p for p in layer.params}
        if name not in known:
            raise SweepError(_("Sweep parameter '{path}': a {layer} layer has no property '{name}' (it has: {known}).")
                             .format(path=path, layer=layer.display_name, name=name,
                                     known=", ".join(known) or _("none")))
        param = known[name]
        if param.kind not in ("int", "float", "choice"):
            raise SweepError(_("Sweep parameter '{path}': '{name}' is {kind}, not a number or a choice.").format(
                path=path, name=name, kind=param.kind))
        return param.choices if param.kind == "choice" else param.kind
    if path not in SETTING_KINDS:
        raise SweepError(_("Sweep parameter '{path}' is unknown: use a training setting ({settings}) or "
                           "layers.<layer id>.<property>.").format(path=path, settings=", ".join(SETTING_KINDS)))
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


def default_space(spec: ModelSpec) -> SweepSpace:
    """What a sweep searches when nothing is marked to sweep: the learning rate (log), the tutorial's choice to
    make, and each Dense layer's width."""
    params = [SweepParam("learning_rate", *DEFAULT_LR_RANGE, log=True)]
    params += [SweepParam(f"{LAYER_PREFIX}{n.id}.units", choices=list(DEFAULT_UNITS))
               for n in spec.nodes if n.type == "Dense"]
    return SweepSpace(params)


def check_space(space: SweepSpace, spec: ModelSpec) -> None:
    """Refuse a space that cannot be searched: no parameter, an unknown path, an empty range or choice set,
    a log range that reaches zero. Values the model or settings refuse fail their trial instead."""
    if not space.params:
        raise SweepError(_("The sweep space is empty: mark at least one setting or layer property to sweep, e.g. "
                           "{example}.").format(example='{"path": "learning_rate", "low": 1e-4, "high": 1e-1, '
                                                        '"log": true}'))
    problems, seen = [], set()
    for p in space.params:
        try:
            kind = kind_of(p.path, spec)
        except SweepError as exc:
            problems.append(str(exc))
            continue
        if p.path in seen:
            problems.append(_("Sweep parameter '{path}' is listed twice.").format(path=p.path))
        seen.add(p.path)
        if p.is_choice:
            if isinstance(kind, tuple) and (bad := [c for c in p.choices if c not in kind]):
                problems.append(_("Sweep parameter '{path}': {values} is not one of {choices}.").format(
                    path=p.path, values=", ".join(map(repr, bad)), choices=", ".join(kind)))
            continue
        if isinstance(kind, tuple):
            problems.append(_("Sweep parameter '{path}' is a choice: give \"choices\" such as {example}.").format(
                path=p.path, example=list(kind[:2])))
            continue
        numbers = [v for v in (p.low, p.high) if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(numbers) != 2 or not all(math.isfinite(v) for v in numbers):
            problems.append(_("Sweep parameter '{path}' needs a range: numbers \"low\" and \"high\", or "
                              "\"choices\" (got low {low}, high {high}).").format(path=p.path, low=repr(p.low),
                                                                                   high=repr(p.high)))
        elif p.low >= p.high:
            problems.append(_("Sweep parameter '{path}' has an empty range: low ({low}) must be below high "
                              "({high}).").format(path=p.path, low=f"{p.low:g}", high=f"{p.high:g}"))
        elif kind == "int" and math.floor(p.high) < math.ceil(p.low):
            problems.append(_("Sweep parameter '{path}' has an empty range: no whole number lies between {low} and "
                              "{high}.").format(path=p.path, low=f"{p.low:g}", high=f"{p.high:g}"))
        elif p.log and p.low <= 0:
            problems.append(_("Sweep parameter '{path}': a log range must start above zero (low is {low}); untick "
                              "log or raise low.").format(path=p.path, low=f"{p.low:g}"))
    if problems:
        raise SweepError(_("The sweep space cannot be searched:\n{problems}").format(
            problems="\n".join(f"- {m}" for m in problems)))


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
            node_id, name = path[len(LAYER_PREFIX):].partition(".")[::2]
            spec.node(node_id).params[name] = value
        else:
            settings[path] = value
    return spec, TrainConfig.from_dict(settings)
