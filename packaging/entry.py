"""PyInstaller entry script: the frozen `layerlab` is the console launcher (CLI sub-commands or the GUI).

One extra flag exists only in the frozen app: `layerlab --build-info` prints what the bundle carries (versions,
CPU or CUDA build, the devices it sees and, on CPU, why) as JSON and exits; packaging/build.py checks it and
a support request can quote it.
"""

import multiprocessing
import sys


def build_info() -> dict:
    """Versions and compute devices of this bundle, as the app itself sees them."""
    import platform

    import torch
    from PySide6 import __version__ as pyside_version

    from engine import __version__
    from engine.devices import available_devices, cpu_reason

    cuda = torch.version.cuda
    return {
        "layerlab": __version__,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "pyside6": pyside_version,
        "build": f"CUDA {cuda} build" if cuda else ("ROCm build" if torch.version.hip else "CPU build"),
        "devices": [d.label for d in available_devices()],
        "cpu_reason": cpu_reason(),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def run() -> int:
    if sys.argv[1:] == ["--build-info"]:
        import json

        print(json.dumps(build_info(), indent=2))
        return 0
    from gui.launcher import main

    return main()


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process must not start a second app (Windows, macOS spawn)
    sys.exit(run())
