"""Where a command may write: never over one of its own inputs, never over a file of another kind unless
forced, never onto a folder; and the folder it writes into must exist and be writable.

Every command (train, predict, export) checks all its output paths, side files included, with these two
functions before any work starts, so a refusal costs nothing and destroys nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from engine.errors import ProjectError
from engine.i18n import _

Inputs = Mapping[str, "str | Path | None"] | Iterable["str | Path | None"]


def _same_file(a: Path, b: Path) -> bool:
    """True when a and b are one file on disk (resolved paths, hard links and case-insensitive names too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (or cannot be looked at): then compare the names
        try:
            return a.resolve() == b.resolve()
        except (OSError, RuntimeError):
            return False


def refuse_overwriting_inputs(out: str | Path, inputs: Inputs, what: str, *,
                              error: type[Exception] = ProjectError) -> None:
    """Raise ProjectError when writing `out` would write over one of the command's inputs.

    Args:
        out: a file the command is about to write (the main output or a side file).
        inputs: the files the command reads, as {description: path} (e.g. {"training CSV": "data.csv"}) or
            a plain iterable of paths; None entries are skipped.
        what: what `out` is, for the message ("the predictions CSV", "the metrics file").
        error: the error class raised (ProjectError; an ExportError for exports).
    """
    out = Path(out)
    items = inputs.items() if isinstance(inputs, Mapping) else (("input file", p) for p in inputs)
    for label, source in items:
        if source is None or str(source) == "":
            continue
        if _same_file(out, Path(source)):
            raise error(_("Refusing to write {what} to '{out}': that is the {label} '{source}' this command reads, "
                          "and writing it would destroy it. Choose another output path.").format(
                what=what, out=out, label=label, source=source))


def check_output_path(out: str | Path, what: str, *, kinds: Iterable[str] = (), force: bool = False,
                      is_folder: bool = False) -> None:
    """Raise ProjectError when `out` cannot or should not be written.

    Refused: `out` is an existing folder (or, for an output folder, an existing file); its parent folder
    is missing or not writable; `out` is an existing file of another kind (its suffix is not one of
    `kinds`, e.g. a CSV where a model bundle goes) unless `force`.

    Args:
        out: the path about to be written.
        what: what it is, for the message ("the model bundle").
        kinds: suffixes of files of the same kind, which may be replaced (".llmodel"); empty: any.
        force: replace an existing file of another kind (the `--force` flag).
        is_folder: `out` is a folder the command creates or fills (e.g. a TensorBoard log folder).
    """
    out = Path(out)
    if is_folder:
        if out.exists() and not out.is_dir():
            raise ProjectError(f"Cannot write {what} to '{out}': a file of that name is in the way. "
                               "Move it, or choose another output path.")
    elif out.is_dir():
        raise ProjectError(f"Cannot write {what} to '{out}': it is a folder. Give a file name, "
                           f"e.g. '{out / ('output' + next(iter(kinds), ''))}'.")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ProjectError(f"Cannot write {what} to '{out}': the folder '{parent}' does not exist. "
                           "Create it first, or choose another output path.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ProjectError(f"Cannot write {what} to '{out}': the folder '{parent}' is not writable. "
                           "Choose another output path.")
    if is_folder or not out.exists():
        return
    if out.exists() and not os.access(out, os.W_OK) and not os.access(parent, os.W_OK):
        raise ProjectError(f"Cannot write {what} to '{out}': the file is read-only.")
    allowed = {k.lower() for k in kinds}
    if allowed and out.suffix.lower() not in allowed and not force:
        raise ProjectError(f"Refusing to replace '{out}' with {what}: it is an existing {out.suffix or 'extension-less'} "
                           f"file, not a {' / '.join(sorted(allowed))} file. Choose another output path, or add "
                           "--force to replace it.")


def check_outputs(outputs: Iterable[tuple], inputs: Inputs, *, force: bool = False) -> None:
    """Check every (path, what, kinds) output, main file and side files, against the rules above."""
    inputs = dict(inputs) if isinstance(inputs, Mapping) else list(inputs)
    for out, what, kinds, *rest in outputs:
        refuse_overwriting_inputs(out, inputs, what)
        check_output_path(out, what, kinds=kinds, force=force, is_folder=bool(rest and rest[0]))
