"""The engine's messages in Chinese through gettext (engine.i18n), English unchanged, the CLI following LANG."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from engine import i18n
from engine.data import infer_schema

ROOT = Path(__file__).resolve().parents[2]
CHINESE_CSV = ROOT / "tests" / "data" / "chinese_churn.csv"
FRAME = pd.DataFrame({
    "price": [1.5, 2.5, 3.5, 4.25] * 5,
    "city": ["Paris", "Lyon", "Paris", "Nice"] * 5,
    "mixed": ["1", "2", "x", "3", "y"] + [str(i) for i in range(15)],
    "flag": ["yes", "no"] * 10,
    "empty": [None] * 20,
    "same": ["a"] * 20,
    "row_id": range(20),
    "level": [1, 2, 3, 4] * 5,
})
ENGLISH = {  # as the reasons read before they were translatable: English output stays byte-identical
    "price": "numeric: 4 distinct values from 1.5 to 4.25",
    "city": "categorical: 3 levels ('Paris', 'Lyon', 'Nice')",
    "mixed": "mixed: 2 values are not numbers, e.g. 'x' at row 3; treated as categorical",
    "flag": "boolean: values no/yes",
    "empty": "ignored: every value is missing",
    "same": "ignored: only one value ('a')",
    "row_id": "ignored: unique per row, looks like an ID",
    "level": "integer category: 4 levels (1, 2, 3, 4)",
}
CHINESE = {
    "price": "数值：4 个不同的值，从 1.5 到 4.25",
    "city": "类别：3 个取值（'Paris', 'Lyon', 'Nice'）",
    "mixed": "混合：2 个值不是数字，例如第 3 行的 'x'；按类别处理",
    "flag": "布尔：取值 no/yes",
    "empty": "已忽略：所有值都缺失",
    "same": "已忽略：只有一个值（'a'）",
    "row_id": "已忽略：每行各不相同，像是 ID",
    "level": "整数类别：4 个取值（1, 2, 3, 4）",
}


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("en")


def _reasons() -> dict[str, str]:
    schema = infer_schema(FRAME)
    return {c.name: c.reason for c in schema.columns}


def test_english_reasons_are_unchanged(language):
    language("en")
    assert _reasons() == ENGLISH


def test_chinese_reasons(language):
    language("zh_CN")
    assert _reasons() == CHINESE
    assert i18n.ngettext("{count} value is not a number", "{count} values are not numbers", 1) == "{count} 个值不是数字"


def test_a_language_without_a_catalog_is_english(language):
    language("fr")
    assert _reasons() == ENGLISH


def test_every_translation_keeps_the_fields_of_its_message():
    """A translation that drops or renames a {field} would raise KeyError or lose a number in .format()."""
    with (i18n.catalog_folder() / "zh_CN" / "LC_MESSAGES" / "layerlab.po").open("rb") as handle:
        catalog = read_po(handle)
    fields = re.compile(r"\{(\w*)\}")
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for string in strings:
            assert string, f"untranslated: {ids[0]!r}"
            assert set(fields.findall(string)) == set(fields.findall(ids[-1])), (ids, string)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("env, word", [({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "类别："),  # LC_ALL wins
                                       ({"LANG": "en_US.UTF-8"}, "categorical: ")])
def test_cli_follows_the_environment(env, word):
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "engine.cli", "info", str(CHINESE_CSV)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env={**clean, **env, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr
    assert f"\n城市{' ' * 20} categorical       feature         0        4  {word}" in proc.stdout  # 2 columns each


def test_info_aligns_chinese_names():
    from engine.cli.info_cmd import fit_columns

    assert fit_columns("城市", 6) == "城市  "
    assert fit_columns("客户编号", 5) == "客户 " and fit_columns("price", 3) == "pri"
