"""The training loop: in-memory tensors on the device, index-slice batches, events to callbacks.

Stopping is a flag checked once per batch (never an exception); pausing blocks on an Event
at the same place, so both are honoured within one batch.
"""

from __future__ import annotations

import math
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from engine.devices import device_label, resolve_device
from engine.i18n import _, ngettext
from engine.insight.fitting import constant_prediction_loss
from engine.training import fast as fastpath
from engine.training.checkpoint import check_fits, load_checkpoint, save_checkpoint
from engine.training.config import TrainConfig
from engine.training.events import BatchEnded, Callback, EndReason, EpochEnded, RunEnded, RunStarted
from engine.training.parts import (autocast_for, batch_bounds, class_weight_values, loss_function, make_optimizer,
                                   make_scheduler, target_tensor)
from engine.training.streamed_inputs import StreamedInput, chunk_rows, is_streamed
from engine.training.threads import cpu_threads_for

VALIDATION_CHUNK = 8192
BATCH_EVENTS_PER_EPOCH = 20


@dataclass
class _Run:
    """One run's tensors, optimiser and progress: what fit() works on and a checkpoint keeps."""

    model: torch.nn.Module
    task: str
    device: torch.device
    loss_fn: object
    x: tuple[torch.Tensor, ...]  # one tensor per model input (the table alone: one)
    y: torch.Tensor
    xv: tuple[torch.Tensor, ...] | None
    yv: torch.Tensor | None
    batch_size: int
    bounds: list[tuple[int, int]]
    optimizer: torch.optim.Optimizer
    scheduler: object
    per_batch_schedule: bool
    generator: torch.Generator
    fast: object = None  # a fastpath.FastPath when the dense fast path runs the steps
    autocast: object = field(default_factory=nullcontext)
    scaler: object = None
    history: list[EpochEnded] = field(default_factory=list)
    epoch: int = 0  # the last completed epoch
    best_val: float = math.inf
    best_epoch: int | None = None
    best_state: dict | None = None
    wait: int = 0  # epochs since the best one
    last_good: dict | None = None  # the weights after the last completed epoch


class Trainer:
    """Trains a torch model on in-memory tensors and reports through callbacks.

    Thread-safe controls: request_stop(), pause(), resume(). Everything else runs on the
    thread that called fit().
    """

    def __init__(self, config: TrainConfig, callbacks: list[Callback] | tuple = (), *,
                 checkpoint_path: str | Path | None = None, target_std: float = 1.0,
                 class_names: list[str] | tuple = ()):
        problems = config.validate()
        if problems:
            raise ValueError(" ".join(problems))
        self.config = config
        self.callbacks = list(callbacks)
        self.checkpoint_path = Path(checkpoint_path) if checkpoint_path else None
        self.target_std = float(target_std)
        self.class_names = list(class_names)  # the target's classes in output order: custom class weights name them
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    # -- controls (any thread) ------------------------------------------------------------
    def request_stop(self) -> None:
        """Ask the run to stop after the current batch; the best weights so far are kept."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        """Hold the run before its next batch until resume() or request_stop()."""
        self._running.clear()

    def resume(self) -> None:
        """Continue a paused run."""
        self._running.set()

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    # -- the run ------------------------------------------------------------------------------
    def fit(self, model: torch.nn.Module, task: str, x_train, y_train, x_val=None, y_val=None, *,
            resume_from: str | Path | None = None) -> RunEnded:
        """Train `model` in place on the given arrays and return why and where it stopped.

        Args:
            model: built by engine.model.build_model; its forward returns logits.
            task: "binary", "multiclass" or "regression".
            x_train, y_train, x_val, y_val: numpy arrays or tensors (y as from Preprocessor.encode_target).
            resume_from: a checkpoint to continue from; config.epochs is then the new total.
        Returns:
            The RunEnded event reported to the callbacks (with the history and the RunStarted);
            the model holds the best weights (restore_best) or the last good ones.
        Raises:
            ValueError: there are no training rows, or the task is unknown.
        """
        cfg = self.config
        started_at = time.perf_counter()
        run = self._prepare(model, task, x_train, y_train, x_val, y_val)
        if resume_from is not None:
            self._restore(run, resume_from)
        start_epoch = run.epoch
        if len(run.x) == 1 and run.x[0].dtype == torch.float32 and run.x[0].dim() == 2:
            fast = fastpath.plan(model, task, cfg, run.device)  # a FastPath, or why not
        else:
            fast = "the model reads text, images or sequences (the fast path takes one table)"
        if not isinstance(fast, str):
            fast.bind(run.optimizer, run.x[0], run.y)
            run.fast = fast
        old_threads = torch.get_num_threads()
        if run.device.type == "cpu":
            torch.set_num_threads(cpu_threads_for(run.batch_size, sum(math.prod(t.shape[1:]) for t in run.x)))
        run.autocast = autocast_for(cfg, run.device)
        if cfg.precision == "fp16" and run.device.type == "cuda":
            run.scaler = torch.amp.GradScaler("cuda")
        started = RunStarted(device=str(run.device), device_name=device_label(run.device), n_train=run.x[0].shape[0],
                             n_val=0 if run.xv is None else int(run.xv[0].shape[0]), steps_per_epoch=len(run.bounds),
                             first_epoch=start_epoch + 1, epochs=cfg.epochs, batch_size=run.batch_size,
                             parameters=sum(p.numel() for p in model.parameters()),
                             engine_path=fastpath.describe(fast),
                             constant_loss=constant_prediction_loss(task, y_train, y_train if run.xv is None else y_val),
                             streamed_mb=sum(math.prod(t.shape) for t in run.x if is_streamed(t)) / 1e6)
        self._emit("on_run_start", started)
        run.last_good = _copy_state(model)
        reason, message = EndReason.FINISHED, ngettext("Finished {epochs} epoch.", "Finished {epochs} epochs.",
                                                        cfg.epochs).format(epochs=cfg.epochs)
        try:
            for epoch in range(start_epoch + 1, cfg.epochs + 1):
                epoch_start = time.perf_counter()
                train_sum = self._train_epoch(run, epoch)
                if train_sum is None:
                    reason, message = self._diverged(run, epoch, validation=False)
                    break
                if self._stop.is_set():
                    message = _("Stopped by the user during epoch {epoch}.").format(epoch=epoch)
                    reason = EndReason.CANCELLED
                    break
                ending = self._end_epoch(run, epoch, float(train_sum) / run.x[0].shape[0], epoch_start)
                if ending is not None:
                    reason, message = ending
                    break
        finally:
            if run.device.type == "cpu":
                torch.set_num_threads(old_threads)
        if cfg.restore_best and run.best_state is not None and reason != EndReason.DIVERGED:
            model.load_state_dict(run.best_state)
        ended = RunEnded(reason=reason, message=message, epochs_run=run.epoch, best_epoch=run.best_epoch,
                         best_val_loss=None if run.best_val == math.inf else run.best_val,
                         seconds=time.perf_counter() - started_at, history=run.history, started=started)
        self._emit("on_run_end", ended)
        return ended

    # -- the steps of a run -------------------------------------------------------------------
    def _prepare(self, model, task, x_train, y_train, x_val, y_val) -> _Run:
        """Move the data and the model to the device; make the optimiser, schedule and batch order."""
        cfg = self.config
        device = resolve_device(cfg.device)
        weights = class_weight_values(cfg.class_weights, task, self.class_names, y_train)
        loss_fn = loss_function(task, None if weights is None else torch.tensor(weights, device=device))
        x = input_tensors(x_train, device)
        y = target_tensor(task, y_train).to(device)
        has_val = x_val is not None and input_rows(x_val) > 0
        xv = input_tensors(x_val, device) if has_val else None
        yv = target_tensor(task, y_val).to(device) if has_val else None
        n = x[0].shape[0]
        if n == 0:
            raise ValueError(_("There are no training rows: check the split and the target column."))
        batch = min(cfg.batch_size, n)
        bounds = batch_bounds(n, batch)
        model.to(device)
        optimizer = make_optimizer(cfg, model, device)
        scheduler, per_batch_schedule = make_scheduler(cfg, optimizer, len(bounds), cfg.epochs)
        generator = torch.Generator(device=device)
        generator.manual_seed(cfg.seed)
        return _Run(model=model, task=task, device=device, loss_fn=loss_fn, x=x, y=y, xv=xv, yv=yv, batch_size=batch,
                    bounds=bounds, optimizer=optimizer, scheduler=scheduler,
                    per_batch_schedule=per_batch_schedule, generator=generator)

    def _restore(self, run: _Run, path: str | Path) -> None:
        """Continue from a checkpoint: weights, optimiser, random state, history and early-stopping state.

        The schedule's state is restored only when the total number of epochs is unchanged (a
        longer run starts its schedule over).
        """
        ckpt = load_checkpoint(path)
        check_fits(ckpt, path, run.model, self.config.optimizer)
        info = ckpt["info"]
        run.model.load_state_dict(ckpt["model_state"])
        run.optimizer.load_state_dict(ckpt["optimizer_state"])
        same_length = int(info["config"]["epochs"]) == self.config.epochs
        if same_length and run.scheduler is not None and ckpt["scheduler_state"] is not None:
            run.scheduler.load_state_dict(ckpt["scheduler_state"])
        torch.set_rng_state(ckpt["rng"]["torch"])
        run.generator.set_state(ckpt["rng"]["generator"].to(run.generator.get_state().device))
        if run.device.type == "cuda" and "cuda" in ckpt["rng"]:
            torch.cuda.set_rng_state(ckpt["rng"]["cuda"], run.device)
        run.epoch = int(info["epoch"])
        run.history = [EpochEnded(**e) for e in info["history"]]
        run.best_val = info["best_val"] if info["best_val"] is not None else math.inf
        run.best_epoch, run.wait = info["best_epoch"], info["wait"]
        if ckpt["best_state"]:
            run.best_state = {k: v.to(run.device) for k, v in ckpt["best_state"].items()}

    def _train_epoch(self, run: _Run, epoch: int):
        """One pass over a fresh permutation of the training rows, honouring pause and stop per batch.

        Returns:
            The summed (loss x rows) of the batches run, or None when the loss became infinite or NaN.
        """
        steps = len(run.bounds)
        log_every = max(1, steps // BATCH_EVENTS_PER_EPOCH)
        sync_each_step = run.device.type == "cpu"  # on a GPU, reading the loss every batch would stall it

        def zero():
            return 0.0 if sync_each_step else torch.zeros((), device=run.device)

        run.model.train()
        perm = torch.randperm(run.x[0].shape[0], generator=run.generator, device=run.device)
        epoch_sum, window_sum, window_n = zero(), zero(), 0
        for step, (start, stop) in enumerate(run.bounds):
            if not self._running.is_set():
                self._running.wait()
            if self._stop.is_set():
                break
            idx = perm[start:stop]
            loss = run.fast.step(idx) if run.fast is not None else self._step(run, idx)
            if run.per_batch_schedule:
                run.scheduler.step()
            rows = idx.shape[0]
            if sync_each_step:
                value = loss.item()
                if not math.isfinite(value):
                    return None
                weighted = value * rows
            else:
                weighted = loss.detach().float() * rows
            epoch_sum += weighted
            window_sum += weighted
            window_n += rows
            if (step + 1) % log_every == 0 or step + 1 == steps:
                window_loss = float(window_sum) / window_n
                if not math.isfinite(window_loss):
                    return None
                self._emit("on_batch_end", BatchEnded(epoch, step + 1, (epoch - 1) * steps + step + 1, window_loss))
                window_sum, window_n = zero(), 0
        return epoch_sum

    def _step(self, run: _Run, idx: torch.Tensor) -> torch.Tensor:
        """One optimiser step through autograd on the rows `idx`; returns the batch's mean loss."""
        xb = [x.index_select(0, idx) for x in run.x]
        yb = run.y.index_select(0, idx)
        with run.autocast:
            loss = run.loss_fn(run.model(*xb), yb)
        run.optimizer.zero_grad(set_to_none=True)
        if run.scaler is not None:
            run.scaler.scale(loss).backward()
            run.scaler.step(run.optimizer)
            run.scaler.update()
        else:
            loss.backward()
            run.optimizer.step()
        return loss

    def _end_epoch(self, run: _Run, epoch: int, train_loss: float, epoch_start: float) -> tuple[str, str] | None:
        """Validate, step the schedule, keep the best weights, checkpoint and report the epoch.

        Returns:
            (reason, message) when the run ends here (divergence, threshold, early stopping), else None.
        """
        cfg = self.config
        train_seconds = time.perf_counter() - epoch_start
        val_loss, metrics = self._validate(run) if run.xv is not None else (train_loss, {})
        if not math.isfinite(val_loss):
            return self._diverged(run, epoch, validation=True)
        if run.scheduler is not None and not run.per_batch_schedule:
            if cfg.schedule == "plateau":
                run.scheduler.step(val_loss)
            else:
                run.scheduler.step()
        n = run.x[0].shape[0]
        event = EpochEnded(epoch=epoch, train_loss=train_loss, val_loss=val_loss, metrics=metrics,
                           lr=run.optimizer.param_groups[0]["lr"], seconds=time.perf_counter() - epoch_start,
                           samples_per_sec=n / train_seconds if train_seconds > 0 else 0.0)
        run.history.append(event)
        run.epoch = epoch
        if val_loss < run.best_val - cfg.min_delta:
            run.best_val, run.best_epoch, run.wait = val_loss, epoch, 0
            run.best_state = _copy_state(run.model) if cfg.restore_best else None
        else:
            run.wait += 1
        run.last_good = _copy_state(run.model)
        if self.checkpoint_path is not None:
            self._save_checkpoint(run)
        self._emit("on_epoch_end", event)
        if cfg.loss_threshold is not None and val_loss < cfg.loss_threshold:
            return EndReason.THRESHOLD, _("Validation loss {loss} fell below the threshold {threshold} in epoch "
                                          "{epoch}.").format(loss=f"{val_loss:.4g}", epoch=epoch,
                                                             threshold=f"{cfg.loss_threshold:g}")
        if cfg.early_stopping and run.wait >= cfg.patience:
            return EndReason.EARLY_STOPPED, ngettext(
                "Early-stopped at epoch {epoch}: no improvement for {patience} epoch; best epoch {best}.",
                "Early-stopped at epoch {epoch}: no improvement for {patience} epochs; best epoch {best}.",
                cfg.patience).format(epoch=epoch, patience=cfg.patience, best=run.best_epoch)
        return None

    def _diverged(self, run: _Run, epoch: int, validation: bool) -> tuple[str, str]:
        """Put back the last good epoch's weights; the reason and the advice to lower the learning rate."""
        run.model.load_state_dict(run.last_good)
        rate = self.config.learning_rate
        sentence = (_("The validation loss became infinite or NaN in epoch {epoch}. Lower the learning rate (now "
                      "{rate}; try {lower}). The weights from the last good epoch are kept.") if validation else
                    _("The loss became infinite or NaN in epoch {epoch}. Lower the learning rate (now {rate}; try "
                      "{lower}). The weights from the last good epoch are kept."))
        return EndReason.DIVERGED, sentence.format(epoch=epoch, rate=f"{rate:g}", lower=f"{rate / 10:g}")

    # -- helpers ----------------------------------------------------------------------------
    def _validate(self, run: _Run) -> tuple[float, dict]:
        """The validation loss (in chunks, without gradients) and accuracy or RMSE (in target units)."""
        model, task, xv, yv = run.model, run.task, run.xv, run.yv
        model.eval()
        total, correct, n = 0.0, 0.0, xv[0].shape[0]
        with torch.no_grad():
            chunk = chunk_rows(xv, VALIDATION_CHUNK)
            for start in range(0, n, chunk):
                xb, yb = [x[start:start + chunk] for x in xv], yv[start:start + chunk]
                with run.autocast:
                    out = model(*xb)
                out = out.float()
                total += float(run.loss_fn(out, yb, reduction="sum"))
                if task == "binary":
                    correct += float(((out > 0).float() == yb).sum())
                elif task == "multiclass":
                    correct += float((out.argmax(dim=1) == yb).sum())
        if task == "multiclass":
            val_loss = total / n
        else:
            val_loss = total / (n * yv.shape[1])
        if task == "regression":
            return val_loss, {"rmse": math.sqrt(val_loss) * self.target_std if math.isfinite(val_loss) else math.inf}
        return val_loss, {"accuracy": correct / n}

    def _save_checkpoint(self, run: _Run) -> None:
        rng = {"torch": torch.get_rng_state(), "generator": run.generator.get_state()}
        if run.device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(run.device)
        info = {"epoch": run.epoch, "config": self.config.to_dict(), "history": [e.to_dict() for e in run.history],
                "best_val": None if run.best_val == math.inf else run.best_val, "best_epoch": run.best_epoch,
                "wait": run.wait}
        save_checkpoint(self.checkpoint_path, model_state=run.model.state_dict(),
                        optimizer_state=run.optimizer.state_dict(),
                        scheduler_state=run.scheduler.state_dict() if run.scheduler is not None else None,
                        best_state=run.best_state, rng=rng, info=info)

    def _emit(self, hook: str, event) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(event)


def input_tensors(x, device: torch.device) -> tuple[torch.Tensor, ...]:
    """Model inputs on the device, one tensor per input: an array (the table) or a tuple of arrays. Floats
    become float32; token ids and pixels keep their integer type; images streamed from disk stay there
    (a StreamedInput decodes the rows a batch indexes)."""
    arrays = x if isinstance(x, (tuple, list)) else (x,)
    tensors = []
    for array in arrays:
        if is_streamed(array):
            tensors.append(StreamedInput(array, device))
        elif isinstance(x, (tuple, list)) and not _is_float(array):
            tensors.append(torch.as_tensor(np.asarray(array)).to(device))
        else:
            tensors.append(torch.as_tensor(np.asarray(array, dtype=np.float32)).to(device))
    return tuple(tensors)


def input_rows(x) -> int:
    """Rows of model inputs given as an array or a tuple of arrays."""
    return len(x[0]) if isinstance(x, (tuple, list)) else len(x)


def _is_float(array) -> bool:
    return (array.dtype.is_floating_point if isinstance(array, torch.Tensor)
            else np.issubdtype(np.asarray(array).dtype, np.floating))


def _copy_state(model: torch.nn.Module) -> dict:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}
