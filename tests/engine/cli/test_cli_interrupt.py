"""Ctrl+C while the libraries import (#17 'also found'): one line, exit 130, nothing run, no traceback.

A KeyboardInterrupt in the middle of `import pandas` or `import torch` used to end in a RecursionError or
ImportError traceback, and was once swallowed so that training ran to the end. The child process below
presses Ctrl+C (SIGINT to itself) at the moment a given module starts importing: deterministic, unlike a
timer, and through the real console-script entry point.
"""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from engine.cli.interrupts import deferred_interrupt

CHILD = textwrap.dedent("""
    import os, signal, sys

    class PressCtrlC:
        def find_spec(self, name, path=None, target=None):
            if name == sys.argv[1]:
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, PressCtrlC())
    from gui.launcher import main
    sys.exit(main(sys.argv[2:]))
""")


# The CLI's own modules (imported by the launcher) and the heaviest library (imported before the command runs);
# pandas and sklearn take the same path as torch.
@pytest.mark.parametrize("module", ["engine.cli.train_cmd", "torch"])
def test_ctrl_c_while_a_library_imports_is_one_line_and_nothing_runs(tmp_path, module):
    out = tmp_path / "model.llmodel"
    result = subprocess.run([sys.executable, "-c", CHILD, module, "train", "--example", "churn", "--epochs", "2",
                             "--quiet", "--out", str(out)], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "Interrupted." and "Traceback" not in result.stderr
    assert not out.exists()  # held until the imports were done, then honoured: no training ran


def test_deferred_interrupt_holds_ctrl_c_until_the_block_ends():
    signal.signal(signal.SIGINT, signal.default_int_handler)  # an in-process `train` test may have left its own
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupt():
            os.kill(os.getpid(), signal.SIGINT)
            finished.append("the rest of the block ran")
    assert finished and signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_without_ctrl_c_the_block_ends_normally():
    before = signal.getsignal(signal.SIGINT)
    with deferred_interrupt():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
