"""`layerlab lr-find`: the learning-rate range test for a model and its data, as `train` would run them."""

from __future__ import annotations

import math
import sys

from engine.cli.job_options import add_job_options
from engine.insight.defaults import END_LR, MAX_STEPS, START_LR

PLOT_WIDTH = 60
PLOT_HEIGHT = 12


def add_parser(sub, common) -> None:
    p = sub.add_parser("lr-find", parents=[common], help="find a good learning rate (range test)",
                       description="Sweep the learning rate exponentially over up to 100 batches on a copy of the "
                                   "model (the same data, model and optimizer as `train`; nothing is saved), plot the "
                                   "smoothed loss against the rate and suggest the rate where it falls fastest.")
    add_job_options(p)
    p.add_argument("--start-lr", type=float, default=START_LR, help=f"the sweep's first rate (default {START_LR:g})")
    p.add_argument("--end-lr", type=float, default=END_LR, help=f"the sweep's last rate (default {END_LR:g})")
    p.add_argument("--steps", type=int, default=MAX_STEPS,
                   help=f"batches at most (default {MAX_STEPS}; fewer when the training rows have fewer)")
    p.add_argument("--json", action="store_true",
                   help='print {"learning_rates": [...], "losses": [...], "suggested": x, "divergence": y}')
    p.set_defaults(handler=run)


def run(args) -> int:
    from engine.cli.inputs import resolve_job_inputs
    from engine.cli.terminal import print_json
    from engine.errors import DataError
    from engine.insight.lr_finder import find_learning_rate
    from engine.runs.pipeline import RunPipeline

    if not 0 < args.start_lr < args.end_lr:
        raise DataError(f"--start-lr must be above 0 and below --end-lr (got {args.start_lr:g} and {args.end_lr:g}).")
    if args.steps < 1:
        raise DataError(f"--steps must be at least 1 (got {args.steps}).")
    inputs = resolve_job_inputs(args)
    pipeline = RunPipeline(inputs.frame, inputs.schema, inputs.spec, inputs.config, inputs.split,
                           **inputs.data_options)
    data = pipeline.prepare()
    for warning in inputs.warnings + data.warnings:
        print(f"note: {warning}", file=sys.stderr)
    result = find_learning_rate(pipeline, start_lr=args.start_lr, end_lr=args.end_lr, max_steps=args.steps)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"Learning-rate range test: {inputs.source}, {inputs.config.optimizer}, batch size "
          f"{inputs.config.batch_size}, {len(result.learning_rates)} batches from {args.start_lr:g} to {args.end_lr:g}")
    print(text_plot(result.learning_rates, result.losses, result.suggested))
    print(summary_line(result, inputs.config.learning_rate))
    print(cost_line(pipeline))
    return 0


def cost_line(pipeline) -> str:
    """What the model costs to train: parameters, memory with the optimizer's state, FLOPs per sample."""
    from engine.graph import format_bytes
    from engine.insight.cost import BACKWARD_FACTOR, format_flops, model_cost
    from engine.runs.pipeline import shape_context

    cost = model_cost(pipeline.spec, shape_context(pipeline.spec, pipeline.prepare()), pipeline.config)
    memory = cost.memory
    return (f"Model: {cost.parameters:,} parameters; {format_bytes(memory.total_bytes)} for weights and optimizer "
            f"state ({memory.state_words}); {format_flops(cost.forward_flops)}FLOPs per sample forward, "
            f"{format_flops(cost.training_flops)}FLOPs with backward (x{BACKWARD_FACTOR}).")


def summary_line(result, current: float) -> str:
    """The suggestion and the divergence point in words."""
    where = (f"The loss diverged at {result.divergence:.2g}." if result.divergence is not None
             else "The loss did not diverge within the sweep.")
    if result.suggested is None:
        return (f"No suggestion: the sweep had too few batches before the loss stopped falling. {where} "
                "Try a smaller batch size or a wider range.")
    return (f"Suggested learning rate: {result.suggested:.2g} (steepest descent of the smoothed loss; now "
            f"{current:g}). {where} Use it with: --lr {result.suggested:.2g}")


def text_plot(rates: list[float], losses: list[float], suggested: float | None,
              width: int = PLOT_WIDTH, height: int = PLOT_HEIGHT) -> str:
    """The smoothed loss against log(rate) in characters; '|' marks the suggested rate's column."""
    if len(rates) < 2:
        return "(too few points to plot)"
    low, high = math.log10(rates[0]), math.log10(rates[-1])
    top, bottom = max(losses), min(losses)
    span = (top - bottom) or 1.0

    def column(rate: float) -> int:
        return round((math.log10(rate) - low) / ((high - low) or 1.0) * (width - 1))

    grid = [[" "] * width for _ in range(height)]
    if suggested is not None:
        for row in grid:
            row[column(suggested)] = "|"
    for rate, loss in zip(rates, losses):
        grid[round((top - loss) / span * (height - 1))][column(rate)] = "*"
    label_width = 9
    lines = [f"{top:>{label_width}.4g} ┤" + "".join(grid[0])]
    lines += [" " * label_width + " │" + "".join(row) for row in grid[1:-1]]
    lines.append(f"{bottom:>{label_width}.4g} ┤" + "".join(grid[-1]))
    lines.append(" " * label_width + " └" + "─" * width)
    left, right = f"{rates[0]:.1e}", f"{rates[-1]:.1e}"
    lines.append(" " * (label_width + 2) + left + "learning rate (log scale)".center(width - len(left) - len(right)) + right)
    return "\n".join(lines)
