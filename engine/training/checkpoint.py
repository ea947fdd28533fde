"""Atomic checkpoints as one safetensors file: tensors in the body, everything else as JSON metadata.

Nothing here unpickles: a checkpoint a user opens can hold only numbers.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from engine.errors import ProjectError

FORMAT = "layerlab.checkpoint"
VERSION = 1


def save_checkpoint(path: str | Path, *, model_state: dict, optimizer_state: dict, scheduler_state: dict | None,
                    best_state: dict | None, rng: dict, info: dict) -> None:
    """Write a resumable checkpoint atomically (temp file in the same folder, then replace)."""
    tensors: dict[str, torch.Tensor] = {}
    for key, value in model_state.items():
        tensors[f"model.{key}"] = value.detach().cpu().contiguous()
    if best_state is not None:
        for key, value in best_state.items():
            tensors[f"best.{key}"] = value.detach().cpu().contiguous()
    opt_scalars: dict = {}
    for index, state in optimizer_state["state"].items():
        for name, value in state.items():
            if torch.is_tensor(value):
                tensors[f"opt.{index}.{name}"] = value.detach().cpu().contiguous()
            else:
                opt_scalars[f"{index}.{name}"] = value
    for name, value in rng.items():
        tensors[f"rng.{name}"] = value.detach().cpu().contiguous()
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "info": info,
        "optimizer_param_groups": optimizer_state["param_groups"],
        "optimizer_scalars": opt_scalars,
        "optimizer_state_indices": sorted(optimizer_state["state"].keys()),
        "scheduler": scheduler_state,
        "has_best": best_state is not None,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        save_file(tensors, tmp, metadata={"layerlab": json.dumps(meta)})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_checkpoint(path: str | Path) -> dict:
    """Read a checkpoint written by save_checkpoint.

    Returns:
        dict with model_state, best_state (or None), optimizer_state, scheduler_state, rng, info.
    Raises:
        ProjectError: the file is missing, not a checkpoint, or from a newer LayerLab.
    """
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"Checkpoint '{path}' does not exist. Train once without --resume to create it.")
    try:
        with safe_open(str(path), framework="pt") as handle:
            meta = json.loads((handle.metadata() or {}).get("layerlab", "{}"))
            tensors = {key: handle.get_tensor(key) for key in handle.keys()}
    except Exception as exc:  # safetensors raises several types for damaged files
        raise ProjectError(f"Checkpoint '{path}' is damaged or not a LayerLab checkpoint ({exc}).") from exc
    if meta.get("format") != FORMAT:
        raise ProjectError(f"'{path}' is not a LayerLab checkpoint.")
    if meta.get("version", 0) > VERSION:
        raise ProjectError(f"Checkpoint '{path}' was made by a newer LayerLab (format {meta['version']}): upgrade LayerLab.")

    required = ("info", "optimizer_param_groups", "optimizer_scalars", "optimizer_state_indices", "has_best")
    missing = [key for key in required if key not in meta]
    if missing or not isinstance(meta.get("info"), dict) or "epoch" not in meta["info"]:
        raise ProjectError(f"Checkpoint '{path}' is damaged or incomplete (missing {', '.join(missing) or 'info.epoch'}). "
                           "Train again without --resume.")

    def part(prefix: str) -> dict:
        return {key[len(prefix):]: value for key, value in tensors.items() if key.startswith(prefix)}

    opt_state: dict = {int(i): {} for i in meta["optimizer_state_indices"]}
    for key, value in part("opt.").items():
        index, name = key.split(".", 1)
        opt_state[int(index)][name] = value
    for key, value in meta["optimizer_scalars"].items():
        index, name = key.split(".", 1)
        opt_state[int(index)][name] = value
    return {
        "model_state": part("model."),
        "best_state": part("best.") if meta["has_best"] else None,
        "optimizer_state": {"state": opt_state, "param_groups": meta["optimizer_param_groups"]},
        "scheduler_state": meta["scheduler"],
        "rng": part("rng."),
        "info": meta["info"],
    }


def check_fits(ckpt: dict, path: str | Path, model: torch.nn.Module, optimizer: str) -> None:
    """Refuse a checkpoint that does not belong to this run before anything is loaded, saying what differs:
    the model (its layers and their weight shapes: another model, template or data width), the optimizer,
    or weights that are not finite.

    Raises:
        ProjectError: naming the checkpoint, what differs, and what to do.
    """
    def refuse(what: str) -> ProjectError:
        return ProjectError(f"Checkpoint '{path}' does not fit this run: {what}. Resume with the same model, data "
                            "and settings, or train again without --resume.")

    here = {key: tuple(value.shape) for key, value in model.state_dict().items()}
    there = {key: tuple(value.shape) for key, value in ckpt["model_state"].items()}

    def layer(key: str) -> str:
        parts = key.split(".")
        return parts[1] if parts[0] == "layers" and len(parts) > 1 else key

    only_there = sorted({layer(k) for k in there.keys() - here.keys()})
    only_here = sorted({layer(k) for k in here.keys() - there.keys()})
    if only_there or only_here:
        raise refuse("it was saved from another model (layers only in the checkpoint: "
                     f"{', '.join(only_there[:5]) or 'none'}; only in this model: {', '.join(only_here[:5]) or 'none'})")
    for key in here:
        if here[key] != there[key]:
            shape = lambda s: " x ".join(map(str, s)) or "a scalar"  # noqa: E731
            raise refuse(f"layer '{layer(key)}' has weights of {shape(there[key])} in the checkpoint and "
                         f"{shape(here[key])} here ({key}): another model, template or data width")
    saved = (ckpt["info"].get("config") or {}).get("optimizer")
    if saved is not None and saved != optimizer:
        raise refuse(f"it was made with the optimizer '{saved}', this run uses '{optimizer}'")
    for key, value in ckpt["model_state"].items():
        if value.is_floating_point() and not bool(torch.isfinite(value).all()):
            raise refuse(f"the weights of layer '{layer(key)}' ({key}) contain NaN or infinite values "
                         "(the run it was saved from diverged)")
