"""The fast path: hand-derived forward/backward for chains of Dense layers, without autograd.

For the small dense networks LayerLab trains on tables, most of an autograd step is fixed
overhead (graph building, per-tensor optimizer bookkeeping), not arithmetic. When a model is a
straight chain of Linear layers, element-wise activations and Dropout ending in the Output head,
trained with BCE-with-logits, cross-entropy or MSE and Adam, AdamW or SGD, it is trained with:

- one flat parameter buffer (the module's parameters become views into it, so the module,
  state_dict, checkpoints, bundles and evaluation keep working unchanged) and one flat gradient
  buffer that every step overwrites completely (no zeroing);
- ``mm``/``addmm`` into preallocated buffers, one set per batch size (the ragged last batch gets
  its own), recorded once as a list of calls; activation backward in place, with the ATen
  kernels autograd uses;
- one fused optimizer kernel (``torch._fused_adam_``/``_fused_adamw_``/``_fused_sgd_``) over the
  flat buffers, with the hyper-parameters read from the Trainer's optimizer every step (so
  schedules work, per batch too) and its state kept as views inside that optimizer (so its
  ``state_dict``, checkpoints and exact resume are the autograd path's);
- on CUDA, each batch size's step captured once in a CUDA graph and replayed.

Dropout draws its masks exactly as ``nn.Dropout`` does on the CPU (``bernoulli_(1 - p)`` on the
global generator, then ``div_(1 - p)``, layer by layer in forward order), so a fixed seed gives
the same masks as autograd. On CUDA, nn.Dropout uses a fused kernel with another random stream:
the fast path is still the same dropout there, but not mask-for-mask identical.

Not on the fast path (autograd is used, and the reason is reported): BatchNorm, LayerNorm,
AlphaDropout, Add/Concatenate (non-chain graphs), GELU with the tanh approximation, RMSprop, class weights,
Apple MPS, and fp16/bf16 mixed precision on CUDA (autograd's autocast handles those).
"""

from __future__ import annotations

import torch
from torch import nn

from engine.training.fast.path import FastPath
from engine.training.fast.program import Linear, read_program

ON = "fast path: on"

__all__ = ["ON", "FastPath", "describe", "plan"]


def describe(plan_or_reason) -> str:
    """The run-info text: "fast path: on" or "fast path: off: <reason>"."""
    return ON if isinstance(plan_or_reason, FastPath) else f"fast path: off: {plan_or_reason}"


def plan(model: nn.Module, task: str, config, device: torch.device) -> FastPath | str:
    """Decide whether a run can take the fast path.

    Args:
        model: the model to train (a GraphModule from engine.model.build_model).
        task: "binary", "multiclass" or "regression" (BCE-with-logits, cross-entropy, MSE).
        config: the run's TrainConfig.
        device: the resolved training device.
    Returns:
        A FastPath ready to bind(), or the reason (words for a person, e.g. "BatchNorm at node bn_1").
    """
    if task not in ("binary", "multiclass", "regression"):
        return f"unknown task {task!r}"
    if getattr(config, "class_weights", "none") != "none":
        return "class weights (the weighted loss runs through autograd)"
    if config.optimizer not in ("adam", "adamw", "sgd"):
        return f"the {config.optimizer} optimizer (fast path: Adam, AdamW, SGD)"
    if device.type not in ("cpu", "cuda"):
        return f"{device.type} device (fast path: CPU and CUDA)"
    if config.precision != "off" and device.type == "cuda":
        return f"{config.precision} mixed precision runs through autograd's autocast"
    steps = read_program(model)
    if isinstance(steps, str):
        return steps
    params = list(model.parameters())
    linear_params = [t for s in steps if isinstance(s, Linear) for t in (s.module.weight, s.module.bias)
                     if t is not None]
    if len(params) != len(linear_params) or {id(p) for p in params} != {id(p) for p in linear_params}:
        return "the model has parameters outside its Linear layers"
    if any(p.dtype != torch.float32 or p.device.type != device.type for p in params):
        return "parameters are not float32 on the training device"
    return FastPath(model, steps, task, config.optimizer, device)
