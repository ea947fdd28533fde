"""`layerlab --screenshots DIR --lang zh_CN|en`: the pages rendered in the language asked for, the app's language
as it was afterwards."""

import re

import pytest

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_lang_is_read_with_screenshots():
    from gui.app import parse_args

    options, rest = parse_args(["--screenshots", "out", "--lang", "zh_CN"])
    assert (options.screenshots, options.lang, rest) == ("out", "zh_CN", [])
    assert parse_args(["--screenshots", "out"])[0].lang is None
    with pytest.raises(SystemExit):
        parse_args(["--screenshots", "out", "--lang", "fr"])


@pytest.mark.slow  # a training run, a sweep, explanations and a range test, as the README's pictures have
def test_screenshots_in_chinese(qapp, tmp_path, monkeypatch):
    from PySide6.QtGui import QImage

    from engine.i18n import _
    from gui.devtools import screenshots
    from gui.infra.translation import running_language

    menus = []
    real = screenshots.build_window
    monkeypatch.setattr(screenshots, "build_window", lambda *a, **k: _record(real(*a, **k), menus))
    assert screenshots.render_screenshots(tmp_path, epochs=1, language="zh_CN") == 0
    assert menus and all(CHINESE.search(text) for text in menus), menus  # 文件(&F), 编辑(&E), …
    for name in ("data", "model", "training", "evaluate", "experiments"):
        assert QImage(str(tmp_path / f"{name}.png")).size().toTuple() == (1280, 800), name
    assert running_language() == "en" and _("chosen by you") == "chosen by you"  # the language before is back


def _record(window, menus: list) -> object:
    menus.extend(action.text() for action in window.menuBar().actions())
    return window
