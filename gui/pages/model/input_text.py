"""Plain words for the Input layer's width: how the table's feature columns become the numbers
the model reads (one-hot categories, 0/1 flags, date parts, "missing" markers).

Reads a fitted Preprocessor (what the document's context() was computed from) and the schema;
no Qt, so the canvas node, the data card and the summary share one wording.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORY_KINDS = ("categorical", "integer_category")


@dataclass(frozen=True)
class InputColumn:
    """One feature column and the model inputs it became."""

    name: str
    kind: str
    inputs: list[str]

    @property
    def width(self) -> int:
        return len(self.inputs)

    @property
    def has_missing_marker(self) -> bool:
        return any(i.endswith(" (missing)") for i in self.inputs)


def input_columns(preprocessor) -> list[InputColumn]:
    """Each used feature column with the preprocessed inputs it produces, in model order (the positions the
    engine's input map reads from the fitted state, not guessed from the input names)."""
    from engine.preprocess.input_map import column_inputs

    return [InputColumn(c.column, c.kind, list(c.inputs)) for c in column_inputs(preprocessor) if c.width]


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def explain_input(preprocessor, schema) -> tuple[str, str]:
    """Return (one line, a few lines) saying why the Input layer has the width it has, e.g.
    ("11 columns → 31 inputs", "11 columns of your table become 31 numbers for the model: …")."""
    columns = input_columns(preprocessor)
    n_columns, width = len(schema.features), preprocessor.width
    short = f"{_plural(n_columns, 'column')} → {_plural(width, 'input')}"
    lines = [f"{_plural(n_columns, 'column')} of your table become {_plural(width, 'number')} "
             "for the model:"]
    categories = [c for c in columns if c.kind in CATEGORY_KINDS]
    if categories:
        examples = ", ".join(f"{c.name}: {_plural(c.width, 'category')} → "
                             f"{_plural(c.width, 'input')}" for c in categories[:3])
        more = f" and {len(categories) - 3} more" if len(categories) > 3 else ""
        lines.append(f"• categories are one-hot encoded, one input per category ({examples}{more});")
    numbers = [c.name for c in columns if c.kind == "numeric"]
    if numbers:
        lines.append(f"• {_plural(len(numbers), 'number column')} stay one input each, scaled "
                     f"({', '.join(numbers[:4])}{'…' if len(numbers) > 4 else ''});")
    flags = [c.name for c in columns if c.kind == "boolean"]
    if flags:
        lines.append(f"• {_plural(len(flags), 'yes/no column')} become one 0/1 input each "
                     f"({', '.join(flags[:4])}{'…' if len(flags) > 4 else ''});")
    for column in columns:
        if column.kind == "datetime":
            lines.append(f"• {column.name}: a date → {_plural(column.width, 'input')} "
                         "(year, month, day of week, day of year);")
    marked = [c.name for c in columns if c.has_missing_marker and c.kind not in CATEGORY_KINDS]
    if marked:
        lines.append(f"• {', '.join(marked)} {'has' if len(marked) == 1 else 'have'} missing values: "
                     "one more input marks where a value was missing;")
    unused = [name for name in schema.features if name not in set(preprocessor.input_columns)]
    if unused:
        lines.append(f"• not used as inputs: {', '.join(unused)} (their kind cannot be encoded).")
    if len(lines) > 1:
        lines[-1] = lines[-1].rstrip(";") + ("" if lines[-1].endswith(".") else ".")
    return short, "\n".join(lines)


def input_explanation(document) -> tuple[str, str] | None:
    """(one line, a few lines) on how the table's columns became the Input width, or None when
    there is no fitted preprocessing yet (no CSV, no target)."""
    if document.context() is None:
        return None
    pre = getattr(document, "context_preprocessor", None)
    if pre is None or document.schema is None:
        return None
    try:
        return explain_input(pre, document.schema)
    except Exception:  # noqa: BLE001 - an explanation must never stop the canvas drawing
        return None
