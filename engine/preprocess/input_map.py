"""How each table column becomes model inputs, read from a fitted Preprocessor's state.

"contract: 3 categories → 3 inputs", "city: 800 values → top 30 + other → 31 inputs",
"age: scaled (mean 38.2, sd 9.1) → 1 input": the words the Data page shows, and the input
positions the explanations use to sum attributions back from inputs to columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.preprocess import columns as enc

CATEGORY_KINDS = ("categorical", "integer_category")
DATE_PART_WORDS = "year, month, weekday, day of year"


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

    @property
    def width(self) -> int:
        return self.stop - self.start

    @property
    def description(self) -> str:
        """E.g. "contract: 3 categories → 3 inputs"."""
        return f"{self.column}: {self.detail}"


def plural(n: int, word: str) -> str:
    """"1 input", "3 inputs", "2 categories"."""
    if n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word[:-1]}ies" if word.endswith("y") else f"{n:,} {word}s"


def short_number(value: float) -> str:
    """A statistic at a readable precision: 38.2, 9.1, 1,533, 0.042."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.3g}"
    return f"{value:.2g}"


def column_inputs(preprocessor) -> list[ColumnInputs]:
    """Every column the fitted preprocessor encodes, in model-input order, with its input positions and
    a description; then the feature columns it leaves out (width 0, "not used …").

    Raises:
        DataError: the preprocessor has not been fitted.
    """
    from engine.errors import DataError

    if not preprocessor.fitted:
        raise DataError("The preprocessing has not been fitted yet, so its inputs are not known; "
                        "fit it on the training rows first.")
    schema = preprocessor.schema
    result, at = [], 0
    for entry in preprocessor.to_dict()["columns"]:
        name, kind, state = entry["name"], entry["kind"], entry["state"]
        names = tuple(enc.ENCODERS[kind][1](name, state))
        distinct = next((c.unique for c in schema.columns if c.name == name), 0)
        result.append(ColumnInputs(name, kind, at, at + len(names), names, _detail(kind, state, len(names), distinct)))
        at += len(names)
    used = set(preprocessor.input_columns)
    for info in schema.columns:
        if info.role == "feature" and info.name != preprocessor.target and info.name not in used:
            kind_words = info.kind.replace("_", " ")
            result.append(ColumnInputs(info.name, info.kind, at, at, (),
                                       f"not used ({kind_words} columns are not model inputs)"))
    return result


def inputs_summary(described: list[ColumnInputs]) -> str:
    """E.g. "31 inputs from 11 feature columns" (and how many more are not used), for column_inputs()'s list."""
    used = [c for c in described if c.width]
    text = f"{plural(sum(c.width for c in used), 'input')} from {plural(len(used), 'feature column')}"
    unused = len(described) - len(used)
    return text + (f" ({unused:,} more not used)" if unused else "")


def _detail(kind: str, state: dict, width: int, distinct: int) -> str:
    flag = state.get("indicator", False)
    missing = " + a missing flag" if flag else ""
    if kind == "numeric":
        filled = f", missing → median {short_number(state['median'])}" if flag else ""
        return (f"scaled (mean {short_number(state['mean'])}, sd {short_number(state['std'])}){filled}{missing}"
                f" → {plural(width, 'input')}")
    if kind == "boolean":
        ones = ", ".join(state["positive"]) or "none"
        return f"yes/no, 1 = {ones}{missing} → {plural(width, 'input')}"
    if kind in CATEGORY_KINDS:
        levels = [lv for lv in state["levels"] if lv != enc.MISSING_LEVEL]
        empty = " + missing" if len(levels) < len(state["levels"]) else ""
        if state["other"]:
            seen = max(distinct, len(levels) + 1)
            return f"{plural(seen, 'value')} → top {len(levels)}{empty} + other → {plural(width, 'input')}"
        return f"{plural(len(levels), 'category')}{empty} → {plural(width, 'input')}"
    if kind == "datetime":
        return f"{DATE_PART_WORDS} (scaled){missing} → {plural(width, 'input')}"
    return f"→ {plural(width, 'input')}"


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
