"""Importing .pt/.pth weights: plain state_dicts load and are checked; anything else is refused unrun."""

from __future__ import annotations

import os
import pickle

import pytest
import torch
from safetensors.torch import save_file

from engine.errors import ProjectError, SpecError
from engine.graph import ModelSpec
from engine.layers import ShapeContext
from engine.model import build_model
from engine.importers.weights import build_with_weights, import_weights, read_state_dict

CTX = ShapeContext(input_width=5, output_width=3, task="multiclass")


def _spec() -> ModelSpec:
    return ModelSpec.chain([("Dense", {"units": 8}), ("BatchNorm", {}), ("Dropout", {"rate": 0.1})])


def _model(seed: int):
    torch.manual_seed(seed)
    return build_model(_spec(), CTX)


def _same(a, b) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


class _RunsCode:
    """Unpickling this runs a shell command (what a hostile .pt holds)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


@pytest.fixture
def saved(tmp_path):
    source = _model(1)
    path = tmp_path / "weights.pt"
    torch.save(source.state_dict(), path)
    return source, path


def test_state_dict_round_trip(saved):
    source, path = saved
    target = _model(2)
    assert not _same(source, target)
    assert import_weights(target, path) == ["dense_1", "batchnorm_1", "output_1"]
    assert _same(source, target)
    x = torch.randn(4, 5)
    source.eval(), target.eval()
    assert torch.equal(source(x), target(x))


def test_build_with_weights(saved):
    source, path = saved
    assert _same(build_with_weights(_spec(), CTX, path), source)
    bad = _spec()
    bad.node("dense_1").params["units"] = 0
    with pytest.raises(SpecError, match="dense_1"):
        build_with_weights(bad, CTX, path)


@pytest.mark.parametrize("layout", ["exported_code", "data_parallel", "wrapped", "safetensors"])
def test_other_common_layouts(tmp_path, layout):
    source = _model(3)
    state = source.state_dict()
    path = tmp_path / "w.pth"
    if layout == "exported_code":  # LayerLab's exported model.py names attributes after the layer ids
        torch.save({k.removeprefix("layers."): v for k, v in state.items()}, path)
    elif layout == "data_parallel":
        torch.save({"module." + k: v for k, v in state.items()}, path)
    elif layout == "wrapped":
        torch.save({"epoch": 3, "model_state_dict": state, "optimizer_state_dict": {}}, path)
    else:
        path = tmp_path / "w.safetensors"
        save_file({k: v.contiguous() for k, v in state.items()}, str(path))
    target = _model(4)
    import_weights(target, path)
    assert _same(source, target)


@pytest.mark.parametrize("container", ["raw_pickle", "torch_save"])
def test_hostile_pickle_is_refused_and_never_run(tmp_path, monkeypatch, container):
    marker = tmp_path / "PWNED"
    path = tmp_path / "evil.pt"
    if container == "raw_pickle":
        path.write_bytes(pickle.dumps(_RunsCode(marker), protocol=2))
    else:  # a real torch.save zip whose data.pkl holds the payload beside a tensor
        torch.save({"layers.dense_1.0.weight": torch.zeros(8, 5), "x": _RunsCode(marker)}, path,
                   pickle_protocol=2)
    calls = []
    real_load = torch.load

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, "load", spy)
    # even an environment that asks torch to load unsafely by default changes nothing here
    monkeypatch.setenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")
    model = _model(5)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(ProjectError, match=r"'.*evil.pt' was refused: it holds more than weights .*code that "
                                           r"would run.* save model.state_dict\(\) with torch.save") as info:
        import_weights(model, path)
    assert "weights_only` set to `False`" not in str(info.value)  # never advise unsafe loading
    assert not marker.exists()
    assert len(calls) == 1 and calls[0]["weights_only"] is True  # one restricted attempt, no fallback
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    if container == "raw_pickle":  # the payload is real: plain unpickling does run it
        pickle.loads(path.read_bytes())
        assert marker.exists()


def test_shape_mismatch_names_the_layer_and_leaves_model_unchanged(tmp_path):
    torch.manual_seed(0)
    other = build_model(ModelSpec.chain([("Dense", {"units": 16}), ("BatchNorm", {}), ("Dropout", {})]), CTX)
    path = tmp_path / "w.pt"
    torch.save(other.state_dict(), path)
    model = _model(6)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(ProjectError) as info:
        import_weights(model, path)
    message = str(info.value)
    assert "do not fit this model" in message
    assert "Dense 'dense_1': '0.weight' is (16, 5) in the file, the model needs (8, 5)" in message
    assert "Output 'output_1': '0.weight'" not in message and "Output 'output_1': 'weight' is (3, 16)" in message
    assert "same layers and widths" in message
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


def test_missing_and_extra_keys_are_named(tmp_path):
    state = _model(7).state_dict()
    state.pop("layers.output_1.bias")
    state["layers.ghost.weight"] = torch.zeros(2)
    path = tmp_path / "w.pt"
    torch.save(state, path)
    with pytest.raises(ProjectError, match=r"Output 'output_1' has no 'bias' in the file(.|\n)*"
                                           r"no layer of this model uses: layers.ghost.weight"):
        import_weights(_model(8), path)


@pytest.mark.parametrize("content, fragment", [
    ("missing", "does not exist"),
    ("truncated", "not a readable PyTorch weights file"),
    ("text", "not a readable PyTorch weights file"),
    ("a_tensor", "holds a Tensor, not a state_dict"),
    ("empty_dict", "holds a dict, not a state_dict"),
    ("not_tensors", "is not a plain state_dict: lr is not a tensor"),
    ("bad_safetensors", "not a readable safetensors file"),
])
def test_unreadable_files_are_refused(tmp_path, content, fragment):
    path = tmp_path / ("w.safetensors" if content == "bad_safetensors" else "w.pt")
    if content == "truncated":
        torch.save(_model(9).state_dict(), path)
        path.write_bytes(path.read_bytes()[:200])
    elif content in ("text", "bad_safetensors"):
        path.write_text("hello, I am not weights\n")
    elif content == "a_tensor":
        torch.save(torch.zeros(3), path)
    elif content == "empty_dict":
        torch.save({}, path)
    elif content == "not_tensors":
        torch.save({"layers.dense_1.0.weight": torch.zeros(8, 5), "lr": 0.1}, path)
    with pytest.raises(ProjectError, match=fragment):
        read_state_dict(path)
