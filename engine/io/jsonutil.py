"""JSON helpers: make numpy values and non-finite floats safe for strict JSON."""

from __future__ import annotations

import json
import math

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
