"""`layerlab --smoke-test`: the whole loop once, through the real window and training process.

Builds the main window with the churn example, trains one epoch through TrainingPage's TrainingRun
(in the training process, as a user's run), and checks that the curves received points and the run
was recorded with its bundle.
Exit status 0 on success; otherwise a message on stderr and status 1. The packaged app runs it too.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from gui.application import build_window, create_application

DEFAULT_TIMEOUT_S = 180.0


def temporary_settings():
    """AppSettings in a throw-away INI file, so automated runs never touch the user's recent files."""
    from PySide6.QtCore import QSettings

    from gui.infra.settings import AppSettings

    folder = Path(tempfile.mkdtemp(prefix="layerlab-settings-"))
    return AppSettings(QSettings(str(folder / "layerlab.ini"), QSettings.Format.IniFormat))


def train_once(window, epochs: int, timeout_s: float = DEFAULT_TIMEOUT_S) -> tuple[int | None, str]:
    """Set the epochs (one undoable edit), press Train and wait. Returns (run index, "") or (None, why)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from engine.training import TrainConfig

    document, page = window.document, window.training_page
    config = TrainConfig.from_dict(document.config.to_dict())
    config.epochs = epochs
    document.edit_config(config, f"Train for {epochs} epoch(s)")
    blocker = document.training_blocker()
    if blocker:
        return None, f"Train is disabled: {blocker}"
    outcome: dict = {}
    loop = QEventLoop()

    def finished(index: int) -> None:
        outcome["index"] = index
        loop.quit()

    def failed(message: str) -> None:
        outcome["error"] = message
        loop.quit()

    page.run_finished.connect(finished)
    page.run_failed.connect(failed)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout_s * 1000))
    page.train_action.trigger()
    if not page.is_training and not outcome:
        return None, "Pressing Train did not start a run."
    loop.exec()
    timer.stop()
    page.run_finished.disconnect(finished)
    page.run_failed.disconnect(failed)
    if "error" in outcome:
        return None, f"Training failed: {outcome['error']}"
    if "index" not in outcome:
        page.stop_and_wait(10000)
        return None, f"Training did not finish within {timeout_s:.0f} s."
    deadline = time.monotonic() + 10  # the run's relay thread ends just after run_finished
    while page.is_training and time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return outcome["index"], ""


def check_run(window, index: int) -> list[str]:
    """Everything wrong with a finished run as the window shows it (empty = good)."""
    problems = []
    curves = window.training_page.curves
    if len(curves.train.xs) < 1 or len(curves.val.xs) < 1:
        problems.append("the epoch curves got no points")
    if len(curves.batch.xs) < 1:
        problems.append("the batch-loss curve got no points")
    runs = window.document.runs
    if not 0 <= index < len(runs):
        problems.append("the run was not recorded in the project")
        return problems
    record = runs[index]
    if not record.test_metrics:
        problems.append("the run has no test metrics")
    if not record.bundle or not Path(record.bundle).is_file():
        problems.append("the run's model bundle was not saved")
    if window.evaluate_page.current_index != index:
        problems.append("the Evaluate page does not show the run")
    return problems


def run_smoke_test(timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Build the window with the example, train one epoch, check; 0 on success, 1 with a message otherwise."""
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    app = QApplication.instance() or create_application()
    window = None
    try:
        window = build_window("churn", temporary_settings())
        window.show()
        app.processEvents()
        index, error = train_once(window, epochs=1, timeout_s=timeout_s)
        problems = [error] if error else check_run(window, index)
    except Exception as exc:  # noqa: BLE001 - a smoke test reports, it does not crash
        problems = [f"{type(exc).__name__}: {exc}"]
    finally:
        if window is not None:
            window.training_page.stop_and_wait(10000)
            window.hide()
            window.deleteLater()
            app.processEvents()
    if problems:
        print("layerlab smoke test FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    record = window.document.runs[index]
    accuracy = record.test_metrics.get("accuracy")
    score = f", test accuracy {100 * accuracy:.1f} %" if accuracy is not None else ""
    print(f"layerlab smoke test passed: 1 epoch trained in the training process on {record.device or 'CPU'}"
          f"{score}, curves updated, run recorded ({time.perf_counter() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(run_smoke_test())
