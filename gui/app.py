"""The desktop app's entry point: arguments, crash log, recovery, lazy engine warm-up (gui.application
makes the QApplication and the window).

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

from gui.application import application_arguments, apply_preferences, build_window, create_application

_STARTED = time.perf_counter()  # as close to process start as this module gets; see startup_seconds()


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options and the arguments we do not know. Give it what Qt left (see application_arguments):
    "-style Fusion" read here would make "Fusion" the file to open."""
    parser = argparse.ArgumentParser(prog="layerlab", add_help=False, allow_abbrev=False)
    parser.add_argument("--smoke-test", action="store_true",
                        help="build the window with the example, train one epoch, exit 0 on success")
    parser.add_argument("--screenshots", metavar="DIR", help="render each page at 1280x800 into DIR and exit")
    parser.add_argument("--theme", choices=("light", "dark"), help="with --screenshots: render in this theme")
    parser.add_argument("--lang", choices=("en", "zh_CN"), help="with --screenshots: render in this language")
    parser.add_argument("path", nargs="?", help="a project (*.layerlab) or table (*.csv) to open")
    options, rest = parser.parse_known_args(argv)
    return options, rest


def wants_headless(argv: list[str]) -> bool:
    """True for the modes that need no display (--smoke-test, --screenshots); read before Qt starts."""
    return any(arg in ("--smoke-test", "--screenshots") or arg.startswith("--screenshots=") for arg in argv)


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

        return render_screenshots(Path(options.screenshots), theme=options.theme, language=options.lang)
    from PySide6.QtCore import QTimer

    from gui.infra import crash_log

    crash_log.install()  # errors never vanish: log file + dialog; faulthandler for hard crashes
    apply_preferences()
    window = build_window(example=None if options.path else "churn")
    window.show()
    if os.environ.get("LAYERLAB_STARTUP_TIME"):
        print(f"layerlab: window shown after {startup_seconds():.2f} s", file=sys.stderr)
    QTimer.singleShot(0, lambda: start_recovery(window, options.path))
    QTimer.singleShot(0, preload_engine_in_background)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
