"""Plot data buffers: a growable series, its min/max envelope for drawing very long runs cheaply, and the
streaming moving average that smooths the batch loss."""

from __future__ import annotations

import math

import numpy as np


class Series:
    """Growable x/y buffers: append in amortised O(1), read as views without copying."""

    def __init__(self, capacity: int = 1024):
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.n = 0
        self.version = 0  # bumped when existing points change (clear), so derived data can reset

    def extend(self, xs, ys) -> None:
        k = len(xs)
        if self.n + k > len(self.x):
            size = max(len(self.x) * 2, self.n + k)
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:self.n + k] = xs
        self.y[self.n:self.n + k] = ys
        self.n += k

    def clear(self) -> None:
        self.n = 0
        self.version += 1

    @property
    def xs(self) -> np.ndarray:
        return self.x[:self.n]

    @property
    def ys(self) -> np.ndarray:
        return self.y[:self.n]


class Envelope:
    """The min/max envelope of a growing Series in at most MAX_BINS bins (2 points each).

    Drawing a 1e6-point series costs what drawing 2048 points costs. Complete bins are computed
    once; an update touches only the new points, the partial last bin, and (log2(n) times in a
    run's life) a re-binning at double width.
    """

    MAX_BINS = 1024  # 2048 points: about two per pixel of a wide plot

    def __init__(self, series: Series):
        self.series = series
        self._reset(1)

    def _reset(self, width: int) -> None:
        self.width = width
        self.done = 0
        self.version = self.series.version
        self.bx = np.empty(self.MAX_BINS + 1)
        self.hi = np.empty(self.MAX_BINS + 1)
        self.lo = np.empty(self.MAX_BINS + 1)

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw: the series itself while short, else its envelope."""
        s = self.series
        n = s.n
        if n <= 2 * self.MAX_BINS:
            return s.xs, s.ys
        if self.version != s.version or n < self.done * self.width or n > self.MAX_BINS * self.width:
            self._reset(1 << math.ceil(math.log2(n / self.MAX_BINS)))
        w, full = self.width, n // self.width
        if full > self.done:
            block = s.y[self.done * w:full * w].reshape(-1, w)
            self.hi[self.done:full] = block.max(axis=1)
            self.lo[self.done:full] = block.min(axis=1)
            self.bx[self.done:full] = s.x[self.done * w:full * w:w]
            self.done = full
        bins = full
        if n > full * w:  # the partial last bin, recomputed each time (fewer than `width` points)
            tail = s.y[full * w:n]
            self.hi[full], self.lo[full], self.bx[full] = tail.max(), tail.min(), s.x[full * w]
            bins += 1
        x = np.repeat(self.bx[:bins], 2)
        y = np.empty(2 * bins)
        y[0::2] = self.hi[:bins]
        y[1::2] = self.lo[:bins]
        return x, y


class Ema:
    """TensorBoard's debiased exponential moving average, fed in chunks (NaN/inf points repeat the last value)."""

    def __init__(self, weight: float):
        self.weight = weight
        self.reset()

    def reset(self) -> None:
        self.last, self.count = 0.0, 0

    def smooth(self, values: np.ndarray) -> np.ndarray:
        out = np.empty(len(values))
        w, last, count = self.weight, self.last, self.count
        for i, v in enumerate(values.tolist()):
            if math.isfinite(v):
                last = last * w + (1 - w) * v
                count += 1
            out[i] = last / (1 - w**count) if count and w < 1 else (v if count == 0 else last)
        self.last, self.count = last, count
        return out
