"""A model input read from disk batch by batch (engine.data.streamed_images), as the Trainer's batching sees it.

The Trainer indexes every input with `index_select(0, idx)` for a training batch and with a slice for a
validation chunk; StreamedInput answers both by decoding just those rows and moving them to the device, so an
image set larger than memory trains without ever being held whole. The same rows in the same order give the
same tensors as the in-memory array, so a seeded run trains identically either way.
"""

from __future__ import annotations

import sys

import numpy as np
import torch

CHUNK_BYTES = 64 * 1024 ** 2
"""Most bytes of decoded rows one validation chunk holds."""


class StreamedInput:
    """Rows of a StreamedImages as uint8 tensors on `device`, decoded when indexed."""

    dtype = torch.uint8

    def __init__(self, images, device: torch.device):
        self.images = images
        self.device = device

    @property
    def shape(self) -> torch.Size:
        return torch.Size(self.images.shape)

    def dim(self) -> int:
        return len(self.images.shape)

    def index_select(self, dim: int, index: torch.Tensor) -> torch.Tensor:
        """The rows `index` (dim 0 only), decoded now."""
        if dim != 0:
            raise ValueError("A streamed input is indexed by rows (dim 0) only.")
        return self._tensor(self.images[index.cpu().numpy()])

    def __getitem__(self, rows: slice) -> torch.Tensor:
        return self._tensor(self.images[rows])

    def _tensor(self, array: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(array).to(self.device)


def is_streamed(array) -> bool:
    """True for an input read from disk as needed (a StreamedImages or its StreamedInput)."""
    module = sys.modules.get("engine.data.streamed_images")  # not imported: no StreamedImages exists, Pillow stays out
    return isinstance(array, StreamedInput) or (module is not None and isinstance(array, module.StreamedImages))


def chunk_rows(xs, default: int) -> int:
    """Rows per validation or prediction chunk: `default`, fewer when a streamed input would decode more than
    CHUNK_BYTES at once."""
    streamed = [x for x in xs if is_streamed(x)]
    if not streamed:
        return default
    row_bytes = sum(int(np.prod(x.shape[1:])) for x in streamed)
    return max(1, min(default, CHUNK_BYTES // max(1, row_bytes)))
