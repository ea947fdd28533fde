"""How many torch threads a CPU training run uses.

Small dense networks at small batches are latency-bound: a second thread only adds
synchronisation, and on a busy machine a thread that gets descheduled stalls every parallel
kernel (all threads wait at its barrier), which can halve throughput. So: one thread unless a
batch carries enough arithmetic to split, and then only as many threads as there are idle cores.
"""

from __future__ import annotations

import os
import time

import torch

# Below this many multiply-adds per Linear row block (batch x width), one thread is faster.
PARALLEL_WORK = 256 * 256
MAX_THREADS = 4
_SAMPLE_SECONDS = 0.05


def cpu_threads_for(batch_size: int, width: int) -> int:
    """Torch threads for a CPU run with this batch size and input width.

    One thread for small batches; for large batches, the idle cores (measured now, capped at
    MAX_THREADS and at torch's own default), never fewer than one.
    """
    work = batch_size * max(width, 64)
    if work < PARALLEL_WORK:
        return 1
    return max(1, min(idle_cores(), torch.get_num_threads(), MAX_THREADS))


def idle_cores() -> int:
    """Cores not busy right now (whole cores, rounded down; at least 1).

    On Linux, measured from /proc/stat over 50 ms (instantaneous, unlike the load average,
    which lags a newly started busy process by a minute); elsewhere from os.getloadavg();
    where neither exists (Windows), half the cores.
    """
    cores = os.cpu_count() or 1
    busy = _busy_cores_now()
    if busy is None:
        try:
            busy = os.getloadavg()[0]
        except (AttributeError, OSError):
            return max(1, cores // 2)
    # a core more than a third busy counts as taken: sharing it stalls parallel kernels
    return max(1, int(cores - busy + 2 / 3))


def _busy_cores_now() -> float | None:
    first = _cpu_times()
    if first is None:
        return None
    time.sleep(_SAMPLE_SECONDS)
    second = _cpu_times()
    if second is None:
        return None
    total = second[0] - first[0]
    if total <= 0:
        return None
    cores = os.cpu_count() or 1
    return cores * (second[1] - first[1]) / total


def _cpu_times() -> tuple[int, int] | None:
    """(all jiffies, busy jiffies) summed over cores from /proc/stat, or None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    values = [int(v) for v in fields[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user
    return total, total - idle
