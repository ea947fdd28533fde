"""One training run's thread: starts a TrainingWorker in a QThread, relays its signals, stops it cleanly.

A session is deliberately not a Qt child of the page: if the page is destroyed mid-run the
session (kept alive in `_ACTIVE`) stops the worker and lets the thread finish on its own, so Qt
never destroys a running QThread. Before the application quits, every active run is stopped.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from gui.pages.training.worker import TrainingWorker, JobRequest

_ACTIVE: set["TrainingSession"] = set()
_quit_hook_installed = False


def active_sessions() -> int:
    """How many training threads are still running (tests and the main window use it)."""
    return len(_ACTIVE)


def stop_all(timeout_ms: int = 5000) -> bool:
    """Stop every running training thread and wait for each; True if all ended in time."""
    return all(session.stop_and_wait(timeout_ms) for session in list(_ACTIVE))


class TrainingSession(QObject):
    """Runs one TrainingWorker in its own QThread.

    Signals (UI thread): run_started(dict), batch_losses(list), epoch_ended(dict), paused_changed(bool),
    run_finished(dict, str), run_failed(str), ran_out_of_memory(int batch size), ended() once the thread has quit.
    """

    run_started = Signal(dict)
    batch_losses = Signal(list)
    epoch_ended = Signal(dict)
    paused_changed = Signal(bool)
    run_finished = Signal(dict, str)
    run_failed = Signal(str)
    ran_out_of_memory = Signal(int)
    ended = Signal()

    def __init__(self, inputs: JobRequest):
        super().__init__()
        self.inputs = inputs
        self.paused = False
        self._detached = False
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start the worker thread (once)."""
        _install_quit_hook()
        thread = QThread()
        thread.setObjectName("layerlab-training")
        worker = TrainingWorker(self.inputs)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.run_started.connect(self._on_worker_run_started)
        worker.batch_losses.connect(self._on_worker_batch_losses)
        worker.epoch_ended.connect(self._on_worker_epoch_ended)
        worker.paused_changed.connect(self._on_worker_paused_changed)
        worker.run_finished.connect(self._on_worker_run_finished)
        worker.run_failed.connect(self._on_worker_run_failed)
        worker.ran_out_of_memory.connect(self._on_worker_ran_out_of_memory)
        thread.finished.connect(worker.deleteLater)  # direct, in the ending thread: Qt's documented pattern
        thread.finished.connect(self._on_thread_finished)  # queued: waits, then deleteLater()s the thread
        self._thread, self._worker = thread, worker
        _ACTIVE.add(self)
        thread.start()

    # -- controls (UI thread) --------------------------------------------------------------------------
    def pause(self) -> None:
        if self._worker is not None:
            self._worker.pause()

    def resume(self) -> None:
        if self._worker is not None:
            self._worker.resume()

    def request_stop(self) -> None:
        if self._worker is not None:
            self._worker.request_stop()

    def detach(self) -> None:
        """The view is gone: stop the run and relay nothing more (the thread still ends cleanly)."""
        self._detached = True
        self.request_stop()

    def stop_and_wait(self, timeout_ms: int = 5000) -> bool:
        """Ask the run to stop and block until its thread quits; queued results are delivered before returning."""
        thread = self._thread
        if thread is None:
            return True
        self.request_stop()
        if not thread.wait(timeout_ms):
            return False
        # The worker's last signals are queued to this object: deliver them now, so the run is recorded.
        QCoreApplication.sendPostedEvents(self)
        if self._thread is not None:  # finished() is queued too; don't wait for the event loop
            self._on_thread_finished()
        return True

    # -- worker signals (queued into the UI thread) ------------------------------------------------------
    @Slot(dict)
    def _on_worker_run_started(self, info: dict) -> None:
        if not self._detached:
            self.run_started.emit(info)

    @Slot(list)
    def _on_worker_batch_losses(self, points: list) -> None:
        if not self._detached:
            self.batch_losses.emit(points)

    @Slot(dict)
    def _on_worker_epoch_ended(self, data: dict) -> None:
        if not self._detached:
            self.epoch_ended.emit(data)

    @Slot(bool)
    def _on_worker_paused_changed(self, paused: bool) -> None:
        self.paused = paused
        if not self._detached:
            self.paused_changed.emit(paused)

    @Slot(dict, str)
    def _on_worker_run_finished(self, record: dict, bundle: str) -> None:
        if not self._detached:
            self.run_finished.emit(record, bundle)

    @Slot(str)
    def _on_worker_run_failed(self, message: str) -> None:
        if not self._detached:
            self.run_failed.emit(message)

    @Slot(int)
    def _on_worker_ran_out_of_memory(self, batch_size: int) -> None:
        if not self._detached:
            self.ran_out_of_memory.emit(batch_size)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        thread.wait()  # finished() is emitted just before the thread ends: let it end before deleting
        thread.deleteLater()
        self._thread = None
        self._worker = None
        _ACTIVE.discard(self)
        if not self._detached:
            self.ended.emit()


def _install_quit_hook() -> None:
    global _quit_hook_installed
    app = QCoreApplication.instance()
    if app is not None and not _quit_hook_installed:
        app.aboutToQuit.connect(_stop_everything)
        _quit_hook_installed = True


def _stop_everything() -> None:
    """Before the app quits: stop every run, then close the idle training process."""
    from gui.pages.training import process

    stop_all()
    process.shutdown()
