"""Image decode throughput (images/s) of engine.data.images.load_images against a bare Pillow loop, in one run.

Three sets, each the median of --repeats, engine and reference interleaved: (a) the digits example's 1,797
8×8 greyscale PNGs, (b) 600 generated 64×64 colour JPEGs, (c) 300 generated 256×256 colour PNGs resized to
64×64. The reference opens, converts and (for c) resizes each file with Pillow into a preallocated array,
with none of the engine's checks; the ratio says what the checks and conversions cost.

    python tests/benchmarks/bench_image_decode.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image


def _reference(paths, folder: Path, size, channels) -> np.ndarray:
    out = np.empty((len(paths), channels, *size), dtype=np.uint8)
    mode = "L" if channels == 1 else "RGB"
    for i, name in enumerate(paths):
        with Image.open(folder / name) as img:
            img = img.convert(mode)
            if img.size != (size[1], size[0]):
                img = img.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            pixels = np.asarray(img)
            out[i] = pixels[None] if channels == 1 else pixels.transpose(2, 0, 1)
    return out


def _generated(folder: Path, count: int, side: int, suffix: str) -> list[str]:
    rng = np.random.default_rng(side)
    names = []
    for i in range(count):
        gradient = np.linspace(0, 255, side, dtype=np.float32)
        pixels = np.stack([np.add.outer(gradient, gradient) / 2, np.tile(gradient, (side, 1)),
                           rng.integers(0, 255, (side, side))], axis=-1).astype(np.uint8)
        name = f"{i:04d}{suffix}"
        Image.fromarray(pixels, mode="RGB").save(folder / name, quality=90) if suffix == ".jpg" else \
            Image.fromarray(pixels, mode="RGB").save(folder / name)
        names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import pandas as pd

    from engine.data.images import load_images
    from engine.io.examples import get_example

    digits = get_example("digits").path
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "jpg").mkdir()
        (tmp / "png").mkdir()
        sets = [("(a) digits, 8×8 grey PNG", pd.read_csv(digits)["image"].tolist(), digits.parent, (8, 8), 1),
                ("(b) 64×64 colour JPEG", _generated(tmp / "jpg", 600, 64, ".jpg"), tmp / "jpg", (64, 64), 3),
                ("(c) 256×256 PNG -> 64×64", _generated(tmp / "png", 300, 256, ".png"), tmp / "png", (64, 64), 3)]
        for label, paths, folder, size, channels in sets:
            load_images(paths, folder, size=size, channels=channels)  # warm the file cache
            engine, reference = [], []
            for _ in range(args.repeats):
                start = time.perf_counter()
                loaded = load_images(paths, folder, size=size, channels=channels)
                engine.append(time.perf_counter() - start)
                start = time.perf_counter()
                expected = _reference(paths, folder, size, channels)
                reference.append(time.perf_counter() - start)
            assert np.array_equal(loaded.array, expected), label
            e, r = statistics.median(engine), statistics.median(reference)
            print(f"{label:<28} {len(paths):>5} files   engine {len(paths) / e:8,.0f} images/s   "
                  f"bare Pillow {len(paths) / r:8,.0f} images/s   ratio {r / e:4.2f}x")


if __name__ == "__main__":
    main()
