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
import torch.nn.functional as F

from engine.devices import device_label, resolve_device
from engine.training import fast as fastpath
from engine.training.checkpoint import load_checkpoint, save_checkpoint
from engine.training.config import TrainConfig
from engine.training.events import BatchEnded, Callback, EndReason, EpochEnded, RunEnded, RunStarted
from engine.training.threads import cpu_threads_for

VALIDATION_CHUNK = 8192
BATCH_EVENTS_PER_EPOCH = 20


@dataclass
class RunResult:
    """What a finished run reports; the model passed to fit() holds the kept weights."""

    reason: str
    message: str
    epochs_run: int
    best_epoch: int | None
    best_val_loss: float | None
    history: list[EpochEnded] = field(default_factory=list)
    started: RunStarted | None = None
    seconds: float = 0.0


def loss_function(task: str):
    """The loss for a task, computed on logits: BCE for binary, cross-entropy for multiclass, MSE for regression."""
    if task == "binary":
        return F.binary_cross_entropy_with_logits
    if task == "multiclass":
        return F.cross_entropy
    if task == "regression":
        return F.mse_loss
    raise ValueError(f"Unknown task '{task}': expected binary, multiclass or regression.")


def target_tensor(task: str, y: np.ndarray | torch.Tensor) -> torch.Tensor:
    """Shape a target for the task's loss: (N, 1) float for binary/regression, (N,) int64 for multiclass."""
    y = torch.as_tensor(np.asarray(y))
    if task == "multiclass":
        return y.long().reshape(-1)
    return y.float().reshape(-1, 1)


def batch_bounds(n: int, batch: int) -> list[tuple[int, int]]:
    """(start, stop) of each batch; a ragged last batch of one row joins the previous one (BatchNorm needs 2)."""
    bounds = [(start, min(start + batch, n)) for start in range(0, n, batch)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2] = (bounds[-2][0], n)
        bounds.pop()
    return bounds


class Trainer:
    """Trains a torch model on in-memory tensors and reports through callbacks.

    Thread-safe controls: request_stop(), pause(), resume(). Everything else runs on the
    thread that called fit().
    """

    def __init__(self, config: TrainConfig, callbacks: list[Callback] | tuple = (), *,
                 checkpoint_path: str | Path | None = None, target_std: float = 1.0):
        problems = config.validate()
        if problems:
            raise ValueError(" ".join(problems))
        self.config = config
        self.callbacks = list(callbacks)
        self.checkpoint_path = Path(checkpoint_path) if checkpoint_path else None
        self.target_std = float(target_std)
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
            resume_from: str | Path | None = None) -> RunResult:
        """Train `model` in place on the given arrays and return why and where it stopped.

        Args:
            model: built by engine.model.build_model; its forward returns logits.
            task: "binary", "multiclass" or "regression".
            x_train, y_train, x_val, y_val: numpy arrays or tensors (y as from Preprocessor.encode_target).
            resume_from: a checkpoint to continue from; config.epochs is then the new total.
        Returns:
            RunResult; the model holds the best weights (restore_best) or the last good ones.
        """
        cfg = self.config
        device = resolve_device(cfg.device)
        started_at = time.perf_counter()
        loss_fn = loss_function(task)
        x = torch.as_tensor(np.asarray(x_train, dtype=np.float32)).to(device)
        y = target_tensor(task, y_train).to(device)
        has_val = x_val is not None and len(x_val) > 0
        xv = torch.as_tensor(np.asarray(x_val, dtype=np.float32)).to(device) if has_val else None
        yv = target_tensor(task, y_val).to(device) if has_val else None
        n = x.shape[0]
        if n == 0:
            raise ValueError("There are no training rows: check the split and the target column.")
        batch = min(cfg.batch_size, n)
        bounds = batch_bounds(n, batch)
        steps = len(bounds)
        model.to(device)

        optimizer = _make_optimizer(cfg, model, device)
        scheduler, per_batch_schedule = _make_scheduler(cfg, optimizer, steps, cfg.epochs)
        generator = torch.Generator(device=device)
        generator.manual_seed(cfg.seed)

        history: list[EpochEnded] = []
        best_val, best_epoch, best_state, wait, start_epoch = math.inf, None, None, 0, 0
        if resume_from is not None:
            ckpt = load_checkpoint(resume_from)
            model.load_state_dict(ckpt["model_state"])
            info = ckpt["info"]
            start_epoch = int(info["epoch"])
            if int(info["config"]["epochs"]) == cfg.epochs or not per_batch_schedule:
                optimizer.load_state_dict(ckpt["optimizer_state"])
                if scheduler is not None and ckpt["scheduler_state"] is not None and int(info["config"]["epochs"]) == cfg.epochs:
                    scheduler.load_state_dict(ckpt["scheduler_state"])
            else:
                optimizer.load_state_dict(ckpt["optimizer_state"])
            torch.set_rng_state(ckpt["rng"]["torch"])
            generator.set_state(ckpt["rng"]["generator"].to(generator.get_state().device))
            if device.type == "cuda" and "cuda" in ckpt["rng"]:
                torch.cuda.set_rng_state(ckpt["rng"]["cuda"], device)
            history = [EpochEnded(**e) for e in info["history"]]
            best_val = info["best_val"] if info["best_val"] is not None else math.inf
            best_epoch, wait = info["best_epoch"], info["wait"]
            best_state = {k: v.to(device) for k, v in ckpt["best_state"].items()} if ckpt["best_state"] else None
        fast = fastpath.plan(model, task, cfg, device)  # a FastPath, or why not
        engine_path = fastpath.describe(fast)
        if isinstance(fast, str):
            fast = None
        else:
            fast.bind(optimizer, x, y)

        old_threads = torch.get_num_threads()
        if device.type == "cpu":
            torch.set_num_threads(cpu_threads_for(batch, x.shape[1]))
        autocast = _autocast(cfg, device)
        scaler = torch.amp.GradScaler("cuda") if (cfg.precision == "fp16" and device.type == "cuda") else None
        n_params = sum(p.numel() for p in model.parameters())
        started = RunStarted(device=str(device), device_name=device_label(device), n_train=n,
                             n_val=int(xv.shape[0]) if has_val else 0, steps_per_epoch=steps,
                             first_epoch=start_epoch + 1, epochs=cfg.epochs, batch_size=batch,
                             parameters=n_params, engine_path=engine_path)
        self._emit("on_run_start", started)

        log_every = max(1, steps // BATCH_EVENTS_PER_EPOCH)
        sync_each_step = device.type == "cpu"
        last_good = _copy_state(model)
        reason, message = EndReason.FINISHED, ""
        epoch = start_epoch
        try:
            for epoch in range(start_epoch + 1, cfg.epochs + 1):
                epoch_start = time.perf_counter()
                model.train()
                perm = torch.randperm(n, generator=generator, device=device)
                epoch_sum = 0.0 if sync_each_step else torch.zeros((), device=device)
                window_sum = 0.0 if sync_each_step else torch.zeros((), device=device)
                window_n = 0
                diverged = False
                for step in range(steps):
                    if not self._running.is_set():
                        self._running.wait()
                    if self._stop.is_set():
                        break
                    start, stop = bounds[step]
                    idx = perm[start:stop]
                    if fast is not None:
                        loss = fast.step(idx)
                    else:
                        xb = x.index_select(0, idx)
                        yb = y.index_select(0, idx)
                        with autocast:
                            loss = loss_fn(model(xb), yb)
                        optimizer.zero_grad(set_to_none=True)
                        if scaler is not None:
                            scaler.scale(loss).backward()
                            scaler.step(optimizer)
                            scaler.update()
                        else:
                            loss.backward()
                            optimizer.step()
                    if per_batch_schedule:
                        scheduler.step()
                    rows = idx.shape[0]
                    if sync_each_step:
                        value = loss.item()
                        if not math.isfinite(value):
                            diverged = True
                            break
                        weighted = value * rows
                    else:
                        weighted = loss.detach().float() * rows
                    epoch_sum += weighted
                    window_sum += weighted
                    window_n += rows
                    if (step + 1) % log_every == 0 or step + 1 == steps:
                        window_loss = float(window_sum) / window_n
                        if not math.isfinite(window_loss):
                            diverged = True
                            break
                        self._emit("on_batch_end", BatchEnded(epoch, step + 1, (epoch - 1) * steps + step + 1, window_loss))
                        window_sum = 0.0 if sync_each_step else torch.zeros((), device=device)
                        window_n = 0
                if diverged:
                    model.load_state_dict(last_good)
                    reason = EndReason.DIVERGED
                    message = (f"The loss became infinite or NaN in epoch {epoch}. Lower the learning rate "
                               f"(now {cfg.learning_rate:g}; try {cfg.learning_rate / 10:g}). "
                               f"The weights from the last good epoch are kept.")
                    epoch -= 1
                    break
                if self._stop.is_set():
                    reason, message = EndReason.CANCELLED, f"Stopped by the user during epoch {epoch}."
                    epoch -= 1
                    break
                train_seconds = time.perf_counter() - epoch_start
                train_loss = float(epoch_sum) / n
                val_loss, metrics = self._validate(model, task, loss_fn, xv, yv, autocast) if has_val else (train_loss, {})
                if not math.isfinite(val_loss):
                    model.load_state_dict(last_good)
                    reason = EndReason.DIVERGED
                    message = (f"The validation loss became infinite or NaN in epoch {epoch}. Lower the learning "
                               f"rate (now {cfg.learning_rate:g}). The weights from the last good epoch are kept.")
                    epoch -= 1
                    break
                if scheduler is not None and not per_batch_schedule:
                    if cfg.schedule == "plateau":
                        scheduler.step(val_loss)
                    else:
                        scheduler.step()
                seconds = time.perf_counter() - epoch_start
                event = EpochEnded(epoch=epoch, train_loss=train_loss, val_loss=val_loss, metrics=metrics,
                                   lr=optimizer.param_groups[0]["lr"], seconds=seconds,
                                   samples_per_sec=n / train_seconds if train_seconds > 0 else 0.0)
                history.append(event)
                if val_loss < best_val - cfg.min_delta:
                    best_val, best_epoch, wait = val_loss, epoch, 0
                    best_state = _copy_state(model) if cfg.restore_best else None
                else:
                    wait += 1
                last_good = _copy_state(model)
                if self.checkpoint_path is not None:
                    self._save_checkpoint(model, optimizer, scheduler, best_state, generator, device, epoch,
                                          history, best_val, best_epoch, wait)
                self._emit("on_epoch_end", event)
                if cfg.loss_threshold is not None and val_loss < cfg.loss_threshold:
                    reason = EndReason.THRESHOLD
                    message = f"Validation loss {val_loss:.4g} fell below the threshold {cfg.loss_threshold:g} in epoch {epoch}."
                    break
                if cfg.early_stopping and wait >= cfg.patience:
                    reason = EndReason.EARLY_STOPPED
                    message = (f"Early-stopped at epoch {epoch}: no improvement for {cfg.patience} epochs; "
                               f"best epoch {best_epoch}.")
                    break
            else:
                message = f"Finished {cfg.epochs} epochs."
        finally:
            if device.type == "cpu":
                torch.set_num_threads(old_threads)
        if cfg.restore_best and best_state is not None and reason != EndReason.DIVERGED:
            model.load_state_dict(best_state)
        ended = RunEnded(reason=reason, message=message, epochs_run=max(epoch, start_epoch), best_epoch=best_epoch,
                         best_val_loss=None if best_val == math.inf else best_val,
                         seconds=time.perf_counter() - started_at)
        self._emit("on_run_end", ended)
        return RunResult(reason=reason, message=message, epochs_run=ended.epochs_run, best_epoch=best_epoch,
                         best_val_loss=ended.best_val_loss, history=history, started=started, seconds=ended.seconds)

    # -- helpers ----------------------------------------------------------------------------
    def _validate(self, model, task, loss_fn, xv, yv, autocast) -> tuple[float, dict]:
        model.eval()
        total, correct, n = 0.0, 0.0, xv.shape[0]
        with torch.no_grad():
            for start in range(0, n, VALIDATION_CHUNK):
                xb, yb = xv[start:start + VALIDATION_CHUNK], yv[start:start + VALIDATION_CHUNK]
                with autocast:
                    out = model(xb)
                out = out.float()
                total += float(loss_fn(out, yb, reduction="sum"))
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

    def _save_checkpoint(self, model, optimizer, scheduler, best_state, generator, device, epoch, history,
                         best_val, best_epoch, wait) -> None:
        rng = {"torch": torch.get_rng_state(), "generator": generator.get_state()}
        if device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(device)
        info = {"epoch": epoch, "config": self.config.to_dict(), "history": [e.to_dict() for e in history],
                "best_val": None if best_val == math.inf else best_val, "best_epoch": best_epoch, "wait": wait}
        save_checkpoint(self.checkpoint_path, model_state=model.state_dict(), optimizer_state=optimizer.state_dict(),
                        scheduler_state=scheduler.state_dict() if scheduler is not None else None,
                        best_state=best_state, rng=rng, info=info)

    def _emit(self, hook: str, event) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(event)


def _copy_state(model: torch.nn.Module) -> dict:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _make_optimizer(cfg: TrainConfig, model: torch.nn.Module, device: torch.device) -> torch.optim.Optimizer:
    params = list(model.parameters())
    kwargs = {"lr": cfg.learning_rate, "weight_decay": cfg.weight_decay}
    if cfg.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, momentum=0.0, **kwargs)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}[cfg.optimizer]
    if cfg.optimizer == "sgd":
        kwargs["momentum"] = cfg.momentum
    try:  # fused kernels: one call per step instead of one per tensor
        return cls(params, fused=True, **kwargs)
    except (RuntimeError, TypeError, ValueError):
        return cls(params, **kwargs)


def _make_scheduler(cfg: TrainConfig, optimizer, steps_per_epoch: int, epochs: int):
    """Return (scheduler or None, whether it steps per batch)."""
    if cfg.schedule == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.step_size, gamma=cfg.gamma), False
    if cfg.schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, epochs)), False
    if cfg.schedule == "one_cycle":
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.learning_rate,
                                                   total_steps=max(1, epochs * steps_per_epoch)), True
    if cfg.schedule == "plateau":
        # Halve the rate after half the early-stopping patience without progress, so the two do not race.
        plateau_patience = max(2, cfg.patience // 2) if cfg.early_stopping else 2
        return torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=cfg.gamma, patience=plateau_patience), False
    return None, False


def _autocast(cfg: TrainConfig, device: torch.device):
    if device.type == "cuda" and cfg.precision in ("bf16", "fp16"):
        dtype = torch.bfloat16 if cfg.precision == "bf16" else torch.float16
        return torch.autocast("cuda", dtype=dtype)
    return nullcontext()
