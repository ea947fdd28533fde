"""Rebuild the image, pixel, text and time-series examples from the sources named in README.md.

Run at build time only (the app never downloads anything):

    python resources/examples/make_media_examples.py --kjv BIBLE_TOOL_FOLDER --statsmodels STATSMODELS_FOLDER

- digits/ and digits_pixels.csv: scikit-learn's bundled digits (no extra download).
- bible_verses.csv: the King James Version from Debian's bible-kjv and bible-kjv-text packages
  (`apt-get download bible-kjv bible-kjv-text`, unpack both with `dpkg-deb -x`); BIBLE_TOOL_FOLDER holds
  the unpacked usr/bin/bible and usr/lib/bible.data.
- co2_monthly.csv: statsmodels' bundled Mauna Loa weekly CO2 (statsmodels/datasets/co2/co2.csv);
  STATSMODELS_FOLDER is an installed or unpacked statsmodels package.
Each part is seeded: a rerun writes the same files.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
VERSES_PER_SECTION = 800
# the 66 books in canonical order, by section; Acts counts as history and Revelation as prophecy
SECTIONS = ["law"] * 5 + ["history"] * 12 + ["poetry"] * 5 + ["prophets"] * 17 + ["gospels"] * 4 \
    + ["history"] + ["letters"] * 21 + ["prophets"]


def make_digits() -> None:
    """digits/images/NNNN.png (8×8 greyscale, 0..16 scaled to 0..255) + digits/digits.csv, and the same
    pixels as 64 columns in digits_pixels.csv."""
    from PIL import Image
    from sklearn.datasets import load_digits

    digits = load_digits()
    folder = HERE / "digits" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    pixels = np.round(digits.images * 255 / 16).astype(np.uint8)
    names = []
    for i, image in enumerate(pixels):
        name = f"images/{i:04d}.png"
        Image.fromarray(image, mode="L").save(HERE / "digits" / name, optimize=True)
        names.append(name)
    pd.DataFrame({"image": names, "label": digits.target}).to_csv(HERE / "digits" / "digits.csv", index=False)
    flat = pd.DataFrame(pixels.reshape(len(pixels), 64), columns=[f"pixel_{r}_{c}" for r in range(8) for c in range(8)])
    flat["label"] = digits.target
    flat.to_csv(HERE / "digits_pixels.csv", index=False)


def make_bible_verses(tool_folder: Path) -> None:
    """bible_verses.csv: VERSES_PER_SECTION verses drawn (seeded) from each section, columns text,label."""
    out = subprocess.run([str(tool_folder / "usr" / "bin" / "bible"), "-f", "Gen1:1-Rev22:21"],
                         cwd=tool_folder / "usr" / "lib", capture_output=True, text=True, check=True).stdout
    books, rows = [], []
    for line in out.splitlines():
        reference, _, text = line.partition(" ")
        book = reference.rstrip("0123456789:")
        if not text or not book:
            continue
        if not books or books[-1] != book:
            books.append(book)
        rows.append((text.strip(), SECTIONS[len(books) - 1]))
    if len(books) != 66:
        raise SystemExit(f"expected 66 books, found {len(books)}")
    verses = pd.DataFrame(rows, columns=["text", "label"])
    rng = np.random.default_rng(66)
    picked = [group.iloc[rng.choice(len(group), VERSES_PER_SECTION, replace=False)]
              for _, group in verses.groupby("label", sort=True)]
    sample = pd.concat(picked).sample(frac=1.0, random_state=1611).reset_index(drop=True)
    sample.to_csv(HERE / "bible_verses.csv", index=False, quoting=csv.QUOTE_MINIMAL)


def make_co2(statsmodels_folder: Path) -> None:
    """co2_monthly.csv: monthly means of the weekly Mauna Loa series; the few months without a measure
    are interpolated linearly."""
    weekly = pd.read_csv(statsmodels_folder / "datasets" / "co2" / "co2.csv")
    weekly["date"] = pd.to_datetime(weekly["date"].astype(str), format="%Y%m%d")
    monthly = weekly.set_index("date")["co2"].resample("MS").mean().interpolate().round(2)
    pd.DataFrame({"date": monthly.index.strftime("%Y-%m-%d"), "co2": monthly.to_numpy()}).to_csv(
        HERE / "co2_monthly.csv", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kjv", type=Path, help="folder with the unpacked bible-kjv and bible-kjv-text packages")
    parser.add_argument("--statsmodels", type=Path, help="the statsmodels package folder")
    args = parser.parse_args()
    make_digits()
    if args.kjv:
        make_bible_verses(args.kjv)
    if args.statsmodels:
        make_co2(args.statsmodels)


if __name__ == "__main__":
    main()
