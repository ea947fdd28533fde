"""gui.infra.background: results, partial results and throttled progress reach the GUI thread; stop and discard."""

import threading
import time

from PySide6.QtCore import QCoreApplication, QThread

from gui.infra import background as tasks


def on_gui_thread() -> bool:
    return QThread.currentThread() is QCoreApplication.instance().thread()


def test_results_arrive_in_order_on_the_gui_thread_and_progress_is_throttled(qtbot):
    def work(state, n):
        for i in range(n):
            state.set_progress(100 * i / n)
            state.set_partial_result(i)
        state.set_progress(100)
        return threading.current_thread().name

    task = tasks.BackgroundTask(work, 10_000, name="layerlab-test-task")
    seen = {"partial": [], "progress": [], "threads": set()}
    task.partial_result_ready.connect(lambda v: seen["partial"].append(v) or seen["threads"].add(on_gui_thread()))
    task.progress_changed.connect(seen["progress"].append)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        with qtbot.waitSignal(task.succeeded, timeout=10_000) as succeeded:
            task.start()
    assert succeeded.args == ["layerlab-test-task"]
    assert seen["partial"] == list(range(10_000)) and seen["threads"] == {True}
    assert seen["progress"][-1] == 100 and len(seen["progress"]) < 100  # throttled where it is made
    assert not task.is_running and task not in tasks.running_tasks()


def test_an_exception_arrives_as_failed_with_its_traceback(qtbot):
    def work(state):
        raise KeyError("a bug")

    task = tasks.BackgroundTask(work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.start()
    exc = failed.args[0]
    assert isinstance(exc, KeyError) and exc.__traceback__ is not None
    qtbot.waitUntil(lambda: not task.is_running)


def test_stop_all_stops_and_waits_and_a_discarded_task_reports_nothing(qtbot):
    def work(state):
        while True:
            state.check_stop()
            time.sleep(0.005)

    kept, dropped = tasks.BackgroundTask(work).start(), tasks.BackgroundTask(work).start()
    finished = []
    kept.finished.connect(lambda: finished.append("kept"))
    dropped.finished.connect(lambda: finished.append("dropped"))
    dropped.discard()
    assert len(tasks.running_tasks()) >= 1
    assert tasks.stop_all(5000)
    assert finished == ["kept"] and not tasks.running_tasks()
