"""Small tables with text, pixel and time-series columns, and models trained on them, for the export tests."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.io.bundle import save_bundle
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig

FAST = TrainConfig(epochs=1, batch_size=32, seed=0)
WORDS = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene", "great", "awful"])


def reviews(n=120, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    texts = [" ".join(rng.choice(WORDS, rng.integers(3, 12))) for _ in range(n)]
    labels = ["pos" if any(w in ("good", "great", "fun") for w in t.split()) else "neg" for t in texts]
    return pd.DataFrame({"stars": rng.integers(1, 6, n), "votes": rng.normal(size=n).round(3), "review": texts,
                         "label": labels})


def pixels(n=120, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.integers(0, 17, (n, 64)), columns=[f"pixel_{r}_{c}" for r in range(8) for c in range(8)])
    frame["digit"] = rng.choice(["a", "b", "c"], n)
    return frame


def series(n=160) -> pd.DataFrame:
    t = np.arange(n)
    return pd.DataFrame({"day": t, "temp": np.sin(t / 5).round(4), "level": (np.cos(t / 7) + t / 50).round(4)})


def train(folder, name, frame, target, spec, *, time_column=None) -> tuple:
    schema = infer_schema(frame, target=target, base_dir=folder)
    if time_column:
        schema.set_time_column(time_column, lookback=6, horizon=1)
    run = RunPipeline(frame, schema, spec, FAST, base_dir=folder).run()
    csv = folder / f"{name}.csv"
    frame.drop(columns=[target] if not time_column else []).to_csv(csv, index=False)
    return save_bundle(folder / f"{name}.llmodel", run), csv


def image_files(folder, n=48, seed=0) -> pd.DataFrame:
    """n small PNG/JPEG files of mixed modes and sizes in folder/images, and a table naming them (relative)."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(exist_ok=True)
    names, labels = [], []
    modes = ("RGB", "L", "P", "RGBA")
    for i in range(n):
        size = (10, 10) if i % 3 else (14, 12)  # some need resizing
        pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
        image = Image.fromarray(pixels, "RGB")
        mode = modes[i % len(modes)]
        image = image.convert(mode) if mode != "P" else image.quantize(16)
        name = f"images/img_{i}.{'jpg' if i % 5 == 0 and mode in ('RGB', 'L') else 'png'}"
        image.save(folder / name)
        names.append(name)
        labels.append("bright" if pixels.mean() > 127.5 else "dark")
    return pd.DataFrame({"photo": names, "label": labels})
