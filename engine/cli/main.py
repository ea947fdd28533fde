"""The `layerlab` command line: the parser over every sub-command and the exit statuses.

The `layerlab` console script is gui.launcher.main, which opens the desktop app when no
sub-command is given and otherwise calls main() here, so the engine never imports the GUI.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import traceback
import warnings

from engine import __version__
from engine.cli import explain_cmd
from engine.cli import lr_find_cmd
from engine.cli import compare_cmd, diagnose_cmd
from engine.cli import export_cmd, import_keras_cmd, info_cmd, predict_cmd, sweep_cmd, train_cmd
from engine.cli.interrupts import EXIT_INTERRUPTED, import_libraries
from engine.errors import DataWarning, LayerLabError

EXIT_USAGE = 2
# Imported before a command runs, with Ctrl+C held meanwhile (engine/cli/interrupts.py); `info` needs no torch,
# `sweep` imports it itself once its workers' fork server has started (seconds sooner).
LIBRARIES = ("numpy", "pandas", "sklearn", "torch")
LIBRARIES_LIGHT = ("numpy", "pandas")
LIGHT_COMMANDS = ("info", "sweep")
COMMANDS = ("train", "predict", "info", "export", "import-keras", "explain", "sweep", "lr-find", "diagnose", "compare")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `layerlab` console script; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        parser.print_help()
        return EXIT_USAGE
    if not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return _unknown_command(parser, argv[0])
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:  # libraries' warnings must not come before our message
        warnings.simplefilter("default")
        try:
            import_libraries(LIBRARIES_LIGHT if args.command in LIGHT_COMMANDS else LIBRARIES)
            code = args.handler(args)
        except LayerLabError as exc:
            return _fail(str(exc), args.debug, caught)
        except (ValueError, OSError) as exc:
            return _fail(f"{exc}", args.debug, caught)
        except KeyboardInterrupt:
            print("\nInterrupted.", file=sys.stderr)
            return EXIT_INTERRUPTED
    _show(caught)  # a run that worked: its warnings may matter, show them after its output
    return code


def _unknown_command(parser: argparse.ArgumentParser, word: str) -> int:
    """`layerlab trian`: argparse's "invalid choice", plus the command that was probably meant."""
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    parser.print_usage(sys.stderr)
    print(f"layerlab: error: argument COMMAND: invalid choice: '{word}' (choose from {', '.join(COMMANDS)}).{hint}",
          file=sys.stderr)
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="layerlab", description="Build, train and export neural networks on CSV tables. "
                                     "Run without a command to open the app.")
    parser.add_argument("--version", action="version", version=f"LayerLab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the full traceback on errors")

    train_cmd.add_parser(sub, common)
    predict_cmd.add_parser(sub, common)
    info_cmd.add_parser(sub, common)
    export_cmd.add_parser(sub, common)
    import_keras_cmd.add_parser(sub, common)
    explain_cmd.add_parser(sub, common)
    sweep_cmd.add_parser(sub, common)
    lr_find_cmd.add_parser(sub, common)
    diagnose_cmd.add_parser(sub, common)
    compare_cmd.add_parser(sub, common)
    return parser


def _show(caught) -> None:
    for item in caught:
        if issubclass(item.category, DataWarning):  # ours: a sentence for the user
            print(f"warning: {item.message}", file=sys.stderr)
        else:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def _fail(message: str, debug: bool, caught=()) -> int:
    if debug:
        _show(caught)  # with --debug, everything; otherwise only the message
        traceback.print_exc()
    print(f"layerlab: error: {message}", file=sys.stderr)
    return EXIT_USAGE
