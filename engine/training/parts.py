"""What a run is made of: the loss and target shape for a task, the batches, the optimiser, the
learning-rate schedule and mixed precision. The Trainer and the fast path's tests build runs from these.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial

import numpy as np
import torch
import torch.nn.functional as F

from engine.errors import DataError
from engine.training.config import TrainConfig
from engine.training.lazy_dynamo import skip_dynamo_import


def loss_function(task: str, class_weights: torch.Tensor | None = None):
    """The loss for a task, computed on logits: BCE for binary, cross-entropy for multiclass, MSE for regression.

    Args:
        class_weights: one weight per class (from `class_weight_values`, on the training device) or None.
            Binary: BCE's pos_weight = weight(positive) / weight(negative); multiclass: cross-entropy's weight.
    """
    if task == "binary":
        if class_weights is not None:
            return partial(F.binary_cross_entropy_with_logits, pos_weight=class_weights[1:] / class_weights[0])
        return F.binary_cross_entropy_with_logits
    if task == "multiclass":
        return F.cross_entropy if class_weights is None else partial(F.cross_entropy, weight=class_weights)
    if task == "regression":
        return F.mse_loss
    raise ValueError(f"Unknown task '{task}': expected binary, multiclass or regression.")


def class_weight_values(setting, task: str, classes: list[str], y_train) -> list[float] | None:
    """One loss weight per class, in output order, for a TrainConfig.class_weights setting; None for "none".

    "balanced" weighs class c by n / (k * count_c) over the TRAINING rows (scikit-learn's rule; a class absent
    there weighs 1); a dict gives weights by class name (classes it leaves out weigh 1).

    Args:
        classes: the target's class names in output order (the preprocessor's); y_train: class indices.
    Raises:
        DataError: weights for a regression target, or a custom weight names no class of the target.
    """
    if setting == "none" or setting is None:
        return None
    if task not in ("binary", "multiclass"):
        raise DataError("Class weights apply to classification targets only; this target is numeric "
                        "(regression). Set class weights to none.")
    k = max(len(classes), 2 if task == "binary" else 1)
    if setting == "balanced":
        y = y_train.cpu().numpy() if isinstance(y_train, torch.Tensor) else np.asarray(y_train)
        counts = np.bincount(y.astype(np.int64).reshape(-1), minlength=k)[:k]
        n = int(counts.sum())
        return [n / (k * int(c)) if c else 1.0 for c in counts]
    names = [str(c) for c in classes] or [str(i) for i in range(k)]
    unknown = [name for name in setting if name not in names]
    if unknown:
        raise DataError(f"Class weights name {', '.join(repr(u) for u in unknown)}, which the target does not have; "
                        f"its classes are {', '.join(names)}. Fix the names in the class weights.")
    return [float(setting.get(name, 1.0)) for name in names]


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


def make_optimizer(cfg: TrainConfig, model: torch.nn.Module, device: torch.device) -> torch.optim.Optimizer:
    """The configured optimiser over the model's parameters, with fused kernels where torch has them."""
    skip_dynamo_import()
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


def make_scheduler(cfg: TrainConfig, optimizer, steps_per_epoch: int, epochs: int):
    """The configured learning-rate schedule: (scheduler or None, whether it steps per batch)."""
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


def autocast_for(cfg: TrainConfig, device: torch.device):
    """The context the forward pass runs in: bf16/fp16 autocast on CUDA when asked, else nothing."""
    if device.type == "cuda" and cfg.precision in ("bf16", "fp16"):
        dtype = torch.bfloat16 if cfg.precision == "bf16" else torch.float16
        return torch.autocast("cuda", dtype=dtype)
    return nullcontext()
