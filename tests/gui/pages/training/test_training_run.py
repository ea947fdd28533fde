"""TrainingRun, in the training process and in a thread: plain-data signals, throttling, saved files, errors
as messages, the protocol's messages picklable."""

import os

import logging
import pickle
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Slot

from engine.preprocess import Split
from engine.training import EndReason, TrainConfig
from gui.pages.training import protocol
from gui.pages.training.protocol import RunRequest
from gui.pages.training.run import TrainingRun


class Recorder(QObject):
    """Receives the run's signals in the UI thread, as the page does."""

    def __init__(self):
        super().__init__()
        self.started, self.batches, self.epochs, self.finished, self.failed, self.paused = [], [], [], [], [], []
        self.reasons = []
        self.done = False

    @Slot(dict)
    def _on_run_run_started(self, info):
        self.started.append(info)

    @Slot(list)
    def _on_run_batch_losses(self, points):
        self.batches.append(points)

    @Slot(dict)
    def _on_run_epoch_ended(self, data):
        self.epochs.append(data)

    @Slot(object, str)
    def _on_run_run_finished(self, record, bundle):
        self.finished.append((record, bundle))

    @Slot(str, object)
    def _on_run_run_failed(self, message, reason):
        self.failed.append(message)
        self.reasons.append(reason)

    @Slot(bool)
    def _on_run_paused_changed(self, paused):
        self.paused.append(paused)

    @Slot()
    def _on_run_ended(self):
        self.done = True


def make_inputs(document, tmp_path, **config_changes) -> RunRequest:
    config = TrainConfig.from_dict({**document.config.to_dict(), **config_changes})
    bundle = Path(tmp_path) / "run.llmodel"
    return RunRequest(frame=document.table.frame, schema=document.schema.copy(), spec=document.spec.copy(),
                      config=config, split=Split.from_dict(document.split.to_dict()), bundle_path=bundle,
                      checkpoint_path=bundle.with_name(bundle.name + ".ckpt"))


def start_run(inputs, before_start=None, in_process=True):
    """A TrainingRun of `inputs`, its signals recorded: (run, recorder)."""
    run = TrainingRun(inputs, in_process=in_process)
    rec = Recorder()
    run.run_started.connect(rec._on_run_run_started)
    run.batch_losses.connect(rec._on_run_batch_losses)
    run.epoch_ended.connect(rec._on_run_epoch_ended)
    run.run_finished.connect(rec._on_run_run_finished)
    run.run_failed.connect(rec._on_run_run_failed)
    run.paused_changed.connect(rec._on_run_paused_changed)
    run.ended.connect(rec._on_run_ended)
    if before_start:
        before_start(run)
    run.start()
    return run, rec


def wait_until_done(qtbot, run, rec, timeout=30_000):
    qtbot.waitUntil(lambda: rec.done, timeout=timeout)
    assert not run.is_running


def run_to_end(qtbot, inputs, before_start=None, timeout=30_000, in_process=True):
    run, rec = start_run(inputs, before_start, in_process)
    wait_until_done(qtbot, run, rec, timeout)
    return rec


def test_two_epochs_send_plain_throttled_data_and_save_the_bundle(qtbot, document, tmp_path):
    rec = run_to_end(qtbot, make_inputs(document, tmp_path, epochs=2))
    assert not rec.failed
    assert rec.started[0]["epochs"] == 2 and rec.started[0]["steps_per_epoch"] > 0
    assert [e["epoch"] for e in rec.epochs] == [1, 2]
    assert "accuracy" in rec.epochs[0]["metrics"]
    points = [p for batch in rec.batches for p in batch]
    assert len(points) >= 2 and all(isinstance(v, float) for _, v in points)
    # throttled at the source: far fewer signals than batch events (flushes at epoch ends + ≤ 10/s)
    assert len(rec.batches) < len(points)
    record, bundle = rec.finished[0]
    record = record.to_dict() if hasattr(record, "to_dict") else record  # carried as the job built it
    assert Path(bundle).is_file() and record["bundle"] == bundle
    assert Path(record["checkpoint"]).is_file() and Path(record["metrics_csv"]).is_file()
    assert record["reason"] == "finished" and record["epochs_run"] == 2
    assert 0.5 < record["test_metrics"]["accuracy"] <= 1.0
    assert len(record["test_outputs"]["y_true"]) == len(record["test_outputs"]["proba"]) > 0
    assert isinstance(record["test_outputs"]["proba"], list)


def test_stop_before_the_first_epoch_says_nothing_was_saved(qtbot, document, tmp_path):
    rec = run_to_end(qtbot, make_inputs(document, tmp_path, epochs=3), before_start=lambda r: r.stop())
    assert not rec.finished
    assert "no model to save" in rec.failed[0] and "Stopped by the user" in rec.failed[0]
    assert rec.reasons == [EndReason.CANCELLED]  # the page tells a stop by its reason, not its words
    assert not (tmp_path / "run.llmodel").exists()


def test_pause_before_start_holds_the_run_until_resumed(qtbot, document, tmp_path):
    run, rec = start_run(make_inputs(document, tmp_path, epochs=1), lambda r: r.pause())
    qtbot.waitUntil(lambda: bool(rec.started), timeout=20_000)
    qtbot.wait(300)
    assert not rec.epochs and not rec.done and rec.paused == [True]
    run.resume()
    wait_until_done(qtbot, run, rec)
    assert rec.paused == [True, False] and [e["epoch"] for e in rec.epochs] == [1]


def test_engine_errors_become_messages(qtbot, document, tmp_path):
    inputs = make_inputs(document, tmp_path, epochs=1)
    inputs.spec.disconnect("dense_1", "dense_2")
    rec = run_to_end(qtbot, inputs)
    assert rec.failed and "cannot be built" in rec.failed[0]
    assert not rec.finished


def test_unexpected_errors_are_logged_and_reported_briefly(qtbot, document, tmp_path, caplog):
    inputs = make_inputs(document, tmp_path, epochs=1)
    inputs.frame = "not a table"  # the engine will fail in an unforeseen way, in the training process
    with caplog.at_level(logging.ERROR):
        rec = run_to_end(qtbot, inputs)
    assert rec.failed and "unexpectedly (AttributeError" in rec.failed[0] and "Traceback" not in rec.failed[0]
    # the log has the training process's traceback, naming the engine code that failed
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Traceback" in logged and "engine/" in logged


def test_runs_train_in_the_training_process_which_keeps_the_table_for_the_next_run(qtbot, document, tmp_path,
                                                                                  monkeypatch):
    from gui.pages.training.process import TrainingProcess

    sent = []
    original = TrainingProcess.start_run

    def spy(process, start):
        sent.append((process.pid, start.request.frame is not None))
        return original(process, start)

    monkeypatch.setattr(TrainingProcess, "start_run", spy)
    for name in ("one", "two"):
        rec = run_to_end(qtbot, make_inputs(document, tmp_path / name, epochs=1))
        assert rec.finished and not rec.failed
    (first_pid, first_sent_table), (second_pid, second_sent_table) = sent
    assert first_pid != os.getpid() and second_pid == first_pid  # one child, reused
    assert not second_sent_table  # the child still held the table


def test_a_training_process_that_dies_fails_its_run_and_the_next_run_starts_a_new_one(qtbot, document, tmp_path):
    import signal

    run, rec = start_run(make_inputs(document, tmp_path / "killed", epochs=200))
    qtbot.waitUntil(lambda: bool(rec.epochs), timeout=20_000)
    os.kill(run.process_pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # Windows: TerminateProcess
    wait_until_done(qtbot, run, rec)
    assert not rec.finished and "training process ended unexpectedly" in rec.failed[0]
    assert "project is unchanged" in rec.failed[0]

    again = run_to_end(qtbot, make_inputs(document, tmp_path / "again", epochs=1))
    assert again.finished and not again.failed


@pytest.mark.parametrize("points", [10, 10_000])
def test_thin_keeps_order_and_bounds(points):
    from gui.pages.training.execution import _thin

    data = [[i, float(i)] for i in range(points)]
    thinned = _thin(data, 4000)
    assert len(thinned) <= 4000 and thinned[0] == [0, 0.0]
    assert all(a[0] < b[0] for a, b in zip(thinned, thinned[1:]))


def test_a_run_in_a_thread_reports_the_same_messages(qtbot, document, tmp_path):
    rec = run_to_end(qtbot, make_inputs(document, tmp_path, epochs=1), in_process=False)
    assert not rec.failed and [e["epoch"] for e in rec.epochs] == [1] and rec.finished


def test_stop_and_wait_delivers_the_last_messages_before_returning(qtbot, document, tmp_path):
    run, rec = start_run(make_inputs(document, tmp_path, epochs=500))
    qtbot.waitUntil(lambda: bool(rec.epochs), timeout=20_000)
    assert run.stop_and_wait(20_000)
    assert rec.done and rec.finished and not run.is_running  # the run ended at the next batch, recorded


def test_every_protocol_message_survives_the_pipe():
    """They cross a multiprocessing pipe: each must pickle and compare equal after the round trip."""
    messages = [protocol.StopRun(3), protocol.PauseRun(3), protocol.ResumeRun(3), protocol.Shutdown(),
                protocol.ProcessReady(), protocol.RunBegan({"epochs": 2}), protocol.BatchLosses([[1, 0.5]]),
                protocol.EpochReport({"epoch": 1}), protocol.RanOutOfMemory(64), protocol.RunFinished({}, "b"),
                protocol.RunFailed("Stopped", EndReason.CANCELLED), protocol.Unexpected("KeyError: x", "tb"),
                protocol.RunDone(3)]
    for message in messages:
        assert pickle.loads(pickle.dumps(message)) == message


def test_the_training_process_speaks_the_apps_language(qtbot, document, tmp_path):
    """The engine's messages from the training process follow the language the run was asked in."""
    from dataclasses import replace

    spec = document.spec.copy()
    spec.remove_node(spec.output_node().id)
    inputs = replace(make_inputs(document, tmp_path, epochs=1), spec=spec)
    english = run_to_end(qtbot, inputs, timeout=60_000)
    assert english.failed and "model has no output layer" in english.failed[0].lower(), english.failed
    chinese = run_to_end(qtbot, replace(inputs, language="zh_CN"), timeout=60_000)
    assert chinese.failed and "模型没有输出层" in chinese.failed[0], chinese.failed
