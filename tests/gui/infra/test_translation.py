"""The app's language: which catalogs are installed for System / English / 简体中文, the engine following, and the
catalogs themselves (pyside6-lupdate finds nothing unfinished or vanished; the compiled files are current)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from engine.data import infer_schema
from gui.infra.translation import LANGUAGES, install_translators, resolve_language, running_language

ROOT = Path(__file__).resolve().parents[3]
CATALOGS = ROOT / "packaging" / "i18n_catalogs.py"


@pytest.fixture(autouse=True)
def english_after(qapp):
    yield
    install_translators("en")


def _catalog_tool():
    """packaging/i18n_catalogs.py, loaded by path (packaging/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("i18n_catalogs", CATALOGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("locale, expected", [("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("en_US", "en"),
                                              ("de_DE", "en")])
def test_system_language(locale, expected):
    assert resolve_language("system", QLocale(locale)) == expected
    assert resolve_language("en", QLocale("zh_CN")) == "en"
    assert resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"
    assert resolve_language("klingon") == "en"
    assert LANGUAGES == ("system", "en", "zh_CN")


def test_chinese_installs_ours_qts_and_the_engines():
    assert install_translators("zh_CN") == "zh_CN" == running_language()
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "首选项"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own qtbase_zh_CN.qm
    schema = infer_schema(pd.DataFrame({"城市": ["北京", "上海", "北京"], "x": [1.5, 2.5, 3.5]}))
    assert schema.column("城市").reason == "类别：2 个取值（'北京', '上海'）"
    assert install_translators("en") == "en" == running_language()
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "Preferences"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert infer_schema(pd.DataFrame({"x": [1.5, 2.5, 3.5]})).column("x").reason.startswith("numeric: ")


def test_catalogs_are_complete_and_compiled():
    """pyside6-lupdate over gui/ and Babel over engine/ into copies of the catalogs: nothing unfinished or
    vanished; the .qm and .mo are what the .ts and .po compile to (run packaging/i18n_catalogs.py --update,
    translate, then packaging/i18n_catalogs.py)."""
    proc = subprocess.run([sys.executable, str(CATALOGS), "--check"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_check_reports_unfinished_and_vanished_entries(tmp_path):
    ts = tmp_path / "layerlab_zh_CN.ts"
    ts.write_text("""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PreferencesDialog</name>
    <message><source>Theme</source><translation type="unfinished"></translation></message>
    <message><source>Old text</source><translation type="vanished">旧的</translation></message>
    <message><source>Light</source><translation>浅色</translation></message>
</context>
</TS>
""", encoding="utf-8")
    problems = _catalog_tool().qt_catalog_problems(ts)
    assert problems == ["layerlab_zh_CN.ts: unfinished: PreferencesDialog: 'Theme'",
                        "layerlab_zh_CN.ts: vanished: PreferencesDialog: 'Old text'"]
