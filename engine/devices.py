"""Which compute devices exist, and which one a run should use (CUDA, then Apple MPS, then CPU)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from engine.i18n import _


@dataclass(frozen=True)
class DeviceInfo:
    """A device a user can pick: `id` goes into TrainConfig.device, `label` is shown."""

    id: str
    label: str


def available_devices() -> list[DeviceInfo]:
    """List the devices present on this machine, best first; "auto" is not included."""
    devices = []
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            devices.append(DeviceInfo(f"cuda:{index}", f"CUDA {index}: {torch.cuda.get_device_name(index)}"))
    if _mps_available():
        devices.append(DeviceInfo("mps", "Apple MPS"))
    devices.append(DeviceInfo("cpu", "CPU"))
    return devices


def cpu_reason() -> str | None:
    """Why training runs on the CPU, in words, or None when a GPU is usable."""
    if torch.cuda.is_available() or _mps_available():
        return None
    if torch.version.cuda is None and torch.version.hip is None:
        return _("no GPU found (this is a CPU build of PyTorch)")
    return _("no GPU found")


def resolve_device(name: str = "auto") -> torch.device:
    """Turn a TrainConfig device name (auto | cpu | cuda[:n] | mps) into a torch.device.

    Raises:
        ValueError: the device was asked for by name but is not present.
    """
    name = (name or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda:0")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ValueError(f"Device '{name}' was requested but no CUDA GPU is available; use 'auto' or 'cpu'.")
        device = torch.device(name if ":" in name else "cuda:0")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise ValueError(f"Device '{name}' does not exist: this machine has {torch.cuda.device_count()} CUDA GPU(s).")
        return device
    if name == "mps":
        if not _mps_available():
            raise ValueError("Device 'mps' was requested but Apple MPS is not available; use 'auto' or 'cpu'.")
        return torch.device("mps")
    if name == "cpu":
        return torch.device("cpu")
    raise ValueError(f"Unknown device '{name}': use auto, cpu, cuda, cuda:N or mps.")


def device_label(device: torch.device) -> str:
    """A short human name for a device, e.g. 'CUDA 0: NVIDIA H200' or 'CPU'."""
    if device.type == "cuda":
        index = device.index or 0
        return f"CUDA {index}: {torch.cuda.get_device_name(index)}"
    if device.type == "mps":
        return "Apple MPS"
    return "CPU"


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())
