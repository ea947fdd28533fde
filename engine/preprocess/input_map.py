"""How each table column becomes model inputs, read from a fitted Preprocessor's state.

"contract: 3 categories → 3 inputs", "city: 800 values → top 30 + other → 31 inputs",
"age: scaled (mean 38.2, sd 9.1) → 1 input": the words the Data page shows, and the input
positions the explanations use to sum attributions back from inputs to columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.data.kind_words import kind_words
from engine.i18n import N_, _, ngettext
from engine.preprocess import columns as enc

CATEGORY_KINDS = ("categorical", "integer_category")
DATE_PART_WORDS = N_("year, month, weekday, day of year")


@dataclass(frozen=True)
class ColumnInputs:
    """One feature column and the model inputs it became: positions start..stop (stop excluded) of the
    preprocessed row, their names, and `detail`, the words after the column's name."""

    column: str
    kind: str
    start: int
    stop: int
    inputs: tuple[str, ...]
    detail: str
    shape: tuple[int, ...] = ()  # a text, image or pixel column read as a model input of its own: its shape

    @property
    def width(self) -> int:
        return self.stop - self.start

    @property
    def description(self) -> str:
        """E.g. "contract: 3 categories → 3 inputs"."""
        return f"{self.column}: {self.detail}"


def count_inputs(n: int) -> str:
    """"1 input", "3 inputs"."""
    return ngettext("{count} input", "{count} inputs", n).format(count=f"{n:,}")


def short_number(value: float) -> str:
    """A statistic at a readable precision: 38.2, 9.1, 1,533, 0.042."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.3g}"
    return f"{value:.2g}"


def column_inputs(preprocessor, sources=()) -> list[ColumnInputs]:
    """Every column the fitted preprocessor encodes, in model-input order, with its input positions and
    a description; then the other feature columns (width 0): those read as model inputs of their own (a text,
    image or pixel column among `sources`, the data's InputSources: with their shape) and those not used.

    Raises:
        DataError: the preprocessor has not been fitted.
    """
    from engine.errors import DataError

    if not preprocessor.fitted:
        raise DataError(_("The preprocessing has not been fitted yet, so its inputs are not known; "
                          "fit it on the training rows first."))
    schema = preprocessor.schema
    result, at = [], 0
    for entry in preprocessor.to_dict()["columns"]:
        name, kind, state = entry["name"], entry["kind"], entry["state"]
        names = tuple(enc.ENCODERS[kind][1](name, state))
        distinct = next((c.unique for c in schema.columns if c.name == name), 0)
        result.append(ColumnInputs(name, kind, at, at + len(names), names, _detail(kind, state, len(names), distinct)))
        at += len(names)
    used = set(preprocessor.input_columns)
    own = {source.name: source for source in sources if source.kind in ("text", "image")}
    for info in schema.columns:
        if info.role == "feature" and info.name != preprocessor.target and info.name not in used:
            source = own.get(info.name) or (own.get(info.group) if info.group else None)
            if source is not None:
                words = _("its own model input: {kind} {shape}").format(
                    kind=kind_words(info.kind), shape=shape_words(source))
                result.append(ColumnInputs(info.name, info.kind, at, at, (), words, tuple(source.shape)))
                continue
            unused = _("not used ({kind} columns are not model inputs)").format(kind=kind_words(info.kind))
            result.append(ColumnInputs(info.name, info.kind, at, at, (), unused))
    return result


def shape_words(source) -> str:
    """A model input's shape as people read it: "51 tokens", "1×8×8"."""
    if source.kind == "text":
        return ngettext("{count} token", "{count} tokens", source.shape[0]).format(count=f"{source.shape[0]:,}")
    return "×".join(str(n) for n in source.shape)


def inputs_summary(described: list[ColumnInputs]) -> str:
    """E.g. "31 inputs from 11 feature columns" (and how many more are not used), for column_inputs()'s list."""
    used = [c for c in described if c.width]
    own = [c for c in described if c.shape]
    columns = ngettext("{count} feature column", "{count} feature columns", len(used)).format(count=f"{len(used):,}")
    text = _("{inputs} from {columns}").format(inputs=count_inputs(sum(c.width for c in used)), columns=columns)
    if own:
        text += ", " + ngettext("{count} column read as a model input of its own",
                                "{count} columns read as model inputs of their own", len(own)).format(
            count=f"{len(own):,}")
    unused = len(described) - len(used) - len(own)
    return text + (" " + _("({count} more not used)").format(count=f"{unused:,}") if unused else "")


def _detail(kind: str, state: dict, width: int, distinct: int) -> str:
    """The words after the column's name: what the encoding does, " → ", how many inputs."""
    flag = state.get("indicator", False)
    missing = " + " + _("a missing flag") if flag else ""
    inputs = " → " + count_inputs(width)
    if kind == "numeric":
        scaled = _("scaled (mean {mean}, sd {sd})").format(mean=short_number(state["mean"]),
                                                           sd=short_number(state["std"]))
        filled = ", " + _("missing → median {median}").format(median=short_number(state["median"])) if flag else ""
        return scaled + filled + missing + inputs
    if kind == "boolean":
        ones = ", ".join(state["positive"]) or _("none")
        return _("yes/no, 1 = {ones}").format(ones=ones) + missing + inputs
    if kind in CATEGORY_KINDS:
        levels = [lv for lv in state["levels"] if lv != enc.MISSING_LEVEL]
        empty = " + " + _("missing") if len(levels) < len(state["levels"]) else ""
        if state["other"]:
            seen = max(distinct, len(levels) + 1)
            values = ngettext("{count} value", "{count} values", seen).format(count=f"{seen:,}")
            return (values + " → " + _("top {count}").format(count=len(levels)) + empty + " + " + _("other")
                    + inputs)
        categories = ngettext("{count} category", "{count} categories", len(levels)).format(count=f"{len(levels):,}")
        return categories + empty + inputs
    if kind == "datetime":
        return _(DATE_PART_WORDS) + " " + _("(scaled)") + missing + inputs
    return inputs.lstrip()


def column_choices(preprocessor) -> dict[str, list[str]]:
    """The values the model knows for each category and yes/no input column (its one-hot levels, or the
    yes/no labels seen in training), for forms that let people pick a value; "(missing)" included where
    training had missing values."""
    choices = {}
    for entry in preprocessor.to_dict()["columns"]:
        state = entry["state"]
        if entry["kind"] in CATEGORY_KINDS:
            choices[entry["name"]] = list(state["levels"])
        elif entry["kind"] == "boolean":
            choices[entry["name"]] = list(state["levels"]) + ([enc.MISSING_LEVEL] if state["indicator"] else [])
    return choices
