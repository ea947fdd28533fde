"""Every user-visible string literal in the marked files goes through tr() / QCoreApplication.translate, so
pyside6-lupdate extracts it into resources/i18n/layerlab_zh_CN.ts (an AST scan of the calls that show text).

MARKED_FILES lists the modules whose strings are marked; extend it as more of gui/ is translated."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKED_FILES = sorted(
    [p for p in (ROOT / "gui" / "pages" / "data").glob("*.py")]
    + list((ROOT / "gui" / "pages" / "model").glob("*.py"))
    + list((ROOT / "gui" / "pages" / "training").glob("*.py"))
    + [ROOT / "gui" / name for name in ("file_actions.py", "help_dialogs.py", "status.py", "document.py")]
    + [ROOT / "gui" / "infra" / name for name in ("messages.py", "recovery.py", "crash_log.py")]
    + list((ROOT / "gui" / "pages" / "evaluate").glob("*.py"))
    + list((ROOT / "gui" / "pages" / "experiments").glob("*.py"))
    + [ROOT / "gui" / name for name in ("main_window.py", "menus.py", "app.py", "application.py", "__main__.py",
                                        "preferences_dialog.py")]
    + [ROOT / "gui" / "infra" / name for name in ("background.py", "icons.py", "lazy_widget.py", "settings.py",
                                                  "theme.py", "translation.py", "warmup.py", "widgets.py")])

# Calls whose arguments people read: widget texts, tooltips, titles, menu entries, dialogs, status and undo texts.
SHOWING_METHODS = {"setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "showMessage", "setStatusTip",
                   "addAction", "addTab", "setTitle", "addItem", "addItems", "addRow", "addButton", "setHeaderLabels",
                   "setHorizontalHeaderLabels", "setTabText", "setSuffix", "setPrefix", "setWhatsThis",
                   "critical", "warning", "information", "question", "about", "getOpenFileName", "getSaveFileName",
                   "show_error", "show_warning", "show_info", "ask_yes_no", "show_message", "emit", "append",
                   "edit_spec", "edit_schema", "edit_split", "edit_config", "_commit", "clear"}
SHOWING_CLASSES = {"QLabel", "QPushButton", "QAction", "QMenu", "QGroupBox", "QCheckBox", "QRadioButton", "QToolButton",
                   "QMessageBox", "QTreeWidgetItem", "QListWidgetItem", "QTableWidgetItem"}
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
WORDS = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = re.compile(r"<[^>]*>|LayerLab")  # markup and the product's name are the same in every language


def _has_words(text: str) -> bool:
    return bool(WORDS.search(NOT_WORDS.sub("", text)))


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _unmarked(node: ast.AST) -> list[ast.AST]:
    """String literals with words in `node` that no translating call wraps (an f-string inside tr() counts too:
    lupdate cannot read it)."""
    if isinstance(node, ast.Call) and _name(node.func) in TRANSLATING:
        return [arg for arg in node.args if isinstance(arg, ast.JoinedStr)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if _has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):  # its text with each {value} as a gap: a tag split by a value stays a tag
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return [node] if _has_words(text) else []
    if isinstance(node, ast.Subscript):  # summary["text"]: a key, not text
        return _unmarked(node.value)
    if isinstance(node, ast.Call):  # another function's arguments are its business (keys, paths); "…".format is ours
        return _unmarked(node.func.value) if isinstance(node.func, ast.Attribute) else []
    found = []
    for child in ast.iter_child_nodes(node):
        found += _unmarked(child)
    return found


def unmarked_strings(source: str) -> list[str]:
    """'line: text' for each user-visible string literal in `source` that is not marked for translation."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        logs = isinstance(node.func, ast.Attribute) and _name(node.func.value) in ("logger", "logging")
        if logs or (name not in SHOWING_METHODS and name not in SHOWING_CLASSES):
            continue
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            found += [f"{literal.lineno}: {ast.unparse(literal)[:80]}" for literal in _unmarked(argument)]
    return found


@pytest.mark.parametrize("path", MARKED_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_visible_strings_are_marked(path):
    problems = unmarked_strings(path.read_text(encoding="utf-8"))
    assert not problems, (f"{path.relative_to(ROOT)}: wrap these in self.tr() / QCoreApplication.translate() "
                          "with .format() placeholders (no f-strings):\n" + "\n".join(problems))


def test_the_scan_finds_unmarked_strings():
    source = '''
label = QLabel("Open a file")
label.setToolTip(f"{count} rows loaded")
label.setText(self.tr(f"{count} rows"))
self.status_message.emit("Saved " + name)
box.addButton(self.tr("Retry at batch size {size}").format(size=4), role)
fine = QLabel(self.tr("Open a file"))
fine.setText(QCoreApplication.translate("Page", "{count} rows").format(count=3) + " · ✕")
fine.setStyleSheet("color: red;")
'''
    assert [p.split(":")[0] for p in unmarked_strings(source)] == ["2", "3", "4", "5"]


def test_the_marked_files_exist():
    assert len(MARKED_FILES) >= 25 and all(p.is_file() for p in MARKED_FILES)
