"""What the sub-commands share at the terminal: Ctrl+C that stops a run cleanly, JSON output."""

from __future__ import annotations

import json
import signal
import sys


def install_stop_on_interrupt(stop) -> None:
    """First Ctrl+C asks `stop()` to end the run cleanly (best model still saved); a second one aborts."""
    def handler(signum, frame):
        print("\nStopping after this batch; the best model so far will be saved (Ctrl+C again to abort).",
              file=sys.stderr)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        stop()

    signal.signal(signal.SIGINT, handler)


def print_json(value) -> None:
    from engine.io.jsonutil import json_safe

    print(json.dumps(json_safe(value), indent=2))
