"""A run's files and their names: the model bundle, its resumable checkpoint and the per-epoch metrics CSV.

The CLI (`layerlab train --out model.llmodel`) and the app (`run-NNN.llmodel` in a runs folder) name
them by the same rules, written here once. Import-light (no torch, no pandas until a CSV is written).
"""

from __future__ import annotations

from pathlib import Path

BUNDLE_SUFFIX = ".llmodel"  # engine.io.bundle.SUFFIX
CHECKPOINT_SUFFIX = ".ckpt"  # added after the bundle's whole name: run-001.llmodel.ckpt
METRICS_SUFFIX = "-metrics.csv"  # added to the bundle's stem: run-001-metrics.csv
RUN_STEM = "run-{index:03d}"


def checkpoint_for(bundle: str | Path) -> Path:
    """The resumable checkpoint kept beside a bundle."""
    bundle = Path(bundle)
    return bundle.with_name(bundle.name + CHECKPOINT_SUFFIX)


def metrics_csv_for(bundle: str | Path) -> Path:
    """The per-epoch metrics table kept beside a bundle."""
    bundle = Path(bundle)
    return bundle.with_name(bundle.stem + METRICS_SUFFIX)


def run_files_for(bundle: str | Path) -> tuple[Path, Path, Path]:
    """(bundle, checkpoint, metrics CSV) for a bundle path."""
    bundle = Path(bundle)
    return bundle, checkpoint_for(bundle), metrics_csv_for(bundle)


def runs_folder_for(project_path: str | Path) -> Path:
    """`<stem>_runs/` beside a project file: where a saved project's runs are kept."""
    project_path = Path(project_path)
    return project_path.with_name(project_path.stem + "_runs")


def run_bundle_name(index: int) -> str:
    """"run-003.llmodel" for run 3 (1-based)."""
    return RUN_STEM.format(index=index) + BUNDLE_SUFFIX


def next_run_paths(folder: str | Path, run_count: int, taken: set[str] = frozenset()) -> tuple[Path, Path]:
    """(bundle, checkpoint) for the next run of a project that has `run_count` runs: `run-<count+1>`, or
    the next number whose bundle, checkpoint and metrics CSV are all free on disk and not in `taken`
    (bundle names recorded by the project's runs). Run 1 of a fresh folder is `run-001`."""
    folder = Path(folder)
    index = run_count + 1
    while True:
        bundle = folder / run_bundle_name(index)
        if bundle.name not in taken and not any(p.exists() for p in run_files_for(bundle)):
            return bundle, checkpoint_for(bundle)
        index += 1


def free_bundle_path(folder: str | Path, name: str, taken: set[str] = frozenset()) -> Path:
    """`name` in `folder`, or the first `run-NNN` name whose bundle, checkpoint and metrics CSV are all free
    (and not in `taken`)."""
    folder = Path(folder)
    candidate = folder / name
    index = 1
    while candidate.name in taken or any(p.exists() for p in run_files_for(candidate)):
        candidate = folder / run_bundle_name(index)
        index += 1
    return candidate


def write_metrics_csv(path: str | Path, history) -> Path:
    """Write one row per epoch (epoch, train_loss, val_loss, val_<metric>..., lr, seconds, samples_per_sec).

    `history`: EpochEnded events, or their dicts (a RunRecord's history)."""
    import pandas as pd

    from engine.io.atomic import write_text_atomic

    rows = []
    for e in history:
        e = e if isinstance(e, dict) else e.to_dict()
        row = {"epoch": e["epoch"], "train_loss": e["train_loss"], "val_loss": e["val_loss"]}
        row.update({f"val_{k}": v for k, v in (e.get("metrics") or {}).items()})
        row.update({"lr": e.get("lr"), "seconds": e.get("seconds"), "samples_per_sec": e.get("samples_per_sec")})
        rows.append(row)
    path = Path(path)
    write_text_atomic(path, pd.DataFrame(rows).to_csv(index=False))
    return path
