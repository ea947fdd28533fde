"""The architecture's hard line: the engine never imports Qt or the GUI (checked in a fresh interpreter)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "pyqtgraph", "gui", "shiboken6")


def test_engine_import_loads_no_qt():
    code = ("import sys, engine, engine.cli.main, engine.runs.pipeline, engine.io.predict, engine.io.project, engine.io.bundle;"
            "bad = [m for m in sys.modules if m.split('.')[0] in %r]; print(bad)" % (FORBIDDEN,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_engine_module_imports_qt_or_gui():
    offenders = []
    for path in (ROOT / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_gui_modules_do_not_import_torch_at_import_time():
    """Start-up stays fast: torch loads lazily, after the window shows."""
    code = ("import sys, gui.document; import importlib, pkgutil, gui;"
            "[importlib.import_module('gui.' + m.name) for m in pkgutil.iter_modules(gui.__path__) "
            " if m.name not in ('app',)];"
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
