"""Plain files written beside exports: the preprocessor state and the project's config.json."""

from __future__ import annotations

import json
from pathlib import Path

from engine.errors import ExportError
from engine.preprocess import Split

PROJECT_FORMAT = "layerlab.training_project"
PROJECT_VERSION = 1


def preprocessor_json(bundle) -> str:
    """The bundle's fitted preprocessing state as JSON text (what ``Preprocessor.from_dict`` reads); a model
    with text, image or history inputs adds their state under "inputs" (what ``SourceEncoders.from_dict``
    reads: each text column's tokenizer JSON and length, each image's size and channels, the windows)."""
    state = bundle.preprocessor.to_dict()
    if getattr(bundle, "inputs", None) is not None:
        state["inputs"] = bundle.inputs.to_dict()
    return json.dumps(state, indent=2)


PREPROCESSOR_KEYS = {"version", "schema", "input_columns", "columns", "task"}


def side_file(out: str | Path) -> Path:
    """Where an ONNX or .pt2 export writes its preprocessor state: ``<out stem>.preprocessor.json``."""
    out = Path(out)
    return out.with_name(out.stem + ".preprocessor.json")


def is_preprocessor_json(path: Path) -> bool:
    """True when ``path`` holds a preprocessor state LayerLab wrote (an earlier export's side file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and PREPROCESSOR_KEYS <= set(data)


def check_side_file(out: str | Path, force: bool) -> None:
    """Refuse before anything is written when the side file would replace a file LayerLab did not write.

    Raises:
        ExportError: it exists, is not an earlier LayerLab side file, and ``force`` is not set.
    """
    side = side_file(out)
    if side.is_dir():
        raise ExportError(f"The export writes the preprocessing state to '{side}', which is a folder. Choose "
                          "another output name.")
    if side.exists() and not force and not is_preprocessor_json(side):
        raise ExportError(f"The export writes the preprocessing state to '{side}', but that file already exists "
                          "and was not written by a LayerLab export, so nothing was written. Choose another "
                          "output name, or use --force to replace it.")


def bundle_split(bundle) -> Split:
    """The split the bundle was trained with: the manifest's when recorded, else LayerLab's default
    for the run's seed (RunPipeline uses Split(seed=config.seed) unless told otherwise)."""
    recorded = bundle.manifest.get("split")
    if isinstance(recorded, dict):
        return Split.from_dict(recorded)
    return Split(seed=int(bundle.manifest.get("train_config", {}).get("seed", 0)))


def project_config(bundle) -> dict:
    """config.json of a training project: settings, split, task, target and widths."""
    from engine import __version__
    from engine.export.model_code import safe_title

    m = bundle.manifest
    return {
        "format": PROJECT_FORMAT,
        "version": PROJECT_VERSION,
        "layerlab_version": __version__,
        "model_name": safe_title(bundle.spec.name),
        "task": m["task"],
        "target": m.get("target"),
        "class_names": m.get("class_names"),
        "feature_columns": m.get("feature_columns"),
        "input_width": bundle.context.input_width,
        "output_width": bundle.context.output_width,
        "train_config": m.get("train_config", {}),
        "decision_threshold": bundle.threshold if m["task"] == "binary" else None,
        "split": bundle_split(bundle).to_dict(),
        "split_recorded_in_bundle": isinstance(m.get("split"), dict),
    }
