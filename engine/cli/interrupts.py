"""Ctrl+C while the libraries import: held until the imports are done, then a clean "Interrupted."."""

from __future__ import annotations

import importlib
import signal
import threading
from contextlib import contextmanager

EXIT_INTERRUPTED = 130  # the shell's convention: 128 + SIGINT


@contextmanager
def deferred_interrupt():
    """Hold Ctrl+C inside the block and raise KeyboardInterrupt once it is left.

    A KeyboardInterrupt raised in the middle of `import torch` or `import pandas` leaves half-initialised
    modules behind: the next import then fails with ImportError or RecursionError instead of a message, and
    a library that catches everything during its import may swallow it so the command runs on.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def import_libraries(names: tuple[str, ...]) -> None:
    """Import the heavy libraries a command needs up front, with Ctrl+C held until they are complete."""
    with deferred_interrupt():
        for name in names:
            importlib.import_module(name)
