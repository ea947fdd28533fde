"""Telling free text and image file paths apart from categories, identifiers and short strings.

Each check takes a text column's distinct values (most frequent first) and returns (kind, reason) when
the column is of its kind, else None; engine.data.schema asks them in order: image paths, free text,
many short strings.
"""

from __future__ import annotations

from pathlib import Path

import re

import pandas as pd

from engine.i18n import _

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".webp")
IMAGE_SHARE = 0.95       # of the distinct values that must end in an image extension
FILES_CHECKED = 20       # sampled paths checked on disk
TEXT_MIN_WORDS = 3       # median words of free text
TEXT_LONG_WORDS = 6      # texts this long are free text even when some repeat (duplicated messages)
TEXT_MIN_DISTINCT = 10
MANY_SHORT_DISTINCT = 100  # short strings with more values than this, mostly unique: names or codes
_SAMPLE = 5000
# Chinese, Japanese and Korean are written without spaces: about two characters make a word
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_counts(values: pd.Series) -> pd.Series:
    """Words in each text: runs between spaces, plus one per two Chinese, Japanese or Korean characters."""
    text = values.astype(str)
    return text.str.split().str.len().fillna(0) + text.str.count(_CJK.pattern) // 2


def resolve_path(value: str, base_dir: str | Path | None) -> Path:
    """A path from a CSV cell: absolute as written, relative ones from the CSV's folder (base_dir)."""
    path = Path(str(value).strip())
    if path.is_absolute() or base_dir is None:
        return path
    return Path(base_dir) / path


def image_paths_kind(levels: pd.Series, base_dir: str | Path | None) -> tuple[str, str] | None:
    """("image", reason) when the values are image file names (.png, .jpg, .jpeg, .bmp, .webp).

    With base_dir (the CSV's folder) a sample of FILES_CHECKED paths is looked up on disk and the reason
    says how many exist; without it the files are not checked.
    """
    sample = levels.iloc[:_SAMPLE].str.strip()
    lowered = sample.str.lower()
    is_image = lowered.str.endswith(IMAGE_EXTENSIONS) & (sample.str.len() < 1000) & ~sample.str.contains("\n")
    if not len(sample) or is_image.mean() < IMAGE_SHARE:
        return None
    suffixes = sorted({Path(v).suffix for v in lowered[is_image].iloc[:500]})
    reason = _("image: {count} image files ({types})").format(count=f"{len(levels):,}", types=", ".join(suffixes))
    if base_dir is None:
        return "image", reason
    checked = sample[is_image].iloc[:FILES_CHECKED]
    found = sum(resolve_path(v, base_dir).is_file() for v in checked)
    if found == len(checked):
        return "image", reason + _("; {found} of {checked} checked exist").format(found=found, checked=len(checked))
    return "image", reason + _("; only {found} of {checked} checked exist in {folder}").format(
        found=found, checked=len(checked), folder=str(base_dir))


def free_text_kind(levels: pd.Series, counts: pd.Series, present: int) -> tuple[str, str] | None:
    """("text", reason) for free text: several words per value, mostly different values.

    Short strings (names, codes, "town 5"), categories of a few long labels and identifiers are not
    free text: they have fewer than TEXT_MIN_WORDS words, or repeat a small set of values.
    """
    unique = len(levels)
    sample = levels.iloc[:_SAMPLE]
    words = word_counts(sample)
    median = float(words.median())
    mostly_unique = unique >= 0.5 * present and unique >= TEXT_MIN_DISTINCT
    long_and_varied = median >= TEXT_LONG_WORDS and unique > 50
    if median < TEXT_MIN_WORDS or not (mostly_unique or long_and_varied):
        return None
    return "text", _("text: free text, {count} different values, {words} words on average (up to {longest})").format(
        count=f"{unique:,}", words=f"{float(words.mean()):.0f}", longest=f"{int(words.max()):,}")


def short_strings_kind(levels: pd.Series, present: int) -> tuple[str, str] | None:
    """("identifier", reason) for many different short strings (names, codes, e-mail addresses):
    too many values for a category, too few words for text."""
    unique = len(levels)
    if unique > MANY_SHORT_DISTINCT and unique > 0.5 * present:
        return "identifier", _("ignored: {count} different short values, like names or codes").format(
            count=f"{unique:,}")
    return None
