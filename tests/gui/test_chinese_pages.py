"""The Data and Model pages in Chinese (the translators installed as at start-up): known words appear, and no
single-line label is cut at 1280×800 or at 1024×600. Each state is rendered to $LAYERLAB_SHOTS (default /tmp)."""

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTreeWidget, QWidget

from gui.infra.translation import install_translators

SHOTS = Path(os.environ.get("LAYERLAB_SHOTS", "/tmp/shots-zh"))
SIZES = [(1280, 800), (1024, 600)]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp):
    assert install_translators("zh_CN") == "zh_CN"
    yield
    install_translators("en")


def shown_texts(root: QWidget) -> list[str]:
    """Every text a person sees under `root`: labels, buttons, group titles and tree items."""
    texts = [w.text() for kind in (QLabel, QAbstractButton) for w in root.findChildren(kind) if w.isVisibleTo(root)]
    texts += [box.title() for box in root.findChildren(QGroupBox) if box.isVisibleTo(root)]
    for tree in root.findChildren(QTreeWidget):
        for i in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(i)
            texts += [group.text(0)] + [group.child(j).text(0) for j in range(group.childCount())]
    return texts


def cut_labels(root: QWidget) -> list[str]:
    """Visible one-line labels (no word wrap, plain text) under `root` whose text is wider than the label."""
    found = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if (not label.isVisibleTo(root) or label.wordWrap() or not text or "\n" in text
                or label.textFormat() == Qt.TextFormat.RichText or "<" in text):
            continue
        needed = label.fontMetrics().horizontalAdvance(text) + 2 * label.margin() + label.indent() * (label.indent() > 0)
        if needed > label.contentsRect().width():
            found.append(f"{text!r}: {needed} px in {label.contentsRect().width()} px")
    return found


def _show(qtbot, page: QWidget, size, name: str) -> None:
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / f"{name}_{size[0]}x{size[1]}.png"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_data_page_in_chinese(qtbot, chinese, document, size):
    from gui.pages.data.page import DataPage

    page = DataPage(document)
    qtbot.addWidget(page)
    page.select_columns(["contract"])
    _show(qtbot, page, size, "data_zh")
    texts = shown_texts(page)
    for word in ("打开 CSV…", "分布", "预览", "目标列", "划分", "训练", "验证", "测试", "分层"):
        assert word in texts, word
    assert "行 · " in page.summary_label.text() and "个特征" in page.summary_label.text()
    assert page.columns_model.headerData(0, Qt.Orientation.Horizontal) == "列"
    assert not cut_labels(page), cut_labels(page)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_model_page_in_chinese(qtbot, chinese, document, size):
    from gui.pages.model.page import ModelPage

    page = ModelPage(document)
    qtbot.addWidget(page)
    dense = next(n.id for n in document.spec.nodes if n.type == "Dense")
    page.select_nodes([dense])
    _show(qtbot, page, size, "model_zh")
    texts = shown_texts(page)
    for word in ("属性", "模型摘要", "层", "激活函数", "正则化", "自动布局(L)", "单元数："):
        assert word in texts, word
    assert page.properties.help.text().startswith("全连接层")
    assert "共 " in page.summary.total_label.text() and "隐藏层" in page.summary.total_label.text()
    assert not cut_labels(page), cut_labels(page)


def test_english_is_unchanged_after_chinese(qtbot, document):
    """Switching back installs no catalog: the pages speak English again (the texts the other tests compare)."""
    from gui.pages.model.page import ModelPage

    install_translators("zh_CN")
    install_translators("en")
    page = ModelPage(document)
    qtbot.addWidget(page)
    assert "Properties" in shown_texts(page) and "Activations" in shown_texts(page)


def test_model_problems_in_chinese(chinese, document):
    """The engine's validation sentences follow the app's language (engine.i18n, set with the translators)."""
    from engine.graph import validate

    spec = document.spec.copy()
    spec.remove_node(spec.output_node().id)
    messages = [p.message for p in validate(spec, document.context())]
    assert "模型没有输出层：请在底部添加一个" in messages, messages
