"""Image files named in a CSV column: probed for size and channels, decoded once to uint8 (N, C, H, W).

Every image is converted to the chosen channels (1 = greyscale, 3 = RGB) whatever its mode (palette, CMYK,
16-bit, with alpha) and resized to one size. Sets that fit in the memory limit (MEMORY_LIMIT_BYTES, or the
environment variable LAYERLAB_IMAGE_MEMORY_LIMIT in bytes) are decoded into one array; larger ones are read from
disk batch by batch (LoadedImages.read, engine.data.streamed_images).
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from engine.data.rich_kinds import resolve_path
from engine.errors import DataError, UnreadableImagesError
from engine.i18n import _, ngettext

MEMORY_LIMIT_BYTES = 2 * 1024 ** 3
MEMORY_LIMIT_VARIABLE = "LAYERLAB_IMAGE_MEMORY_LIMIT"
MAX_DEFAULT_SIDE = 128  # a size chosen from the files is scaled down to this longest side
PROBE_SAMPLE = 20
NAMES_SHOWN = 5
_GREY_MODES = {"1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"}

Progress = Callable[[int, int], None]


@dataclass
class ImageProbe:
    """What a sample of the files says: the size and channels to use, and whether sizes differ."""

    size: tuple[int, int]        # (height, width) to use
    channels: int                # 1 or 3
    sizes_seen: list[tuple[int, int]]
    sampled: int

    @property
    def mixed_sizes(self) -> bool:
        return len(set(self.sizes_seen)) > 1

    def describe(self) -> str:
        """One sentence for `layerlab info` and the Data page."""
        h, w = self.size
        text = _("{channels}×{height}×{width} ({colour}; {count} files sampled)").format(
            channels=self.channels, height=h, width=w, count=self.sampled,
            colour=_("greyscale") if self.channels == 1 else _("colour"))
        if self.mixed_sizes:
            shown = ", ".join(f"{sh}×{sw}" for sh, sw in sorted(set(self.sizes_seen))[:3])
            text += _("; sizes differ ({sizes}): all are resized").format(sizes=shown)
        return text


@dataclass
class LoadedImages:
    """Decoded images. array: uint8 (N, C, H, W) when in_memory, else None (use read). rows: the rows of the
    input they come from (all rows, or those left after dropping unreadable files).
    unreadable: (row, path, reason) of each file that could not be used."""

    array: np.ndarray | None
    size: tuple[int, int]
    channels: int
    rows: np.ndarray
    paths: list[Path]
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)
    in_memory: bool = True
    resized: int = 0

    @property
    def nbytes(self) -> int:
        h, w = self.size
        return len(self.rows) * self.channels * h * w

    def describe(self) -> str:
        """E.g. "1,797 images, 1×8×8, 0.1 MB in memory" (or "read from disk as needed")."""
        h, w = self.size
        where = _("{size} MB in memory").format(size=f"{self.nbytes / 1e6:,.1f}") if self.in_memory else \
            _("{size} MB, more than fits in memory: read from disk as needed").format(size=f"{self.nbytes / 1e6:,.1f}")
        text = ngettext("{count} image, {shape}, {where}", "{count} images, {shape}, {where}", len(self.rows)).format(
            count=f"{len(self.rows):,}", shape=f"{self.channels}×{h}×{w}", where=where)
        if self.resized:
            text += ngettext("; {count} resized to {height}×{width}", "; {count} resized to {height}×{width}",
                             self.resized).format(count=f"{self.resized:,}", height=h, width=w)
        if self.unreadable:
            text += ngettext("; {count} row dropped (unreadable file)", "; {count} rows dropped (unreadable files)",
                             len(self.unreadable)).format(count=len(self.unreadable))
        return text

    def read(self, positions: Sequence[int] | np.ndarray) -> np.ndarray:
        """uint8 (len(positions), C, H, W) for these positions (0..len(rows)-1): from memory, or decoded now."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.array is not None:
            return self.array[positions]
        out = np.empty((len(positions), self.channels, *self.size), dtype=np.uint8)
        for i, at in enumerate(positions):
            out[i], _resized = decode_image(self.paths[at], self.size, self.channels)
        return out


def image_memory_limit() -> int:
    """Bytes of decoded images kept in memory: LAYERLAB_IMAGE_MEMORY_LIMIT when set, else MEMORY_LIMIT_BYTES.

    Raises:
        DataError: the variable is set but is not a whole number of bytes.
    """
    value = os.environ.get(MEMORY_LIMIT_VARIABLE, "").strip()
    if not value:
        return MEMORY_LIMIT_BYTES
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        limit = -1
    if limit < 0:
        raise DataError(_("The environment variable {name} must be a whole number of bytes (e.g. 2000000000), "
                          "not {value!r}. Fix or unset it.").format(name=MEMORY_LIMIT_VARIABLE, value=value))
    return limit


def probe_images(paths: Sequence[str], base_dir: str | Path | None) -> ImageProbe:
    """Size and channels from the headers of up to PROBE_SAMPLE readable files, spread over the column.

    The size is the most common one, scaled down to MAX_DEFAULT_SIDE on its longer side; channels are 1 when
    every sampled image is grey, else 3.

    Raises:
        DataError: none of the sampled files can be opened (naming the first few).
    """
    present = [str(p) for p in paths if isinstance(p, str) and p.strip()]
    if not present:
        raise DataError(_("There are no image file names to read: every cell of the image column is empty."))
    picks = np.unique(np.linspace(0, len(present) - 1, min(PROBE_SAMPLE, len(present))).astype(int))
    sizes, grey, failed = [], True, []
    for at in picks:
        path = resolve_path(present[at], base_dir)
        try:
            with _opened(path) as img:
                sizes.append((img.height, img.width))
                grey = grey and _is_grey(img)
        except DataError as exc:
            failed.append((int(at), str(path), str(exc)))
    if not sizes:
        raise _unreadable_error(failed, len(picks), base_dir)
    h, w = Counter(sizes).most_common(1)[0][0]
    scale = min(1.0, MAX_DEFAULT_SIDE / max(h, w))
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    return ImageProbe(size, 1 if grey else 3, sizes, len(sizes))


def load_images(paths: Sequence[str], base_dir: str | Path | None, *, size: tuple[int, int] | int | None = None,
                channels: int | None = None, progress: Progress | None = None, drop_unreadable: bool = False,
                memory_limit: int | None = None) -> LoadedImages:
    """Decode every image once to uint8 (N, C, H, W).

    Args:
        paths: one path per row, relative to base_dir (the CSV's folder) or absolute.
        size: (height, width) or one side for square images; None takes probe_images' size.
        channels: 1 (greyscale) or 3 (RGB); None takes probe_images' choice.
        progress: called with (done, total) about a hundred times.
        drop_unreadable: leave out rows whose file is missing or unreadable (listed in .unreadable)
            instead of raising.
        memory_limit: above this many bytes the images are not decoded now but read from disk (LoadedImages.read);
            None: image_memory_limit().

    Raises:
        DataError: files are missing or unreadable (their count and the first few names) and
            drop_unreadable is False, or none is readable, or size/channels are not valid.
    """
    paths = ["" if p is None or (isinstance(p, float) and np.isnan(p)) else str(p) for p in paths]
    if size is None or channels is None:
        probe = probe_images(paths, base_dir)
        size = probe.size if size is None else size
        channels = probe.channels if channels is None else channels
    size = (int(size), int(size)) if isinstance(size, (int, np.integer)) else (int(size[0]), int(size[1]))
    if channels not in (1, 3) or min(size) < 1:
        raise DataError(_("Images need 1 or 3 channels and a size of at least 1×1 (got {channels} channels, "
                          "{height}×{width}).").format(channels=channels, height=size[0], width=size[1]))
    resolved = [resolve_path(p, base_dir) for p in paths]
    total = len(resolved)
    if memory_limit is None:
        memory_limit = image_memory_limit()
    if total * channels * size[0] * size[1] > memory_limit:
        return _streamed(resolved, size, channels, progress, drop_unreadable, base_dir)
    array = np.empty((total, channels, *size), dtype=np.uint8)
    keep, unreadable, resized = np.ones(total, dtype=bool), [], 0
    every = max(1, total // 100)
    for row, path in enumerate(resolved):
        try:
            array[row], was_resized = decode_image(path, size, channels)
            resized += was_resized
        except DataError as exc:
            keep[row] = False
            unreadable.append((row, paths[row], str(exc)))
        if progress and ((row + 1) % every == 0 or row + 1 == total):
            progress(row + 1, total)
    _check_unreadable(unreadable, total, drop_unreadable, base_dir)
    rows = np.flatnonzero(keep)
    return LoadedImages(array[rows] if unreadable else array, size, channels, rows,
                        [resolved[r] for r in rows], unreadable, True, resized)


def decode_image(path: Path, size: tuple[int, int], channels: int) -> tuple[np.ndarray, bool]:
    """One file as uint8 (channels, height, width), and whether it had to be resized.

    Raises:
        DataError: the file is missing, not an image, damaged, or a decompression bomb.
    """
    with _opened(path) as img:
        if img.format == "JPEG":
            img.draft("L" if channels == 1 else "RGB", (size[1], size[0]))  # decode at a reduced scale: faster
        try:
            img.load()
        except OSError as exc:
            raise DataError(_("damaged image ({error})").format(error=exc), path=path) from None
        converted = _convert(img, channels)
        was_resized = converted.size != (size[1], size[0])
        if was_resized:
            converted = converted.resize((size[1], size[0]), Image.Resampling.BILINEAR)
        pixels = np.asarray(converted, dtype=np.uint8)
    return (pixels[None] if channels == 1 else pixels.transpose(2, 0, 1)), was_resized


class _opened:
    """Image.open as a context manager whose failures are DataErrors in words, decompression bombs included."""

    def __init__(self, path: Path):
        self.path, self.image = path, None

    def __enter__(self) -> Image.Image:
        if not self.path.is_file():
            raise DataError(_("no such file"), path=self.path)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                self.image = Image.open(self.path)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise DataError(_("too many pixels to open safely (a decompression bomb?): more than {limit} "
                                  "million").format(limit=f"{(Image.MAX_IMAGE_PIXELS or 0) / 1e6:.0f}"),
                                path=self.path) from None
            except UnidentifiedImageError:
                raise DataError(_("not an image Pillow can read"), path=self.path) from None
            except OSError as exc:
                raise DataError(_("cannot be read ({error})").format(error=exc.strerror or exc), path=self.path) \
                    from None
        return self.image

    def __exit__(self, *exc) -> None:
        if self.image is not None:
            self.image.close()


def _convert(img: Image.Image, channels: int) -> Image.Image:
    """img in mode "L" (channels 1) or "RGB" (3): 16-bit and float images scaled to 0..255, transparency
    laid over white, palette and CMYK images converted."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        values = np.asarray(img, dtype=np.float64)
        peak = values.max(initial=0)
        top = 65535.0 if img.mode.startswith("I;16") or peak > 255 else 1.0 if img.mode == "F" and peak <= 1.0 \
            else 255.0
        img = Image.fromarray(np.clip(values / top * 255.0 + 0.5, 0, 255).astype(np.uint8), mode="L")
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "PA", "RGBA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("L" if channels == 1 else "RGB")


def _is_grey(img: Image.Image) -> bool:
    if img.mode in _GREY_MODES:
        return True
    if img.mode in ("RGB", "RGBA", "P", "PA"):
        small = img.copy()
        small.thumbnail((64, 64))
        rgb = np.asarray(small.convert("RGB"), dtype=np.int16)
        return bool(np.all(rgb[..., 0] == rgb[..., 1]) and np.all(rgb[..., 1] == rgb[..., 2]))
    return False


def _streamed(resolved: list[Path], size, channels, progress, drop_unreadable, base_dir) -> LoadedImages:
    """Too big for memory: open (not decode) every file now, so bad files are found before training."""
    total, keep, unreadable = len(resolved), np.ones(len(resolved), dtype=bool), []
    every = max(1, total // 100)
    for row, path in enumerate(resolved):
        try:
            with _opened(path):
                pass
        except DataError as exc:
            keep[row] = False
            unreadable.append((row, str(path), str(exc)))
        if progress and ((row + 1) % every == 0 or row + 1 == total):
            progress(row + 1, total)
    _check_unreadable(unreadable, total, drop_unreadable, base_dir)
    rows = np.flatnonzero(keep)
    return LoadedImages(None, size, channels, rows, [resolved[r] for r in rows], unreadable, False)


def _check_unreadable(unreadable: list, total: int, drop: bool, base_dir) -> None:
    if unreadable and (not drop or len(unreadable) == total):
        raise _unreadable_error(unreadable, total, base_dir, droppable=len(unreadable) < total)


def _unreadable_error(unreadable: list, total: int, base_dir, droppable: bool = False) -> UnreadableImagesError:
    shown = "; ".join(f"{name} (row {row + 1}: {why})" for row, name, why in unreadable[:NAMES_SHOWN])
    more = len(unreadable) - NAMES_SHOWN
    text = ngettext("{count} of {total} image files cannot be used: {files}",
                    "{count} of {total} image files cannot be used: {files}", len(unreadable)).format(
        count=f"{len(unreadable):,}", total=f"{total:,}", files=shown)
    if more > 0:
        text += ngettext(" and {count} more", " and {count} more", more).format(count=f"{more:,}")
    text += _(". Paths are read relative to {folder}.").format(folder=str(base_dir) if base_dir else _("the CSV's folder"))
    if droppable:
        text += " " + _("Fix or remove those files, or choose to drop their rows.")
    first = unreadable[0] if unreadable else None
    return UnreadableImagesError(text, droppable=droppable, path=first[1] if first else None,
                                 row=first[0] if first else None)
