"""The `layerlab` command line: the parser over every sub-command and the exit statuses.

The `layerlab` console script is gui.launcher.main, which opens the desktop app when no
sub-command is given and otherwise calls main() here, so the engine never imports the GUI.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from engine import __version__
from engine.cli import export_cmd, import_keras_cmd, info_cmd, predict_cmd, train_cmd
from engine.errors import LayerLabError

EXIT_USAGE = 2
COMMANDS = ("train", "predict", "info", "export", "import-keras")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `layerlab` console script; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        parser.print_help()
        return EXIT_USAGE
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except LayerLabError as exc:
        return _fail(str(exc), args.debug)
    except (ValueError, OSError) as exc:
        return _fail(f"{exc}", args.debug)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130


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
    return parser


def _fail(message: str, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(f"layerlab: error: {message}", file=sys.stderr)
    return EXIT_USAGE
