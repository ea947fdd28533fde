"""Engine sentences people read, in Chinese through engine.i18n and unchanged in English: parameter ranges, the
target's reason (and the flag that the user chose it, which code asks instead of comparing words), how columns
become inputs."""

import numpy as np
import pandas as pd
import pytest

from engine import i18n
from engine.data import Schema, infer_schema
from engine.errors import DataError
from engine.layers.base import Param
from engine.preprocess import fit_preprocessor
from engine.preprocess.input_map import column_inputs, inputs_summary

UNITS = Param("units", "int", 64, "Units", "Number of outputs.", minimum=1, maximum=65536)
RATE = Param("rate", "float", 0.5, "Rate", "Share of values set to zero while training.", minimum=0, maximum=0.99)
FRAME = pd.DataFrame({"city": ["Paris", "Lyon", "Nice"] * 20, "age": np.arange(60) % 17 + 20.5,
                      "price": np.arange(60) * 1.5})


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("en")


def test_parameter_ranges_in_english_are_unchanged(language):
    language("en")
    assert UNITS.allowed() == "a whole number from 1 to 65,536"
    assert UNITS.validate(0) == "Units ('units') must be a whole number from 1 to 65,536: got 0"
    assert RATE.validate(1.5) == "Rate ('rate') must be a number from 0 to 0.99: got 1.5"


def test_parameter_ranges_in_chinese(language):
    language("zh_CN")
    assert UNITS.allowed() == "介于 1 到 65,536 之间的整数"
    assert UNITS.validate(0) == "单元数（'units'）必须是介于 1 到 65,536 之间的整数：现在是 0"
    assert Param("x", "bool", True, "Use bias", "").validate(3) == "使用偏置（'x'）必须是true 或 false：现在是 3"


def test_a_target_the_user_names_is_flagged_and_said_in_chinese(language):
    language("zh_CN")
    chosen = infer_schema(FRAME, target="city")
    assert chosen.target_chosen and chosen.target_reason == "由你选择"
    assert Schema.from_dict(chosen.to_dict()).target_chosen
    guessed = infer_schema(FRAME)
    assert not guessed.target_chosen and guessed.target is None
    assert guessed.target_reason == "没有列的名字像目标列，而最后一列 price 是连续数值，可能是回归的目标列"
    guessed.set_target("age")
    assert guessed.target_chosen and guessed.target_reason == "由你选择"
    guessed.set_role("age", "feature")
    assert not guessed.target_chosen and guessed.target_reason == ""


def test_a_project_saved_before_the_flag_still_knows_the_user_chose(language):
    language("zh_CN")
    saved = infer_schema(FRAME, target="city").to_dict()
    saved.pop("target_chosen")
    saved["target_reason"] = "chosen by you"  # what every LayerLab before the flag wrote
    assert Schema.from_dict(saved).target_chosen
    saved["target_reason"] = "named like a target ('city')"
    assert not Schema.from_dict(saved).target_chosen


def test_schema_errors_in_chinese(language):
    language("zh_CN")
    schema = infer_schema(FRAME)
    with pytest.raises(DataError, match="数据中没有名为“town”的列"):
        schema.column("town")
    schema.set_kind("age", "integer_category")
    assert schema.column("age").reason == "整数类别：由你设置"


def test_column_inputs_in_chinese(language):
    language("zh_CN")
    schema = infer_schema(FRAME, target="price")
    described = {c.column: c.description for c in column_inputs(fit_preprocessor(FRAME, schema))}
    assert described["city"] == "city: 3 个类别 → 3 个输入"
    assert described["age"].startswith("age: 标准化（均值 ") and described["age"].endswith(" → 1 个输入")
    assert inputs_summary(column_inputs(fit_preprocessor(FRAME, schema))) == "4 个输入，来自 2 个特征列"



def test_csv_problems_in_chinese(language, tmp_path):
    from engine.data import read_csv

    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3,4,5\n" + "6,7\n" * 30, encoding="utf-8")
    zipped = tmp_path / "book.csv"
    zipped.write_bytes(b"PK\x03\x04" + b"x" * 100)
    language("zh_CN")
    with pytest.raises(DataError, match="“ragged.csv”：第 3 行有 3 个字段，而表头有 2 个。"):
        read_csv(ragged)
    with pytest.raises(DataError, match="它是一个 ZIP 压缩包（或 Excel .xlsx 工作簿）。"):
        read_csv(zipped)
    with pytest.raises(DataError, match="找不到文件"):
        read_csv(tmp_path / "missing.csv")
    language("en")
    with pytest.raises(DataError, match="'ragged.csv': line 3 has 3 fields, the header has 2. Fix that line"):
        read_csv(ragged)


def test_split_problems_in_chinese(language):
    from engine.preprocess.split import Split

    language("zh_CN")
    with pytest.raises(DataError, match="划分 100/0/0 没有给验证和测试留下任何行"):
        Split(train=1.0, val=0.0, test=0.0).validate()


@pytest.mark.slow  # two CLI start-ups
def test_layerlab_info_follows_lang(tmp_path):
    """The CLI reads LANG (no LC_ALL): the guessed target's reason and a CSV's problems come out in Chinese."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    churn = Path(__file__).resolve().parents[1] / "data" / "chinese_churn.csv"
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env = {**clean, "LANG": "zh_CN.UTF-8", "PYTHONIOENCODING": "utf-8"}
    run = [sys.executable, "-m", "engine.cli", "info"]
    shown = subprocess.run(run + [str(churn)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "target: 流失 (binary; 最后一列，有 2 个类别)" in shown.stdout
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    refused = subprocess.run(run + [str(ragged)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert refused.returncode != 0 and "第 3 行有 3 个字段，而表头有 2 个" in refused.stderr


def test_project_problems_in_chinese(language, tmp_path):
    from engine.errors import ProjectError
    from engine.io.project import Project

    newer = tmp_path / "newer.layerlab"
    newer.write_text('{"version": 999}', encoding="utf-8")
    language("zh_CN")
    with pytest.raises(ProjectError, match="这个项目由更新版本的 LayerLab 创建（项目格式 999"):
        Project.load(newer)
    with pytest.raises(ProjectError, match="项目文件“.*missing.layerlab”不存在"):
        Project.load(tmp_path / "missing.layerlab")


def test_why_a_run_ended_in_chinese(language):
    """The status bar's and the runs list's words for how a run ended."""
    from engine.training import reason_words

    language("zh_CN")
    assert [reason_words(r) for r in ("finished", "early-stopped", "cancelled")] == ["已完成", "早停", "被用户停止"]
    language("en")
    assert reason_words("early-stopped") == "early stopping"


def test_training_settings_problems_in_chinese(language):
    from engine.training import TrainConfig

    language("zh_CN")
    problems = TrainConfig(learning_rate=-1, class_weights={"yes": 0}).validate()
    assert problems == ["学习率必须是正数（现在是 -1）。", "类别“yes”的权重必须是正数（现在是 0）。"]
    language("en")
    assert TrainConfig(epochs=0).validate() == ["Epochs must be a whole number from 1 to 100000 (got 0)."]


def test_why_a_run_ended_is_said_in_chinese(language):
    """The run's end message (the status line after training): finished, stopped, early-stopped, diverged."""
    import torch

    from engine.training import TrainConfig, Trainer

    x = np.random.default_rng(0).normal(size=(40, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")

    def fit(task="binary", **settings):
        torch.manual_seed(0)
        return Trainer(TrainConfig(epochs=3, batch_size=8, **settings)).fit(torch.nn.Linear(3, 1), task,
                                                                             x, y, x, y).message

    language("zh_CN")
    assert fit() == "已完成 3 轮。"
    reached = fit(loss_threshold=1e6)
    assert reached.startswith("验证损失 ") and reached.endswith("在第 1 轮降到了阈值 1e+06 以下。")
    diverged = fit("regression", learning_rate=1e30)
    assert "变成了无穷大或 NaN" in diverged and "请降低学习率（现在是 1e+30；试试 1e+29）" in diverged
    language("en")
    assert fit() == "Finished 3 epochs."


def test_canvas_and_sweep_space_problems_in_chinese(language):
    """What the canvas says when a connection is refused, and why a sweep space cannot be searched."""
    from engine.errors import SpecError
    from engine.graph import ModelSpec
    from engine.sweeps import SweepError
    from engine.sweeps.space import SweepParam, SweepSpace, check_space

    spec = ModelSpec()
    spec.add_node("Input", node_id="inp")
    spec.add_node("Dense", node_id="dense")
    spec.connect("inp", "dense")
    space = SweepSpace([SweepParam(path="learning_rate", low=1.0, high=0.1), SweepParam(path="layers.nope.units")])
    language("zh_CN")
    with pytest.raises(SpecError, match="把“dense”连接到“inp”会形成环"):
        spec.connect("dense", "inp")
    with pytest.raises(SpecError, match="“inp”已经连接到“dense”"):
        spec.connect("inp", "dense")
    with pytest.raises(SweepError) as refused:
        check_space(space, spec)
    assert str(refused.value) == ("无法搜索这个搜索空间：\n- 搜索参数“learning_rate”的范围是空的：low（1）必须小于 high（0.1）。"
                                  "\n- 搜索参数“layers.nope.units”：模型中没有层“nope”。")
    language("en")
    with pytest.raises(SpecError, match="^Connecting 'dense' to 'inp' would make a loop$"):
        spec.connect("dense", "inp")
    with pytest.raises(SweepError, match="low \\(1\\) must be below high \\(0.1\\)"):
        check_space(space, spec)


def test_export_input_notes_in_chinese(language, monkeypatch):
    """The export report's note for each model input."""
    from engine.export import onnx_export

    monkeypatch.setattr(onnx_export, "input_words", lambda source: "float32 (batch, 3)")
    language("zh_CN")
    assert onnx_export.input_notes(_OneInput(), ["features"], "m.preprocess.json") == [
        "输入“features”：float32 (batch, 3)（见 m.preprocess.json）"]
    language("en")
    assert onnx_export.input_notes(_OneInput(), ["features"], "m.preprocess.json") == [
        "input 'features': float32 (batch, 3) (see m.preprocess.json)"]


class _OneInput:
    def all_sources(self):
        return [object()]


def test_prediction_data_problems_in_chinese(language):
    """What predicting on a table without a column the model needs, or with an unknown class, says."""
    schema = infer_schema(FRAME, target="city")
    pre = fit_preprocessor(FRAME, schema)
    language("zh_CN")
    with pytest.raises(DataError, match="数据中没有模型需要的列 'age'。"):
        pre.transform(FRAME.drop(columns=["age"]))
    with pytest.raises(DataError, match="目标列“city”在第 2 行的值是“Lille”，它不属于类别"):
        pre.encode_target(pd.Series(["Paris", "Lille"], name="city"))
    language("en")
    with pytest.raises(DataError, match="^The data has no column 'age', which the model needs. Add it \\(same name\\)"):
        pre.transform(FRAME.drop(columns=["age"]))


def test_command_line_input_problems_in_chinese(language, tmp_path):
    """What `layerlab train` says about a bad --split or a settings file that is not JSON."""
    from engine.cli.inputs import parse_split, read_settings_file
    from engine.errors import ProjectError

    broken = tmp_path / "settings.json"
    broken.write_text("{epochs: 3", encoding="utf-8")
    language("zh_CN")
    with pytest.raises(DataError, match="--split '50/50' 无效：请给出三个加起来等于 100 的百分比"):
        parse_split("50/50")
    with pytest.raises(ProjectError, match="设置文件“.*settings.json”不是有效的 JSON：第 1 行，第 2 列"):
        read_settings_file(broken)
    language("en")
    with pytest.raises(DataError, match="^--split '50/50' is not valid: give three percentages that add up to 100"):
        parse_split("50/50")


def test_model_file_problems_in_chinese(language, tmp_path):
    """What opening a missing model file, or a file that is not a model bundle, says."""
    from engine.errors import ProjectError
    from engine.io.bundle import load_bundle

    text = tmp_path / "notes.llmodel"
    text.write_text("not a zip", encoding="utf-8")
    language("zh_CN")
    with pytest.raises(ProjectError, match="模型文件“.*missing.llmodel”不存在。"):
        load_bundle(tmp_path / "missing.llmodel")
    with pytest.raises(ProjectError, match="“.*notes.llmodel”不是 LayerLab 模型包（不是 zip 压缩包）"):
        load_bundle(text)
    language("en")
    with pytest.raises(ProjectError, match="is not a LayerLab model bundle \\(not a zip archive\\)"):
        load_bundle(text)


def test_keras_import_refusals_in_chinese(language):
    """What importing Keras code that is not a Sequential model, or has an unsupported layer, says."""
    from engine.importers.keras import KerasImportError, import_keras_source

    unsupported = "model = Sequential()\nmodel.add(Conv3D(8, 3))\n"
    language("zh_CN")
    with pytest.raises(KerasImportError, match="^第 2 行：不支持 Conv3D；支持的层："):
        import_keras_source(unsupported)
    with pytest.raises(KerasImportError, match="^没有找到 Keras Sequential 模型"):
        import_keras_source("x = 1\n")
    language("en")
    with pytest.raises(KerasImportError, match="^line 2: Conv3D is not supported; supported layers: "):
        import_keras_source(unsupported)


def test_the_metric_precision_is_not_the_setting_precision(language):
    """Compare runs writes each test metric's name: the metric precision is 精确率, the setting 数值精度."""
    from engine.runs.compare import _metric_word, setting_words

    language("zh_CN")
    assert [_metric_word(name) for name in ("accuracy", "precision", "recall")] == ["准确率", "精确率", "召回率"]
    assert setting_words()["precision"] == "数值精度"
    language("en")
    assert _metric_word("precision") == "precision"
