"""A penguins-like table (Palmer penguins' columns): no column is named like a target and the
last column, year, is a number, so LayerLab must ask which column to predict."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
           "body_mass_g", "sex", "year"]


def penguins_frame(n: int = 120, seed: int = 0) -> pd.DataFrame:
    """n rows with the penguins data set's columns, kinds and a few missing values."""
    rng = np.random.default_rng(seed)
    species = rng.choice(["Adelie", "Chinstrap", "Gentoo"], n)
    frame = pd.DataFrame({
        "species": species,
        "island": rng.choice(["Biscoe", "Dream", "Torgersen"], n),
        "bill_length_mm": np.round(rng.normal(44, 5, n), 1),
        "bill_depth_mm": np.round(rng.normal(17, 2, n), 1),
        "flipper_length_mm": rng.integers(172, 231, n).astype(float),
        "body_mass_g": rng.integers(2700, 6300, n).astype(float),
        "sex": rng.choice(["male", "female"], n).astype(object),
        "year": rng.choice([2007, 2008, 2009], n),
    })
    frame.loc[[3, 40], ["bill_length_mm", "body_mass_g"]] = np.nan
    frame.loc[[8, 9], "sex"] = np.nan
    return frame[COLUMNS]


def write_penguins_csv(path: Path, n: int = 120) -> Path:
    """Write penguins_frame(n) as a CSV ("NA" for missing, as the original file has)."""
    penguins_frame(n).to_csv(path, index=False, na_rep="NA")
    return path
