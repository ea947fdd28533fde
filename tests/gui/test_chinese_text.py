"""Chinese text in the app: real glyphs (a CJK font is installed and used: fonts-noto-cjk in .ci/run and the .deb),
and a CSV with Chinese column names and classes on the Data page and the Model canvas."""

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel

from gui.pages.data.page import DataPage

ROOT = Path(__file__).resolve().parents[2]
CHINESE_CSV = ROOT / "tests" / "data" / "chinese_churn.csv"
GLOSSARY = ROOT / "resources" / "i18n" / "GLOSSARY.md"


def missing_glyphs(text: str, font: QFont) -> list[str]:
    """Characters of `text` that the fonts Qt picks for `font` (its fallbacks included) would draw as empty boxes."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns(0, len(text), QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes)
    fonts = [run.rawFont() for run in runs]
    # ord(c): PySide's str overload of supportsCharacter misreads some characters (练 reads as unsupported)
    missing = [c for c in dict.fromkeys(text)
               if not c.isspace() and not any(font.supportsCharacter(ord(c)) for font in fonts)]
    if not missing and any(0 in run.glyphIndexes() for run in runs):  # glyph 0 is the font's empty box
        missing = ["(a box)"]
    return missing


def glossary_terms() -> list[str]:
    """The Chinese column of resources/i18n/GLOSSARY.md: the words the Chinese app uses most."""
    rows = [line.split("|") for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    return [cells[2].strip() for cells in rows[1:] if re.search(r"[\u4e00-\u9fff]", cells[2])]


def test_chinese_labels_render_with_real_glyphs(qtbot):
    """Fails, not skips, without a CJK font (Debian: fonts-noto-cjk): every label would be a row of boxes."""
    terms = glossary_terms()
    assert len(terms) >= 30 and "验证集" in terms
    for text in terms + ["首选项", "新的语言将在 LayerLab 重启后生效。", "流失 客户编号 基础套餐"]:
        label = QLabel(text)
        qtbot.addWidget(label)
        label.show()
        assert not missing_glyphs(text, label.font()), (
            f"No installed font draws {missing_glyphs(text, label.font())} of {text!r}: install a CJK font "
            "(Debian: apt-get install fonts-noto-cjk)")
        image = label.grab().toImage()
        assert image.width() >= label.fontMetrics().horizontalAdvance(text)  # nothing cut


def test_the_glyph_check_sees_boxes():
    assert missing_glyphs("a\u0378b", QApplication.font()) == ["\u0378"]  # unassigned: no font draws it


def test_chinese_csv_on_the_data_page_and_canvas(qtbot, window):
    page: DataPage = window.data_page
    outcome = []
    page.load_finished.connect(lambda _path: outcome.append("loaded"))
    page.load_failed.connect(outcome.append)
    assert window.files.open_csv(CHINESE_CSV)
    qtbot.waitUntil(lambda: bool(outcome) and not page.is_loading, timeout=60_000)
    assert outcome == ["loaded"]
    schema = window.document.schema
    assert schema.target == "流失" and schema.task == "binary"
    assert list(schema.features) == ["城市", "套餐", "月费", "在网月数", "投诉次数"]
    columns = page.columns_model
    names = [columns.column_info(row).name for row in range(columns.rowCount())]
    assert names[:3] == ["客户编号", "城市", "套餐"]
    headers = [page.preview_model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.preview_model.columnCount())]
    assert "城市" in " ".join(map(str, headers))
    data_item, predictions_item = window.model_page.scene.data_items()
    assert data_item.lines[0] == "chinese_churn.csv"
    assert predictions_item.lines[0] == "target: 流失"
    for item in (data_item, predictions_item):  # the canvas draws these lines in the app's font
        assert not missing_glyphs(" ".join(item.lines), QApplication.font())
