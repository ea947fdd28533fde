"""Shared checking for exports: the inputs an exported model is compared on, and the comparison."""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

MANY_ROWS = 257  # "many": more than one, odd, and more than any usual tile size


def check_inputs(input_width: int, check_rows=None, seed: int = 0) -> list[tuple[str, np.ndarray]]:
    """(label, float32 array) pairs to compare exported and torch outputs on.

    Random standard-normal rows (a bundle holds no data) at batch 1 and batch MANY_ROWS, and,
    when ``check_rows`` (preprocessed real rows) is given, its first row and all of it.
    """
    rng = np.random.default_rng(seed)
    cases = [("random rows, batch 1", rng.standard_normal((1, input_width)).astype(np.float32)),
             (f"random rows, batch {MANY_ROWS}",
              rng.standard_normal((MANY_ROWS, input_width)).astype(np.float32))]
    if check_rows is not None:
        rows = np.asarray(check_rows, dtype=np.float32).reshape(-1, input_width)
        if len(rows):
            cases.append(("real rows, batch 1", rows[:1]))
            cases.append((f"real rows, batch {len(rows)}", rows))
    return cases


def torch_outputs(model: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    """The LayerLab model's logits for ``x`` (eval mode, no gradients)."""
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(x))).numpy()


def compare(model: torch.nn.Module, run: Callable[[np.ndarray], np.ndarray], cases,
            tolerance: float, what: str) -> tuple[float, list[str], list[str]]:
    """Run ``run`` and the torch model on every case.

    Returns:
        (max difference over all cases, one line per passing case, one line per failing case).
    """
    worst, passed, failed = 0.0, [], []
    for label, x in cases:
        expected = torch_outputs(model, x)
        got = np.asarray(run(x))
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
