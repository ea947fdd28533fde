"""The building blocks of the layer registry: ShapeContext, Param and LayerType."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable


from engine.errors import SpecError
from engine.i18n import _
from engine.tasks import TASKS, Task  # noqa: F401 - TASKS re-exported for engine.layers callers


class _LazyTorchNN:
    """torch.nn, imported on first use: declaring layers (and so the GUI's start-up) must not load torch."""

    def __getattr__(self, name: str):
        import torch.nn

        return getattr(torch.nn, name)


nn = _LazyTorchNN()

Shape = tuple[int, ...]


@dataclass(frozen=True)
class InputSource:
    """One per-sample input of a model: the table's features, a text column's token ids, an image, a history."""

    name: str            # "table", a column name, a pixel group name, "history"
    kind: str            # "table" | "text" | "image" | "sequence"
    shape: Shape         # per sample: (width,), (length,), (channels, height, width), (lookback, features)
    vocab_size: int = 0  # text only: token ids run from 0 (padding) and 1 (unknown) to vocab_size - 1


@dataclass(frozen=True)
class ShapeContext:
    """What shape rules need to know about the data: its input sources, the output width and the task.

    ``sources`` empty means today's single "table" source of shape (input_width,). ``token_source`` is set per
    layer by graph analysis: the text source whose token ids feed that layer directly ("" for none).
    """

    input_width: int
    output_width: int
    task: str | None = None
    sources: tuple[InputSource, ...] = ()
    token_source: str = ""

    def all_sources(self) -> tuple[InputSource, ...]:
        """The model's inputs in order: ``sources``, or the single table of width ``input_width``."""
        return self.sources or (InputSource("table", "table", (self.input_width,)),)

    def source(self, name: str) -> InputSource:
        """The source called ``name`` ("" = the first one); SpecError naming it and the available ones."""
        available = self.all_sources()
        if name == "":
            return available[0]
        for source in available:
            if source.name == name:
                return source
        raise SpecError(_("The data has no input called {name}; available: {available}").format(
            name=repr(name), available=", ".join(repr(s.name) for s in available)))


@dataclass(frozen=True)
class Param:
    """One layer parameter, as the properties form and validation see it.

    ``kind`` is "int", "float", "bool", "choice", "source" (the name of an input source, "" = the first) or
    "shape" (positive whole numbers separated by commas, e.g. "1,8,8"); ``minimum``/``maximum`` are inclusive.
    """

    name: str
    kind: str
    default: Any
    label: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    advanced: bool = False

    def allowed(self) -> str:
        """Describe the allowed values in words, e.g. "a whole number from 1 to 65,536"."""
        if self.kind == "bool":
            return _("true or false")
        if self.kind == "choice":
            return _("one of {choices}").format(choices=", ".join(self.choices))
        if self.kind == "source":
            return _("the name of an input of the data, or empty for the first one")
        if self.kind == "shape":
            return _("whole numbers of at least 1 separated by commas, e.g. 1,8,8")
        integer = self.kind == "int"
        fmt = "{:,}" if self.kind == "int" else "{:g}"
        lo = None if self.minimum is None else fmt.format(self.minimum)
        hi = None if self.maximum is None else fmt.format(self.maximum)
        # whole sentences, not "{what} from …": other languages order the words differently
        if lo is not None and hi is not None:
            text = _("a whole number from {low} to {high}") if integer else _("a number from {low} to {high}")
            return text.format(low=lo, high=hi)
        if lo is not None:
            text = _("a whole number of at least {low}") if integer else _("a number of at least {low}")
            return text.format(low=lo)
        if hi is not None:
            text = _("a whole number of at most {high}") if integer else _("a number of at most {high}")
            return text.format(high=hi)
        return _("a whole number") if integer else _("a number")

    def validate(self, value: Any) -> str | None:
        """Check a value; return None if it is fine, else a message naming the param and range."""
        bad = _("{label} ('{name}') must be {allowed}: got {value}").format(
            label=_(self.label), name=self.name, allowed=self.allowed(), value=repr(value))
        if self.kind == "bool":
            return None if isinstance(value, bool) else bad
        if self.kind == "choice":
            return None if isinstance(value, str) and value in self.choices else bad
        if self.kind == "source":
            return None if isinstance(value, str) and len(value) <= 1000 else bad
        if self.kind == "shape":
            return None if parse_shape(value) is not None else bad
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return bad
        if self.kind == "int" and not isinstance(value, int):
            return bad
        if isinstance(value, float) and not math.isfinite(value):
            return bad
        if self.minimum is not None and value < self.minimum:
            return bad
        if self.maximum is not None and value > self.maximum:
            return bad
        return None


Rule = Callable[[dict, list, ShapeContext], Any]
"""A layer rule: ``rule(params, shapes, context)``, with the params merged with defaults, the input
shapes in connection order and the data's ShapeContext."""


@dataclass(frozen=True)
class LayerType:
    """The single declaration of a layer type.

    Each rule is called as ``rule(params, shapes, context)`` (``summary_rule(params, context)``,
    where context may be None) with params already merged with defaults; call the public
    methods (``output_shape``, ``build``, ``code``, ...) rather than the rules.
    """

    name: str
    display_name: str
    category: str
    help: str
    params: tuple[Param, ...]
    min_inputs: int
    max_inputs: int | None
    shape_rule: Rule
    build_rule: Rule
    code_rule: Rule
    count_rule: Rule
    summary_rule: Callable[[dict, ShapeContext | None], str]
    is_merge: bool = field(default=False)
    uses_mask: bool = False  # the module is called module(x, mask), mask (N, L) bool or None
    keeps_positions: bool = False  # the output has the input's sequence positions, so a text mask stays valid
    takes_token_ids: bool = False  # reads a text input's token ids directly (and only those)

    def defaults(self) -> dict:
        """Return a fresh dict of every parameter's default value."""
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        """Return the parameter called ``name``; raise SpecError if the type has none."""
        for p in self.params:
            if p.name == name:
                return p
        raise SpecError(_("{layer} has no parameter '{name}'").format(layer=self.display_name, name=name))

    def with_defaults(self, params: dict | None) -> dict:
        """Return ``params`` completed with defaults for any parameter left out."""
        return {**self.defaults(), **(params or {})}

    def validate_params(self, params: dict) -> list[str]:
        """Return one message per bad or unknown parameter (empty if all are fine)."""
        known = {p.name for p in self.params}
        messages = [_("unknown parameter '{name}'").format(name=k) for k in params if k not in known]
        full = self.with_defaults(params)
        messages += [m for p in self.params if (m := p.validate(full[p.name])) is not None]
        return messages

    def output_shape(self, params: dict, shapes: list[Shape], context: ShapeContext) -> Shape:
        """Work out the output shape without running tensors; raise SpecError if impossible."""
        return tuple(self.shape_rule(self.with_defaults(params), list(shapes), context))

    def parameter_count(self, params: dict, shapes: list[Shape], context: ShapeContext) -> int:
        """Return the exact number of trainable numbers the built module will hold."""
        return int(self.count_rule(self.with_defaults(params), list(shapes), context))

    def build(self, params: dict, shapes: list[Shape], context: ShapeContext) -> nn.Module:
        """Build the torch module for these params and input shapes."""
        return self.build_rule(self.with_defaults(params), list(shapes), context)

    def code(self, params: dict, shapes: list[Shape], context: ShapeContext) -> str:
        """Return a one-line PyTorch expression (``nn`` = torch.nn) that builds the same module."""
        return self.code_rule(self.with_defaults(params), list(shapes), context)

    def summary(self, params: dict, context: ShapeContext | None = None) -> str:
        """Return the short text shown on a canvas node, e.g. "Dense 64 · ReLU"."""
        return self.summary_rule(self.with_defaults(params), context)



def parse_shape(text: Any) -> Shape | None:
    """Read a shape typed as "1,8,8" (spaces and x/× allowed between numbers); None if it is not one."""
    if not isinstance(text, str) or len(text) > 100:
        return None
    parts = [p.strip() for p in text.replace("×", ",").replace("x", ",").split(",")]
    if not parts or not all(p.isascii() and p.isdigit() and int(p) >= 1 for p in parts):
        return None
    return tuple(int(p) for p in parts)


def output_width_for(task: str, n_classes: int | None = None) -> int:
    """Return the Output layer width for a task: 1 for binary/regression, K for multiclass.

    Raises:
        SpecError: unknown task, or a multiclass task with fewer than 2 classes.
    """
    if task in (Task.BINARY, Task.REGRESSION):
        return 1
    if task == Task.MULTICLASS:
        if n_classes is None or n_classes < 2:
            raise SpecError(_("A multiclass target needs at least 2 classes: got {count}").format(count=n_classes))
        return int(n_classes)
    raise SpecError(_("Unknown task {task}; expected one of: {tasks}").format(task=repr(task), tasks=", ".join(TASKS)))
