"""The Evaluate page (after a finished binary run: verdict, metrics, decision threshold, explanations) and the
main window with its menus in Chinese, as test_chinese_pages.py checks the Data and Model pages: known words
appear, no English is left in the menus' own entries, and no single-line label is cut at 1280×800 or 1024×600.
Each state is rendered to $LAYERLAB_SHOTS (default /tmp/shots-zh)."""

import re

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from tests.gui.test_chinese_pages import CHINESE, SHOTS, SIZES, chinese, cut_labels, shown_texts  # noqa: F401

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
NAMES = re.compile(r"ONNX|PyTorch|Keras|LayerLab|CSV|model\.py|\.pt2|\.onnx|\.llmodel|ROC|AUC|RMSE|F1")


@pytest.fixture(scope="module")
def churn_run(tmp_path_factory):
    """A finished two-epoch run on the churn example, split as the test document splits it (bundle saved)."""
    from engine.data import infer_schema, read_csv
    from engine.graph import load_template
    from engine.io.examples import get_example
    from engine.runs.finish import finish_run
    from engine.runs.pipeline import RunPipeline
    from engine.training import TrainConfig
    from gui.document import ProjectDocument

    example = get_example("churn")
    frame = read_csv(example.path).frame
    config = TrainConfig(epochs=2, batch_size=32, learning_rate=3e-3, seed=0)
    run = RunPipeline(frame, infer_schema(frame, target=example.target), load_template(example.template), config,
                      ProjectDocument().split).run()
    return finish_run(run, tmp_path_factory.mktemp("zh_runs") / "churn.llmodel")


def _render(qtbot, widget, size, name: str) -> None:
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}_{size[0]}x{size[1]}.png"))


def cut_plot_titles(root) -> list[str]:
    """Visible plots under `root` whose title (over the data area, beside the left axis) needs more width than the
    plot has: pyqtgraph then lays the plot out wider than its widget and cuts its right edge off."""
    import pyqtgraph as pg

    found = []
    for plot in root.findChildren(pg.PlotWidget):
        item = plot.getPlotItem()
        needed = item.boundingRect().width()
        if plot.isVisibleTo(root) and needed > plot.width() + 0.5:
            found.append(f"{item.titleLabel.text!r}: {needed:.0f} px in {plot.width()} px")
    return found


def english_left(text: str) -> list[str]:
    """Words of three letters or more in `text` that are not names (ONNX, PyTorch, …) or placeholders."""
    return ENGLISH_WORD.findall(NAMES.sub("", text.replace("&", "")))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_evaluate_page_in_chinese(qtbot, chinese, document, churn_run, size):
    from gui.pages.evaluate import EvaluatePage

    page = EvaluatePage(document)
    qtbot.addWidget(page)
    document.add_run(churn_run)
    _render(qtbot, page, size, "evaluate_zh")
    texts = shown_texts(page)
    for word in ("导出模型…", "对 CSV 预测…", "测试集指标：网络与基线对比", "本次训练", "混淆矩阵（测试集）", "ROC 曲线（测试集）"):
        assert word in texts, word
    tabs = [page.result_tabs.tabText(i) for i in range(page.result_tabs.count())]
    assert tabs == ["得分", "决策阈值", "解释", "测试样例"]  # the last shown only for text, image and forecast runs
    verdict = page.verdict_label.text()
    assert "逻辑回归" in verdict and not english_left(verdict), verdict
    assert page.run_label.text().startswith("第 1 次训练 · 2 轮 · 已完成") and "个测试行" in page.run_label.text()
    table = page.metrics_table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "指标", "网络", "逻辑回归", "最常见类别"]
    assert [table.item(r, 0).text() for r in range(3)] == ["准确率", "精确率", "召回率"]
    assert "已训练轮次：2" in page.run_details.text() and "基线：逻辑回归" in page.run_details.text()
    assert page.confusion.table.horizontalHeaderItem(0).text().startswith("预测为 ")
    assert not cut_labels(page) and not cut_plot_titles(page), (cut_labels(page), cut_plot_titles(page))

    page.result_tabs.setCurrentIndex(1)  # the decision threshold
    _render(qtbot, page, size, "evaluate_threshold_zh")
    panel = page.threshold_panel
    texts = shown_texts(panel)
    for word in ("决策阈值", "用于此模型", "在此阈值下（测试集）", "此阈值下的混淆矩阵", "精确率", "召回率", "F1 分数"):
        assert word in texts, word
    assert panel.best_button.text().startswith("最佳 F1（") and "个测试行中有" in panel.flagged.text()
    assert [panel.plots.tabText(i) for i in range(panel.plots.count())] == ["ROC 与精确率-召回率", "校准"]
    assert "模型预测为" in panel.status.text(), panel.status.text()
    assert panel.pr.getPlotItem().getAxis("bottom").labelText == "召回率"
    assert not cut_labels(page) and not cut_plot_titles(page), (cut_labels(page), cut_plot_titles(page))

    page.show_explanations()
    explain = page.explain_panel
    qtbot.waitUntil(lambda: explain.is_complete, timeout=60_000)
    _render(qtbot, page, size, "evaluate_explanations_zh")
    texts = shown_texts(explain)
    for word in ("哪些列重要（测试集）", "部分依赖", "单个预测：一个测试行，或你自己的值", "恢复该行", "列："):
        assert word in texts, word
    assert explain.prediction_label.text().startswith("<b>预测：") and "的概率" in explain.prediction_label.text()
    assert "个测试行上打乱" in explain.importance_caption.text() and "测试行" in explain.status_label.text()
    assert explain.row_spin.prefix() == "测试行 "
    assert not cut_labels(page) and not cut_plot_titles(page), (cut_labels(page), cut_plot_titles(page))
    assert page.wait_for_tasks(20_000)


def _menu_shot(qtbot, menu: QMenu, name: str) -> None:
    menu.popup(menu.parentWidget().mapToGlobal(menu.parentWidget().rect().topLeft()))
    qtbot.waitExposed(menu)
    menu.grab().save(str(SHOTS / f"{name}.png"))
    menu.hide()


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")  # popups
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_window_in_chinese(qtbot, chinese, make_window, document, churn_run, size):
    document.add_run(churn_run)
    window = make_window(document)
    window.show_page("Evaluate")
    _render(qtbot, window, size, "window_zh")
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["数据", "模型", "训练", "评估", "实验"]
    titles = {key: menu.title() for key, menu in window.menus.items()}
    assert titles == {"export_as": "导出为(&A)", "file": "文件(&F)", "edit": "编辑(&E)", "view": "视图(&V)",
                      "model": "模型(&M)", "templates": "模板(&T)", "train": "训练(&T)", "help": "帮助(&H)"}
    ours = [window.actions[key].text() for key in ("export", "predict", "import_keras", "show_code", "preferences",
                                                   "export_onnx", "export_pt2", "export_project", "full_screen")]
    ours += [window.actions[f"page_{name}"].text() for name in ("data", "model", "training", "evaluate", "experiments")]
    assert not [text for text in ours if english_left(text)], ours
    assert all(CHINESE.search(text) for text in ours if text != "&ONNX (.onnx)…"), ours  # a name only
    assert window.actions["page_evaluate"].text() == "评估页(&E)"
    assert "LayerLab" in window.windowTitle()
    for key in ("file", "export_as", "edit", "view", "model"):
        _menu_shot(qtbot, window.menus[key], f"menu_{key}_zh_{size[0]}x{size[1]}")
    assert not cut_labels(window), cut_labels(window)
