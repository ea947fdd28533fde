"""The Training page says when a run's images are read from disk batch by batch (more than fit in memory)."""

import pytest

from engine.training import TrainConfig
from gui.file_actions import load_example
from gui.pages.training.page import TrainingPage
from gui.pages.training.progress import ProgressView
from gui.pages.training.run import active_runs, stop_all


def test_the_status_names_images_read_from_disk_with_their_size(qtbot):
    view = ProgressView()
    qtbot.addWidget(view)
    info = {"device_name": "CPU", "epochs": 3, "steps_per_epoch": 10, "parameters": 100, "n_train": 50,
            "batch_size": 8}
    view.start(info)
    assert "disk" not in view.status.text()
    view.start({**info, "streamed_mb": 2345.67})
    assert view.status.text() == ("Training on CPU… The images are read from disk batch by batch (2,345.7 MB "
                                  "decoded: more than fits in memory).")


@pytest.mark.slow  # trains the digits example for one epoch, streamed from disk
def test_a_run_over_the_memory_limit_says_so_on_the_training_page(qtbot, document, monkeypatch):
    monkeypatch.setenv("LAYERLAB_IMAGE_MEMORY_LIMIT", "10000")
    load_example(document, "digits")
    document.edit_config(TrainConfig.from_dict({**document.config.to_dict(), "epochs": 1}), "test")
    page = TrainingPage(document, train_in_process=False)  # in a thread: the variable reaches the run as set here
    qtbot.addWidget(page)
    statuses = []
    page.run_started.connect(lambda: statuses.append(page.progress.status.text()))
    qtbot.waitUntil(lambda: document.training_blocker() is None, timeout=60_000)  # the inputs are worked out
    with qtbot.waitSignal(page.run_finished, timeout=240_000):
        page.train_action.trigger()
    qtbot.waitUntil(lambda: not page.is_training, timeout=10_000)
    assert stop_all(10_000)
    qtbot.waitUntil(lambda: active_runs() == 0, timeout=10_000)
    assert statuses and "read from disk batch by batch (0.1 MB decoded" in statuses[0]
    assert document.runs[-1].baseline["model"] == "logistic regression on a sample of pixels"
