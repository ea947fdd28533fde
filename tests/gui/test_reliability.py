"""Reliability of the app (issue 6): errors never vanish, crash recovery, out of GPU memory, failed saves,
Save As keeps the trained models, closing while a CSV loads.

Training faults (stop, pause, close mid-run, divergence) are in test_reliability_faults.py; the
bad-input corpus through the GUI is in test_reliability_inputs.py.
"""

import os

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.io.project import Project
from engine.training import TrainConfig
from gui.infra import crash_log, messages

ROOT = Path(__file__).resolve().parents[2]


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture
def window(document, make_window):
    from gui.file_actions import load_example

    load_example(document, "churn")  # the app's first run: named "churn", tutorial settings
    return make_window(document)


@pytest.fixture
def dialogs(monkeypatch):
    """Every critical/warning/information box's text, in order (none is shown for real)."""
    shown = []
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, _n=name: shown.append(text))
    return shown


def _edited_spec(document, units=17):
    spec = document.spec.copy()
    next(n for n in spec.nodes if n.type == "Dense").params["units"] = units
    return spec


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# -- 1. errors never vanish ---------------------------------------------------------------------------------
@pytest.fixture
def reporter(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_unexpected_error",
                        lambda parent, summary, log_path: shown.append((summary, Path(log_path))))
    installed = crash_log.install(tmp_path / "logs")
    yield installed, shown
    crash_log.uninstall()


def test_importing_the_app_installs_no_hooks():
    before = sys.excepthook, threading.excepthook
    import gui.app  # noqa: F401

    assert (sys.excepthook, threading.excepthook) == before and crash_log.current_log_file() is None


def test_exception_in_a_slot_is_logged_shown_and_the_app_keeps_running(qtbot, reporter):
    installed, shown = reporter

    def broken_slot():
        raise ZeroDivisionError("boom in a slot")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    summary, log_path = shown[0]
    assert "ZeroDivisionError: boom in a slot" in summary and log_path == installed.log_path
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "broken_slot" in text and "boom in a slot" in text
    alive = []
    QTimer.singleShot(0, lambda: alive.append(True))  # the event loop still runs
    qtbot.waitUntil(lambda: bool(alive), timeout=2000)
    assert len(shown) == 1


def test_exception_in_a_plain_thread_is_logged_and_reported(qtbot, reporter):
    installed, shown = reporter

    def work():
        raise KeyError("lost key in a thread")

    thread = threading.Thread(target=work, name="helper-thread")
    thread.start()
    thread.join()
    text = installed.log_path.read_text(encoding="utf-8")
    assert "thread 'helper-thread'" in text and "KeyError: 'lost key in a thread'" in text and "def work" not in text
    assert "in work" in text  # the traceback's frame
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)  # the dialog comes from the GUI thread's event loop
    assert "KeyError" in shown[0][0]


def test_log_is_size_limited_and_faulthandler_writes_to_the_session_file(reporter):
    import faulthandler
    import logging

    installed, _ = reporter
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(installed.log_path))
    assert handler.maxBytes == crash_log.MAX_BYTES and handler.backupCount == crash_log.BACKUPS
    assert faulthandler.is_enabled() and installed.faults_path.is_file()


def test_a_hard_crash_leaves_its_stack_in_the_faults_log(tmp_path):
    """A segfault kills Python outright: faulthandler still writes every thread's stack to faults.log."""
    folder = tmp_path / "logs"
    code = ("import faulthandler, sys; sys.path.insert(0, sys.argv[1]); from gui.infra import crash_log; "
            "crash_log.install(sys.argv[2], show_dialogs=False); faulthandler._sigsegv()")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT), str(folder)], capture_output=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode != 0
    text = (folder / crash_log.FAULTS_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error" in text and "Current thread" in text


def test_unexpected_worker_error_names_the_log_file(qtbot, reporter, window, document, monkeypatch):
    from engine.runs.pipeline import RunPipeline

    installed, shown = reporter

    def broken_run(self, resume_from=None):
        raise KeyError("an engine bug")

    window.training_page.train_in_process = False  # the patch below must reach the run: in a thread, not the process
    monkeypatch.setattr(RunPipeline, "run", broken_run)
    page = window.training_page
    with qtbot.waitSignal(page.run_failed, timeout=30_000) as failed:
        page.train_action.trigger()
    assert str(installed.log_path) in failed.args[0] and "your project is unchanged" in failed.args[0]
    qtbot.waitUntil(lambda: bool(shown) and not page.is_training, timeout=10_000)
    assert "KeyError" in shown[0][0] and "an engine bug" in installed.log_path.read_text(encoding="utf-8")
    assert page.train_action.isEnabled()


# -- 2. crash recovery ----------------------------------------------------------------------------------------
def _recovery(window, folder, interval_ms=60_000):
    from gui.infra.recovery import RecoveryManager

    window.recovery = RecoveryManager(window, folder, interval_ms)
    return window.recovery


def test_autosave_writes_only_when_modified_then_a_clean_close_removes_it(qtbot, window, document, tmp_path):
    folder = tmp_path / "recovery"
    manager = _recovery(window, folder, interval_ms=30)
    qtbot.wait(100)
    assert manager.autosave() is None and (not folder.exists() or not list(folder.glob("*")))
    document.edit_spec(_edited_spec(document), "Change units")
    qtbot.waitUntil(lambda: manager.recovery_file is not None and manager.recovery_file.is_file(), timeout=5000)
    saved = Project.load(manager.recovery_file)
    assert saved.spec.to_dict() == document.spec.to_dict() and saved.data_path == document.project.data_path
    note = json.loads(manager.recovery_file.with_suffix(".json").read_text())
    assert note["original_path"] is None and note["pid"] == os.getpid() and note["name"] == "churn"
    window.files.needs_saving = lambda: False  # the user chose Discard
    assert window.close()
    assert list(folder.glob("*")) == []


def test_saving_removes_the_recovery_file_and_a_run_triggers_an_autosave(window, document, tmp_path, monkeypatch):
    manager = _recovery(window, tmp_path / "recovery")
    document.add_run({"task": "binary", "reason": "finished", "test_metrics": {"accuracy": 0.9}})
    window.training_page.run_finished.emit(0)  # what the page says after each run
    assert manager.recovery_file is not None and manager.recovery_file.is_file()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "kept.layerlab"), ""))
    assert window.files.save()
    assert manager.recovery_file is None and list((tmp_path / "recovery").glob("*")) == []


def test_a_crash_leaves_a_copy_that_the_next_start_offers_to_restore(qtbot, window, make_window, document, tmp_path,
                                                                      monkeypatch, dialogs):
    from gui.app import start_recovery
    from gui.document import ProjectDocument

    folder = tmp_path / "recovery"
    original = tmp_path / "work.layerlab"
    window.files._save_to(original)
    document.edit_spec(_edited_spec(document, 23), "Change units")
    crashed = _recovery(window, folder)
    written = crashed.autosave()
    note = json.loads(written.with_suffix(".json").read_text())
    note["pid"] = _dead_pid()  # the process that wrote it is gone: a crash
    written.with_suffix(".json").write_text(json.dumps(note))
    crashed.timer.stop()
    crashed._written = None  # the crashed session never cleaned up

    asked = []
    monkeypatch.setattr(messages, "ask_restore_recovery", lambda parent, name, when: asked.append(name) or True)
    restored = make_window(ProjectDocument())
    with qtbot.waitSignal(restored.data_page.load_finished, timeout=20_000):
        assert start_recovery(restored, folder=folder)
    doc = restored.document
    assert asked == ["work"]
    assert doc.spec.to_dict() == document.spec.to_dict() and doc.is_modified
    assert doc.path == original and doc.table is not None and restored.windowTitle() == "work* — LayerLab"
    assert restored.recovery.recovery_file is not None  # kept safe under this session until saved
    assert restored.files.save()  # Save writes to the original file
    assert Project.load(original).spec.to_dict() == document.spec.to_dict()
    assert list(folder.glob("*")) == [] and not dialogs


def test_discarding_the_offered_copy_removes_it(window, tmp_path, monkeypatch):
    from gui.infra.recovery import leftovers

    folder = tmp_path / "recovery"
    folder.mkdir()
    Project(spec=window.document.spec.copy(), name="old").save(folder / "old.layerlab")
    (folder / "old.json").write_text(json.dumps({"format": "layerlab.recovery", "version": 1, "name": "old",
                                                 "original_path": None, "saved_at": 1.0, "pid": _dead_pid()}))
    monkeypatch.setattr(messages, "ask_restore_recovery", lambda *a: False)
    manager = _recovery(window, folder)
    assert len(leftovers(folder)) == 1
    assert not manager.offer_restore() and list(folder.glob("*")) == []


@pytest.mark.parametrize("damage", ["project", "note"])
def test_a_damaged_recovery_file_is_discarded_with_a_message(window, document, tmp_path, monkeypatch, dialogs,
                                                              damage):
    from gui.app import start_recovery

    folder = tmp_path / "recovery"
    folder.mkdir()
    cut_short = '{"format": "layerlab.project", "version": 1, "model": {'
    (folder / "lost.layerlab").write_text(cut_short if damage == "project"
                                          else json.dumps(Project(spec=document.spec.copy()).to_dict()))
    (folder / "lost.json").write_text(json.dumps({"format": "layerlab.recovery", "version": 1, "name": "lost",
                                                  "saved_at": 1.0, "pid": _dead_pid()}) if damage == "project"
                                      else "{ cut sh")
    monkeypatch.setattr(messages, "ask_restore_recovery", lambda *a: True)
    spec, table = document.spec.to_dict(), document.table
    assert not start_recovery(window, folder=folder)
    assert len(dialogs) == 1 and "lost" in dialogs[0] and "discarded" in dialogs[0]
    assert list(folder.glob("*")) == []
    assert document.spec.to_dict() == spec and document.table is table and not document.is_modified


def test_another_running_instance_keeps_its_recovery_file(window, tmp_path, monkeypatch):
    from gui.infra.recovery import leftovers

    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "live.layerlab").write_text("{}")
    (folder / "live.json").write_text(json.dumps({"format": "layerlab.recovery", "version": 1, "name": "live",
                                                  "saved_at": 1.0, "pid": os.getppid()}))
    assert leftovers(folder) == []


# -- 3. out of GPU memory ---------------------------------------------------------------------------------------
def test_out_of_gpu_memory_explains_and_retries_at_half_the_batch(qtbot, window, document, monkeypatch):
    import torch

    from engine.runs.pipeline import RunPipeline

    tried = []

    def out_of_memory(self, resume_from=None):
        tried.append(self.config.batch_size)
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    window.training_page.train_in_process = False  # the patch below must reach the run: in a thread, not the process
    monkeypatch.setattr(RunPipeline, "run", out_of_memory)
    offers = []

    def ask(parent, message, smaller):
        offers.append((message, smaller))
        return len(offers) == 1  # retry once, then give up

    monkeypatch.setattr(messages, "ask_retry_smaller_batch", ask)
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "batch_size": 256}), "Batch 256")
    page = window.training_page
    with qtbot.waitSignal(page.run_failed, timeout=30_000) as failed:
        page.train_action.trigger()
    assert failed.args[0].startswith("The GPU ran out of memory at batch size 256. Try a smaller batch size")
    qtbot.waitUntil(lambda: len(offers) == 2 and not page.is_training, timeout=30_000)
    assert tried == [256, 128] and offers[0][1] == 128 and "batch size 128" in offers[1][0]
    assert document.config.batch_size == 128 and "out of memory" in page.progress.status.text().lower()
    document.undo_stack.undo()  # the retry's edit is one undo step
    assert document.config.batch_size == 256
    assert page.train_action.isEnabled() and window.actions["open"].isEnabled()


# -- 5. failed saves ----------------------------------------------------------------------------------------------
def _saved_once(window, document, path):
    assert window.files._save_to(path)
    document.edit_spec(_edited_spec(document, 31), "Change units")
    return path.read_bytes()


def test_disk_full_during_save_names_the_file_and_keeps_the_previous_one(window, document, tmp_path, monkeypatch,
                                                                          dialogs):
    path = tmp_path / "project.layerlab"
    before = _saved_once(window, document, path)
    real_replace = os.replace

    def disk_full(source, target, *args, **kwargs):
        if str(target).endswith(".layerlab"):
            raise OSError(28, "No space left on device")
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", disk_full)
    assert not window.files.save()
    assert len(dialogs) == 1 and "project.layerlab" in dialogs[0] and "No space left on device" in dialogs[0]
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".ini") == \
        ["project.layerlab"]  # no temp file left behind
    assert document.is_modified and window.windowTitle() == "project* — LayerLab"
    assert next(n for n in document.spec.nodes if n.type == "Dense").params["units"] == 31


def test_read_only_folder_save_names_the_file_and_keeps_the_work(window, document, tmp_path, monkeypatch, dialogs):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "project.layerlab"
    before = _saved_once(window, document, path)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: refuse the write as the OS would
            import engine.io.atomic

            def denied(*args, **kwargs):
                raise PermissionError(13, "Permission denied", str(folder))

            monkeypatch.setattr(engine.io.atomic.tempfile, "mkstemp", denied)
        assert not window.files.save()
    finally:
        folder.chmod(0o755)
    assert len(dialogs) == 1 and "project.layerlab" in dialogs[0] and "Permission denied" in dialogs[0]
    assert path.read_bytes() == before and document.is_modified


# -- 6. Save As keeps the trained models; run paths relative to the project --------------------------------------
def _fake_run(document, tag: str) -> dict:
    from gui.pages.training.run_files import metrics_csv_for, next_run_paths

    bundle, checkpoint = next_run_paths(document)
    bundle.write_bytes(f"bundle {tag}".encode())
    checkpoint.write_bytes(f"checkpoint {tag}".encode())
    metrics_csv_for(bundle).write_text("epoch,train_loss\n1,0.5\n")
    record = {"task": "binary", "reason": "finished", "test_metrics": {"accuracy": 0.8}, "bundle": str(bundle),
              "checkpoint": str(checkpoint), "metrics_csv": str(metrics_csv_for(bundle))}
    document.add_run(record)
    return record


def test_save_as_copies_session_runs_beside_the_project_with_relative_paths(qtbot, window, make_window, document,
                                                                             tmp_path, monkeypatch):
    from gui.document import ProjectDocument
    from gui.pages.training.run_files import runs_dir

    temp_runs = runs_dir(document)  # unsaved: the project's own temporary folder
    first = _fake_run(document, "one")
    assert Path(first["bundle"]).parent == temp_runs
    target = tmp_path / "saved" / "churn model.layerlab"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.files.save_as()
    runs_folder = tmp_path / "saved" / "churn model_runs"
    record = document.runs[0]
    for key in ("bundle", "checkpoint", "metrics_csv"):
        assert Path(getattr(record, key)).is_absolute() and Path(getattr(record, key)).parent == runs_folder.resolve()
        assert Path(getattr(record, key)).read_bytes() == Path(first[key]).read_bytes()
    stored = json.loads(target.read_text())["runs"][0]
    assert stored["bundle"] == f"churn model_runs/{Path(first['bundle']).name}"
    assert stored["checkpoint"].startswith("churn model_runs/") and not document.is_modified

    moved = shutil.move(str(tmp_path / "saved"), str(tmp_path / "elsewhere"))  # the project and its runs move
    other = make_window(ProjectDocument())
    with qtbot.waitSignal(other.data_page.load_finished, timeout=20_000):
        assert other.open_path(Path(moved) / "churn model.layerlab")
    reopened = other.document.runs[0]
    assert Path(reopened.bundle) == (Path(moved) / "churn model_runs" / Path(first["bundle"]).name).resolve()
    assert Path(reopened.bundle).read_bytes() == b"bundle one" and Path(reopened.checkpoint).is_file()


def test_save_as_over_an_existing_runs_folder_does_not_overwrite_its_files(window, document, tmp_path, monkeypatch):
    first = _fake_run(document, "mine")
    runs_folder = tmp_path / "p_runs"
    runs_folder.mkdir()
    clash = runs_folder / Path(first["bundle"]).name
    clash.write_bytes(b"someone else's model")
    assert window.files._save_to(tmp_path / "p.layerlab")
    assert clash.read_bytes() == b"someone else's model"
    assert Path(document.runs[0].bundle).read_bytes() == b"bundle mine"
    assert Path(document.runs[0].bundle).parent == runs_folder.resolve()


def test_a_failed_save_as_leaves_no_copied_run_files(window, document, tmp_path, monkeypatch, dialogs):
    _fake_run(document, "x")
    import engine.io.project

    def broken(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine.io.project, "write_text_atomic", broken)
    assert not window.files._save_to(tmp_path / "q.layerlab")
    assert len(dialogs) == 1 and "q.layerlab" in dialogs[0]
    assert list((tmp_path / "q_runs").glob("*")) == [] and document.path is None
    assert not Path(document.runs[0].bundle).is_relative_to(tmp_path / "q_runs")


# -- 6a. closing while a CSV loads ---------------------------------------------------------------------------------
def test_closing_while_a_csv_loads_cancels_and_waits(qtbot, window, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write("a,b,c,label\n")
        for i in range(300_000):
            handle.write(f"{i},{i * 0.5},{i % 7},{'yes' if i % 3 else 'no'}\n")
    assert window.files.open_csv(big)
    assert window.data_page.is_loading
    window.files.needs_saving = lambda: False
    assert window.close()
    assert not window.data_page.is_loading and window.document.table.path.name == "churn.csv"
