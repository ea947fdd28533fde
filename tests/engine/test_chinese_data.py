"""A CSV with Chinese column names and Chinese classes through the CLI: info, train --target 流失, predict (UTF-8 with
a byte-order mark, so spreadsheets read the Chinese), the ONNX and PyTorch-project exports, and the same table
saved by Excel on Chinese Windows (GBK)."""

import ast
import codecs
import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from engine.cli.main import main

CHINESE_CSV = Path(__file__).resolve().parents[1] / "data" / "chinese_churn.csv"


def cli(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The Chinese table and a model trained on it (3 epochs), in one scratch folder."""
    folder = tmp_path_factory.mktemp("中文")
    data = folder / "客户.csv"
    shutil.copyfile(CHINESE_CSV, data)
    code = main(["train", "--csv", str(data), "--target", "流失", "--epochs", "3", "--seed", "1", "--quiet",
                 "--out", str(folder / "流失模型.llmodel")])
    assert code == 0
    return folder


def test_info_names_the_chinese_columns(capsys):
    out = cli(capsys, "info", CHINESE_CSV)
    assert "target: 流失 (binary; the last column, with 2 classes)" in out
    assert "城市                     categorical       feature" in out


def test_predict_writes_chinese_that_spreadsheets_read(trained, capsys):
    out_path = trained / "预测.csv"
    cli(capsys, "predict", trained / "流失模型.llmodel", trained / "客户.csv", "-o", out_path)
    raw = out_path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel reads UTF-8 only with it
    with out_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["客户编号", "城市"] and rows[0][-2:] == ["predicted_流失", "probability_是"]
    assert {row[-2] for row in rows[1:]} <= {"是", "否"} and len(rows) == 161
    assert pd.read_csv(out_path).columns[0] == "客户编号"  # pandas skips the mark too


def test_ascii_predictions_stay_without_a_mark(tmp_path):
    from engine.io.predict import write_predictions_csv

    write_predictions_csv(tmp_path / "p.csv", pd.DataFrame({"a": [1], "predicted_y": ["no"]}))
    assert (tmp_path / "p.csv").read_bytes() == b"a,predicted_y\r\n1,no\r\n"


def test_exports_carry_the_chinese_names(trained, capsys):
    bundle = trained / "流失模型.llmodel"
    cli(capsys, "export", bundle, "--format", "onnx", "-o", trained / "流失.onnx", "--check-csv", trained / "客户.csv")
    state = json.loads((trained / "流失.preprocessor.json").read_text(encoding="utf-8"))
    assert "流失" in json.dumps(state, ensure_ascii=False) and "城市" in json.dumps(state, ensure_ascii=False)
    project = trained / "项目"
    cli(capsys, "export", bundle, "--format", "project", "-o", project, "--name", "流失模型 \"测试\"")
    source = (project / "model.py").read_text(encoding="utf-8")
    ast.parse(source)
    assert "MODEL_NAME = '流失模型 \"测试\"'" in source  # the name as a literal, never code
    config = json.loads((project / "config.json").read_text(encoding="utf-8"))
    assert "流失" in json.dumps(config, ensure_ascii=False)


def test_a_table_saved_as_gbk_reads_as_chinese(tmp_path, capsys):
    """Excel on Chinese Windows saves CSV in GBK: read as Chinese, with a note, not as Windows-1252 mojibake."""
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(CHINESE_CSV.read_text(encoding="utf-8").encode("gbk"))
    from engine.data import read_csv

    table = read_csv(gbk)
    assert table.encoding == "gb18030" and list(table.frame.columns)[:2] == ["客户编号", "城市"]
    assert table.frame["流失"].tolist() == pd.read_csv(CHINESE_CSV)["流失"].tolist()
    assert "read it as Chinese GB18030 (GBK)" in table.warnings[0]
    western = tmp_path / "western.csv"
    western.write_bytes("Name,Stadt\nMüller,Zürich\nSchäfer,Köln\nStraße,München\n".encode("cp1252"))
    table = read_csv(western)
    assert table.encoding == "cp1252" and table.frame["Stadt"].tolist() == ["Zürich", "Köln", "München"]
