"""ContextWorker: works out the document's model inputs (engine.preprocess.model_context) off the UI thread.

Fitting a text column's vocabulary takes about a second and image inputs read files: on the UI thread the
window would freeze on opening such a table and at every change of a column's kind or the target. Small tables
without text or images are still worked out at once (a few milliseconds), so they never show a waiting state.

Results are kept by their settings key (the same table and settings give the same inputs: undo, redo and
switching back cost nothing). One task runs at a time; a request made meanwhile waits for it and then starts,
so quick edits never pile up threads. Every finished task reports ready(key); the document takes only the key
it asked for last, so a result for settings the user has changed since is kept but never shown.
"""

from __future__ import annotations

import copy
import logging
import time
from collections import OrderedDict

from PySide6.QtCore import QObject, Signal, Slot

from engine.preprocess.model_context import NO_CONTEXT, FittedContext, fit_context, fits_quickly
from gui.infra import background

logger = logging.getLogger(__name__)

KEPT_RESULTS = 16


def _fit_in_background(_state, frame, schema, split, settings) -> FittedContext:
    return fit_context(frame, schema, split, **settings)


class ContextWorker(QObject):
    """Model inputs by settings key, worked out in a background task when slow. Signals: ready(str key), once
    the inputs for `key` are known (also when they could not be worked out: then they are NO_CONTEXT)."""

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._results: OrderedDict[str, FittedContext] = OrderedDict()
        self._task: background.BackgroundTask | None = None
        self._task_key: str | None = None
        self._waiting: tuple | None = None  # (key, frame, schema, split, settings) asked for while a task ran

    def result(self, key: str, frame, schema, split, settings: dict) -> FittedContext | None:
        """The inputs for these settings (fit_context's arguments; `key` is their context_key) if known or quick
        to work out; else None, and they are being worked out (ready(key) follows)."""
        if key in self._results:
            self._results.move_to_end(key)
            return self._results[key]
        if fits_quickly(frame, schema):
            self._keep(key, _fit_quietly(frame, schema, split, settings))
            return self._results[key]
        # copies: the thread must not see later edits (the frame is never edited in place)
        self._waiting = None if key == self._task_key else (key, frame, *copy.deepcopy((schema, split, settings)))
        self._start_waiting()
        return None

    def is_working_on(self, key: str | None) -> bool:
        """The inputs for `key` are being worked out (or wait for the task before them)."""
        return key is not None and (key == self._task_key or (self._waiting is not None and self._waiting[0] == key))

    def forget(self) -> None:
        """Drop every result and the work under way (another table: nothing known holds for it)."""
        self._results.clear()
        self._waiting = None
        if self._task is not None:
            self._task.discard()
        self._task, self._task_key = None, None

    def wait(self, timeout_ms: int) -> bool:
        """Block until no work is under way (its ready() delivered); True if it ended in time. Only for what cannot
        go on without the inputs: the window does not redraw meanwhile."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._task is not None:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not self._task.wait(left):
                return False
        return True

    def _start_waiting(self) -> None:
        if self._task is not None or self._waiting is None:
            return
        key, *args = self._waiting
        self._waiting = None
        self._task_key = key
        self._task = background.BackgroundTask(_fit_in_background, *args, name="layerlab-model-inputs")
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.finished.connect(self._on_task_finished)
        self._task.start()

    def _keep(self, key: str, fitted: FittedContext) -> None:
        self._results[key] = fitted
        self._results.move_to_end(key)
        while len(self._results) > KEPT_RESULTS:
            self._results.popitem(last=False)

    @Slot(object)
    def _on_task_succeeded(self, fitted: FittedContext) -> None:
        self._keep(self._task_key, fitted)

    @Slot(object)
    def _on_task_failed(self, error: BaseException) -> None:
        logger.debug("The model's inputs could not be worked out: %s", error)
        self._keep(self._task_key, NO_CONTEXT)  # the preprocessing refuses these settings: Train will say why

    @Slot()
    def _on_task_finished(self) -> None:
        key = self._task_key
        self._task, self._task_key = None, None
        self._start_waiting()
        self.ready.emit(key)


def _fit_quietly(frame, schema, split, settings: dict) -> FittedContext:
    try:
        return fit_context(frame, schema, split, **settings)
    except Exception:  # noqa: BLE001 - settings the preprocessing refuses show as "no context"; Train says why
        return NO_CONTEXT
