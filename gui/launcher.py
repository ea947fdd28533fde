"""The `layerlab` console script: a sub-command runs the headless CLI; anything else opens the app.

Imports neither Qt nor torch at module level, so `layerlab train` works where Qt or a display is missing.
"""

from __future__ import annotations

import os
import sys

from engine.cli.interrupts import EXIT_INTERRUPTED, deferred_interrupt

HEADLESS_HINT = "Train headless instead, e.g.: layerlab train --example churn  (see layerlab --help)"


def main(argv: list[str] | None = None) -> int:
    """Dispatch: `layerlab train|predict|info|export|import-keras …` -> CLI; otherwise the desktop app.

    Ctrl+C before a command has started its work is one line, "Interrupted." (exit 130), never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _dispatch(argv: list[str]) -> int:
    with deferred_interrupt():  # Ctrl+C during these imports would leave half-imported modules behind
        from engine.cli.main import COMMANDS
        from engine.cli.main import main as cli_main
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version") or _is_unknown_word(argv[0])):
        return cli_main(argv)  # a typo such as `layerlab trian` gets "invalid choice", not the app
    return open_gui(argv)


def _is_unknown_word(arg: str) -> bool:
    """Neither an option (Qt's -style …) nor an existing file or folder to open: a mistyped command."""
    return not arg.startswith("-") and not os.path.lexists(arg)


def open_gui(argv: list[str]) -> int:
    """Start the desktop app (no command, GUI flags, or a file to open from the file manager).

    Qt's own options (-style Fusion, -platform xcb, …) pass through to gui.app, where QApplication takes them."""
    from engine.cli.main import EXIT_USAGE
    from gui.app import wants_headless  # no Qt at its module level

    headless_job = wants_headless(argv)
    platform_chosen = any(arg.lstrip("-").split("=")[0] == "platform" for arg in argv if arg.startswith("-"))
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                                                 or os.environ.get("QT_QPA_PLATFORM") or platform_chosen):
        if not headless_job:
            print(f"layerlab: no display found, so the desktop app cannot open.\n{HEADLESS_HINT}", file=sys.stderr)
            return EXIT_USAGE
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from gui.app import main as gui_main
    except ImportError as exc:
        print(f"layerlab: the desktop app cannot start: {exc}.\n{HEADLESS_HINT}", file=sys.stderr)
        return EXIT_USAGE
    return gui_main(argv)


if __name__ == "__main__":  # `python -m gui.launcher`, as `layerlab`
    sys.exit(main())
