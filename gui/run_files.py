"""Where the GUI keeps each run's files: the model bundle, its resumable checkpoint, the metrics CSV.

Beside a saved project `churn.layerlab` runs go to `churn_runs/`; an unsaved project uses one
temporary folder per session. That folder is not deleted at exit: a project saved later still
refers to the bundles trained before it had a name.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

BUNDLE_SUFFIX = ".llmodel"  # engine.bundle.SUFFIX; repeated here so this module stays import-light

_session_dir: Path | None = None


def runs_dir(document) -> Path:
    """The folder for the document's runs (created on demand)."""
    path = getattr(document, "path", None)
    if path:
        folder = Path(path).with_name(Path(path).stem + "_runs")
    else:
        folder = _session_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def next_run_paths(document) -> tuple[Path, Path]:
    """(bundle, checkpoint) paths for a new run: the first `run-NNN` not used on disk or by a recorded run."""
    folder = runs_dir(document)
    used = {Path(str(r.get("bundle"))).name for r in getattr(document, "runs", []) if r.get("bundle")}
    index = len(getattr(document, "runs", [])) + 1
    while True:
        bundle = folder / f"run-{index:03d}{BUNDLE_SUFFIX}"
        if bundle.name not in used and not bundle.exists() and not checkpoint_for(bundle).exists():
            return bundle, checkpoint_for(bundle)
        index += 1


def checkpoint_for(bundle: str | Path) -> Path:
    """The resumable checkpoint kept beside a bundle (same convention as `layerlab train --out`)."""
    bundle = Path(bundle)
    return bundle.with_name(bundle.name + ".ckpt")


def metrics_csv_for(bundle: str | Path) -> Path:
    """The per-epoch metrics table kept beside a bundle (same convention as the CLI)."""
    bundle = Path(bundle)
    return bundle.with_name(bundle.stem + "-metrics.csv")


def _session_folder() -> Path:
    global _session_dir
    if _session_dir is None or not _session_dir.is_dir():
        _session_dir = Path(tempfile.mkdtemp(prefix="layerlab-runs-"))
    return _session_dir
