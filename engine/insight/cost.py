"""What a model costs before it trains: parameters, memory for weights and optimizer state, FLOPs per
sample, and time per epoch from a short probe on the chosen device; after training, the measured epoch time.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from engine.graph import BYTES_PER_PARAMETER
from engine.i18n import N_, _
from engine.training.config import TrainConfig

BACKWARD_FACTOR = 3  # forward + backward ~ 3 forwards (the backward pass computes two products per one forward)
PROBE_BATCHES = 20  # training batches per probe epoch
PROBE_EPOCHS = 3  # the first warms up (buffers, kernels); the median of the others counts
PROBE_VALIDATION_ROWS = 8192


@dataclass(frozen=True)
class MemoryCost:
    """Bytes for the weights and for the optimizer's state (float32), and what the state is."""

    parameters: int
    optimizer: str
    state_copies: int  # extra copies of the weights the optimizer keeps

    @property
    def weight_bytes(self) -> int:
        return self.parameters * BYTES_PER_PARAMETER

    @property
    def optimizer_bytes(self) -> int:
        return self.weight_bytes * self.state_copies

    @property
    def total_bytes(self) -> int:
        return self.weight_bytes + self.optimizer_bytes

    @property
    def state_words(self) -> str:
        """E.g. "Adam keeps 2 extra copies (first and second moments)"."""
        return _(STATE_WORDS[self.optimizer][self.state_copies])


STATE_WORDS = {  # English; state_words translates
    "adam": {2: N_("Adam keeps 2 extra copies (first and second moments)")},
    "adamw": {2: N_("AdamW keeps 2 extra copies (first and second moments)")},
    "sgd": {1: N_("SGD with momentum keeps 1 extra copy (the velocity)"), 0: N_("SGD without momentum keeps no state")},
    "rmsprop": {1: N_("RMSprop keeps 1 extra copy (the squared-gradient average)")},
}


def optimizer_state_copies(config: TrainConfig) -> int:
    """Extra float32 copies of the weights the configured optimizer keeps (as engine.training.parts makes it)."""
    if config.optimizer in ("adam", "adamw"):
        return 2
    if config.optimizer == "sgd":
        return 1 if config.momentum > 0 else 0
    return 1  # RMSprop without momentum: the running average of squared gradients


def memory_cost(parameters: int, config: TrainConfig) -> MemoryCost:
    """Memory for `parameters` float32 weights and the configured optimizer's state."""
    return MemoryCost(int(parameters), config.optimizer, optimizer_state_copies(config))


def forward_flops(spec, ctx) -> int:
    """Floating-point operations of one forward pass for one sample (torch's FlopCounterMode).

    The model is built on the meta device (no memory, no arithmetic), so any size is cheap to count.
    FlopCounterMode counts matrix products (Dense: 2 x inputs x units per sample; LSTM/GRU: 2 x gates x
    (inputs + hidden) x hidden per step, direction and layer, every step of the sequence); element-wise work
    (activations, bias adds, normalisation) is not counted.
    """
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    from engine.model import build_model

    with torch.device("meta"):
        model = build_model(spec, ctx).eval()
        xs = [torch.ones(1, *source.shape, dtype=getattr(torch, _INPUT_DTYPES.get(source.kind, "float32")))
              for source in ctx.all_sources()]
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(*xs)
    return int(counter.get_total_flops())


_INPUT_DTYPES = {"text": "long", "image": "uint8"}  # torch dtype names per input kind; the rest are float32


@dataclass(frozen=True)
class ModelCost:
    """Parameters, memory and FLOPs per sample of a design with its settings."""

    memory: MemoryCost
    forward_flops: int

    @property
    def parameters(self) -> int:
        return self.memory.parameters

    @property
    def training_flops(self) -> int:
        """Forward + backward, per sample: BACKWARD_FACTOR x the forward."""
        return BACKWARD_FACTOR * self.forward_flops


def model_cost(spec, ctx, config: TrainConfig) -> ModelCost:
    """Parameters, memory (weights + optimizer state) and FLOPs per sample of `spec` for data of shape `ctx`.

    Raises:
        SpecError: the spec cannot be built for this data.
    """
    from engine.graph import summary_rows

    parameters = sum(row[3] for row in summary_rows(spec, ctx))
    return ModelCost(memory_cost(parameters, config), forward_flops(spec, ctx))


@dataclass(frozen=True)
class EpochProbe:
    """A short timing of training steps and validation on the chosen device, scaled to any table size."""

    step_seconds: float  # one optimiser step at the probe's batch size
    validation_row_seconds: float  # one validation row (forward only)
    batch_size: int
    device: str  # the device's label, e.g. "CPU"
    engine_path: str  # "fast path: on" or why not

    def epoch_seconds(self, n_train: int, n_val: int) -> float:
        """Estimated seconds of one epoch over `n_train` training and `n_val` validation rows."""
        steps = max(1, -(-n_train // max(1, min(self.batch_size, n_train))))
        return steps * self.step_seconds + n_val * self.validation_row_seconds


def probe_epoch_time(spec, ctx, config: TrainConfig, batches: int = PROBE_BATCHES) -> EpochProbe:
    """Time a few training steps and a validation pass of `spec` as the Trainer runs them (same device,
    fast path, threads), on random rows of the data's width: arithmetic does not depend on the values.

    PROBE_EPOCHS short epochs of `batches` batches run; the first warms up (buffers, kernels), the median
    of the others counts (a busy machine's stalls do not decide it).
    Raises:
        SpecError: the spec cannot be built; ValueError: the device named in the settings is not present.
    """
    import torch

    from engine.model import build_model
    from engine.training.trainer import Trainer

    probe = TrainConfig.from_dict({**config.to_dict(), "epochs": PROBE_EPOCHS, "early_stopping": False, "schedule": "none",
                                   "loss_threshold": None, "tensorboard": False,
                                   "class_weights": "none"})  # custom weights name classes random rows lack
    batch = config.batch_size
    generator = torch.Generator().manual_seed(0)
    rows, val_rows = batch * batches, min(PROBE_VALIDATION_ROWS, batch * batches)
    x, xv = _random_inputs(ctx, rows, generator), _random_inputs(ctx, val_rows, generator)
    y, yv = _random_targets(ctx, rows, generator), _random_targets(ctx, val_rows, generator)
    model = build_model(spec, ctx)
    result = Trainer(probe).fit(model, ctx.task, x, y.numpy(), xv, yv.numpy())
    timed = result.history[1:]
    if not timed:
        raise ValueError(f"The timing probe stopped early: {result.message}")
    train_seconds = [rows / e.samples_per_sec for e in timed if e.samples_per_sec]
    train = statistics.median(train_seconds) if train_seconds else 0.0
    validation = statistics.median(max(0.0, e.seconds - t) for e, t in zip(timed, train_seconds)) if train_seconds else 0.0
    return EpochProbe(step_seconds=train / batches, validation_row_seconds=validation / val_rows,
                      batch_size=batch, device=result.started.device_name, engine_path=result.started.engine_path)


def format_flops(flops: float) -> str:
    """E.g. "36.9 k", "1.2 G" (FLOPs, decimal prefixes)."""
    for unit, size in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if flops >= size:
            return f"{flops / size:.3g} {unit}"
    return f"{int(flops)}"


def _random_inputs(ctx, rows: int, generator):
    """Random model inputs of the data's shapes, as the Trainer takes them: one array for a table alone, else a
    tuple (text: token ids with the last position padding; image: pixels 0..255; table, history: floats)."""
    import torch

    arrays = []
    for source in ctx.all_sources():
        if source.kind == "text":
            ids = torch.randint(2, max(3, source.vocab_size), (rows, *source.shape), generator=generator)
            ids[:, -1] = 0  # padding at the end, as the tokenizer pads
            arrays.append(ids.numpy())
        elif source.kind == "image":
            arrays.append(torch.randint(0, 256, (rows, *source.shape), generator=generator).to(torch.uint8).numpy())
        else:
            arrays.append(torch.randn(rows, *source.shape, generator=generator).numpy())
    return arrays[0] if not ctx.sources else tuple(arrays)


def _random_targets(ctx, rows: int, generator):
    import torch

    if ctx.task == "multiclass":
        return torch.randint(0, max(2, ctx.output_width), (rows,), generator=generator)
    if ctx.task == "binary":
        return torch.randint(0, 2, (rows,), generator=generator).float()
    return torch.randn(rows, generator=generator)


def measured_epoch_seconds(history: list[dict]) -> float | None:
    """The median epoch time of a run's history (RunRecord.history), or None without epochs.

    The median, so the first epoch's warm-up does not count."""
    seconds = [float(e["seconds"]) for e in history if e.get("seconds")]
    return statistics.median(seconds) if seconds else None
