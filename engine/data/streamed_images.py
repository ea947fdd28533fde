"""An image input too big to keep decoded: its rows are read from their files when they are indexed.

StreamedImages stands in for the uint8 (N, C, H, W) array of an image column wherever the engine reads model
inputs by rows (training batches, validation and test chunks, predictions, a baseline's sample): `len`, `shape`,
`dtype`, `x[slice]` and `x[indices]` give decoded rows as a numpy array, and nothing else is kept in memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data.images import LoadedImages, decode_image


class StreamedImages:
    """uint8 image rows (N, C, H, W) decoded from `paths` on demand; a row whose path is None reads as zeros
    (a row whose file was dropped, left out by `select` before training)."""

    dtype = np.dtype(np.uint8)
    ndim = 4

    def __init__(self, paths: list[Path | None], size: tuple[int, int], channels: int):
        self.paths = list(paths)
        self.size = (int(size[0]), int(size[1]))
        self.channels = int(channels)

    @classmethod
    def for_rows(cls, loaded: LoadedImages, n_rows: int) -> "StreamedImages":
        """One row per input row (0..n_rows-1): the files load_images kept at their rows, None elsewhere."""
        paths: list[Path | None] = [None] * n_rows
        for row, path in zip(loaded.rows, loaded.paths):
            paths[int(row)] = path
        return cls(paths, loaded.size, loaded.channels)

    @property
    def shape(self) -> tuple[int, int, int, int]:
        return (len(self.paths), self.channels, *self.size)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, key) -> np.ndarray:
        """Decoded rows: key is a slice, an integer array (or tensor) of positions, or a boolean mask."""
        if isinstance(key, slice):
            return self.read(np.arange(len(self.paths))[key])
        positions = np.asarray(key.cpu() if hasattr(key, "cpu") else key)
        if positions.dtype == bool:
            positions = np.flatnonzero(positions)
        return self.read(positions.astype(np.int64, copy=False))

    def read(self, positions: np.ndarray) -> np.ndarray:
        """uint8 (len(positions), C, H, W), decoded now."""
        out = np.zeros((len(positions), self.channels, *self.size), dtype=np.uint8)
        for i, at in enumerate(positions):
            path = self.paths[at]
            if path is not None:
                out[i] = decode_image(path, self.size, self.channels)[0]
        return out

    def select(self, keep) -> "StreamedImages":
        """The rows a boolean mask or integer positions keep, still unread."""
        keep = np.asarray(keep)
        positions = np.flatnonzero(keep) if keep.dtype == bool else keep.astype(np.int64, copy=False)
        return StreamedImages([self.paths[at] for at in positions], self.size, self.channels)
