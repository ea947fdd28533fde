"""The desktop app's entry point: QApplication set-up, first-run example, lazy engine warm-up.

`layerlab` (no sub-command) calls main(argv). argv may hold `--smoke-test`, `--screenshots DIR`
and/or a file to open (*.layerlab or *.csv), mixed with Qt's standard options (-style Fusion, -platform xcb,
-reverse, …): QApplication takes its own first, LayerLab reads what is left. The window is shown first;
the training stack (torch, sklearn) is imported afterwards in the background, so the window is usable at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()  # as close to process start as this module gets; see startup_seconds()
_ARGUMENTS_PROPERTY = "layerlab_arguments"  # QApplication property: argv without Qt's options


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options and the arguments we do not know. Give it what Qt left (see application_arguments):
    "-style Fusion" read here would make "Fusion" the file to open."""
    parser = argparse.ArgumentParser(prog="layerlab", add_help=False, allow_abbrev=False)
    parser.add_argument("--smoke-test", action="store_true",
                        help="build the window with the example, train one epoch, exit 0 on success")
    parser.add_argument("--screenshots", metavar="DIR", help="render each page at 1280x800 into DIR and exit")
    parser.add_argument("path", nargs="?", help="a project (*.layerlab) or table (*.csv) to open")
    options, rest = parser.parse_known_args(argv)
    return options, rest


def wants_headless(argv: list[str]) -> bool:
    """True for the jobs that need no display (--smoke-test, --screenshots); read before Qt starts."""
    return any(arg in ("--smoke-test", "--screenshots") or arg.startswith("--screenshots=") for arg in argv)


def create_application(argv: list[str] | None = None):
    """The QApplication with LayerLab's name (for QSettings), icon and a readable style.

    `argv` (without the program name) goes to QApplication, which removes Qt's own options from it;
    application_arguments(app) returns the rest.
    """
    # The data stack first: once imported, PySide6 reads the source of every module imported after
    # it (looking for `from __feature__ import ...`), which costs about 0.3 s over pandas' modules.
    import engine.data  # noqa: F401  (pandas, numpy)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "layerlab"] + list(argv or []))
        app.setProperty(_ARGUMENTS_PROPERTY, list(app.arguments()[1:]))
    from gui.infra.icons import app_icon
    from gui.infra.settings import APPLICATION, ORGANIZATION

    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("layerlab")
    app.setWindowIcon(app_icon())
    style = app.style().name().lower() if app.style() else ""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or style in ("windows", ""):
        app.setStyle("Fusion")  # the bare "Windows" style and offscreen defaults look dated; Fusion follows the palette
    return app


def application_arguments(app, argv: list[str] | None = None) -> list[str]:
    """The arguments left for LayerLab once Qt took its own: what QApplication kept when create_application
    made it, else (an application that already existed, as in tests) `argv` as given."""
    left = app.property(_ARGUMENTS_PROPERTY)
    return [str(arg) for arg in left] if isinstance(left, list) else list(argv or [])


def build_window(example: str | None = "churn", settings=None):
    """The main window with a bundled example loaded (first run: churn, so F5 trains at once), or empty."""
    from gui.document import ProjectDocument
    from gui.file_actions import load_example
    from gui.main_window import MainWindow

    document = ProjectDocument()
    if example:
        load_example(document, example)
    window = MainWindow(document, settings)
    window.files.mark_as_opened()
    if example:
        window.show_page("Model")  # the example's network, ready for F5; the other pages build their plots when shown
    return window


def preload_engine_in_background() -> None:
    """List the devices, pre-start the training process and import the training stack and plots off the
    UI thread (once per session; gui.infra.warmup), so the first Train click starts at once. Called
    after the window is shown."""
    from gui.infra.warmup import warm_up

    warm_up()  # idempotent


def start_recovery(window, path: str | None = None, folder=None) -> bool:
    """Autosave the window's project for crash recovery; offer a copy a crash left behind, else open `path`.

    Returns True when a project was restored (then `path` is not opened: the restored work comes first).
    """
    from gui.infra.recovery import RecoveryManager

    window.recovery = RecoveryManager(window, folder)
    if window.recovery.offer_restore():
        return True
    if path:  # after show: a problem with the file is a dialog over the window, not instead of it
        window.open_path(path)
    return False


def startup_seconds() -> float:
    """Seconds since this module was imported (the start-up figure printed with LAYERLAB_STARTUP_TIME=1)."""
    return time.perf_counter() - _STARTED


def main(argv: list[str] | None = None) -> int:
    """Run the desktop app; returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_headless(argv) and sys.platform.startswith("linux") \
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application(argv)  # takes -style, -platform, -reverse, … out before we look for a file
    options, unknown = parse_args(application_arguments(app, argv))
    if unknown:
        print(f"layerlab: ignoring {' '.join(unknown)} (see layerlab --help)", file=sys.stderr)
    if options.smoke_test:
        from gui.devtools.smoke import run_smoke_test

        return run_smoke_test()
    if options.screenshots:
        from gui.devtools.screenshots import render_screenshots

        return render_screenshots(Path(options.screenshots))
    from PySide6.QtCore import QTimer

    from gui.infra import crash_log

    crash_log.install()  # errors never vanish: log file + dialog; faulthandler for hard crashes
    window = build_window(example=None if options.path else "churn")
    window.show()
    if os.environ.get("LAYERLAB_STARTUP_TIME"):
        print(f"layerlab: window shown after {startup_seconds():.2f} s", file=sys.stderr)
    QTimer.singleShot(0, lambda: start_recovery(window, options.path))
    QTimer.singleShot(0, preload_engine_in_background)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
