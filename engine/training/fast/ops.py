"""A training step recorded as a list of zero-argument calls on preallocated buffers.

For one batch size, every tensor a step touches is allocated once (``StepBuffers``) and the
forward pass, the loss gradient and the backward pass are recorded as bound calls
(``functools.partial`` of ATen functions with ``out=``), so a step is ``for op in ops: op()``:
no graph building, no allocation, no per-layer Python decisions. The backward calls are the
kernels autograd itself uses for each activation, so the numbers match autograd's.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

import torch
import torch.nn.functional as F

from engine.training.fast.program import Act, Dropout, Linear

_aten = torch.ops.aten
# The C++ entry points of the backward kernels (``_op`` skips most of torch.ops' Python dispatch).
_THRESHOLD_BACKWARD = _aten.threshold_backward.grad_input._op
_LEAKY_BACKWARD = _aten.leaky_relu_backward.grad_input._op
_ELU_BACKWARD = _aten.elu_backward.grad_input._op
_GELU_BACKWARD = _aten.gelu_backward.grad_input._op
_SILU_BACKWARD = _aten.silu_backward.grad_input._op
_TANH_BACKWARD = _aten.tanh_backward.grad_input._op
_SIGMOID_BACKWARD = _aten.sigmoid_backward.grad_input._op

Op = Callable[[], object]


class StepBuffers:
    """Every tensor one step with `rows` rows needs, and the recorded step over them."""

    def __init__(self, steps: list, linears: list, task: str, rows: int, x_width: int, y: torch.Tensor,
                 device: torch.device):
        def empty(*shape, dtype=torch.float32):
            return torch.empty(*shape, dtype=dtype, device=device)

        self.rows = rows
        self.idx = torch.empty(rows, dtype=torch.long, device=device)  # CUDA graphs gather from here
        self.x = empty(rows, x_width)
        self.y = empty(rows, *y.shape[1:], dtype=y.dtype)
        self.loss = torch.zeros((), device=device)  # CUDA graphs leave the loss here
        self.graph = None
        self.calls = 0
        widths, width = [], x_width
        for step in steps:
            if isinstance(step, Linear):
                width = step.module.out_features
            widths.append(width)
        self.out, self.mask = [], []
        previous = self.x
        for step, width in zip(steps, widths):
            # relu/tanh/sigmoid backward read only their output, so they may overwrite their input
            out = previous if isinstance(step, Act) and step.in_place else empty(rows, width)
            self.out.append(out)
            self.mask.append(empty(rows, width) if isinstance(step, Dropout) else None)
            previous = out
        # d loss / d (output of step i): only Linear steps write a new one; element-wise steps
        # transform the one above them in place.
        self.grad_logits = empty(rows, widths[-1])
        self.grad_below = [empty(rows, width) for width in widths]
        self.ops, self.loss_op = _record(self, steps, linears, task, device)


def _record(b: StepBuffers, steps: list, linears: list, task: str, device) -> tuple[list[Op], Op]:
    ops: list[Op] = []
    h, k = b.x, 0
    for i, step in enumerate(steps):  # forward
        out = b.out[i]
        if isinstance(step, Linear):
            weight, weight_t, bias, _, _ = linears[k]
            k += 1
            ops.append(partial(torch.mm, h, weight_t, out=out) if bias is None
                       else partial(torch.addmm, bias, h, weight_t, out=out))
        elif isinstance(step, Act):
            ops.append(_forward(step, h, out))
        else:  # as ATen's CPU dropout: noise = bernoulli_(1 - p) / (1 - p); out = h * noise
            mask = b.mask[i]
            ops += [partial(mask.bernoulli_, 1 - step.p), partial(mask.div_, 1 - step.p),
                    partial(torch.mul, h, mask, out=out)]
        h = out
    grad = b.grad_logits
    loss_grad, loss_op = _loss(task, h, b.y, grad, b.rows, device)
    ops += loss_grad
    ones = torch.ones(b.rows, device=device)
    for i in range(len(steps) - 1, -1, -1):  # backward
        step = steps[i]
        below = b.out[i - 1] if i > 0 else b.x
        if isinstance(step, Linear):
            k -= 1
            weight, _, _, grad_w, grad_b = linears[k]
            grad_t = grad.t()
            ops.append(partial(torch.mm, grad_t, below, out=grad_w))
            if grad_b is not None:
                ops.append(partial(torch.mv, grad_t, ones, out=grad_b))
            if i == 0:
                break
            grad_below = b.grad_below[i - 1]
            ops.append(partial(torch.mm, grad, weight, out=grad_below))
            grad = grad_below
        elif i == 0:
            break  # nothing trainable below an element-wise first step
        elif isinstance(step, Act):
            ops.append(_backward(step, grad, below, b.out[i]))
        else:
            ops.append(partial(grad.mul_, b.mask[i]))
    return ops, loss_op


def _loss(task: str, logits, y, grad, rows: int, device) -> tuple[list[Op], Op]:
    """Ops writing d mean-loss / d logits into grad (torch's backward formulas), and the loss op."""
    if task == "binary":
        return ([partial(torch.sigmoid, logits, out=grad), partial(grad.sub_, y), partial(grad.div_, logits.numel())],
                partial(F.binary_cross_entropy_with_logits, logits, y))
    if task == "multiclass":
        log_probs = torch.empty_like(logits)
        minus_one = torch.full((rows, 1), -1.0, device=device)
        return ([partial(torch._log_softmax, logits, 1, False, out=log_probs), partial(torch.exp, log_probs, out=grad),
                 partial(grad.scatter_add_, 1, y.unsqueeze(1), minus_one), partial(grad.div_, rows)],
                partial(F.nll_loss, log_probs, y))
    return ([partial(torch.sub, logits, y, out=grad), partial(grad.mul_, 2.0 / logits.numel())],
            partial(F.mse_loss, logits, y))


def _forward(step: Act, h: torch.Tensor, out: torch.Tensor) -> Op:
    kind = step.kind
    if kind == "relu":
        return h.relu_ if step.in_place else partial(torch.clamp_min, h, 0, out=out)  # ATen's relu is clamp_min(0)
    if kind == "tanh":
        return h.tanh_ if step.in_place else partial(torch.tanh, h, out=out)
    if kind == "sigmoid":
        return h.sigmoid_ if step.in_place else partial(torch.sigmoid, h, out=out)
    if kind == "leaky_relu":
        return partial(torch._C._nn.leaky_relu, h, step.arg, out=out)
    if kind == "elu":
        return partial(torch._C._nn.elu, h, step.arg, 1, 1, out=out)
    if kind == "gelu":
        return partial(torch._C._nn.gelu, h, out=out)
    if kind == "silu":
        return partial(torch._C._nn.silu, h, out=out)
    return partial(torch._softmax, h, 1, False, out=out)


def _backward(step: Act, grad: torch.Tensor, below: torch.Tensor, out: torch.Tensor) -> Op:
    """grad <- d loss / d input, in place, with the kernel autograd uses for the out-of-place op."""
    kind = step.kind
    if kind == "relu":
        return partial(_THRESHOLD_BACKWARD, grad, out, 0, grad_input=grad)
    if kind == "tanh":
        return partial(_TANH_BACKWARD, grad, out, grad_input=grad)
    if kind == "sigmoid":
        return partial(_SIGMOID_BACKWARD, grad, out, grad_input=grad)
    if kind == "leaky_relu":
        return partial(_LEAKY_BACKWARD, grad, below, step.arg, False, grad_input=grad)
    if kind == "elu":
        return partial(_ELU_BACKWARD, grad, step.arg, 1, 1, False, below, grad_input=grad)
    if kind == "gelu":
        return partial(_GELU_BACKWARD, grad, below, approximate="none", grad_input=grad)
    if kind == "silu":
        return partial(_SILU_BACKWARD, grad, below, grad_input=grad)
    return lambda: grad.copy_(torch._softmax_backward_data(grad, out, 1, torch.float32))
