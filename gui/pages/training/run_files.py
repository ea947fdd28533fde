"""Where the GUI keeps each run's files: the model bundle, its resumable checkpoint, the metrics CSV.

Beside a saved project `churn.layerlab` runs go to `churn_runs/`; an unsaved project uses one
temporary folder per session. That folder is not deleted at exit: a project saved later still
refers to the bundles trained before it had a name.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

BUNDLE_SUFFIX = ".llmodel"  # engine.io.bundle.SUFFIX; repeated here so this module stays import-light

_session_dir: Path | None = None


def runs_dir(document) -> Path:
    """The folder for the document's runs (created on demand)."""
    path = getattr(document, "path", None)
    if path:
        folder = runs_folder_for(Path(path))
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


def gather_run_files(runs: list[dict], path: Path) -> tuple[list[dict], list[Path]]:
    """Run records whose files all lie in `<stem>_runs/` beside `path`, copying those kept elsewhere
    (the session's temporary folder, or another project's folder on Save As). Returns (records, copies)."""
    folder = runs_folder_for(path)
    kept, copied = [], []
    taken: set[str] = set()
    try:
        for record in runs:
            bundle = Path(record["bundle"]) if record.get("bundle") else None
            if bundle is None or not bundle.is_file() or _inside(bundle, folder):
                kept.append(record)
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_bundle_name(folder, bundle.name, taken)
            taken.add(target.name)
            record = dict(record)
            pairs = [("bundle", bundle, target),
                     ("checkpoint", Path(record.get("checkpoint") or checkpoint_for(bundle)),
                      checkpoint_for(target)),
                     ("metrics_csv", Path(record.get("metrics_csv") or metrics_csv_for(bundle)),
                      metrics_csv_for(target))]
            for key, source, destination in pairs:
                if source.is_file():
                    shutil.copy2(source, destination)
                    copied.append(destination)
                    record[key] = str(destination.resolve())
            kept.append(record)
    except OSError:
        for file in copied:
            file.unlink(missing_ok=True)
        raise
    return kept, copied


def runs_folder_for(project_path: Path) -> Path:
    """`<stem>_runs/` beside a project file (gui.pages.training.run_files.runs_dir's rule)."""
    return project_path.with_name(project_path.stem + "_runs")


def _inside(file: Path, folder: Path) -> bool:
    try:
        return file.resolve().parent == folder.resolve()
    except OSError:
        return False


def _free_bundle_name(folder: Path, name: str, taken: set[str]) -> Path:
    """`name` in `folder`, or the next `run-NNN` name whose bundle, checkpoint and metrics are all free."""
    candidate = folder / name
    index = 1
    suffix = Path(name).suffix
    while (candidate.name in taken or candidate.exists() or checkpoint_for(candidate).exists()
           or metrics_csv_for(candidate).exists()):
        candidate = folder / f"run-{index:03d}{suffix}"
        index += 1
    return candidate
