"""Shared checking for exports: the inputs an exported model is compared on, and the comparison.

A case is a tuple of arrays, one per input source of the model in the order of ``ctx.all_sources()``:
float32 table features or history windows, int64 token ids (0 = padding at the end of a row, 1 = unknown,
at least one real token per row) and uint8 pixels (0..255).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

MANY_ROWS = 257  # "many": more than one, odd, and more than any usual tile size


def random_source(source, rows: int, rng: np.random.Generator) -> np.ndarray:
    """Random valid values for one input source: what the model can be given, not just any numbers."""
    if source.kind == "text":
        length = source.shape[0]
        ids = rng.integers(1, max(2, source.vocab_size), size=(rows, length), dtype=np.int64)
        real = rng.integers(1, length + 1, size=rows)  # each row keeps 1..length tokens, padding after them
        ids[np.arange(length)[None, :] >= real[:, None]] = 0
        return ids
    if source.kind == "image":
        return rng.integers(0, 256, size=(rows, *source.shape), dtype=np.uint8)
    return rng.standard_normal((rows, *source.shape)).astype(np.float32)


def source_dtype(source) -> np.dtype:
    """The numpy dtype a source's array has: int64 token ids, uint8 pixels, else float32."""
    return np.dtype({"text": np.int64, "image": np.uint8}.get(source.kind, np.float32))


def as_inputs(ctx, rows) -> tuple[np.ndarray, ...]:
    """Real rows as a tuple of arrays in source order: a bare array for a single-source model, else a tuple."""
    sources = ctx.all_sources()
    arrays = (rows,) if isinstance(rows, np.ndarray) or not isinstance(rows, (tuple, list)) else tuple(rows)
    if len(arrays) != len(sources):
        raise ValueError(f"check rows hold {len(arrays)} arrays; the model has {len(sources)} inputs")
    return tuple(np.ascontiguousarray(np.asarray(a, dtype=source_dtype(s)).reshape(-1, *s.shape))
                 for a, s in zip(arrays, sources))


def check_inputs(ctx, check_rows=None, seed: int = 0) -> list[tuple[str, tuple[np.ndarray, ...]]]:
    """(label, inputs) pairs to compare exported and torch outputs on.

    Random valid inputs (a bundle holds no data) at batch 1 and batch MANY_ROWS, and, when ``check_rows``
    (preprocessed real rows: an array, or a tuple of arrays in source order) is given, its first row and
    all of it.
    """
    rng = np.random.default_rng(seed)
    sources = ctx.all_sources()
    cases = [(f"random rows, batch {rows}", tuple(random_source(s, rows, rng) for s in sources))
             for rows in (1, MANY_ROWS)]
    if check_rows is not None:
        real = as_inputs(ctx, check_rows)
        count = len(real[0])
        if count:
            cases.append(("real rows, batch 1", tuple(a[:1] for a in real)))
            cases.append((f"real rows, batch {count}", real))
    return cases


def torch_outputs(model: torch.nn.Module, xs: tuple[np.ndarray, ...]) -> np.ndarray:
    """The LayerLab model's logits for the inputs ``xs`` (eval mode, no gradients)."""
    model.eval()
    with torch.no_grad():
        return model(*(torch.from_numpy(np.ascontiguousarray(x)) for x in xs)).numpy()


def compare(model: torch.nn.Module, run: Callable[[tuple[np.ndarray, ...]], np.ndarray], cases,
            tolerance: float, what: str) -> tuple[float, list[str], list[str]]:
    """Run ``run`` (given a case's tuple of inputs) and the torch model on every case.

    Returns:
        (max difference over all cases, one line per passing case, one line per failing case).
    """
    worst, passed, failed = 0.0, [], []
    for label, xs in cases:
        expected = torch_outputs(model, xs)
        got = np.asarray(run(xs))
        if got.shape != expected.shape:
            failed.append(f"{what} {label}: output shape {got.shape}, expected {expected.shape}")
            continue
        diff = float(np.max(np.abs(got.astype(np.float64) - expected))) if got.size else 0.0
        if not np.isfinite(diff):
            diff = float("inf")
        worst = max(worst, diff)
        line = f"{what} {label}: max |diff| {diff:.3g}"
        (passed if diff <= tolerance else failed).append(line)
    return worst, passed, failed


def example_inputs(ctx) -> tuple[torch.Tensor, ...]:
    """Inputs to trace the model with: two random valid rows per source (batch 2, so the batch axis is free)."""
    rng = np.random.default_rng(0)
    return tuple(torch.from_numpy(random_source(s, 2, rng)) for s in ctx.all_sources())


def batch_axes(model: torch.nn.Module, ctx) -> dict:
    """torch.export dynamic_shapes, keyed by forward's parameter names: axis 0 of every input is the one shared
    batch size. Named parameters (forward(x, ...)) take one input each, a *args parameter the rest as a tuple."""
    import inspect

    batch = torch.export.Dim("batch", min=1)
    axes = [{0: batch} for _ in ctx.all_sources()]
    shapes = {}
    for parameter in inspect.signature(model.forward).parameters.values():
        if not axes:
            break
        if parameter.kind is parameter.VAR_POSITIONAL:
            shapes[parameter.name] = tuple(axes)
            break
        shapes[parameter.name] = axes.pop(0)
    return shapes


def export_failure(what: str, exc: Exception) -> str:
    """The sentence for an exporter's failure, in the exporter's own words."""
    from engine.i18n import _

    return _("The model could not be exported as {format}: {error}").format(format=what, error=exc)
