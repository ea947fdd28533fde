"""Plain words for the Input layer's width: how the table's feature columns become the numbers
the model reads (one-hot categories, 0/1 flags, date parts, "missing" markers).

Reads a fitted Preprocessor (what the document's context() was computed from) and the schema, so the
canvas node, the data card and the summary share one wording (in the app's language).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

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
    """"1 column" / "3 columns" (and likewise for the other words below), in the app's language."""
    forms = {"column": (translate("InputText", "{n} column"), translate("InputText", "{n} columns")),
             "input": (translate("InputText", "{n} input"), translate("InputText", "{n} inputs")),
             "number": (translate("InputText", "{n} number"), translate("InputText", "{n} numbers")),
             "category": (translate("InputText", "{n} category"), translate("InputText", "{n} categories")),
             "number column": (translate("InputText", "{n} number column"), translate("InputText", "{n} number columns")),
             "yes/no column": (translate("InputText", "{n} yes/no column"), translate("InputText", "{n} yes/no columns"))}[word]
    return forms[0 if n == 1 else 1].format(n=n)


def explain_input(preprocessor, schema) -> tuple[str, str]:
    """Return (one line, a few lines) saying why the Input layer has the width it has, e.g.
    ("11 columns → 31 inputs", "11 columns of your table become 31 numbers for the model: …")."""
    columns = input_columns(preprocessor)
    n_columns, width = len(schema.features), preprocessor.width
    short = f"{_plural(n_columns, 'column')} → {_plural(width, 'input')}"
    lines = [translate("InputText", "{columns} of your table become {numbers} for the model:").format(
        columns=_plural(n_columns, 'column'), numbers=_plural(width, 'number'))]
    categories = [c for c in columns if c.kind in CATEGORY_KINDS]
    if categories:
        examples = ", ".join(f"{c.name}: {_plural(c.width, 'category')} → "
                             f"{_plural(c.width, 'input')}" for c in categories[:3])
        more = translate("InputText", " and {count} more").format(count=len(categories) - 3) if len(categories) > 3 else ""
        lines.append(translate("InputText", "• categories are one-hot encoded, one input per category ({examples});").format(
            examples=examples + more))
    numbers = [c.name for c in columns if c.kind == "numeric"]
    if numbers:
        lines.append(translate("InputText", "• {columns} stay one input each, scaled ({names});").format(
            columns=_plural(len(numbers), 'number column'), names=", ".join(numbers[:4]) + ("…" if len(numbers) > 4 else "")))
    flags = [c.name for c in columns if c.kind == "boolean"]
    if flags:
        lines.append(translate("InputText", "• {columns} become one 0/1 input each ({names});").format(
            columns=_plural(len(flags), 'yes/no column'), names=", ".join(flags[:4]) + ("…" if len(flags) > 4 else "")))
    for column in columns:
        if column.kind == "datetime":
            lines.append(translate("InputText", "• {column}: a date → {inputs} (year, month, day of week, day of year);").format(
                column=column.name, inputs=_plural(column.width, 'input')))
    marked = [c.name for c in columns if c.has_missing_marker and c.kind not in CATEGORY_KINDS]
    if marked:
        text = translate("InputText", "• {columns} has missing values: one more input marks where a value was "
                                      "missing;") if len(marked) == 1 else \
            translate("InputText", "• {columns} have missing values: one more input marks where a value was missing;")
        lines.append(text.format(columns=", ".join(marked)))
    unused = [name for name in schema.features if name not in set(preprocessor.input_columns)]
    if unused:
        lines.append(translate("InputText", "• not used as inputs: {columns} (their kind cannot be encoded).").format(
            columns=", ".join(unused)))
    if len(lines) > 1 and lines[-1].endswith((";", "；")):  # the list ends with a full stop, in either language
        lines[-1] = lines[-1][:-1] + ("。" if lines[-1].endswith("；") else ".")
    return short, "\n".join(lines)


def input_explanation(document) -> tuple[str, str] | None:
    """(one line, a few lines) on how the table's columns became the Input width, or None when
    there is no fitted preprocessing yet (no CSV, no target)."""
    if document.context() is None:
        return None
    pre = getattr(document, "context_preprocessor", None)
    if pre is None or document.schema is None:
        return None
    if document.context().sources and all(s.kind != "table" for s in document.context().sources):
        return None  # text, images or a forecast's history: the Input nodes say what they read
    try:
        return explain_input(pre, document.schema)
    except Exception:  # noqa: BLE001 - an explanation must never stop the canvas drawing
        return None
