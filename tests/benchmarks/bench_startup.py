"""Cold start to a usable window, against a bare Qt window measured in the same run.

Each sample is a fresh interpreter: the time from process launch to the main window shown with
the churn example loaded, painted, and the event loop answering a zero-timer (so a click would be
handled). The reference is the same for an empty QMainWindow, i.e. the floor Python + Qt impose.
Prints medians and the ratio; the goal is LayerLab ≤ 1.5 s.

    python tests/benchmarks/bench_startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAYERLAB = """
import sys
from gui.app import build_window, create_application
from gui.devtools.smoke import temporary_settings
app = create_application()
window = build_window("churn", temporary_settings())
window.show()
"""

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
"""

# After the window shows: paint it, then prove the event loop answers, then report and leave.
TAIL = """
from PySide6.QtCore import QTimer
window.grab()
def done():
    print("USABLE", "torch" in sys.modules, "pyqtgraph" in sys.modules, flush=True)
    import os
    os._exit(0)
QTimer.singleShot(0, done)
app.exec()
"""


def sample(code: str) -> tuple[float, bool, bool]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "import sys\n" + code + TAIL], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("USABLE"):
            elapsed = time.perf_counter() - start
            proc.wait(timeout=30)
            return elapsed, line.split()[1] == "True", line.split()[2] == "True"
    raise RuntimeError(f"the child exited ({proc.wait()}) without reporting a usable window")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sample(BARE)  # warm the OS file cache for both
    sample(LAYERLAB)
    layerlab, bare, torch_loaded, plots_loaded = [], [], [], []
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        seconds, _, _ = sample(BARE)
        bare.append(seconds)
        seconds, torch_in, plots_in = sample(LAYERLAB)
        layerlab.append(seconds)
        torch_loaded.append(torch_in)
        plots_loaded.append(plots_in)
    lab, ref = statistics.median(layerlab), statistics.median(bare)
    print(f"bare Qt window:        median {ref:.2f} s  (runs: {', '.join(f'{s:.2f}' for s in bare)})")
    print(f"LayerLab main window:  median {lab:.2f} s  (runs: {', '.join(f'{s:.2f}' for s in layerlab)})")
    print(f"torch already imported when usable: {sum(torch_loaded)}/{len(torch_loaded)} runs; "
          f"pyqtgraph: {sum(plots_loaded)}/{len(plots_loaded)} runs")
    print(f"LayerLab/bare = {lab / ref:.2f}; usable window in {lab:.2f} s (goal ≤ 1.5 s)")


if __name__ == "__main__":
    main()
