"""The architecture's hard lines: the engine never imports Qt or the GUI (checked in a fresh interpreter); no
import cycle, not even one hidden in a function body; one module per file name and one class per class name."""

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


def test_the_command_line_parser_imports_no_torch():
    """`layerlab --version`, `--help` and `info` answer in a fraction of a second; `sweep` starts its workers'
    fork server before it imports torch."""
    code = "import sys, gui.launcher, engine.cli.main; print(sorted({'torch', 'sklearn'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


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


# -- import cycles, also those hidden in a function body -----------------------------------------

PACKAGES = ("engine", "gui")


def _our_modules() -> dict[str, Path]:
    """Dotted name -> file, for every module under engine/ and gui/ (a package is its __init__.py)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, bool]]:
    """(our module imported, whether the import is in a function body) for each import that can run
    (those under `if TYPE_CHECKING:` never do). `from a import b` means a.b when that is a module."""
    package_parts = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []

    def target_of(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                children, nested = child.orelse, in_function
                for grandchild in children:
                    visit(ast.Module(body=[grandchild], type_ignores=[]), nested)
                continue
            if isinstance(child, ast.Import):
                found.extend((t, in_function) for a in child.names if (t := target_of(a.name)))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package_parts[:len(package_parts) - child.level + 1]
                    source = ".".join(base + ([child.module] if child.module else []))
                else:
                    source = child.module or ""
                for alias in child.names:
                    sub = f"{source}.{alias.name}"
                    target = sub if sub in modules else target_of(source)
                    if target:
                        found.append((target, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def import_cycles() -> list[list[str]]:
    """Each group of our modules that import one another in a circle, with the imports that close it
    ("a -> b (in a function)"). Strongly connected components of the import graph (Tarjan)."""
    modules = _our_modules()
    graph: dict[str, dict[str, bool]] = {m: {} for m in modules}
    for module, path in modules.items():
        for target, in_function in _imports(module, path, modules):
            if target != module:
                graph[module][target] = graph[module].get(target, True) and in_function
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append([f"{a} -> {b}" + (" (in a function)" if hidden else "")
                               for a in sorted(group) for b, hidden in graph[a].items() if b in group])

    for module in graph:
        if module not in index:
            connect(module)
    return cycles


def test_no_import_cycle_also_none_hidden_in_a_function_body():
    """A function-level import of a module that imports this one back is a cycle waiting for the next
    refactor; what both sides need belongs in a module both import (e.g. gui.application)."""
    assert import_cycles() == []


def test_the_cycle_finder_sees_imports_in_function_bodies(tmp_path, monkeypatch):
    (tmp_path / "engine").mkdir()
    (tmp_path / "gui").mkdir()
    (tmp_path / "engine" / "__init__.py").write_text("")
    (tmp_path / "gui" / "__init__.py").write_text("")
    (tmp_path / "gui" / "app.py").write_text("def main():\n    from gui.tools import run\n")
    (tmp_path / "gui" / "tools.py").write_text("def run():\n    from gui.app import main\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert import_cycles() == [["gui.app -> gui.tools (in a function)", "gui.tools -> gui.app (in a function)"]]


# -- names: one module per file name, one class per class name ------------------------------------

# Each page's folder holds its page.py (gui/pages/<page>/page.py): the folder names it, as a package's
# __init__.py is named by its package.
SHARED_FILE_NAMES_ALLOWED = {"__init__.py", "__main__.py", "page.py"}
# Clashes tolerated for now (none): a new clash fails the test, and so does an entry here that no longer clashes.
KNOWN_SHARED_FILE_NAMES: dict[str, list[str]] = {}
KNOWN_SHARED_CLASS_NAMES: dict[str, list[str]] = {}


def _shared(names: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: sorted(paths) for name, paths in names.items() if len(paths) > 1}


def test_no_two_modules_share_a_file_name():
    by_name: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name not in SHARED_FILE_NAMES_ALLOWED:
                by_name.setdefault(path.name, []).append(path.relative_to(ROOT).as_posix())
    assert _shared(by_name) == KNOWN_SHARED_FILE_NAMES


def test_no_two_top_level_classes_share_a_name():
    by_name: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ClassDef):
                    by_name.setdefault(node.name, []).append(path.relative_to(ROOT).as_posix())
    assert _shared(by_name) == KNOWN_SHARED_CLASS_NAMES


def test_no_dead_code():
    """vulture finds nothing unused in engine/ and gui/ beyond the names tests/dead_code_allowlist.py explains."""
    result = subprocess.run([sys.executable, "-m", "vulture", "engine", "gui", "tests/dead_code_allowlist.py",
                             "--min-confidence", "60"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, "Unused code (delete it, or explain it in tests/dead_code_allowlist.py):\n" + result.stdout
