"""Errors never vanish: unexpected exceptions and hard crashes are written to a log file and reported.

`install()` (called by gui.app.main, never at import) sets up, in the user's log folder
(platformdirs.user_log_dir("LayerLab")):
  - layerlab.log: a size-limited, rotating log that receives the root logger (engine and gui
    loggers included) and every unexpected exception with its traceback;
  - faults.log: kept open for `faulthandler`, which writes the Python stack of every thread there
    when the process dies hard (segfault, abort) and no Python code can run any more.
It replaces sys.excepthook (PySide6 calls it for an exception raised in a slot; the app keeps
running) and threading.excepthook (a plain thread's exception). Each unexpected error is logged,
then a dialog names the log file: "Something went wrong … details were written to <path>".
The dialog is always shown from the event loop (a queued signal), whichever thread failed.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot

LOG_NAME = "layerlab.log"
FAULTS_NAME = "faults.log"
MAX_BYTES = 1_000_000  # per file; with BACKUPS old files the folder stays under ~4 MB
BACKUPS = 3
REPEAT_QUIET_S = 10.0  # the same error again within this time is logged but not shown again

logger = logging.getLogger(__name__)
_reporter: "CrashReporter | None" = None


def default_log_folder() -> Path:
    """The per-user log folder (e.g. ~/.local/state/LayerLab/log on Linux)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("LayerLab", appauthor=False))


def install(folder: str | Path | None = None, show_dialogs: bool = True) -> "CrashReporter":
    """Start logging to `folder` (default: the user's log folder) and install the hooks; idempotent.

    Returns the CrashReporter (its `log_path` is the file the dialogs name). Call from the GUI thread
    after the QApplication exists.
    """
    global _reporter
    if _reporter is not None:
        return _reporter
    _reporter = CrashReporter(Path(folder) if folder else default_log_folder(), show_dialogs)
    _reporter.install()
    return _reporter


def uninstall() -> None:
    """Put the previous hooks back and close the log files (tests; the app keeps them to the end)."""
    global _reporter
    if _reporter is not None:
        _reporter.uninstall()
        _reporter = None


def current_log_file() -> Path | None:
    """The log file in use, or None when install() has not been called."""
    return _reporter.log_path if _reporter is not None else None


def report_details(summary: str, details: str, where: str) -> Path | None:
    """Log an error caught in another process (its summary and traceback text) and show the dialog.

    Safe from any thread. Returns the log file that holds the details (None when not installed,
    in which case the error still goes to the `logging` system).
    """
    if _reporter is None:
        logger.error("Unexpected error in %s: %s\n%s", where, summary, details)
        return None
    _reporter.report_text(summary, details, where)
    return _reporter.log_path


def _rotate_if_large(path: Path) -> None:
    """faulthandler holds its file for the whole session: rotate it at start-up instead."""
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_name(path.name + ".1"))
    except OSError:
        pass


class CrashReporter(QObject):
    """Logs unexpected exceptions and shows one dialog per error (never a dialog storm).

    Signals: error_reported(str summary) — emitted from any thread, delivered queued to the GUI
    thread, where `_on_error_reported` shows the dialog.
    """

    error_reported = Signal(str)

    def __init__(self, folder: Path, show_dialogs: bool = True):
        super().__init__()
        self.folder = folder
        self.log_path = folder / LOG_NAME
        self.faults_path = folder / FAULTS_NAME
        self.show_dialogs = show_dialogs
        self.reported = 0  # unexpected errors seen this session (tests and the status bar may read it)
        self._handler: logging.Handler | None = None
        self._faults_file = None
        self._previous: dict = {}
        self._levels: dict[str, int] = {}
        self._dialog_open = False
        self._last_shown: tuple[str, float] = ("", 0.0)
        self._lock = threading.Lock()
        self.error_reported.connect(self._on_error_reported, Qt.ConnectionType.QueuedConnection)

    # -- set-up ---------------------------------------------------------------------------------------
    def install(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(self.log_path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=False)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"))
        handler.setLevel(logging.INFO)
        root = logging.getLogger()
        root.addHandler(handler)
        self._levels = {name: logging.getLogger(name).level for name in ("gui", "engine")}
        for name in self._levels:  # our own notes at INFO; libraries stay at their level
            logging.getLogger(name).setLevel(logging.INFO)
        self._handler = handler
        _rotate_if_large(self.faults_path)
        self._faults_file = open(self.faults_path, "a", encoding="utf-8")  # noqa: SIM115 - open for the session
        self._faults_file.write(f"--- LayerLab started {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n")
        self._faults_file.flush()
        self._previous = {"excepthook": sys.excepthook, "threading": threading.excepthook,
                          "faulthandler": faulthandler.is_enabled()}
        faulthandler.enable(file=self._faults_file, all_threads=True)
        sys.excepthook = self._on_sys_exception
        threading.excepthook = self._on_thread_exception
        logger.info("LayerLab started: Python %s on %s; log %s", sys.version.split()[0], sys.platform,
                    self.log_path)

    def uninstall(self) -> None:
        if self._previous:
            sys.excepthook = self._previous["excepthook"]
            threading.excepthook = self._previous["threading"]
            faulthandler.disable()
            if self._previous["faulthandler"] and sys.__stderr__ is not None:
                faulthandler.enable(file=sys.__stderr__, all_threads=True)
            self._previous = {}
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)
        self._levels = {}
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler.close()
            self._handler = None
        if self._faults_file is not None:
            self._faults_file.close()
            self._faults_file = None

    # -- hooks (any thread) ---------------------------------------------------------------------------
    def _on_sys_exception(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: the default behaviour
            self._previous.get("excepthook", sys.__excepthook__)(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb, "the user interface")

    def _on_thread_exception(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a background thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, f"thread '{name}'")

    def report(self, exc_type, exc, tb, where: str) -> None:
        """Log the exception with its traceback and ask for the dialog (queued to the GUI thread)."""
        summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb)).rstrip()
        except Exception:  # noqa: BLE001 - the hook must never raise
            details = summary
        self.report_text(summary, details, where)

    def report_text(self, summary: str, details: str, where: str) -> None:
        """Log an error's summary and traceback text and ask for the dialog (queued to the GUI thread)."""
        try:
            logger.error("Unexpected error in %s: %s\n%s", where, summary, details)
            if self._handler is not None:
                self._handler.flush()
        except Exception:  # noqa: BLE001 - the hook must never raise; fall back to stderr
            print(f"Unexpected error in {where}: {summary}\n{details}", file=sys.__stderr__)
        with self._lock:
            self.reported += 1
        try:
            self.error_reported.emit(summary[:500])
        except RuntimeError:  # the reporter is being torn down at exit
            pass

    # -- the dialog (GUI thread) ----------------------------------------------------------------------
    @Slot(str)
    def _on_error_reported(self, summary: str) -> None:
        if not self.show_dialogs or self._dialog_open:
            return
        last, when = self._last_shown
        now = time.monotonic()
        if summary == last and now - when < REPEAT_QUIET_S:
            return
        from PySide6.QtWidgets import QApplication

        from gui.infra import messages

        self._dialog_open = True
        try:
            messages.show_unexpected_error(QApplication.activeWindow(), summary, self.log_path)
        finally:
            self._dialog_open = False
            self._last_shown = (summary, time.monotonic())
