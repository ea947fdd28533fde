"""Numeric columns that together hold one square image (pixel_0_0 … pixel_7_7, p0 … p783, px1 … px64)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

# A group needs this many columns when its prefix says "pixel" (16 = 4×4), or MIN_ANY_PREFIX otherwise,
# so that x1 … x16 in an ordinary table stays a set of numbers.
MIN_PIXEL_PREFIX = 16
MIN_ANY_PREFIX = 64
_PIXEL_PREFIXES = {"pixel", "pixels", "pix", "px", "p"}
_ONE_INDEX = re.compile(r"^(?P<prefix>.*?\D)(?P<i>\d+)$")
_TWO_INDEX = re.compile(r"^(?P<prefix>.*?\D)(?P<i>\d+)[_x×,-](?P<j>\d+)$")


@dataclass(frozen=True)
class PixelGroup:
    """Columns that form one image, in the order its values fill (channels, height, width), row-major.

    With 3 × a square number of columns the first height × width columns are the first channel.
    """

    name: str
    columns: tuple[str, ...]
    channels: int
    height: int
    width: int

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.channels, self.height, self.width


def group_name(prefix: str) -> str:
    """The group's name from the columns' common prefix: "pixel_" -> "pixel"."""
    return prefix.rstrip("_-. ") or prefix


def find_pixel_groups(frame: pd.DataFrame, *, check_values: bool = True) -> list[PixelGroup]:
    """The pixel groups among frame's columns.

    Args:
        frame: the data.
        check_values: also require non-negative numbers of one range (off when the user asks for pixels).

    Returns:
        Groups whose indices run without holes over a square (or 3 × a square) number of columns.
    """
    groups = []
    for key, indexed in _candidates([str(c) for c in frame.columns]).items():
        group = _as_group(key, indexed)
        if group is None or len(group.columns) < _minimum(group.name):
            continue
        if check_values and not _pixel_values(frame, group.columns):
            continue
        groups.append(group)
    return groups


def pixel_group_for(frame: pd.DataFrame, column: str) -> PixelGroup | None:
    """The group that `column` belongs to by its name alone (no size or value checks), or None."""
    for key, indexed in _candidates([str(c) for c in frame.columns]).items():
        if column in indexed.values():
            return _as_group(key, indexed)
    return None


def _minimum(name: str) -> int:
    return MIN_PIXEL_PREFIX if name.lower() in _PIXEL_PREFIXES else MIN_ANY_PREFIX


def _candidates(names: list[str]) -> dict[str, dict]:
    """prefix -> {index: column}, index an int (one number) or a (row, column) pair."""
    found: dict[str, dict] = {}
    for name in names:
        two, one = _TWO_INDEX.match(name), _ONE_INDEX.match(name)
        if two:
            found.setdefault("2:" + two["prefix"], {})[(int(two["i"]), int(two["j"]))] = name
        elif one:  # pixel_0_0 is read as row 0, column 0, never as number 0 of "pixel_0_"
            found.setdefault("1:" + one["prefix"], {})[int(one["i"])] = name
    return {key: cols for key, cols in found.items() if len(cols) > 1}


def _as_group(key: str, indexed: dict) -> PixelGroup | None:
    kind, prefix = key.split(":", 1)
    count = len(indexed)
    if kind == "2":
        rows = sorted({i for i, _ in indexed})
        cols = sorted({j for _, j in indexed})
        height, width = len(rows), len(cols)
        if height != width or height * width != count or rows != list(range(rows[0], rows[0] + height)) \
                or cols != list(range(cols[0], cols[0] + width)):
            return None
        order = [indexed[(i, j)] for i in rows for j in cols]
        return PixelGroup(group_name(prefix), tuple(order), 1, height, width)
    indices = sorted(indexed)
    if indices != list(range(indices[0], indices[0] + count)) or indices[0] not in (0, 1):
        return None
    channels = 1 if _is_square(count) else 3 if count % 3 == 0 and _is_square(count // 3) else 0
    if not channels:
        return None
    side = math.isqrt(count // channels)
    return PixelGroup(group_name(prefix), tuple(indexed[i] for i in indices), channels, side, side)


def _is_square(n: int) -> bool:
    return n > 0 and math.isqrt(n) ** 2 == n


def _pixel_values(frame: pd.DataFrame, columns: tuple[str, ...]) -> bool:
    """Numbers from 0 up to at most 255 in every column (0..1, 0..16 and 0..255 images all pass)."""
    block = frame[list(columns)]
    if not all(pd.api.types.is_numeric_dtype(block[c]) for c in columns):
        return False
    values = block.to_numpy(dtype=float, na_value=np.nan)
    present = values[~np.isnan(values)]
    return present.size > 0 and present.min() >= 0 and present.max() <= 255


def group_from_names(columns: list[str]) -> PixelGroup | None:
    """The one group that exactly these column names form (by their numbers), or None."""
    found = [_as_group(key, indexed) for key, indexed in _candidates(columns).items()]
    return next((g for g in found if g is not None and set(g.columns) == set(columns)), None)
