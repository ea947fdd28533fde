"""The Training page in Chinese (the translators installed as at start-up), with two finished runs, the fit advice of
an overfitting run, the runs compared and the learning-rate finder's result: known words appear, no English word is
left in what the page shows, and no single-line label is cut at 1280×800 or at 1024×600. Each state is rendered to
$LAYERLAB_SHOTS (default /tmp/shots-zh)."""

import re

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QTreeWidget

from tests.gui.test_chinese_pages import SHOTS, SIZES, _show, chinese, cut_labels, shown_texts  # noqa: F401 - fixture

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# names that read the same in Chinese: products, optimizers, layers, units and file names
KEPT = {"Adam", "AdamW", "SGD", "RMSprop", "CPU", "GPU", "CUDA", "Dense", "ReLU", "relu", "Dropout", "RMSE", "float32",
        "bfloat16", "float16", "LayerLab", "layerlab", "run", "PyTorch", "adam", "adamw", "dense", "dropout", "run1", "run2", "auto"}


def _history(epochs: int = 20) -> list[dict]:
    """Validation loss lowest at epoch 8, then rising while the training loss keeps falling: overfitting."""
    return [{"epoch": e, "train_loss": 0.7 - 0.03 * e, "val_loss": 0.6 - 0.02 * min(e, 8) + 0.015 * max(0, e - 8),
             "metrics": {"accuracy": 0.7 + 0.005 * e}} for e in range(1, epochs + 1)]


def _add_runs(document) -> None:
    from engine.insight.remedies import add_dropout
    from engine.runs.record import RunRecord

    config, spec = document.config, document.run_spec()
    common = dict(task="binary", target=document.schema.target, epochs_run=20, best_epoch=8, best_val_loss=0.44,
                  history=_history(), test_metrics={"accuracy": 0.8}, device="CPU", started_at="2026-01-02T10:00:00")
    document.add_run(RunRecord(config=config.to_dict(), spec=spec.to_dict(), bundle="/tmp/run1.layerlab", **common))
    dropout = add_dropout(config, spec)
    document.add_run(RunRecord(config=config.to_dict(), spec=dropout.spec, parent=0, change=dropout.change,
                               bundle="/tmp/run2.layerlab", **common))


def english_words(texts: list[str]) -> list[str]:
    return sorted({w for text in texts for w in ENGLISH.findall(text) if w not in KEPT})


def _table_texts(root) -> list[str]:
    texts = []
    for table in root.findChildren(QTableWidget):
        texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                  if table.item(r, c) is not None]
    for tree in root.findChildren(QTreeWidget):
        texts += [tree.headerItem().text(c) for c in range(tree.columnCount())]
        texts += [tree.topLevelItem(r).text(c) for r in range(tree.topLevelItemCount())
                  for c in range(tree.columnCount())]
    return texts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_page_in_chinese(qtbot, chinese, document, size):
    from gui.pages.training.device_probe import DeviceCatalog, list_devices
    from gui.pages.training.page import TrainingPage
    from gui.pages.training.runs_list import end_status

    DeviceCatalog.instance().set_devices(*list_devices())  # the session's list, with the reason said in Chinese
    page = TrainingPage(document, train_in_process=False)
    qtbot.addWidget(page)
    _add_runs(document)
    page.progress.set_status(end_status(1, document.runs[1]), "ok")
    page.curves.flush()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # the first run's remedy buttons
    _show(qtbot, page, size, "training_runs_zh")
    texts = shown_texts(page)
    for word in ("训练", "暂停", "停止", "继续训练", "寻找学习率", "学习率", "批大小", "轮数", "优化器", "停止条件",
                 "验证损失不再改善时停止", "保留最佳轮次的权重", "平滑", "对数坐标"):
        assert word in texts, word
    tab_titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tab_titles == ["训练记录", "拟合建议：过拟合", "比较训练"]
    assert page.advice.words.text().startswith("过拟合：验证损失自第 8 轮的最低点以来")
    assert page.progress.status.text() == "第 2 次训练：已完成 测试集 准确率 80.0 %。已保存 run2.layerlab。"
    assert page.runs.tree.topLevelItem(1).text(0) == "第 2 次训练"
    assert page.curves.loss_plot.getPlotItem().titleLabel.text == "损失"
    assert not cut_labels(page), cut_labels(page)
    seen = texts + _table_texts(page) + tab_titles
    for index, name in ((1, "advice"), (2, "compare")):
        page.tabs.setCurrentIndex(index)
        _show(qtbot, page, size, f"training_{name}_zh")
        assert not cut_labels(page), cut_labels(page)
        seen += shown_texts(page) + [label.toolTip() for label in page.advice.changes]
    assert {"早停", "加入随机失活", "权重衰减", "减少单元数", "减小学习率"} <= set(seen)
    assert page.compare.table.item(1, 2).text() == "在 dense_1, dense_2 之后加入随机失活 0.3"
    assert not english_words(seen), english_words(seen)


def test_learning_rate_finder_in_chinese(qtbot, chinese, document):
    from engine.insight.lr_finder import LRFindResult
    from gui.pages.training.lr_finder_panel import LearningRateFinderDialog

    dialog = LearningRateFinderDialog(document)
    qtbot.addWidget(dialog)
    rates = [1e-7 * 10 ** (i / 12) for i in range(90)]
    losses = [0.7 - 0.4 / (1 + 10 ** (-(i - 50) / 8)) for i in range(90)]
    dialog.show_result(LRFindResult(rates, losses, suggested=rates[50], divergence=rates[-1] * 1.3))
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "lr_finder_zh.png"))
    assert dialog.windowTitle() == "寻找学习率"
    assert dialog.use_button.text().startswith("使用 ") and "重新运行" in shown_texts(dialog)
    assert dialog.status.text().startswith("建议的学习率：") and "共 90 批" in dialog.status.text()
    assert dialog.suggestion_line.label.format.startswith("建议 ")
    assert not english_words(shown_texts(dialog)), english_words(shown_texts(dialog))
    assert not cut_labels(dialog), cut_labels(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
    assert labels and all(not ENGLISH.search(w.text().replace("1e-7", "")) or w is dialog.status for w in labels)


def test_cost_lines_in_chinese(qtbot, chinese, document):
    from gui.pages.model.cost_view import CostView

    view = CostView(document)
    qtbot.addWidget(view)
    assert view.memory_label.text().startswith("内存：") and "状态（2 份副本）" in view.memory_label.text()
    assert view.flops_label.text() == "每个样本的 FLOPs：计算中…"
    assert "一阶矩和二阶矩" in view.memory_label.toolTip()
