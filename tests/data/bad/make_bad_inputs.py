"""Write the binary, re-encoded and large cases of the bad-input corpus, deterministically.

The small text cases are committed beside this script; the ones below are generated so the
repository stays small and no editor or git setting can change their bytes. The tests call
``generate(folder)`` from a session fixture; by hand:

    python tests/data/bad/make_bad_inputs.py OUT_FOLDER

Every case is listed in CASES.md (file, what is wrong, what LayerLab must answer).
"""

from __future__ import annotations

import io
import json
import pickle
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANY_LEVELS = 50_000
MANY_LEVELS_ROWS = 100_000  # every level twice: categorical, not free text
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entries carry a date; fix it so bytes are stable

LATIN1_ROWS = [("Zürich", 12, "oui"), ("Café Müller", 7, "non"), ("São Paulo", 3, "oui"),
               ("Ærøskøbing", 9, "non"), ("Málaga", 5, "oui"), ("Genève", 8, "non")]


def _people_csv(delimiter: str = ",") -> str:
    rows = [("city", "visits", "member")] + [(c, str(v), m) for c, v, m in LATIN1_ROWS]
    return "\n".join(delimiter.join(r) for r in rows) + "\n"


def _png(width: int = 4, height: int = 4) -> bytes:
    """A real (tiny, grey) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes([128] * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_FIXED_TIME), data)
    return buffer.getvalue()


class _RunsCode:
    """Pickles to "call os.system(...)" when unpickled: what a hostile .pkl/.pt would hold."""

    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        import os
        return (os.system, (self.command,))


def hostile_pickle(marker: Path) -> bytes:
    """A pickle whose loading would create ``marker`` (it is never loaded by LayerLab)."""
    return pickle.dumps(_RunsCode(f"touch '{marker}'"), protocol=2)


def _many_levels_csv() -> bytes:
    rng = random.Random(50_000)
    lines = ["customer_segment,spend,churned"]
    for i in range(MANY_LEVELS_ROWS):
        level = i % MANY_LEVELS
        lines.append(f"seg_{level:05d},{rng.randint(1, 999)},{'yes' if rng.random() < 0.3 else 'no'}")
    return ("\n".join(lines) + "\n").encode("ascii")


def _bundle_entries() -> dict[str, bytes]:
    """The four entries of a real (untrained, seeded) model bundle made from good.csv."""
    import torch
    from safetensors.torch import save as save_safetensors

    from engine.data import infer_schema, read_csv
    from engine.graph import ModelSpec
    from engine.model import build_model
    from engine.runs.pipeline import shape_context
    from engine.preprocess import prepare

    frame = read_csv(HERE / "good.csv").frame
    data = prepare(frame, infer_schema(frame, target="bought"))
    spec = ModelSpec.from_json((HERE / "model_good.json").read_text(encoding="utf-8"))
    ctx = shape_context(spec, data)
    torch.manual_seed(0)
    model = build_model(spec, ctx)
    pre = data.preprocessor
    manifest = {"format": "layerlab.model", "version": 1, "layerlab_version": "0", "task": pre.task,
                "target": "bought", "feature_columns": pre.input_columns, "feature_names": pre.feature_names,
                "class_names": pre.classes, "input_width": ctx.input_width, "output_width": ctx.output_width,
                "test_metrics": {}}
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    return {"manifest.json": json.dumps(manifest).encode(), "model.json": spec.to_json().encode(),
            "preprocessor.json": json.dumps(pre.to_dict()).encode(),
            "weights.safetensors": save_safetensors(state)}


def _damaged_checkpoint() -> bytes:
    """A real safetensors checkpoint cut off half-way, as a copy interrupted mid-write leaves it."""
    import torch
    from safetensors.torch import save as save_safetensors

    gen = torch.Generator().manual_seed(0)
    tensors = {"model.layers.dense_1.0.weight": torch.randn(64, 32, generator=gen),
               "model.layers.dense_1.0.bias": torch.zeros(64)}
    whole = save_safetensors(tensors, metadata={"layerlab": json.dumps({"format": "layerlab.checkpoint",
                                                                          "version": 1})})
    return whole[: len(whole) // 2]


WIDE_COLUMNS = 50_001  # the header alone is over the 256 KB sniff sample


def _wide_csv(columns: int) -> bytes:
    header = ",".join(f"feature_{i}" for i in range(columns - 1)) + ",target"
    rows = [",".join(str((r * 7 + i) % 10) for i in range(columns - 1)) + f",{r % 2}" for r in range(3)]
    return ("\n".join([header, *rows]) + "\n").encode()


def _hostile_bundles(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Bundles that must be refused cheaply: a zip bomb, a duplicate entry, a bad CRC, deep JSON, NaN weights,
    a one-class preprocessor (issue #17 items 6, 8, 10, 11, 12, 15)."""
    from safetensors.torch import load as load_safetensors
    from safetensors.torch import save as save_safetensors

    def stored(items) -> bytes:
        import warnings

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": the point of one case
            for name, data in items:
                archive.writestr(zipfile.ZipInfo(name, date_time=_FIXED_TIME), data)
        return buffer.getvalue()

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as stream:
                stream.write(data)
                if name == "manifest.json":
                    for _ in range(200):  # 200 MB of JSON whitespace, ~200 KB deflated
                        stream.write(b" " * 2**20)
    crc = bytearray(stored(entries.items()))
    at = crc.find(entries["manifest.json"]) + 1
    crc[at] = ord(" ")  # '{"format"' -> '{ format"': wrong CRC (the bytes are never parsed)
    manifest = json.loads(entries["manifest.json"])
    deep = entries["manifest.json"].rstrip()[:-1] + b', "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    state = load_safetensors(entries["weights.safetensors"])
    state["layers.dense_1.0.weight"][0, 0] = float("nan")
    pre = json.loads(entries["preprocessor.json"])
    pre["classes"] = ["yes"]
    return {
        "bundle_zip_bomb.llmodel": bomb.getvalue(),
        "bundle_duplicate_entry.llmodel": stored([*entries.items(), ("manifest.json", json.dumps(
            {**manifest, "task": "regression"}).encode())]),
        "bundle_bad_crc.llmodel": bytes(crc),
        "bundle_deep_json.llmodel": _zip({**entries, "manifest.json": deep}),
        "bundle_nan_weights.llmodel": _zip({**entries, "weights.safetensors": save_safetensors(state)}),
        "bundle_one_class.llmodel": _zip({**entries, "preprocessor.json": json.dumps(pre).encode()}),
    }


def generate(out: str | Path, *, marker: Path | None = None) -> dict[str, Path]:
    """Write every generated case into ``out``; return {file name: path}.

    Args:
        out: the folder to write into (created if needed).
        marker: the file the hostile pickles would create if anything ever unpickled them
            (default: ``out / "PWNED"``); tests assert it never appears.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    marker = marker or out / "PWNED"
    rng = random.Random(6)
    files: dict[str, bytes] = {
        "bom.csv": b"\xef\xbb\xbf" + b"age,income,bought\n34,52000,yes\n41,61000,no\n29,38000,yes\n52,75000,no\n",
        "latin1.csv": _people_csv().encode("latin-1"),
        # Excel's "Unicode text": UTF-16 little-endian with a BOM, tab separated
        "utf16.csv": _people_csv("\t").encode("utf-16"),
        "utf16_no_bom.csv": _people_csv().encode("utf-16-le"),
        "random_bytes.csv": bytes(rng.getrandbits(8) for _ in range(4096)),
        "zip_renamed.csv": _zip({"data.csv": _people_csv().encode()}),
        "png_renamed.csv": _png(),
        "many_levels.csv": _many_levels_csv(),
        "checkpoint_damaged.ckpt": _damaged_checkpoint(),
    }
    entries = _bundle_entries()
    files["bundle_good.llmodel"] = _zip(entries)
    files["bundle_with_pickle.llmodel"] = _zip({**entries, "payload.pkl": hostile_pickle(marker)})
    files["bundle_path_traversal.llmodel"] = _zip({**entries, "../../escaped.txt": b"written outside\n"})
    files["bundle_weights_pickle.llmodel"] = _zip({**entries, "weights.safetensors": hostile_pickle(marker)})
    newer = json.loads(entries["manifest.json"])
    newer["version"] = 9
    files["bundle_newer_version.llmodel"] = _zip({**entries, "manifest.json": json.dumps(newer).encode()})
    files["bundle_truncated.llmodel"] = files["bundle_good.llmodel"][:300]
    # issue #17: rows pasted from two sources (UTF-8 and cp1252 lines); a header of 50,001 columns
    files["mixed_encoding.csv"] = ("city,visits,bought\nZürich,12,yes\nSão Paulo,3,no\n".encode("utf-8")
                                   + "Ærøskøbing,7,yes\nMünchen,5,no\n".encode("cp1252")
                                   + "Genève,9,yes\n".encode("utf-8"))
    files["wide_columns.csv"] = _wide_csv(WIDE_COLUMNS)
    files.update(_hostile_bundles(entries))  # issue #17 items 6-12, 15 (tests/engine/io/test_hostile_bundles.py)
    paths = {}
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        paths[name] = path
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/data/bad/make_bad_inputs.py OUT_FOLDER")
    sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for `import engine`
    for written in generate(sys.argv[1]).values():
        print(written)
