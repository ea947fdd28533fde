"""Hostile and damaged files (issue #17 items 6-12, 15): opening a file is cheap and bounded, and every
refusal is one message naming the file and the part that is wrong, never a traceback.

The files are built here from the corpus's good bundle (tests/data/bad/make_bad_inputs.py's entries).
"""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile

import pytest
import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from engine.errors import ProjectError
from engine.io.bundle import load_bundle, read_manifest
from tests.bad_corpus import assert_refused, generator, peak_rss_mb

FIXED = (2024, 1, 1, 0, 0, 0)


@pytest.fixture(scope="module")
def entries() -> dict[str, bytes]:
    return generator()._bundle_entries()


def _zip(items, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in items:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED), data, compress_type=method)
    return buffer.getvalue()


def _bomb(entries, names, size) -> bytes:
    """The bundle with each entry in ``names`` replaced by ``size`` bytes of JSON whitespace (deflated ~1000x)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if name not in names:
                archive.writestr(zipfile.ZipInfo(name, date_time=FIXED), data)
                continue
            info = zipfile.ZipInfo(name, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as stream:
                stream.write(data)
                block = b" " * 2**20
                for _ in range(size // len(block)):
                    stream.write(block)
    return buffer.getvalue()


def _patch(raw: bytes, name: str, local: dict[int, bytes], central: dict[int, bytes] | None = None) -> bytes:
    """Overwrite bytes of ``name``'s local header (offsets from its start) and central directory record."""
    raw = bytearray(raw)
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(name)
    for offset, value in local.items():
        raw[info.header_offset + offset: info.header_offset + offset + len(value)] = value
    start = 0
    while (start := raw.find(b"PK\x01\x02", start)) >= 0:
        length = struct.unpack("<H", raw[start + 28: start + 30])[0]
        if raw[start + 46: start + 46 + length] == name.encode():
            for offset, value in (central or {}).items():
                raw[start + offset: start + offset + len(value)] = value
        start += 4
    return bytes(raw)


def _data_offset(raw: bytes, name: str) -> int:
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
    n, m = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    return info.header_offset + 30 + n + m


def _refused(capsys, path, fragment, *, info=True):
    with pytest.raises(ProjectError, match=fragment):
        load_bundle(path)
    assert_refused(capsys, fragment, "predict", path, path.with_name("x.csv"), "-o", path.with_name("p.csv"))
    if info:
        assert_refused(capsys, fragment, "info", path)


# --- item 6: zip bombs ---------------------------------------------------------------------------

@pytest.mark.parametrize("names", [("manifest.json",), ("manifest.json", "model.json", "preprocessor.json",
                                                         "weights.safetensors")])
def test_zip_bomb_refused_quickly_and_without_memory(entries, tmp_path, capsys, names):
    path = tmp_path / "bomb.llmodel"
    path.write_bytes(_bomb(entries, names, 300 * 2**20))  # 300 MB each, ~300 KB deflated
    before, start = peak_rss_mb(), time.perf_counter()
    with pytest.raises(ProjectError, match=r"bomb.llmodel': entry manifest.json would inflate [\d,]+ times "
                                           r"\(to 300 MB\); only a zip bomb does that"):
        read_manifest(path)
    _refused(capsys, path, r"entry manifest.json would inflate")
    assert time.perf_counter() - start < 2 and peak_rss_mb() - before < 50


def test_entry_over_its_cap_refused(entries, tmp_path, capsys):
    path = tmp_path / "big.llmodel"
    path.write_bytes(_zip([*((n, d) for n, d in entries.items() if n != "model.json"),
                           ("model.json", b" " * (65 * 2**20) + entries["model.json"])], zipfile.ZIP_STORED))
    _refused(capsys, path, r"entry model.json says it is 65 MB, more than the 64 MB a LayerLab bundle can hold",
             info=False)


# --- item 10: damaged zips -----------------------------------------------------------------------

def _good_stored(entries) -> bytes:
    return _zip(entries.items(), zipfile.ZIP_STORED)


def test_bad_crc_refused(entries, tmp_path, capsys):
    raw = bytearray(_good_stored(entries))
    at = _data_offset(bytes(raw), "manifest.json") + 2
    raw[at] = ord(" ") if raw[at] != ord(" ") else ord("\t")  # still JSON, wrong CRC
    path = tmp_path / "crc.llmodel"
    path.write_bytes(bytes(raw))
    _refused(capsys, path, r"crc.llmodel': entry manifest.json is damaged \(Bad CRC-32")


def test_broken_deflate_stream_refused(entries, tmp_path, capsys):
    raw = bytearray(_zip(entries.items()))
    at = _data_offset(bytes(raw), "model.json")
    raw[at: at + 4] = b"\xff\xff\xff\xff"
    path = tmp_path / "deflate.llmodel"
    path.write_bytes(bytes(raw))
    _refused(capsys, path, r"deflate.llmodel': entry model.json is damaged \(Error -3", info=False)


def test_encrypted_entry_refused(entries, tmp_path, capsys):
    path = tmp_path / "secret.llmodel"
    path.write_bytes(_patch(_zip(entries.items()), "manifest.json", {6: b"\x01\x00"}, {8: b"\x01\x00"}))
    _refused(capsys, path, r"secret.llmodel': entry manifest.json is encrypted; LayerLab bundles never are")


def test_unknown_compression_refused(entries, tmp_path, capsys):
    path = tmp_path / "method.llmodel"
    path.write_bytes(_patch(_zip(entries.items()), "weights.safetensors", {8: b"\x63\x00"}, {10: b"\x63\x00"}))
    _refused(capsys, path, r"entry weights.safetensors uses compression method 99; LayerLab bundles use only "
                           r"stored or deflated")


# --- item 11: duplicate entries ------------------------------------------------------------------

def test_duplicate_entry_refused(entries, tmp_path, capsys):
    other = json.loads(entries["manifest.json"]) | {"task": "regression"}
    path = tmp_path / "twice.llmodel"
    with pytest.warns(UserWarning, match="Duplicate name"):
        path.write_bytes(_zip([*entries.items(), ("manifest.json", json.dumps(other).encode())]))
    _refused(capsys, path, r"twice.llmodel' holds manifest.json more than once; LayerLab refuses a bundle whose "
                           r"entries are ambiguous")


# --- item 8: deep JSON ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["manifest.json", "model.json", "preprocessor.json"])
def test_deeply_nested_json_refused(entries, tmp_path, capsys, name):
    deep = entries[name].rstrip()[:-1] + b', "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    path = tmp_path / "deep.llmodel"
    path.write_bytes(_zip({**entries, name: deep}.items()))
    _refused(capsys, path, rf"deep.llmodel': {name} is damaged \(it is nested more than 64 levels deep",
             info=name == "manifest.json")


# --- item 15: weights that are not finite ---------------------------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_weights_refused(entries, tmp_path, capsys, value):
    state = load_safetensors(entries["weights.safetensors"])
    state["layers.dense_1.0.weight"][0, 0] = value
    path = tmp_path / "nan.llmodel"
    path.write_bytes(_zip({**entries, "weights.safetensors": save_safetensors(state)}.items()))
    _refused(capsys, path, r"the weights of layer 'dense_1' \(layers.dense_1.0.weight\) contain NaN or infinite "
                           r"values", info=False)


def test_deeply_nested_model_and_project_refused(corpus, tmp_path, capsys):
    from engine.errors import SpecError
    from engine.graph import ModelSpec
    from engine.io.project import Project

    spec = (corpus / "model_good.json").read_text().rstrip()[:-1] + ', "extra": ' + "[" * 5000 + "]" * 5000 + "}"
    model = tmp_path / "deep.json"
    model.write_text(spec)
    with pytest.raises(SpecError, match="The model file is damaged: it is nested more than 64 levels deep"):
        ModelSpec.from_json(spec)
    assert_refused(capsys, "nested more than 64 levels deep", "train", "--csv", corpus / "good.csv", "--target",
                   "bought", "--model", model, "--out", tmp_path / "m.llmodel")
    project = tmp_path / "deep.layerlab"
    project.write_text((corpus / "project_good.layerlab").read_text().rstrip()[:-1] + ', "x": '
                       + "{\"a\": " * 5000 + "1" + "}" * 5000 + "}")
    with pytest.raises(ProjectError, match=r"deep.layerlab' is damaged: it is nested more than 64 levels deep"):
        Project.load(project)
    assert_refused(capsys, r"deep.layerlab' is damaged: it is nested more than 64", "info", project)


# --- item 12: preprocessor state -----------------------------------------------------------------

def _with_pre(entries, change) -> dict:
    pre = json.loads(entries["preprocessor.json"])
    change(pre)
    return {**entries, "preprocessor.json": json.dumps(pre).encode()}


PRE_DAMAGE = {
    "no_columns": (lambda p: p.pop("columns"), r"preprocessing state is damaged: it has no 'columns'"),
    "state_key_missing": (lambda p: p["columns"][0]["state"].pop("mean"),
                          r"column 'age' \(numeric\) has a bad state \(KeyError: 'mean'\)"),
    "unknown_kind": (lambda p: p["columns"][0].update(kind="hologram"),
                     r"column 'age' has the unknown kind 'hologram'; known kinds: numeric"),
    "one_class": (lambda p: p.update(classes=["yes"]), r"needs at least two different classes, got \['yes'\]"),
    "null_classes": (lambda p: p.update(classes=None), r"a binary target needs a list of class names, got None"),
    "three_classes": (lambda p: p.update(classes=["no", "yes", "maybe"]),
                      r"a binary target has two classes, got 3"),
}


@pytest.mark.parametrize("damage", sorted(PRE_DAMAGE))
def test_damaged_preprocessor_refused(entries, tmp_path, capsys, damage):
    change, fragment = PRE_DAMAGE[damage]
    path = tmp_path / "pre.llmodel"
    path.write_bytes(_zip(_with_pre(entries, change).items()))
    _refused(capsys, path, r"pre.llmodel' is damaged or inconsistent: .*" + fragment, info=False)


def test_classes_inconsistent_with_the_head_refused(entries, tmp_path, capsys):
    def three(p):
        p.update(task="multiclass", classes=["a", "b", "c"])
    manifest = json.loads(entries["manifest.json"]) | {"task": "multiclass", "output_width": 2}
    path = tmp_path / "head.llmodel"
    path.write_bytes(_zip({**_with_pre(entries, three), "manifest.json": json.dumps(manifest).encode()}.items()))
    _refused(capsys, path, r"the multiclass model has 2 output\(s\) but the preprocessor lists 3 classes", info=False)


# --- item 7: huge model specs --------------------------------------------------------------------

def _chain_json(n: int, loop: bool = False) -> str:
    ids = ["input_1", *(f"dense_{i}" for i in range(1, n - 1)), "output_1"]
    types = ["Input", *(["Dense"] * (n - 2)), "Output"]
    nodes = [{"id": i, "type": t, "params": {"units": 2} if t == "Dense" else {}} for i, t in zip(ids, types)]
    edges = [{"source": a, "target": b} for a, b in zip(ids, ids[1:])]
    if loop:
        edges.append({"source": ids[n // 2], "target": ids[n // 3]})
    return json.dumps({"format": "layerlab.modelspec", "version": 1, "nodes": nodes, "edges": edges})


def test_ten_thousand_layers_validate_in_linear_time():
    from engine.graph import ModelSpec, validate
    from engine.layers import ShapeContext

    ctx = ShapeContext(input_width=5, output_width=1, task="binary")
    start = time.perf_counter()
    assert validate(ModelSpec.from_json(_chain_json(10_000)), ctx) == []  # was 41 s
    looped = validate(ModelSpec.from_json(_chain_json(10_000, loop=True)), ctx)
    assert time.perf_counter() - start < 8
    in_loop = {p.node_id for p in looped if "part of a loop" in p.message}
    assert in_loop == {f"dense_{i}" for i in range(3333, 5001)}


def test_too_many_layers_refused_before_validation(tmp_path, capsys, corpus):
    from engine.errors import SpecError
    from engine.graph import ModelSpec

    text = _chain_json(10_001)
    with pytest.raises(SpecError, match=r"The model file has 10,001 layers and 10,000 connections; LayerLab opens "
                                        r"models of up to 10,000 layers"):
        ModelSpec.from_json(text)
    model = tmp_path / "huge.json"
    model.write_text(_chain_json(200_000))
    start = time.perf_counter()
    assert_refused(capsys, "200,000 layers", "train", "--csv", corpus / "good.csv", "--target", "bought",
                   "--model", model, "--out", tmp_path / "m.llmodel")
    assert time.perf_counter() - start < 10  # 1,000,000 layers did not finish in 120 s


# --- item 9: resuming from a checkpoint of another run ---------------------------------------------

@pytest.fixture(scope="module")
def checkpoint(corpus, tmp_path_factory):
    from tests.bad_corpus import main

    out = tmp_path_factory.mktemp("resume") / "m.llmodel"
    assert main([str(a) for a in ("train", "--csv", corpus / "good.csv", "--target", "bought", "--model",
                                  corpus / "model_good.json", "--epochs", "1", "--out", out, "-q")]) == 0
    return out.with_name(out.name + ".ckpt").read_bytes()


def _nan_checkpoint(data: bytes) -> bytes:
    tensors = load_safetensors(data)
    key = next(k for k in tensors if k.startswith("model.layers.dense_1") and k.endswith("weight"))
    tensors[key][0, 0] = float("nan")
    header = json.loads(data[8: 8 + struct.unpack("<Q", data[:8])[0]])
    return save_safetensors(tensors, metadata=header["__metadata__"])


@pytest.mark.parametrize("case", ["other_model", "other_optimizer", "nan_weights"])
def test_resume_with_a_checkpoint_of_another_run_refused(corpus, tmp_path, capsys, checkpoint, case):
    out = tmp_path / "m.llmodel"
    ckpt = out.with_name(out.name + ".ckpt")
    ckpt.write_bytes(_nan_checkpoint(checkpoint) if case == "nan_weights" else checkpoint)
    model = corpus / ("model_version0.json" if case == "other_model" else "model_good.json")
    extra = ["--optimizer", "sgd"] if case == "other_optimizer" else []
    fragment = {"other_model": r"does not fit this run: layer 'dense_1' has weights of 16 x 5 in the checkpoint "
                               r"and 8 x 5 here",
                "other_optimizer": r"does not fit this run: it was made with the optimizer 'adamw', this run uses "
                                   r"'sgd'",
                "nan_weights": r"does not fit this run: the weights of layer 'dense_1' \(layers.dense_1.0.weight\) "
                               r"contain NaN or infinite values"}[case]
    assert_refused(capsys, fragment, "train", "--csv", corpus / "good.csv", "--target", "bought", "--model", model,
                   "--epochs", "2", "--out", out, "--resume", "-q", *extra)
    assert not out.exists()


# --- the corpus's hostile bundles ------------------------------------------------------------------

CORPUS_REFUSED = {
    "bundle_zip_bomb.llmodel": r"entry manifest.json would inflate [\d,]+ times \(to 200 MB\); only a zip bomb",
    "bundle_duplicate_entry.llmodel": r"holds manifest.json more than once; LayerLab refuses a bundle whose entries",
    "bundle_bad_crc.llmodel": r"entry manifest.json is damaged \(Bad CRC-32",
    "bundle_deep_json.llmodel": r"manifest.json is damaged \(it is nested more than 64 levels deep",
    "bundle_nan_weights.llmodel": r"the weights of layer 'dense_1' \(layers.dense_1.0.weight\) contain NaN",
    "bundle_one_class.llmodel": r"a binary target needs at least two different classes, got \['yes'\]",
}


@pytest.mark.parametrize("name", sorted(CORPUS_REFUSED))
def test_corpus_hostile_bundle_refused(corpus, capsys, name):
    start = time.perf_counter()
    _refused(capsys, corpus / name, CORPUS_REFUSED[name],
             info=name not in ("bundle_nan_weights.llmodel", "bundle_one_class.llmodel"))
    assert time.perf_counter() - start < 5
