"""Where the app keeps each run's files: the model bundle, its resumable checkpoint, the metrics CSV.

Beside a saved project `churn.layerlab` runs go to `churn_runs/`; an unsaved project gets a temporary
folder of its own (`layerlab-runs-…`, one per project, never shared), so its Run 1 is `run-001`. A project
saved later copies its runs beside it (gather_run_files). At exit the app removes the temporary
folders it made, deleting only the run files it named there: a folder holding anything else is left.
The names themselves are the engine's (engine.runs.files), as the CLI's are.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from engine.runs.files import checkpoint_for, free_bundle_path, metrics_csv_for, next_run_paths as _next_free
from engine.runs.files import run_files_for, runs_folder_for

__all__ = ["checkpoint_for", "metrics_csv_for", "runs_folder_for", "runs_dir", "next_run_paths",
           "gather_run_files", "note_temp_sweep", "remove_temp_folders", "TEMP_PREFIX"]

TEMP_PREFIX = "layerlab-runs-"
TEMP_ROOT: Path | None = None  # where temporary runs folders are made (None: the system's); tests set tmp_path

_temp_folders: dict[Path, set[Path]] = {}  # temporary folder -> the bundles named in it
_temp_sweeps: set[Path] = set()  # sweep databases of unsaved projects, in their temporary folders


def runs_dir(document) -> Path:
    """The folder for the document's runs (created on demand): `<stem>_runs/` beside its file, or the
    temporary folder of this unsaved project (made for it on first use)."""
    path = getattr(document, "path", None)
    if path:
        folder = runs_folder_for(Path(path))
    else:
        folder = getattr(document, "temp_runs_folder", None)
        if folder is None or not Path(folder).is_dir():
            folder = _new_temp_folder()
            document.temp_runs_folder = folder
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def next_run_paths(document) -> tuple[Path, Path]:
    """(bundle, checkpoint) for the document's next run: numbered after its own runs (Run 3 -> run-003),
    skipping names a recorded run or a file on disk already uses."""
    folder = runs_dir(document)
    runs = list(getattr(document, "runs", []))
    taken = {Path(r.bundle).name for r in runs if r.bundle}
    bundle, checkpoint = _next_free(folder, len(runs), taken)
    if folder in _temp_folders:
        _temp_folders[folder].add(bundle)
    return bundle, checkpoint


def note_temp_sweep(database: Path) -> None:
    """An unsaved project's sweep keeps its database and trials in the project's temporary folder: quitting
    removes them with its runs."""
    database = Path(database).resolve()
    if database.parent in _temp_folders:
        _temp_sweeps.add(database)


def remove_temp_folders() -> None:
    """Delete the temporary runs folders this app made, with the run and sweep files it named in them; a
    folder that still holds anything else (a file the app did not write) is left where it is."""
    from engine.sweeps.study_store import sqlite_sweep_paths

    for folder, bundles in list(_temp_folders.items()):
        sweeps = {d for d in _temp_sweeps if d.parent == folder}
        paths = [f for bundle in bundles for f in run_files_for(bundle)]
        paths += [p for database in sweeps for p in sqlite_sweep_paths(database)]
        for path in [*paths, folder]:
            try:
                if path.is_dir():
                    path.rmdir()  # only when empty
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
        if not folder.exists():
            _temp_sweeps.difference_update(sweeps)
            del _temp_folders[folder]


def temp_folders() -> list[Path]:
    """The temporary runs folders this app made and has not removed yet (for tests and diagnostics)."""
    return list(_temp_folders)


def _new_temp_folder() -> Path:
    root = TEMP_ROOT
    if root is not None:
        Path(root).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=str(root) if root is not None else None)).resolve()
    if not _temp_folders:
        atexit.register(remove_temp_folders)
    _temp_folders[folder] = set()
    return folder


def gather_run_files(runs: list, path: Path) -> tuple[list, list[Path]]:
    """Run records whose files all lie in `<stem>_runs/` beside `path`, copying those kept elsewhere
    (a temporary folder, or another project's folder on Save As). Returns (records, copies)."""
    folder = runs_folder_for(path)
    kept, copied = [], []
    taken: set[str] = set()
    try:
        for record in runs:
            bundle = Path(record.bundle) if record.bundle else None
            if bundle is None or not bundle.is_file() or _inside(bundle, folder):
                kept.append(record)
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = free_bundle_path(folder, bundle.name, taken)
            taken.add(target.name)
            changes = {}
            pairs = [("bundle", bundle, target),
                     ("checkpoint", Path(record.checkpoint or checkpoint_for(bundle)), checkpoint_for(target)),
                     ("metrics_csv", Path(record.metrics_csv or metrics_csv_for(bundle)), metrics_csv_for(target))]
            for key, source, destination in pairs:
                if source.is_file():
                    shutil.copy2(source, destination)
                    copied.append(destination)
                    changes[key] = str(destination.resolve())
            kept.append(record.with_changes(**changes))
    except OSError:
        for file in copied:
            file.unlink(missing_ok=True)
        raise
    return kept, copied


def _inside(file: Path, folder: Path) -> bool:
    try:
        return file.resolve().parent == folder.resolve()
    except OSError:
        return False
