"""Open only regular files: one check for every path a user gives (CSV, project, bundle, Keras source).

A named pipe would block forever, /dev/zero or /dev/urandom would be read until memory runs out,
a symlink loop raises a bare OSError: each is refused here, before anything is opened, with a
sentence that says what the path is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from engine.errors import DataError, LayerLabError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device (character device)"),
    (stat.S_ISBLK, "a device (block device)"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def regular_file(path: str | Path, what: str = "File", error: type[LayerLabError] = DataError,
                 max_bytes: int | None = None) -> Path:
    """Return `path` as a Path when it names a regular file (after following symlinks) of at most `max_bytes`;
    otherwise raise `error` saying what it is: missing, a symlink loop, a folder, a named pipe, a device, far
    larger than such a file can be. Never opens it, so it never blocks and never reads gigabytes."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            message = f"{what} '{path}' is a symbolic link that loops back on itself. Point it at a real file."
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            message = f"{what} '{path}' does not exist. Check the path, or choose the file again."
        elif exc.errno in (errno.EACCES, errno.EPERM):
            message = f"{what} '{path}' cannot be read: permission denied."
        else:
            message = f"{what} '{path}' cannot be opened: {exc.strerror or exc}."
        raise _error(error, message, path) from None
    if not stat.S_ISREG(info.st_mode):
        hint = "Choose a file inside it." if stat.S_ISDIR(info.st_mode) else "Save the data to a file and choose that."
        raise _error(error, f"{what} '{path}' is {kind_of(info.st_mode)}, not a file. {hint}", path)
    if max_bytes is not None and info.st_size > max_bytes:
        raise _error(error, f"{what} '{path}' is {_size(info.st_size)}, far larger than such a file can be "
                            f"(at most {_size(max_bytes)}): it is another kind of file or damaged.", path)
    return path


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _error(error: type[LayerLabError], message: str, path: Path) -> LayerLabError:
    return error(message, path=path) if issubclass(error, DataError) else error(message)
