"""The model inputs beside the table: text columns, image columns and pixel groups, in a fixed order.

The Preprocessor stays the table part; SourceEncoders turns the other feature columns into their own
arrays (int64 token ids, uint8 pixels) and keeps their fitted state as JSON beside the Preprocessor's.
Forecasting (a time column) adds the window settings; its "history" arrays are made by time_windows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.data.schema import Schema
from engine.errors import DataError
from engine.i18n import _
from engine.layers.base import InputSource
from engine.preprocess.image_encoder import ImageEncoder, PixelEncoder
from engine.preprocess.text_encoder import TextEncoder

SOURCES_VERSION = 1
SOURCE_KINDS = ("text", "image", "pixels")
"""Column kinds that become their own model input instead of table features."""


class SourceEncoders:
    """Encoders for a schema's text, image and pixel-group feature columns, in schema order.

    Attributes:
        encoders: TextEncoder / ImageEncoder / PixelEncoder, one per source.
        forecast: {"time_column", "lookback", "horizon"} in forecasting mode, else None.
        table_width: width of the "table" source (0: no table source).
    """

    def __init__(self, encoders: list | None = None, *, forecast: dict | None = None, table_width: int = 0):
        self.encoders = list(encoders or [])
        self.forecast = forecast
        self.table_width = int(table_width)

    @classmethod
    def for_schema(cls, schema: Schema, *, image_size: tuple[int, int] | None = None) -> "SourceEncoders":
        """Unfitted encoders for the feature columns of kinds text, image and pixels (never the target)."""
        encoders, groups = [], {}
        for col in schema.columns:
            if col.role != "feature" or col.name == schema.target or col.kind not in SOURCE_KINDS:
                continue
            if col.kind == "text":
                encoders.append(TextEncoder(col.name))
            elif col.kind == "image":
                encoders.append(ImageEncoder(col.name, size=image_size))
            else:
                group = getattr(col, "group", None) or "pixels"
                if group not in groups:
                    groups[group] = []
                    encoders.append(group)  # placeholder keeping the group's place in the order
                groups[group].append(col.name)
        return cls([PixelEncoder(e, groups[e]) if isinstance(e, str) else e for e in encoders])

    @property
    def columns(self) -> list[str]:
        """The raw columns these encoders read."""
        out = []
        for encoder in self.encoders:
            out += encoder.columns if isinstance(encoder, PixelEncoder) else [encoder.column]
        return out

    def fit(self, frame: pd.DataFrame, base_dir=None) -> "SourceEncoders":
        """Fit every encoder on the training rows."""
        for encoder in self.encoders:
            if isinstance(encoder, TextEncoder):
                encoder.fit(_column(frame, encoder.column))
            elif isinstance(encoder, ImageEncoder):
                encoder.fit(_column(frame, encoder.column), base_dir)
            else:
                encoder.fit(frame)
        return self

    def transform(self, frame: pd.DataFrame, base_dir=None, *, drop_unreadable: bool = False,
                  memory_limit: int | None = None, progress=None) -> tuple[list, np.ndarray, list[str]]:
        """Arrays for `frame`'s rows, one per encoder; an image column too big for memory_limit (None: the
        setting, engine.data.images.image_memory_limit) is a StreamedImages, read from disk batch by batch.
        progress: called with (image files done, image files in all) while image columns are read.

        Returns:
            (arrays, keep, notes): keep is a boolean mask of the rows whose images could be read (all True
            unless drop_unreadable left some out; the arrays then hold only the kept rows); notes are
            sentences for the user (what was decoded, what was left out).
        Raises:
            DataError: a column is missing, or image files are missing/unreadable (without drop_unreadable).
        """
        from engine.data.streamed_images import StreamedImages  # Pillow only where images are read

        keep = np.ones(len(frame), dtype=bool)
        arrays, notes = [], []
        images = [e for e in self.encoders if isinstance(e, ImageEncoder)]
        for encoder in self.encoders:
            if isinstance(encoder, TextEncoder):
                arrays.append(encoder.transform(_column(frame, encoder.column)))
            elif isinstance(encoder, PixelEncoder):
                arrays.append(encoder.transform(frame))
            else:
                before = images.index(encoder) * len(frame)
                counted = None if progress is None else (
                    lambda done, _total, before=before: progress(before + done, len(images) * len(frame)))
                loaded = encoder.load(_column(frame, encoder.column), base_dir, drop_unreadable=drop_unreadable,
                                      memory_limit=memory_limit, progress=counted)
                if loaded.in_memory:
                    array = np.zeros((len(frame), *encoder.shape), dtype=np.uint8)  # a row left out stays zeros
                    array[loaded.rows] = loaded.array
                else:
                    array = StreamedImages.for_rows(loaded, len(frame))
                read = np.zeros(len(frame), dtype=bool)
                read[loaded.rows] = True
                keep &= read
                arrays.append(array)
                notes.append(f"'{encoder.column}': {loaded.describe()}")
        return [a.select(keep) if isinstance(a, StreamedImages) else a[keep] for a in arrays], keep, notes

    def image_bytes(self, rows: int) -> int:
        """Bytes the image columns' pixels take decoded for `rows` rows (what decides whether they are streamed)."""
        return sum(rows * int(np.prod(e.shape)) for e in self.encoders if isinstance(e, ImageEncoder))

    def sources(self) -> tuple[InputSource, ...]:
        """The model inputs in order: "table" (when there is one), then one per encoder; in forecasting mode
        the one "history" sequence."""
        if self.forecast:
            shape = (int(self.forecast["lookback"]), int(self.forecast["features"]))
            return (InputSource("history", "sequence", shape),)
        out = [InputSource("table", "table", (self.table_width,))] if self.table_width else []
        for encoder in self.encoders:
            vocab = encoder.vocab_size if isinstance(encoder, TextEncoder) else 0
            out.append(InputSource(encoder.column, encoder.kind, tuple(encoder.shape), vocab))
        return tuple(out)

    def to_dict(self) -> dict:
        """JSON-safe fitted state with a "version" key."""
        return {"version": SOURCES_VERSION, "table_width": self.table_width, "forecast": self.forecast,
                "encoders": [e.to_dict() for e in self.encoders]}

    @classmethod
    def from_dict(cls, state: dict) -> "SourceEncoders":
        """Rebuild from to_dict() output.

        Raises:
            DataError: a newer version, or a damaged state (naming the encoder).
        """
        if not isinstance(state, dict) or not isinstance(state.get("encoders", []), list):
            raise DataError(_("The preprocessing state of the model's inputs is damaged: it is not an object "
                              "with a list of encoders."))
        if state.get("version", 1) > SOURCES_VERSION:
            raise DataError(_("This preprocessing state was saved by a newer LayerLab (version {version}); "
                              "update LayerLab to open it.").format(version=state["version"]))
        readers = {"text": TextEncoder.from_dict, "image": ImageEncoder.from_dict, "pixels": PixelEncoder.from_dict}
        encoders = []
        for item in state.get("encoders", []):
            kind = item.get("kind") if isinstance(item, dict) else None
            if kind not in readers:
                raise DataError(_("The preprocessing state of the model's inputs is damaged: unknown input kind "
                                  "{kind!r}.").format(kind=kind))
            encoders.append(readers[kind](item))
        forecast = state.get("forecast")
        if forecast is not None and not (isinstance(forecast, dict) and {"time_column", "lookback", "horizon",
                                                                    "features"} <= set(forecast)):
            raise DataError(_("The preprocessing state of the model's inputs is damaged: the forecast settings "
                              "need a time column, a lookback and a horizon."))
        return cls(encoders, forecast=forecast, table_width=int(state.get("table_width", 0)))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise DataError(_("The data has no column '{column}', which the model needs. Add it (same name) and try "
                          "again.").format(column=name), column=name)
    return frame[name]

