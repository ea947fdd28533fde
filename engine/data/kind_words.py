"""A column kind in words, in the user's language: "integer_category" -> "integer category" (整数类别)."""

from __future__ import annotations

from engine.i18n import pgettext


def kind_words(kind: str) -> str:
    """The kind as people read it; a kind without words here reads as its name with spaces."""
    words = {"numeric": pgettext("column kind", "numeric"),
             "integer_category": pgettext("column kind", "integer category"),
             "categorical": pgettext("column kind", "categorical"),
             "boolean": pgettext("column kind", "boolean"),
             "text": pgettext("column kind", "text"),
             "datetime": pgettext("column kind", "datetime"),
             "identifier": pgettext("column kind", "identifier"),
             "constant": pgettext("column kind", "constant"),
             "image": pgettext("column kind", "image"),
             "pixels": pgettext("column kind", "pixels")}
    return words.get(kind, kind.replace("_", " "))
