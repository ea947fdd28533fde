"""FastPath: flat parameter/gradient buffers, recorded steps, one fused optimizer kernel, CUDA graphs."""

from __future__ import annotations

import torch
from torch import nn

from engine.training.fast.ops import StepBuffers
from engine.training.fast.program import Linear

# Eager steps (on a side stream) before a batch size's CUDA graph is captured.
GRAPH_WARMUP_STEPS = 3
# Capture CUDA graphs on CUDA devices (bench_gpu.py switches this off to measure the difference).
CUDA_GRAPHS = True


class FastPath:
    """Trains a chain model without autograd; made by ``plan()``, then ``bind()``, then ``step()``."""

    def __init__(self, model: nn.Module, steps: list, task: str, optimizer_name: str, device: torch.device):
        self.model = model
        self.steps = steps
        self.task = task
        self.optimizer_name = optimizer_name
        self.device = torch.device(device)
        self.use_graphs = self.device.type == "cuda"
        self._buffers: dict[int, StepBuffers] = {}
        self.optimizer = None

    # -- binding ----------------------------------------------------------------------------
    def bind(self, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> None:
        """Move the parameters into one flat buffer and the optimizer's state into views of others.

        Call once, after the optimizer exists and any checkpoint has been loaded into it and the model.

        Args:
            optimizer: the Trainer's optimizer over model.parameters(), one param group. Its
                hyper-parameters are read every step (so schedules apply, per batch too); its state
                becomes views of the flat buffers (so its state_dict is what autograd's would be).
            x, y: the training tensors on the device; batches are gathered from them.
        Raises:
            ValueError: the optimizer does not hold exactly the model's parameters in one group, or
                its state has different step counts per parameter.
        """
        params = [t for s in self.steps if isinstance(s, Linear) for t in (s.module.weight, s.module.bias)
                  if t is not None]
        group = optimizer.param_groups[0]
        if len(optimizer.param_groups) != 1 or {id(p) for p in group["params"]} != {id(p) for p in params}:
            raise ValueError("The fast path needs one optimizer param group over all the model's parameters.")
        self.optimizer, self._group, self.params = optimizer, group, params
        self.x, self.y = x, y
        self.slices, offset = [], 0
        for p in params:
            self.slices.append((offset, p.numel(), p.shape))
            offset += p.numel()
        self.flat = torch.empty(offset, device=self.device)
        self.flat_grad = torch.zeros(offset, device=self.device)
        with torch.no_grad():
            for index, p in enumerate(params):
                view = self._view(self.flat, index)
                view.copy_(p.detach())
                p.data = view  # the same Parameter object (the optimizer holds it), now backed by flat
        self.linears, index = [], 0
        for step in self.steps:
            if isinstance(step, Linear):
                weight, grad_w = self._view(self.flat, index), self._view(self.flat_grad, index)
                index += 1
                bias = grad_b = None
                if step.module.bias is not None:
                    bias, grad_b = self._view(self.flat, index), self._view(self.flat_grad, index)
                    index += 1
                self.linears.append((weight, weight.t(), bias, grad_w, grad_b))
        self._bind_optimizer_state()
        # What optimizer.step() would record, so lr schedulers know the optimizer has stepped.
        optimizer._opt_called = True
        if self.use_graphs:
            # Graph replays read the learning rate from device memory, refreshed before each step.
            self.lr = torch.tensor(float(group["lr"]), device=self.device)
            self._side_stream = torch.cuda.Stream(self.device)
            self._graphs_off = not CUDA_GRAPHS
            self._captured_hparams = None

    def gradients(self) -> dict[str, torch.Tensor]:
        """The last step's gradient of each parameter, by parameter name (views of the flat buffer)."""
        index = {id(p): i for i, p in enumerate(self.params)}
        return {name: self._view(self.flat_grad, index[id(p)]) for name, p in self.model.named_parameters()}

    def _view(self, flat: torch.Tensor, index: int) -> torch.Tensor:
        offset, n, shape = self.slices[index]
        return flat[offset:offset + n].view(shape)

    def _bind_optimizer_state(self) -> None:
        opt, params, total = self.optimizer, self.params, self.flat.numel()
        # One step count per parameter, as torch keeps them, but as views of one tensor: a single
        # add_ advances all of them, and the first doubles as the flat buffer's count.
        self.step_counts = torch.zeros(len(params), dtype=torch.float32, device=self.device)
        self.flat_step = self.step_counts[0]
        self.first_sgd_step = False
        if self.optimizer_name in ("adam", "adamw"):
            self.exp_avg = torch.zeros(total, device=self.device)
            self.exp_avg_sq = torch.zeros(total, device=self.device)
            for i, p in enumerate(params):
                old = opt.state.get(p, {})
                if "exp_avg" in old:  # resumed from a checkpoint
                    self._view(self.exp_avg, i).copy_(old["exp_avg"])
                    self._view(self.exp_avg_sq, i).copy_(old["exp_avg_sq"])
                    self.step_counts[i] = float(old["step"])
                opt.state[p] = {"step": self.step_counts[i], "exp_avg": self._view(self.exp_avg, i),
                                "exp_avg_sq": self._view(self.exp_avg_sq, i)}
            if len(set(self.step_counts.tolist())) > 1:
                raise ValueError("The optimizer's parameters have different step counts; the fast path needs one.")
            return
        self.momentum = torch.zeros(total, device=self.device)
        restored = [i for i, p in enumerate(params) if opt.state.get(p, {}).get("momentum_buffer") is not None]
        for i in restored:
            self._view(self.momentum, i).copy_(opt.state[params[i]]["momentum_buffer"])
        self.first_sgd_step = not restored  # torch starts the momentum buffer as a copy of the first gradient
        if restored:
            self._publish_momentum()

    def _publish_momentum(self) -> None:
        for i, p in enumerate(self.params):
            self.optimizer.state[p] = {"momentum_buffer": self._view(self.momentum, i)}

    def _buffers_for(self, rows: int) -> StepBuffers:
        buffers = self._buffers.get(rows)
        if buffers is None:
            buffers = StepBuffers(self.steps, self.linears, self.task, rows, self.x.shape[1], self.y, self.device)
            self._buffers[rows] = buffers
        return buffers

    # -- one training step ------------------------------------------------------------------
    def step(self, idx: torch.Tensor) -> torch.Tensor:
        """Train on the rows `idx` of x and y: forward, backward, one optimizer step.

        Returns:
            The batch's mean loss as a 0-d tensor on the device (on CUDA a buffer that the next
            step with the same batch size overwrites: read or accumulate it before then).
        """
        buffers = self._buffers.get(idx.shape[0]) or self._buffers_for(idx.shape[0])
        if self.use_graphs:
            return self._cuda_step(buffers, idx)
        torch.index_select(self.x, 0, idx, out=buffers.x)
        torch.index_select(self.y, 0, idx, out=buffers.y)
        for op in buffers.ops:
            op()
        loss = buffers.loss_op()
        self._optimizer_step(self._group["lr"])
        return loss

    def _cuda_step(self, buffers: StepBuffers, idx: torch.Tensor) -> torch.Tensor:
        """Eager warm-up steps on a side stream, then one captured CUDA graph per batch size."""
        self.lr.fill_(self._group["lr"])
        buffers.idx.copy_(idx)
        if buffers.graph is not None and self._hparams() != self._captured_hparams:
            self._graphs_off = True  # constants baked into the graphs changed (e.g. one-cycle momentum)
        if self._graphs_off:
            self._device_step(buffers)
            return buffers.loss
        if buffers.graph is not None:
            buffers.graph.replay()
            return buffers.loss
        current = torch.cuda.current_stream(self.device)
        if buffers.calls < GRAPH_WARMUP_STEPS or self.first_sgd_step:
            buffers.calls += 1
            self._side_stream.wait_stream(current)
            with torch.cuda.stream(self._side_stream):
                self._device_step(buffers)
            current.wait_stream(self._side_stream)
            return buffers.loss
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph, capture_error_mode="thread_local"):
            self._device_step(buffers)  # recorded, not run
        buffers.graph = graph
        self._captured_hparams = self._hparams()
        graph.replay()  # this step's update
        return buffers.loss

    def _device_step(self, buffers: StepBuffers) -> None:
        """The whole step from device memory only (idx, lr): what a CUDA graph captures."""
        torch.index_select(self.x, 0, buffers.idx, out=buffers.x)
        torch.index_select(self.y, 0, buffers.idx, out=buffers.y)
        for op in buffers.ops:
            op()
        buffers.loss.copy_(buffers.loss_op())
        self._optimizer_step(self.lr)

    def _hparams(self) -> tuple:
        group = self._group
        return (tuple(group.get("betas", ())), group.get("momentum"), group.get("weight_decay"), group.get("eps"))

    def _optimizer_step(self, lr) -> None:
        """One fused kernel over the flat buffers, with the semantics of torch's Adam/AdamW/SGD."""
        group = self._group
        if self.optimizer_name != "sgd":
            beta1, beta2 = group["betas"]
            self.step_counts.add_(1)
            kernel = torch._fused_adamw_ if self.optimizer_name == "adamw" else torch._fused_adam_
            kernel([self.flat], [self.flat_grad], [self.exp_avg], [self.exp_avg_sq], [], [self.flat_step],
                   lr=lr, beta1=beta1, beta2=beta2, weight_decay=group["weight_decay"], eps=group["eps"],
                   amsgrad=False, maximize=False)
            return
        momentum = group["momentum"]
        first = self.first_sgd_step and momentum != 0
        torch._fused_sgd_([self.flat], [self.flat_grad], [self.momentum] if momentum != 0 else [],
                          weight_decay=group["weight_decay"], momentum=momentum, lr=lr,
                          dampening=group["dampening"], nesterov=group["nesterov"], maximize=False,
                          is_first_step=first)
        if first:
            self.first_sgd_step = False
            self._publish_momentum()
