"""Seeded train/validation/test split, stratified for classification."""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.i18n import _


@dataclass
class Split:
    """Fractions of the rows used for training, validation and testing, and the seed.

    Fractions must add up to 1 and each must be > 0: training needs validation rows (to pick the best
    epoch) and test rows (to score the model). With stratify=True and
    class labels given, every class keeps (close to) the same share in each part.
    """

    train: float = 0.7
    val: float = 0.15
    test: float = 0.15
    seed: int = 0
    stratify: bool = True

    def validate(self) -> None:
        """Raise DataError when the fractions are unusable."""
        parts = (self.train, self.val, self.test)
        if not all(isinstance(p, numbers.Real) and not isinstance(p, bool) and math.isfinite(p)
                   for p in parts):
            raise DataError(_("Split fractions must be numbers (got train {train}, validation {val}, test {test}).")
                            .format(train=repr(self.train), val=repr(self.val), test=repr(self.test)))
        if not isinstance(self.seed, numbers.Integral) or isinstance(self.seed, bool) or self.seed < 0:
            raise DataError(_("The split seed must be a whole number of at least 0 (got {seed}).").format(
                seed=repr(self.seed)))
        if any(p < 0 for p in parts) or self.train <= 0:
            raise DataError(_("Split fractions must be positive (got train {train}, validation {val}, test {test}).")
                            .format(train=self.train, val=self.val, test=self.test))
        if abs(sum(parts) - 1.0) > 1e-6:
            raise DataError(_("Split fractions must add up to 1 (got {train} + {val} + {test} = {total}).").format(
                train=self.train, val=self.val, test=self.test, total=f"{sum(parts):g}"))
        empty = [name for name, p in ((_("validation"), self.val), (_("test"), self.test)) if p == 0]
        if empty:
            raise DataError(_("The split {split} leaves no rows for {parts}: training needs validation rows to choose "
                              "the best epoch and test rows to score the model. Give each part a share, e.g. 70/15/15.")
                            .format(split=f"{_percent(self.train)}/{_percent(self.val)}/{_percent(self.test)}",
                                    parts=_(" and ").join(empty)))

    def min_rows(self) -> int:
        """Fewest rows that give every non-zero part at least one row."""
        return sum(1 for p in (self.train, self.val, self.test) if p > 0)

    def to_dict(self) -> dict:
        """Plain JSON-safe dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Split":
        """Inverse of to_dict; unknown keys are ignored."""
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}"


def split_counts(n_rows: int, split: Split) -> tuple[int, int, int]:
    """Rows per part: each non-zero part gets at least one row. Raises DataError if too few."""
    split.validate()
    if n_rows < split.min_rows():
        raise DataError(_("Too few rows for the split: {count} row(s), need at least {minimum} (one per part: "
                          "training, validation, test). Add more rows.").format(count=n_rows, minimum=split.min_rows()))
    n_val = max(1, round(n_rows * split.val)) if split.val > 0 else 0
    n_test = max(1, round(n_rows * split.test)) if split.test > 0 else 0
    while n_rows - n_val - n_test < 1:  # keep at least one training row
        if n_val >= n_test and n_val > 1:
            n_val -= 1
        elif n_test > 1:
            n_test -= 1
        else:
            break
    return n_rows - n_val - n_test, n_val, n_test


def split_indices(n_rows: int, y=None, split: Split | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle rows into train/validation/test parts, deterministically for a seed.

    Args:
        n_rows: number of rows.
        y: optional class labels (length n_rows); when given and split.stratify is True,
            each class is spread over the parts in proportion. Pass None for regression.
        split: fractions and seed (default 70/15/15, seed 0).

    Returns:
        (train_idx, val_idx, test_idx): sorted np.int64 positional indices.

    Raises:
        DataError: bad fractions, or too few rows to give every part a row.
    """
    split = split or Split()
    n_train, n_val, _ = split_counts(n_rows, split)
    rng = np.random.default_rng(split.seed)
    perm = rng.permutation(n_rows)
    if y is not None and split.stratify:
        codes = pd.factorize(pd.Series(np.asarray(y, dtype=object)), use_na_sentinel=False)[0]
        if len(codes) != n_rows:
            raise ValueError(f"y has {len(codes)} values but n_rows is {n_rows}")
        # Group rows by class (shuffled within a class), give each row its fractional
        # position within its class, then cut the whole set at the split fractions: every
        # class is spread evenly over the parts, and the part sizes are exact.
        order = perm[np.argsort(codes[perm], kind="stable")]
        sorted_codes = codes[order]
        counts = np.bincount(sorted_codes)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rank = np.arange(n_rows) - starts[sorted_codes]
        offset = rng.random(len(counts))[sorted_codes]
        key = (rank + offset) / counts[sorted_codes]
        perm = order[np.lexsort((rng.random(n_rows), key))]
    train = np.sort(perm[:n_train]).astype(np.int64)
    val = np.sort(perm[n_train:n_train + n_val]).astype(np.int64)
    test = np.sort(perm[n_train + n_val:]).astype(np.int64)
    return train, val, test
