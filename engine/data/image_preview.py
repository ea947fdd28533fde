"""A few images of an image column, tiled into one picture for the Data page."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from engine.data.images import ImageProbe, decode_image, probe_images
from engine.data.rich_kinds import resolve_path
from engine.errors import DataError

PREVIEW_COUNT = 12
PREVIEW_COLUMNS = 6
GAP = 1  # pixels between tiles
GAP_GREY = 128  # the gaps show on dark and on light images


def preview_images(paths: Sequence[str], base_dir, count: int = PREVIEW_COUNT,
                   size: tuple[int, int] | None = None) -> tuple[ImageProbe, np.ndarray]:
    """The column's probe (size, channels) and up to `count` of its images, spread over the column, at `size`
    (None: the probe's), tiled as uint8 (rows, columns, channels). Unreadable files are skipped; DataError when
    none of the sampled can be opened."""
    probe = probe_images(paths, base_dir)
    size = tuple(size) if size else probe.size
    present = [str(p) for p in paths if isinstance(p, str) and p.strip()]
    picks = np.unique(np.linspace(0, len(present) - 1, min(count, len(present))).astype(int))
    tiles = []
    for at in picks:
        try:
            tiles.append(decode_image(resolve_path(present[at], base_dir), size, probe.channels)[0])
        except DataError:
            continue
    return probe, _tiled(tiles, size, probe.channels)


def _tiled(tiles: list[np.ndarray], size: tuple[int, int], channels: int) -> np.ndarray:
    h, w = size
    columns = min(PREVIEW_COLUMNS, max(len(tiles), 1))
    rows = max(1, -(-len(tiles) // columns))
    mosaic = np.full((rows * (h + GAP) - GAP, columns * (w + GAP) - GAP, channels), GAP_GREY, dtype=np.uint8)
    for i, tile in enumerate(tiles):
        top, left = (i // columns) * (h + GAP), (i % columns) * (w + GAP)
        mosaic[top:top + h, left:left + w] = tile.transpose(1, 2, 0)
    return mosaic
