"""Image inputs as uint8 arrays (N, C, H, W): a column of image file paths, or a group of pixel columns.

Both give raw 0..255 pixels; the model's Input module turns them into floats in [0, 1], so the arrays stay
four times smaller than floats and an exported model takes raw pixels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.i18n import _

class ImageEncoder:
    """A column of image file paths (relative to the CSV's folder) -> uint8 (N, C, H, W).

    The size and channels come from the training files (engine.data.images.probe_images) unless given;
    every image is resized to them.
    """

    kind = "image"

    def __init__(self, column: str, *, size: tuple[int, int] | None = None, channels: int | None = None):
        self.column = column
        self.size = tuple(size) if size else None
        self.channels = channels

    @property
    def shape(self) -> tuple[int, ...]:
        return (self.channels, *self.size)

    def fit(self, column: pd.Series, base_dir) -> "ImageEncoder":
        """Take the size and channels from a sample of the training files, unless they were given."""
        from engine.data.images import probe_images

        if self.size is None or self.channels is None:
            probe = probe_images(_paths(column), base_dir)
            self.size = self.size or tuple(probe.size)
            self.channels = self.channels or int(probe.channels)
        return self

    def load(self, column: pd.Series, base_dir, *, drop_unreadable: bool = False, progress=None,
             memory_limit: int | None = None):
        """Decode the files of `column` at the fitted size: engine.data.images.LoadedImages (its `unreadable`
        lists the rows left out when drop_unreadable; not in_memory above memory_limit bytes, None: the
        setting). Raises DataError for missing/unreadable files."""
        from engine.data.images import load_images

        return load_images(_paths(column), base_dir, size=self.size, channels=self.channels, progress=progress,
                           drop_unreadable=drop_unreadable, memory_limit=memory_limit)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "column": self.column, "size": list(self.size), "channels": self.channels}

    @classmethod
    def from_dict(cls, state: dict) -> "ImageEncoder":
        column = str(state.get("column", ""))
        try:
            size = tuple(int(v) for v in state["size"])
            channels = int(state["channels"])
        except (KeyError, TypeError, ValueError):
            size, channels = (), 0
        if len(size) != 2 or min(size) < 1 or channels not in (1, 3, 4):
            raise DataError(_("The preprocessing state of image column '{column}' is damaged: it needs a size "
                              "(height, width) and 1, 3 or 4 channels.").format(column=column), column=column)
        return cls(column, size=size, channels=channels)


class PixelEncoder:
    """A group of numeric pixel columns (pixel_0_0 … pixel_7_7, p0 … p783) -> uint8 (N, C, H, W).

    The columns' order and the image's shape are engine.data.pixel_groups' (row-major by the numbers in the
    names). Values are mapped linearly onto 0..255 with the training rows' range (from min(0, smallest) to the
    largest): digits' 0..16 and 0..1 intensities become 0..255, 0..255 stays as it is. Missing cells are 0.
    """

    kind = "image"

    def __init__(self, group: str, columns: list[str]):
        self.column = group  # the source's name
        self.columns = list(columns)
        self.shape: tuple[int, int, int] = (0, 0, 0)
        self.low, self.high = 0.0, 255.0

    def fit(self, frame: pd.DataFrame) -> "PixelEncoder":
        """Order the columns as the image's pixels and learn the value range from the training rows.

        Raises:
            DataError: the columns do not form one square image.
        """
        from engine.data.pixel_groups import pixel_group_for

        group = pixel_group_for(frame, self.columns[0])
        if group is None or set(group.columns) != set(self.columns):
            raise DataError(_("The pixel columns of '{group}' ({count} columns from '{first}') do not form one "
                              "square image (a square number of gray pixels, or three times one for colour, "
                              "numbered without holes). Set the kind of these columns to numeric, or add the "
                              "missing ones.").format(group=self.column, count=len(self.columns),
                                                      first=self.columns[0]), column=self.columns[0])
        self.columns, self.shape = list(group.columns), tuple(group.shape)
        values = self._values(frame)
        finite = values[np.isfinite(values)]
        self.low = float(min(0.0, finite.min())) if finite.size else 0.0
        self.high = float(finite.max()) if finite.size else 255.0
        if self.high <= self.low:
            self.high = self.low + 1.0
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """uint8 (N, C, H, W) pixels."""
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise DataError(_("The data has no pixel column '{column}' (of the image '{group}'), which the model "
                              "needs.").format(column=missing[0], group=self.column), column=missing[0])
        values = np.nan_to_num(self._values(frame), nan=self.low, posinf=self.high, neginf=self.low)
        scaled = np.clip(np.rint((values - self.low) / (self.high - self.low) * 255.0), 0, 255)
        return scaled.astype(np.uint8).reshape(len(frame), *self.shape)

    def _values(self, frame: pd.DataFrame) -> np.ndarray:
        return frame[self.columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)

    def to_dict(self) -> dict:
        return {"kind": "pixels", "column": self.column, "columns": list(self.columns), "shape": list(self.shape),
                "low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, state: dict) -> "PixelEncoder":
        group = str(state.get("column", ""))
        columns = state.get("columns")
        encoder = cls(group, columns if isinstance(columns, list) else [])
        try:
            encoder.shape = tuple(int(v) for v in state["shape"])
            encoder.low, encoder.high = float(state["low"]), float(state["high"])
        except (KeyError, TypeError, ValueError):
            encoder.shape = ()
        if (not columns or not all(isinstance(c, str) for c in columns) or len(encoder.shape) != 3
                or int(np.prod(encoder.shape)) != len(columns) or not encoder.high > encoder.low):
            raise DataError(_("The preprocessing state of the pixel group '{group}' is damaged: it needs its "
                              "columns, a shape that holds them and a value range.").format(group=group))
        return encoder


def _paths(column: pd.Series) -> list[str]:
    return ["" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
            for value in column.tolist()]
