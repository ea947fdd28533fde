"""Atomic file writes: a temp file in the same folder, flushed, then renamed over the target.

The temp file is named `.<target name>.<random>.tmp` (mkstemp). A process killed mid-write
(SIGKILL, power loss) leaves one behind; the next write of the same target removes such
leftovers (only names of exactly that pattern, and only ones untouched for a while, so that
another process still writing is left alone). The file gets the permissions a plain open()
would give (0666 less the umask), not mkstemp's 0600.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

STALE_AFTER_S = 60.0
"""A temp file of ours not modified for this long belongs to a write that died."""


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Atomic write of UTF-8 text."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _umask() -> int:
    try:  # Linux: read it without touching it (setting it, even briefly, races with other threads)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def _remove_stale_temps(path: Path) -> None:
    """Delete `.<name>.XXXXXXXX.tmp` files left in path's folder by writes of `path` that were killed."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"[A-Za-z0-9_]{8}\.tmp")
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        if not pattern.fullmatch(candidate.name):
            continue
        try:
            if now - candidate.lstat().st_mtime > STALE_AFTER_S and candidate.is_file():
                candidate.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)
