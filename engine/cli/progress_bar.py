"""A tqdm progress bar for the CLI, fed by Trainer events."""

from __future__ import annotations

import sys

from tqdm import tqdm

from engine.i18n import _
from engine.runs.metrics import format_metric
from engine.training import BatchEnded, Callback, EpochEnded, RunEnded, RunStarted


class ProgressBar(Callback):
    """One bar for the whole run (all epochs' steps), with epoch, loss, val loss and samples/s."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.bar: tqdm | None = None
        self.steps = 1
        self.last_step = 0
        self.postfix: dict = {}

    def on_run_start(self, event: RunStarted) -> None:
        print(f"Training on {event.device_name}: {event.n_train:,} rows, batch {event.batch_size}, "
              f"{event.steps_per_epoch} steps/epoch, {event.parameters:,} parameters ({event.engine_path})",
              file=self.stream)
        self.steps = event.steps_per_epoch
        total = (event.epochs - event.first_epoch + 1) * event.steps_per_epoch
        self.bar = tqdm(total=total, file=self.stream, unit="step", dynamic_ncols=True, leave=True)
        self.offset = (event.first_epoch - 1) * event.steps_per_epoch

    def on_batch_end(self, event: BatchEnded) -> None:
        done = event.global_step - self.offset
        self.bar.update(done - self.last_step)
        self.last_step = done
        self.postfix["epoch"] = event.epoch
        self.postfix["loss"] = f"{event.loss:.4f}"
        self.bar.set_postfix(self.postfix, refresh=False)

    def on_epoch_end(self, event: EpochEnded) -> None:
        self.postfix["val_loss"] = format_metric("val_loss", event.val_loss)
        for name, value in event.metrics.items():
            self.postfix[f"val_{name}"] = format_metric(name, value)
        self.postfix["samples/s"] = f"{event.samples_per_sec:,.0f}"
        self.bar.set_postfix(self.postfix)

    def on_run_end(self, event: RunEnded) -> None:
        if self.bar is not None:
            self.bar.close()


class DecodeBar:
    """A bar for reading image files before training: call it with (done, total); it appears on the first call
    and closes when done reaches total."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, file=self.stream, unit="image", desc=_("Reading images"),
                            dynamic_ncols=True, leave=False)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
