"""The trained-model bundle (*.llmodel): one zip of JSON + safetensors, never a pickle.

Entries: manifest.json (versions, task, columns, classes, metrics), model.json (ModelSpec),
preprocessor.json (fitted state), weights.safetensors. Loading reads exactly these names and
refuses anything else, so a crafted bundle cannot smuggle code or paths.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from engine.io.atomic import write_bytes_atomic
from engine.io.jsonutil import dumps
from engine.errors import DataError, ProjectError, SpecError
from engine.graph import ModelSpec
from engine.layers import ShapeContext
from engine.model import build_model
from engine.preprocess import Preprocessor
from engine.runs.files import BUNDLE_SUFFIX as SUFFIX  # noqa: F401 - one rule for run file names

FORMAT = "layerlab.model"
VERSION = 1
ENTRIES = ("manifest.json", "model.json", "preprocessor.json", "weights.safetensors")
MAX_ENTRY_BYTES = 2 * 1024**3


@dataclass
class Bundle:
    """A loaded bundle: the rebuilt model (eval mode, CPU) and everything needed to use it."""

    manifest: dict
    spec: ModelSpec
    preprocessor: Preprocessor
    model: torch.nn.Module
    context: ShapeContext

    @property
    def task(self) -> str:
        return self.manifest["task"]


def save_bundle(path: str | Path, run) -> Path:
    """Write a TrainedModel (engine.runs.pipeline) as a bundle atomically; returns the path written.

    Its task, target and class names are the run record's (the preprocessor's classes, in output order)."""
    from engine import __version__

    pre, record = run.preprocessor, run.record
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "layerlab_version": __version__,
        "torch_version": torch.__version__.split("+")[0],
        "created_at": record.finished_at,
        "task": record.task,
        "target": record.target,
        "feature_columns": list(pre.input_columns),
        "feature_names": list(pre.feature_names),
        "class_names": list(record.class_names) or None,
        "input_width": run.context.input_width,
        "output_width": run.context.output_width,
        "train_config": run.config.to_dict(),
        "result": {"reason": record.reason, "epochs_run": record.epochs_run, "best_epoch": record.best_epoch},
        "test_metrics": record.test_metrics,
        "baseline": record.baseline,
    }
    state = {k: v.detach().cpu().contiguous() for k, v in run.model.state_dict().items()}
    return write_bundle(path, manifest, run.spec, pre, state)


def class_names(path: str | Path) -> list[str]:
    """A bundle's class names in output order (empty for regression); reads only the manifest.

    Raises:
        ProjectError: not a bundle, or damaged.
    """
    return [str(n) for n in (read_manifest(path).get("class_names") or [])]


def write_bundle(path: str | Path, manifest: dict, spec: ModelSpec, preprocessor: Preprocessor, state: dict) -> Path:
    """Assemble and atomically write the zip."""
    path = Path(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", dumps(manifest, indent=2))
        archive.writestr("model.json", spec.to_json())
        archive.writestr("preprocessor.json", json.dumps(preprocessor.to_dict(), indent=2))
        archive.writestr("weights.safetensors", save_safetensors(state))
    write_bytes_atomic(path, buffer.getvalue())
    return path


def read_manifest(path: str | Path) -> dict:
    """Only the manifest, for `layerlab info` (cheap: weights are not read)."""
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
    _check_manifest(manifest, path)
    return manifest


def load_bundle(path: str | Path) -> Bundle:
    """Open a bundle, rebuild its model and load its weights. Nothing is unpickled.

    Raises:
        ProjectError: not a bundle, damaged, unexpected entries, newer format, or weights that do not fit.
    """
    with _open(path) as archive:
        manifest = _read_json(archive, "manifest.json", path)
        spec_data = _read_json(archive, "model.json", path)
        pre_data = _read_json(archive, "preprocessor.json", path)
        weights = archive.read("weights.safetensors")
    _check_manifest(manifest, path)
    try:
        spec = ModelSpec.from_dict(spec_data)
        preprocessor = Preprocessor.from_dict(pre_data)
        context = ShapeContext(input_width=int(manifest["input_width"]), output_width=int(manifest["output_width"]),
                               task=manifest["task"])
        model = build_model(spec, context)
        try:
            state = load_safetensors(weights)
        except Exception as exc:  # safetensors raises its own SafetensorError for damaged bytes
            raise ValueError(f"weights.safetensors is not a safetensors file ({exc})") from exc
        model.load_state_dict(state)
    except (SpecError, DataError, KeyError, ValueError, RuntimeError, TypeError, AttributeError) as exc:
        raise ProjectError(f"Model bundle '{path}' is damaged or inconsistent: {exc}") from exc
    model.eval()
    return Bundle(manifest=manifest, spec=spec, preprocessor=preprocessor, model=model, context=context)


def _check_manifest(manifest, path) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ProjectError(f"'{path}' is not a LayerLab model bundle.")
    version = manifest.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError(f"'{path}' is damaged: bad model format version {version!r}. Export the model again.")
    if version > VERSION:
        raise ProjectError(f"'{path}' was made by a newer LayerLab (model format {version}): "
                           "upgrade LayerLab to open it.")


def _open(path: str | Path) -> zipfile.ZipFile:
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"Model file '{path}' does not exist.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ProjectError(f"'{path}' is not a LayerLab model bundle (not a zip archive): {exc}.") from exc
    names = archive.namelist()
    unexpected = [n for n in names if n not in ENTRIES]
    if unexpected:
        archive.close()
        raise ProjectError(f"'{path}' contains unexpected entries ({', '.join(unexpected[:5])}); "
                           "LayerLab refuses to open it. A real bundle holds only " + ", ".join(ENTRIES) + ".")
    missing = [n for n in ENTRIES if n not in names]
    if missing:
        archive.close()
        raise ProjectError(f"'{path}' is incomplete: missing {', '.join(missing)}. Export the model again.")
    for info in archive.infolist():
        if info.file_size > MAX_ENTRY_BYTES:
            archive.close()
            raise ProjectError(f"'{path}': entry {info.filename} is {info.file_size / 1e9:.1f} GB, too large to be a real bundle.")
    return archive


def _read_json(archive: zipfile.ZipFile, name: str, path) -> dict:
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
        raise ProjectError(f"'{path}': {name} is damaged ({exc}). Export the model again.") from exc

