"""Ready-made model designs shipped as JSON in resources/templates."""

from __future__ import annotations

import json
from importlib import resources

from engine.errors import SpecError
from engine.graph.analysis import validate
from engine.graph.spec import ModelSpec
from engine.layers import ShapeContext


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


def fit_inputs(spec: ModelSpec, ctx: ShapeContext) -> ModelSpec:
    """Return the spec with its one Input reading the first data input it can be built on.

    A template's Input reads the first input of the data (source ""), but a text template on a table with a
    text column must read the text: this picks, in the data's order, the first source that leaves the model
    without problems. A spec with several Inputs, a source already chosen, or none that fits is returned as is.
    """
    inputs = spec.input_nodes()
    if len(inputs) != 1 or inputs[0].params.get("source", "") or not validate(spec, ctx):
        return spec
    for source in ctx.all_sources():
        trial = spec.copy()
        trial.node(inputs[0].id).params["source"] = source.name
        if not validate(trial, ctx):
            return trial
    return spec
