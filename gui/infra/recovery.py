"""Crash recovery: the open project is autosaved to a recovery file, and offered back after a crash.

RecoveryManager writes the document, when it has unsaved changes, every minute and after each
training run to `platformdirs.user_data_dir("LayerLab")/recovery/<name>.layerlab`, beside a small
JSON sidecar (`<name>.json`: the project's own path, the time, this process's id). Both writes
are atomic (engine.io.atomic: temp file + replace), so a crash mid-write leaves the previous copy.
The files are removed whenever the document has nothing left to save (saved, discarded, a new or
another project opened) and when the window closes normally; so a recovery file that is still
there at the next start, written by a process that no longer runs, means a crash. At start-up
`offer_restore()` asks Restore / Discard; a restored project opens as modified with its original
path remembered, so Save writes to the original file. A damaged recovery file is discarded with
a message and the app starts normally.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from gui.infra import messages

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls

logger = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000
PROJECT_SUFFIX = ".layerlab"  # engine.io.project.SUFFIX
SIDECAR_SUFFIX = ".json"
SIDECAR_FORMAT = "layerlab.recovery"


def default_folder() -> Path:
    """The per-user recovery folder (e.g. ~/.local/share/LayerLab/recovery on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("LayerLab", appauthor=False)) / "recovery"


def safe_name(name: str) -> str:
    """A file-name-safe form of a project name (no separators, no leading dots)."""
    cleaned = re.sub(r"[^\w\- .]+", "_", name).strip(" .") or "Untitled"
    return cleaned[:80]


def pid_alive(pid: int | None) -> bool:
    """True when a process with this id runs now (our own process included)."""
    if not pid or pid < 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    except OSError:
        return False
    return True


@dataclass
class RecoveryEntry:
    """One recovery file (and its sidecar) found on disk."""

    project_file: Path
    sidecar: Path
    name: str
    original_path: str | None = None
    saved_at: float = 0.0
    pid: int | None = None
    damaged: str = ""  # why the sidecar could not be read ("" when fine)

    @property
    def saved_at_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at)) if self.saved_at \
            else translate("RecoveryManager", "an unknown time")

    def remove(self) -> None:
        for path in (self.project_file, self.sidecar):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                logger.warning("Could not remove the recovery file %s: %s", path, exc)


def read_entry(project_file: Path) -> RecoveryEntry:
    """The entry for a recovery file; a missing or unreadable sidecar is reported in `damaged`."""
    sidecar = project_file.with_suffix(SIDECAR_SUFFIX)
    entry = RecoveryEntry(project_file, sidecar, project_file.stem)
    try:
        entry.saved_at = project_file.stat().st_mtime
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
            raise ValueError("not a LayerLab recovery note")
        entry.name = str(data.get("name") or entry.name)
        entry.original_path = str(data["original_path"]) if data.get("original_path") else None
        entry.saved_at = float(data.get("saved_at") or entry.saved_at)
        entry.pid = int(data["pid"]) if data.get("pid") is not None else None
    except FileNotFoundError:
        entry.damaged = translate("RecoveryManager", "its note is missing")
    except (OSError, ValueError, TypeError, KeyError) as exc:
        entry.damaged = translate("RecoveryManager", "its note is damaged ({error})").format(error=exc)
    return entry


def leftovers(folder: Path) -> list[RecoveryEntry]:
    """Recovery files left by processes that no longer run (crashes), newest first."""
    if not folder.is_dir():
        return []
    entries = [read_entry(p) for p in folder.glob(f"*{PROJECT_SUFFIX}") if p.is_file()]
    entries += [RecoveryEntry(s.with_suffix(PROJECT_SUFFIX), s, s.stem,
                              damaged=translate("RecoveryManager", "its project file is missing"))
                for s in folder.glob(f"*{SIDECAR_SUFFIX}") if not s.with_suffix(PROJECT_SUFFIX).exists()]
    found = [e for e in entries if not pid_alive(e.pid)]
    return sorted(found, key=lambda e: e.saved_at, reverse=True)


class RecoveryManager(QObject):
    """Autosaves one window's document for crash recovery and offers leftovers back at start-up.

    Create it in gui.app.main (never in tests' windows unless given a scratch folder); the main
    window calls `close()` when it closes normally. Signals: autosaved(str path).
    """

    autosaved = Signal(str)

    def __init__(self, window, folder: str | Path | None = None, interval_ms: int = AUTOSAVE_INTERVAL_MS):
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.folder = Path(folder) if folder else default_folder()
        self._written: Path | None = None  # our own recovery file, if one is on disk
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()
        self.document.modified_changed.connect(self._on_document_modified_changed)
        self.window.training_page.run_finished.connect(self._on_training_page_run_finished)

    @property
    def recovery_file(self) -> Path | None:
        """The recovery file this session wrote and still keeps (None when nothing needs recovering)."""
        return self._written

    # -- writing ---------------------------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Write the document to its recovery file if it has unsaved changes; returns the file or None.

        A failure (disk full, folder not writable) is logged and never interrupts the user.
        """
        if not self.document.is_modified:
            return None
        from engine.io.atomic import write_text_atomic
        from engine.errors import LayerLabError

        target = self._target()
        note = {"format": SIDECAR_FORMAT, "version": 1, "name": self.document.display_name,
                "original_path": str(self.document.path) if self.document.path else None,
                "saved_at": time.time(), "pid": os.getpid()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.document.project.save(target)  # atomic; the project's name and path are untouched
            write_text_atomic(target.with_suffix(SIDECAR_SUFFIX), json.dumps(note, indent=2))
        except (LayerLabError, OSError, ValueError, TypeError) as exc:
            logger.warning("Autosave to %s failed: %s", target, exc)
            return None
        if self._written is not None and self._written != target:  # renamed by Save As: drop the old copy
            RecoveryEntry(self._written, self._written.with_suffix(SIDECAR_SUFFIX), "").remove()
        self._written = target
        self.autosaved.emit(str(target))
        return target

    def discard(self) -> None:
        """Remove this session's recovery file (the work was saved or deliberately dropped)."""
        if self._written is not None:
            RecoveryEntry(self._written, self._written.with_suffix(SIDECAR_SUFFIX), "").remove()
            self._written = None

    def close(self) -> None:
        """The window closes normally: stop autosaving and leave nothing to recover."""
        self.timer.stop()
        self.discard()

    def _target(self) -> Path:
        base = safe_name(self.document.display_name)
        target = self.folder / f"{base}{PROJECT_SUFFIX}"
        if target != self._written and target.exists():
            owner = read_entry(target)
            if owner.pid != os.getpid() and pid_alive(owner.pid):  # another LayerLab's copy: don't touch it
                target = self.folder / f"{base}-{os.getpid()}{PROJECT_SUFFIX}"
        return target

    # -- restoring -------------------------------------------------------------------------------------
    def offer_restore(self) -> bool:
        """If a crash left a recovery file, ask Restore / Discard; True when a project was restored."""
        found = leftovers(self.folder)
        if not found:
            return False
        entry = found[0]  # the newest; older ones are offered at later starts
        if entry.damaged:
            self._discard_damaged(entry, entry.damaged)
            return False
        if not messages.ask_restore_recovery(self.window, entry.name, entry.saved_at_text):
            entry.remove()
            return False
        from engine.errors import LayerLabError
        from engine.io.project import Project

        try:
            project = Project.load(entry.project_file)
        except (LayerLabError, OSError) as exc:
            self._discard_damaged(entry, str(exc))
            return False
        self.window.files.open_recovered(project, entry.original_path)
        written = self.autosave()  # a fresh copy under this session before the old one goes
        if written is None or written != entry.project_file:
            entry.remove()
        return True

    def _discard_damaged(self, entry: RecoveryEntry, why: str) -> None:
        entry.remove()
        messages.show_warning(self.window, self.tr("Autosaved copy discarded"),
                              self.tr("An autosaved copy of “{name}” was found but could not be read, so it was "
                                      "discarded:\n{why}\n\nLayerLab starts normally.").format(name=entry.name, why=why))

    # -- signals ---------------------------------------------------------------------------------------
    @Slot()
    def _on_timer_timeout(self) -> None:
        self.autosave()

    @Slot(bool)
    def _on_document_modified_changed(self, modified: bool) -> None:
        if not modified:
            self.discard()

    @Slot(int)
    def _on_training_page_run_finished(self, _index: int) -> None:
        self.autosave()
