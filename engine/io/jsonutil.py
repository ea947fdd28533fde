"""JSON helpers: make numpy values and non-finite floats safe for strict JSON."""

from __future__ import annotations

import json
import math
import re

import numpy as np


def json_safe(value):
    """Return `value` with numpy scalars/arrays turned into Python ones and NaN/inf into None."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return json_safe(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps(value, **kwargs) -> str:
    """Strict JSON text (no NaN) of `value` after json_safe."""
    return json.dumps(json_safe(value), allow_nan=False, **kwargs)


MAX_DEPTH = 64  # no LayerLab file nests deeper than ~8; a hostile one nests thousands deep


class JSONTooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH levels (a hostile or damaged file)."""


def loads(text: str | bytes, max_depth: int = MAX_DEPTH):
    """json.loads that refuses nesting deeper than ``max_depth`` before any recursive code walks the result.

    Raises:
        json.JSONDecodeError: not valid JSON.
        JSONTooDeep: nested too deep (message says how deep is allowed); never RecursionError.
    """
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    _check_depth(text, max_depth)
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the scan above refuses first
        raise JSONTooDeep(f"it is nested more than {max_depth} levels deep") from None


def _check_depth(text: str, max_depth: int) -> None:
    """Linear: strings are dropped by one regular expression, then only brackets are visited."""
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise JSONTooDeep(f"it is nested more than {max_depth} levels deep (a LayerLab file never is)")
        else:
            depth -= 1


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
