"""Ready-made model designs shipped as JSON in resources/templates."""

from __future__ import annotations

import json
from importlib import resources

from engine.errors import SpecError
from engine.graph.spec import ModelSpec


def _folder():
    return resources.files("resources") / "templates"


def template_names() -> list[str]:
    """Return the names of the shipped templates (file stems), sorted."""
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".json"))


def load_template(name: str) -> ModelSpec:
    """Return a fresh ModelSpec for the template called ``name``.

    Raises:
        SpecError: no such template, or a damaged template file.
    """
    if name not in template_names():
        raise SpecError(f"No model template named {name!r}; available: "
                        + ", ".join(template_names()))
    text = (_folder() / f"{name}.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"The model template {name!r} is damaged: {exc}") from None
    return ModelSpec.from_dict(data)
