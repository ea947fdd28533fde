"""Plain files written beside exports: the preprocessor state and the project's config.json."""

from __future__ import annotations

import json

from engine.preprocess import Split

PROJECT_FORMAT = "layerlab.training_project"
PROJECT_VERSION = 1


def preprocessor_json(bundle) -> str:
    """The bundle's fitted preprocessing state as JSON text (what ``Preprocessor.from_dict`` reads)."""
    return json.dumps(bundle.preprocessor.to_dict(), indent=2)


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
        "split": bundle_split(bundle).to_dict(),
        "split_recorded_in_bundle": isinstance(m.get("split"), dict),
    }
