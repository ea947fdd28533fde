"""`layerlab info FILE [--json]`: what is in a CSV, a project or a model bundle."""

from __future__ import annotations

import unicodedata
from pathlib import Path


def add_parser(sub, common) -> None:
    p = sub.add_parser("info", parents=[common], help="summarise a CSV, project or model bundle",
                       description="Summarise a CSV (columns, kinds, roles and why), a project, or a model bundle "
                                   "(its manifest, including test metrics).")
    p.add_argument("file", nargs="?", help="a *.csv, *.layerlab or *.llmodel file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--templates", action="store_true", help="list the model templates")
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.terminal import print_json
    from engine.errors import DataError

    if args.templates:
        return _templates(args)
    if not args.file:
        raise DataError("Name a file: layerlab info FILE (a CSV, a *.layerlab project or a *.llmodel bundle).")
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix == ".llmodel":
        info = _bundle(path)
    elif suffix == ".layerlab":
        info = _project(path)
    else:
        info = _csv(path)
    if args.json:
        print_json(info)
    else:
        print(info.pop("_text"))
    info.pop("_text", None)
    return 0


def _templates(args) -> int:
    from engine.cli.terminal import print_json
    from engine.graph import load_template, template_names

    rows = [{"name": n, "description": load_template(n).description} for n in template_names()]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['name']:<16} {row['description']}")
    return 0


def _csv(path: Path) -> dict:
    from engine.data import infer_schema, read_csv

    table = read_csv(path)
    schema = infer_schema(table.frame)
    lines = [f"{path}: {len(table.frame):,} rows x {table.frame.shape[1]} columns "
             f"(delimiter {table.delimiter!r}, encoding {table.encoding})",
             f"target: {schema.target} ({schema.task}; {schema.target_reason})" if schema.target else
             f"target: none guessed ({schema.target_reason}); choose one", "",
             f"{'column':<24} {'kind':<17} {'role':<8} {'missing':>8} {'unique':>8}  why"]
    shown_groups = set()
    for c in schema.columns:
        if c.kind == "pixels" and c.group:  # one line per pixel group, not one per pixel
            if c.group in shown_groups:
                continue
            shown_groups.add(c.group)
        lines.append(f"{fit_columns(c.name, 24)} {c.kind:<17} {c.role:<8} {c.missing:>8} {c.unique:>8}  {c.reason}")
    inputs = input_notes(table.frame, schema, path.parent)
    lines += [f"note: {w}" for w in table.warnings + inputs]
    return {"type": "csv", "path": str(path), "rows": len(table.frame), "delimiter": table.delimiter,
            "encoding": table.encoding, "warnings": table.warnings, "inputs": inputs, "schema": schema.to_dict(),
            "_text": "\n".join(lines)}


def input_notes(frame, schema, folder: Path) -> list[str]:
    """Sentences about the image, pixel and text inputs and a possible time column: shapes, lengths, files."""
    from engine.data.images import probe_images
    from engine.data.rich_kinds import word_counts
    from engine.data.time_series import suggest_time_column
    from engine.errors import DataError
    from engine.i18n import _

    notes = []
    for c in schema.columns:
        if c.kind == "image":
            try:
                notes.append(_("image column '{name}': {probe}").format(
                    name=c.name, probe=probe_images(frame[c.name].dropna().astype(str).tolist(), folder).describe()))
            except DataError as exc:
                notes.append(_("image column '{name}': {error}").format(name=c.name, error=exc))
        elif c.kind == "text":
            words = word_counts(frame[c.name].dropna())
            notes.append(_("text column '{name}': {median} words (median), 95% of texts at most {p95}, the longest "
                           "{longest}").format(name=c.name, median=f"{words.median():.0f}",
                                                       p95=f"{words.quantile(0.95):.0f}", longest=f"{words.max():,}"))
    for group in schema.pixel_groups():
        notes.append(_("pixel group '{name}': {count} columns form one image of {shape} (channels × height × "
                       "width)").format(name=group.name, count=len(group.columns),
                                        shape="×".join(str(n) for n in group.shape)))
    name, reason = suggest_time_column(frame, schema)
    if name and schema.time_column is None:
        notes.append(_("{reason} (--time-column {name})").format(reason=reason, name=name))
    return notes


def fit_columns(text: str, width: int) -> str:
    """`text` cut or padded to `width` terminal columns: Chinese, Japanese and Korean characters take two."""
    out, used = [], 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out) + " " * (width - used)


def _project(path: Path) -> dict:
    from engine.io.project import Project

    from engine.runs.metrics import format_metric
    from engine.training import reason_words

    project = Project.load(path)
    runs = project.runs
    lines = [f"{path}: project '{project.name}'", f"data: {project.data_path}",
             f"target: {project.schema.target if project.schema else '(not chosen)'}",
             f"model: {len(project.spec.nodes)} nodes", f"training: {project.config.to_dict()}",
             f"runs: {len(runs)}"]
    for i, run in enumerate(runs, 1):
        scores = {k: v for k, v in run.test_metrics.items() if isinstance(v, (int, float))}
        lines.append(f"  {i}. {run.finished_at} {reason_words(run.reason)}: "
                     + ", ".join(f"{k} {format_metric(k, v)}" for k, v in scores.items()))
    return {"type": "project", "path": str(path), **project.to_dict(path), "_text": "\n".join(lines)}


def _bundle(path: Path) -> dict:
    from engine.io.bundle import read_manifest
    from engine.runs.metrics import format_metric

    manifest = read_manifest(path)
    metrics = manifest.get("test_metrics") or {}
    shown = {k: v for k, v in metrics.items() if isinstance(v, (int, float))}
    lines = [f"{path}: LayerLab model (format {manifest.get('version')}, LayerLab {manifest.get('layerlab_version')})",
             f"task: {manifest.get('task')}  target: {manifest.get('target')}",
             f"classes: {manifest.get('class_names')}",
             f"input columns ({len(manifest.get('feature_columns', []))}): {', '.join(manifest.get('feature_columns', []))}",
             "test metrics: " + ", ".join(f"{k} {format_metric(k, v)}" for k, v in shown.items())]
    return {"type": "model", "path": str(path), "manifest": manifest, "_text": "\n".join(lines)}
