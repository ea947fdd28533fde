"""Import weights from a PyTorch ``.pt``/``.pth`` state_dict (or a ``.safetensors`` file) into a spec's model.

A ``.pt`` file is a pickle, and unpickling can run any code. These files are therefore read only
with ``torch.load(weights_only=True)``, PyTorch's restricted unpickler that accepts tensors and
plain containers and refuses everything else; there is no fallback to unrestricted loading, for
any error. Then every key and shape is checked against the model, and a mismatch names the layer.
"""

from __future__ import annotations

import pickle
import warnings
import zipfile
from pathlib import Path

import torch

from engine.errors import ProjectError
from engine.graph import ModelSpec
from engine.graph.analysis import describe
from engine.layers import ShapeContext
from engine.model import GraphModule, build_model

SUFFIXES = (".pt", ".pth", ".safetensors")
MAX_FILE_BYTES = 4 * 1024**3
# Dicts that training scripts commonly wrap a state_dict in.
_WRAPPERS = ("state_dict", "model_state_dict", "model")


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """Read a state_dict (parameter name -> tensor) from a file, never running code from it.

    Args:
        path: a ``.pt``/``.pth`` file saved with ``torch.save(model.state_dict(), path)`` (also
            accepted: such a dict under "state_dict", "model_state_dict" or "model"), or a
            ``.safetensors`` file.

    Returns:
        The tensors by name, on the CPU.

    Raises:
        ProjectError: the file is missing, too large, damaged, holds anything but tensors (such as
            code or objects, which are refused without being run), or holds no tensors.
    """
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"Weights file '{path}' does not exist. Choose the .pt or .pth file again.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ProjectError(f"Weights file '{path}' is {path.stat().st_size / 1e9:.1f} GB, larger than any model "
                           "LayerLab can build.")
    if path.suffix.lower() == ".safetensors":
        return _read_safetensors(path)
    try:
        with warnings.catch_warnings():  # torch's notes on pickle protocols are not for our users
            warnings.simplefilter("ignore")
            loaded = torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError as exc:
        raise ProjectError(
            f"'{path}' was refused: it holds more than weights (Python objects or code that would run when "
            f"opened), and LayerLab opens weights-only files. In the program that made it, save "
            f"model.state_dict() with torch.save, or use safetensors. ({_refusal(exc)})") from None
    except (RuntimeError, EOFError, ValueError, OSError, zipfile.BadZipFile, KeyError, AttributeError,
            TypeError, IndexError, MemoryError) as exc:
        raise ProjectError(f"'{path}' is not a readable PyTorch weights file (damaged, or not saved with "
                           f"torch.save): {_first_line(exc)}") from None
    return _tensors(_unwrap(loaded), path)


def import_weights(model: GraphModule, path: str | Path) -> list[str]:
    """Copy the weights in ``path`` into ``model``, after checking every name and shape.

    Keys may be LayerLab's own ("layers.<layer id>.<param>"), those of LayerLab's exported PyTorch
    code ("<layer id>.<param>"), or either with a "module." prefix (nn.DataParallel).

    Args:
        model: built by engine.model.build_model.
        path: see read_state_dict.

    Returns:
        The layer ids that received weights, in model order.

    Raises:
        ProjectError: unreadable file (see read_state_dict), or weights that do not fit the model;
            the message names each layer concerned and what is missing, extra or of another shape.
            The model is unchanged when this is raised.
    """
    path = Path(path)
    state = _rename(read_state_dict(path), model)
    expected = model.state_dict()
    spec = model.spec
    problems = []
    for key, tensor in expected.items():
        if key not in state:
            problems.append(f"{_layer(spec, key)} has no '{_param(key)}' in the file")
        elif tuple(state[key].shape) != tuple(tensor.shape):
            problems.append(f"{_layer(spec, key)}: '{_param(key)}' is {_shape(state[key].shape)} in the file, "
                            f"the model needs {_shape(tensor.shape)}")
        elif not (state[key].is_floating_point() or state[key].dtype == tensor.dtype):
            problems.append(f"{_layer(spec, key)}: '{_param(key)}' holds {state[key].dtype} values, "
                            f"not numbers with a fraction")
    extra = [k for k in state if k not in expected]
    if extra:
        shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        problems.append(f"the file has weights no layer of this model uses: {shown}")
    if problems:
        raise ProjectError(f"The weights in '{path.name}' do not fit this model:\n"
                           + "\n".join(f"- {p}" for p in problems)
                           + "\nCheck that the file was saved from a model with the same layers and widths.")
    with torch.no_grad():
        for key, tensor in expected.items():
            tensor.copy_(state[key].to(tensor.dtype))
    loaded = {key.split(".")[1] for key in expected}
    return [node_id for node_id in model.node_ids if node_id in loaded]


def build_with_weights(spec: ModelSpec, ctx: ShapeContext, path: str | Path) -> GraphModule:
    """Build the spec's model (validated first) and import the weights in ``path`` into it.

    Raises:
        SpecError: the spec cannot be built. ProjectError: see import_weights.
    """
    model = build_model(spec, ctx)
    import_weights(model, path)
    return model


def _read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    try:
        state = load_file(str(path), device="cpu")
    except Exception as exc:  # safetensors raises its own error type for damaged files
        raise ProjectError(f"'{path}' is not a readable safetensors file (damaged?): {_first_line(exc)}") from None
    return _tensors(state, path)


def _unwrap(loaded):
    if isinstance(loaded, dict):
        for key in _WRAPPERS:
            inner = loaded.get(key)
            if isinstance(inner, dict) and inner and all(torch.is_tensor(v) for v in inner.values()):
                return inner
    return loaded


def _tensors(loaded, path: Path) -> dict[str, torch.Tensor]:
    if not isinstance(loaded, dict) or not loaded:
        raise ProjectError(f"'{path}' holds a {type(loaded).__name__}, not a state_dict (a mapping of layer "
                           "parameter names to tensors). Save model.state_dict() instead of the model.")
    bad = [str(k) for k, v in loaded.items() if not isinstance(k, str) or not torch.is_tensor(v)]
    if bad:
        raise ProjectError(f"'{path}' is not a plain state_dict: {', '.join(bad[:5])} "
                           f"{'is not a tensor' if len(bad) == 1 else 'are not tensors'}.")
    return {k: v.detach().cpu() for k, v in loaded.items()}


def _rename(state: dict[str, torch.Tensor], model: GraphModule) -> dict[str, torch.Tensor]:
    """Map keys from exported code ("<id>.weight", "<id>_layer.weight") or DataParallel ("module.")
    onto the model's own "layers.<id>.weight"."""
    ids = set(model.node_ids)
    out = {}
    for key, value in state.items():
        name = key[len("module."):] if key.startswith("module.") else key
        head, _, rest = name.partition(".")
        if head != "layers" and rest:
            node_id = head if head in ids else head.rstrip("_").removesuffix("_layer")
            if node_id in ids:
                name = f"layers.{node_id}.{rest}"
        out[name] = value
    return out


def _layer(spec: ModelSpec, key: str) -> str:
    parts = key.split(".")
    return describe(spec, parts[1]) if len(parts) > 2 and parts[0] == "layers" else f"'{key}'"


def _param(key: str) -> str:
    return key.split(".", 2)[2] if key.startswith("layers.") and key.count(".") >= 2 else key


def _shape(shape) -> str:
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _refusal(exc: Exception) -> str:
    """What torch's refusal found, without its boilerplate (which suggests loading unsafely)."""
    boilerplate = ("Weights only load failed", "Please file an issue", "Check the documentation")
    details = [line.strip() for line in str(exc).splitlines()
               if line.strip() and not line.strip().startswith(boilerplate) and "weights_only" not in line]
    return "found: " + ("; ".join(details) if details else "something that is not a tensor")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
