"""No text is cut, in English or Chinese: every page (each of its tabs) at 1280×800 and at 1024×600 (the window's
smallest size, tests/gui/test_window_size.py), before and after a run, and every dialog as it opens (Preferences,
Keyboard shortcuts, About, model code, Keras import, export, predictions, learning-rate finder). A visible one-line
QLabel, QPushButton, QCheckBox or QRadioButton must have room for its text, a word-wrapped label for all its
lines; labels that end in "…" on purpose carry the property ELIDES (gui/status.py's ElidedLabel). Pictures land
in $LAYERLAB_SHOTS (default /tmp/shots-fit): look at them."""

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QLabel, QPushButton, QRadioButton, QStyle,
                               QStyleOptionButton, QTabWidget, QWidget)

from gui.status import ELIDES

SIZES = [(1280, 800), (1024, 600)]
SHOTS = Path(os.environ.get("LAYERLAB_SHOTS", "/tmp/shots-fit"))
_BUTTON_CONTENTS = {QPushButton: QStyle.SubElement.SE_PushButtonContents,
                    QCheckBox: QStyle.SubElement.SE_CheckBoxContents,
                    QRadioButton: QStyle.SubElement.SE_RadioButtonContents}


def _plain(text: str) -> str:
    """The text as drawn: "&File" -> "File", "Fish && chips" -> "Fish & chips"."""
    return re.sub(r"&(.)", r"\1", text)


def _label_room(label: QLabel) -> tuple[int, int] | None:
    """(needed, available) px for a one-line plain-text label; None for what this check does not measure."""
    text = label.text()
    if (not text or label.wordWrap() or "\n" in text or label.property(ELIDES)
            or label.textFormat() == Qt.TextFormat.RichText
            or (label.textFormat() == Qt.TextFormat.AutoText and "<" in text)):  # rich text: laid out by Qt
        return None
    shown = _plain(text) if label.buddy() is not None else text  # a buddy's label underlines its "&" letter
    indent = max(label.indent(), 0)
    needed = label.fontMetrics().horizontalAdvance(shown) + 2 * label.margin() + indent
    return needed, label.contentsRect().width()


def _button_room(button) -> tuple[int, int] | None:
    """(needed, available) px for a push button, check box or radio button's text (and icon)."""
    text = _plain(button.text())
    if not text or "\n" in text or button.property(ELIDES):
        return None
    option = QStyleOptionButton()
    button.initStyleOption(option)
    kind = next(k for k in _BUTTON_CONTENTS if isinstance(button, k))
    room = button.style().subElementRect(_BUTTON_CONTENTS[kind], option, button).width()
    needed = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if isinstance(button, QPushButton) and button.menu() is not None:
        needed += button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    return needed, room


def cut_texts(root: QWidget) -> list[str]:
    """Visible texts under `root` (itself included) wider than the room their widget gives them, and word-wrapped
    labels lower than the height of their text."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text() and not widget.property(ELIDES):
            need = widget.heightForWidth(widget.width())  # a wrapped label is cut when its last lines are
            if need > widget.height():
                found.append(f"wrapped QLabel {widget.text()[:60]!r}: needs {need} px high, has {widget.height()} px")
            continue
        if isinstance(widget, QLabel):
            room = _label_room(widget)
        elif isinstance(widget, tuple(_BUTTON_CONTENTS)):
            room = _button_room(widget)
        else:
            continue
        if room and room[0] > room[1]:
            found.append(f"{type(widget).__name__} {widget.text()!r}: needs {room[0]} px, has {room[1]} px")
    return found


def cut_tree_items(tree) -> list[str]:
    """Visible items of a QTreeWidget whose text (with its icon, margins and indentation) is wider than the
    tree's viewport: the tree elides them ("Convolution & pooli…")."""
    from PySide6.QtWidgets import QStyleOptionViewItem, QTreeWidgetItemIterator

    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    found, items = [], QTreeWidgetItemIterator(tree)
    while items.value():
        item = items.value()
        items += 1
        if item.isHidden() or (item.parent() is not None and item.parent().isHidden()):
            continue
        text_width = tree.itemDelegate().sizeHint(option, tree.indexFromItem(item)).width()  # icon and margins too
        needed = tree.visualItemRect(item).left() + text_width
        if needed > tree.viewport().width():
            found.append(f"tree item {item.text(0)!r}: needs {needed} px, has {tree.viewport().width()} px")
    return found


def _settle(qtbot) -> None:
    for _ in range(3):
        qtbot.wait(40)


def _tab_paths(page: QWidget) -> list[tuple[QTabWidget, int]]:
    """Every (tab widget, index) under `page`: showing each in turn shows every tab's contents."""
    return [(tabs, i) for tabs in page.findChildren(QTabWidget) for i in range(tabs.count())]


def _show_tab(tabs: QTabWidget, index: int) -> None:
    """Make tab `index` of `tabs` current, and `tabs` itself visible by making current the tabs that hold it."""
    widget = tabs
    while widget is not None:
        parent = widget.parentWidget()
        holder = parent.parentWidget() if parent is not None else None  # a QTabWidget's pages sit in a stack
        if isinstance(holder, QTabWidget) and holder.indexOf(widget) >= 0:
            holder.setCurrentWidget(widget)
        widget = parent
    tabs.setCurrentIndex(index)


def _page_problems(qtbot, window, language: str, state: str) -> list[str]:
    from gui.menus import PAGE_NAMES

    found = []
    for size in SIZES:
        for name in PAGE_NAMES:
            window.show_page(name)
            window.resize(*size)
            _settle(qtbot)
            page = window.tabs.currentWidget()
            views = [(None, 0)] + _tab_paths(page)
            for tabs, index in views:
                if tabs is not None:
                    _show_tab(tabs, index)
                    _settle(qtbot)
                where = name + (f" ▸ {tabs.tabText(index)}" if tabs is not None else "")
                found += [f"{language} {size[0]}x{size[1]} {state} {where}: {p}" for p in cut_texts(window)]
            window.grab().save(str(SHOTS / f"{language}-{name.lower()}-{state}-{size[0]}x{size[1]}.png"))
    return found


def _dialog_problems(qtbot, trigger, name: str, language: str) -> list[str]:
    """Open a dialog with `trigger` (exec(), open() or show()), check it as it first shows, close it."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    seen: dict[str, list[str]] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and w.isVisible() and id(w) not in before), None)
        if dialog is None:
            QTimer.singleShot(100, look)
            return
        seen["problems"] = _shown_dialog_problems(dialog, name, language)

    QTimer.singleShot(200, look)  # a dialog run with exec() returns only once look() closed it
    trigger()
    qtbot.waitUntil(lambda: "problems" in seen, timeout=60_000)
    return seen["problems"]


def _shown_dialog_problems(dialog: QWidget, name: str, language: str) -> list[str]:
    QApplication.processEvents()
    dialog.grab().save(str(SHOTS / f"{language}-dialog-{name}.png"))
    found = [f"{language} dialog {name}: {p}" for p in cut_texts(dialog)]
    dialog.close()
    return found


def _window_in(language: str, make_window):
    from engine.data import infer_schema, read_csv
    from engine.io.examples import get_example
    from gui.document import ProjectDocument
    from gui.infra.translation import install_translators

    assert install_translators(language) == language  # before the window: texts are translated as made
    document = ProjectDocument()
    example = get_example("churn")
    table = read_csv(example.path)
    document.set_table(table, infer_schema(table.frame, target=example.target))
    document.edit_config(example.config, "Example settings")
    document.undo_stack.clear()
    window = make_window(document)
    window.show()
    QApplication.processEvents()
    return window, example


@pytest.fixture
def language_after():
    yield
    from gui.infra.translation import install_translators

    install_translators("en")


@pytest.mark.slow  # two windows, a one-epoch run and a prediction each, every tab at two sizes
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_text_is_cut(qtbot, make_window, language_after, language):
    from gui.devtools.smoke import train_once
    from gui.help_dialogs import show_about
    from gui.pages.training.lr_finder_panel import LearningRateFinderDialog

    SHOTS.mkdir(parents=True, exist_ok=True)
    window, example = _window_in(language, make_window)
    problems = _page_problems(qtbot, window, language, "empty")
    _index, error = train_once(window, epochs=1)
    assert not error
    problems += _page_problems(qtbot, window, language, "trained")
    window.resize(*SIZES[0])
    window.show_page("Evaluate")
    actions = window.actions
    dialogs = [("preferences", actions["preferences"].trigger), ("shortcuts", actions["shortcuts"].trigger),
               ("about", lambda: show_about(window)), ("code", actions["show_code"].trigger),
               ("keras", actions["import_keras"].trigger),
               ("lr-finder", lambda: LearningRateFinderDialog(window.document, window).show())]
    dialogs += [(f"export-{key[len('export_'):]}", action.trigger) for key, action in actions.items()
                if key.startswith("export_")]
    for name, trigger in dialogs:
        problems += _dialog_problems(qtbot, trigger, name, language)
    page = window.evaluate_page
    with qtbot.waitSignal(page.prediction_finished, timeout=60_000):
        assert page.predict_file(example.path)
    problems += _shown_dialog_problems(page.prediction_dialog, "predictions", language)  # shown before the signal
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_cut_label_and_a_cut_button(qtbot):
    """The measuring itself: a label or button narrower than its text is found, an elided label is not."""
    root = QWidget()
    qtbot.addWidget(root)
    label, button, box = QLabel("A rather long label text", root), QPushButton("A long button text", root), \
        QCheckBox("A long check box text", root)
    elided = QLabel("Another long label that ends in an ellipsis", root)
    elided.setProperty(ELIDES, True)
    wrapped = QLabel("A word-wrapped label with enough words for three or four lines at this width", root)
    wrapped.setWordWrap(True)
    for widget in (label, button, box, elided):
        widget.resize(40, 30)
    wrapped.resize(120, 20)
    root.show()
    assert [p.split(" '")[0] for p in cut_texts(root)] == ["QLabel", "QPushButton", "QCheckBox", "wrapped QLabel"]
    for widget in (label, button, box):
        widget.resize(widget.sizeHint().width() + 10, 30)
    wrapped.resize(120, wrapped.heightForWidth(120))
    assert cut_texts(root) == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_layer_palette_name_is_readable(qtbot, make_window, language_after, language):
    """The palette's categories and layer names are never elided ("Convolution & pooli…"), at both window sizes."""
    window, _example = _window_in(language, make_window)
    window.show_page("Model")
    tree = window.model_page.palette.tree
    problems = []
    for size in SIZES:
        window.resize(*size)
        _settle(qtbot)
        window.model_page.palette.grab().save(str(SHOTS / f"{language}-palette-{size[0]}x{size[1]}.png"))
        problems += [f"{language} {size[0]}x{size[1]}: {p}" for p in cut_tree_items(tree)]
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_cut_tree_item(qtbot):
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    group = QTreeWidgetItem(tree, ["Convolution & pooling"])
    QTreeWidgetItem(group, ["PositionalEmbedding"])
    group.setExpanded(True)
    tree.resize(90, 200)
    tree.show()
    assert [p.split(":")[0] for p in cut_tree_items(tree)] == ["tree item 'Convolution & pooling'",
                                                                "tree item 'PositionalEmbedding'"]
    tree.resize(tree.sizeHintForColumn(0) + 2 * tree.frameWidth() + 4, 200)
    assert cut_tree_items(tree) == []
