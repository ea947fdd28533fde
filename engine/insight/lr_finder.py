"""The learning-rate range test (Smith 2015; fastai's lr_find, Lightning's tuner).

The rate grows exponentially from `start_lr` to `end_lr` over up to 100 batches (one pass at most), one
optimiser step per batch, on a deep copy of the model: the design's weights are never touched. The loss
is smoothed with an exponential moving average (bias-corrected, as Adam corrects its moments); the
sweep stops when it diverges (smoothed loss above 4x the best so far, or not finite). The suggested
rate is where the smoothed loss falls fastest against log(rate), before its lowest point.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from engine.i18n import _
from engine.insight.defaults import END_LR, MAX_STEPS, START_LR
from engine.training.config import TrainConfig
from engine.training.parts import batch_bounds, class_weight_values, loss_function, make_optimizer, target_tensor
from engine.training.trainer import input_tensors

SMOOTHING = 0.98  # fastai's and Lightning's beta: the EMA weight of the previous smoothed loss
DIVERGENCE_FACTOR = 4.0
MIN_POINTS_FOR_SUGGESTION = 10
SLOPE_SPAN = 3  # points on each side of the slope's central difference
SETTLING_POINTS = 10  # the first smoothed points average too few batches to judge a slope on


@dataclass
class LRFindResult:
    """One range test: the rates tried, the smoothed loss after each, the suggestion and where it diverged.

    `suggested` is None when the sweep was too short to judge (fewer than MIN_POINTS_FOR_SUGGESTION batches
    before it diverged); `divergence` is None when it never diverged below `end_lr`.
    """

    learning_rates: list[float]
    losses: list[float]
    suggested: float | None
    divergence: float | None
    optimizer: str = "adam"
    stopped: bool = False  # stopped by the caller before the sweep ended

    def to_dict(self) -> dict:
        """The `layerlab lr-find --json` shape."""
        return {"learning_rates": self.learning_rates, "losses": self.losses, "suggested": self.suggested,
                "divergence": self.divergence}


def range_test(model: torch.nn.Module, task: str, x_train, y_train, config: TrainConfig, *,
               start_lr: float = START_LR, end_lr: float = END_LR, max_steps: int = MAX_STEPS,
               class_names: list[str] | tuple = (), on_point: Callable[[float, float], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> LRFindResult:
    """Sweep the learning rate on a copy of `model` and suggest one.

    Args:
        model: a built model (engine.model.build_model); it is deep-copied, never changed.
        task: "binary", "multiclass" or "regression" (the loss is the task's, with the settings' class weights,
            as in training).
        x_train, y_train: the prepared training rows and encoded targets.
        config: the run's settings: optimizer, momentum, weight decay, batch size, seed and device are used.
        start_lr, end_lr: the sweep's first and last rate.
        max_steps: batches at most (fewer when one pass over the rows has fewer).
        class_names: the target's classes in output order (custom class weights name them).
        on_point: called with (rate, smoothed loss) after each batch (progress, live plots).
        should_stop: polled before each batch; True ends the sweep with what it has.
    Returns:
        The LRFindResult.
    Raises:
        ValueError: no training rows, or start_lr/end_lr not 0 < start < end.
        DataError: class weights that do not fit the target.
    """
    from engine.devices import resolve_device
    from engine.training.threads import cpu_threads_for

    if not 0 < start_lr < end_lr:
        raise ValueError(_("The sweep needs 0 < start rate < end rate (got {start} and {end}).").format(
            start=f"{start_lr:g}", end=f"{end_lr:g}"))
    device = resolve_device(config.device)
    x = input_tensors(x_train, device)  # one tensor per model input (text ids and pixels keep their type)
    y = target_tensor(task, y_train).to(device)
    if x[0].shape[0] == 0:
        raise ValueError(_("There are no training rows: check the split and the target column."))
    bounds = batch_bounds(x[0].shape[0], min(config.batch_size, x[0].shape[0]))[:max_steps]
    rates = _exponential_rates(start_lr, end_lr, len(bounds))
    trial = copy.deepcopy(model).to(device).train()
    optimizer = make_optimizer(TrainConfig.from_dict({**config.to_dict(), "learning_rate": rates[0]}), trial, device)
    weights = class_weight_values(config.class_weights, task, list(class_names), y_train)
    loss_fn = loss_function(task, None if weights is None else torch.tensor(weights, device=device))
    generator = torch.Generator(device=device)
    generator.manual_seed(config.seed)
    order = torch.randperm(x[0].shape[0], generator=generator, device=device)
    old_threads = torch.get_num_threads()
    if device.type == "cpu":  # the Trainer's thread policy: small batches are fastest on one thread
        torch.set_num_threads(cpu_threads_for(bounds[0][1] - bounds[0][0], int(np.prod(x[0].shape[1:]))))
    try:
        tried, smoothed, divergence, stopped = _sweep(trial, optimizer, loss_fn, x, y, order, bounds, rates,
                                                      on_point, should_stop)
    finally:
        torch.set_num_threads(old_threads)
    return LRFindResult(learning_rates=tried, losses=smoothed, suggested=steepest_descent(tried, smoothed),
                        divergence=divergence, optimizer=config.optimizer, stopped=stopped)


def _sweep(trial, optimizer, loss_fn, x, y, order, bounds, rates, on_point, should_stop):
    """One step per batch at each rate; returns (rates tried, smoothed losses, divergence rate, stopped)."""
    tried, smoothed = [], []
    average, best, divergence, stopped = 0.0, math.inf, None, False
    for step, ((start, stop), rate) in enumerate(zip(bounds, rates)):
        if should_stop is not None and should_stop():
            stopped = True
            break
        for group in optimizer.param_groups:
            group["lr"] = rate
        idx = order[start:stop]
        loss = loss_fn(trial(*(t.index_select(0, idx) for t in x)), y.index_select(0, idx))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        value = float(loss.detach())
        average = SMOOTHING * average + (1 - SMOOTHING) * value
        smooth = average / (1 - SMOOTHING ** (step + 1))
        if not math.isfinite(smooth) or smooth > DIVERGENCE_FACTOR * best:
            divergence = rate
            break
        best = min(best, smooth)
        tried.append(rate)
        smoothed.append(smooth)
        if on_point is not None:
            on_point(rate, smooth)
    return tried, smoothed, divergence, stopped


def find_learning_rate(pipeline, **options) -> LRFindResult:
    """The range test for a run as `train` would start it: the pipeline's data preparation and model.

    Args:
        pipeline: an engine.runs.pipeline.RunPipeline (its table, schema, spec, settings and split).
        options: passed to range_test (start_lr, end_lr, max_steps, on_point, should_stop).
    Raises:
        SpecError: the model cannot be built for the data; DataError: the data cannot be prepared.
    """
    data = pipeline.prepare()
    model, _ctx = pipeline.build()
    classes = [str(c) for c in (data.preprocessor.classes or [])]
    return range_test(model, str(data.preprocessor.task), data.x_train, data.y_train, pipeline.config,
                      class_names=classes, **options)


def steepest_descent(rates: list[float], losses: list[float]) -> float | None:
    """The rate where the smoothed loss falls fastest against log(rate), or None with too few points.

    Only the descent counts: from the end of the settling points (the sweep's first tenth, at least
    SETTLING_POINTS or a third of a short sweep: the average of too few batches) to the lowest loss before
    the last point (after it, a bounded loss such as a saturated cross-entropy may drift down again while
    the model is already ruined). The slope is taken across SLOPE_SPAN points on each side, so one noisy
    batch does not decide it.
    """
    n = len(rates)
    if n < MIN_POINTS_FOR_SUGGESTION:
        return None
    loss = np.asarray(losses, dtype=np.float64)
    log_rate = np.log10(np.asarray(rates, dtype=np.float64))
    first = max(min(SETTLING_POINTS, n // 3), n // 10, 1)
    lowest = first + int(np.argmin(loss[first:n - 1]))  # the sweep's last point has no slope after it
    if lowest == first:
        return None
    index = np.arange(n)
    below, above = np.clip(index - SLOPE_SPAN, 0, n - 1), np.clip(index + SLOPE_SPAN, 0, n - 1)
    slopes = (loss[above] - loss[below]) / (log_rate[above] - log_rate[below])
    return float(rates[first + int(np.argmin(slopes[first:lowest + 1]))])


def _exponential_rates(start: float, end: float, steps: int) -> list[float]:
    if steps <= 1:
        return [start] * steps
    return [float(r) for r in np.geomspace(start, end, steps)]
