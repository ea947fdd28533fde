"""The window fits common screens: its minimum fits 1024×600, every page is usable there with nothing clipped,
it opens within the screen's available area (1366×768, QT_SCALE_FACTOR=2) and at the last session's size."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel, QLayout, QSizePolicy, QSplitter, QWidget

ROOT = Path(__file__).resolve().parents[2]
SMALL = (1024, 600)
SHOTS = Path(os.environ.get("LAYERLAB_SHOTS", "/tmp/shots-shell"))
def _in_layout(layout: QLayout, widget: QWidget) -> bool:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget or (item.layout() is not None and _in_layout(item.layout(), widget)):
            return True
    return False


def _smallest_size(widget: QWidget) -> QSize:
    """The size below which a layout or splitter squeezes `widget` only when out of room (Qt's qSmartMinSize);
    a word-wrapped label also needs the height of its text at its width."""
    policy, hint, min_hint, explicit = widget.sizePolicy(), widget.sizeHint(), widget.minimumSizeHint(), \
        widget.minimumSize()
    shrink = QSizePolicy.PolicyFlag.ShrinkFlag.value

    def one(rule, preferred, least, fixed):
        if fixed > 0:
            return fixed
        if rule == QSizePolicy.Policy.Ignored:
            return 0
        return max(least, 0) if rule.value & shrink else max(preferred, least, 0)

    size = QSize(one(policy.horizontalPolicy(), hint.width(), min_hint.width(), explicit.width()),
                 one(policy.verticalPolicy(), hint.height(), min_hint.height(), explicit.height()))
    if isinstance(widget, QLabel) and widget.wordWrap() and explicit.height() <= 0:
        size.setHeight(max(size.height(), widget.heightForWidth(widget.width())))
    return size


def clipped_widgets(root: QWidget) -> list[str]:
    """Visible widgets under `root`, placed by a layout or a splitter, that are smaller than they can be."""
    found = []
    for child in root.findChildren(QWidget):
        parent = child.parentWidget()
        if child.isWindow() or not child.isVisibleTo(root) or parent is None or child.objectName().startswith("qt_"):
            continue
        placed = isinstance(parent, QSplitter) or (parent.layout() is not None and _in_layout(parent.layout(), child))
        need = _smallest_size(child)
        if placed and (child.width() < need.width() or child.height() < need.height()):
            label = child.objectName() or (child.text()[:30] if isinstance(child, QLabel) else "")
            found.append(f"{type(child).__name__}({label}) in {type(parent).__name__}: "
                         f"{child.width()}×{child.height()} < {need.width()}×{need.height()}")
    return found


def cut_plots(root: QWidget) -> list[str]:
    """Visible pyqtgraph plots under `root` whose title is wider than their data area, or whose data area is
    squeezed under 40 px by titles, axes and legend."""
    import pyqtgraph as pg

    found = []
    for plot in root.findChildren(pg.PlotWidget):
        if not plot.isVisibleTo(root):
            continue
        item = plot.getPlotItem()
        area = item.getViewBox().sceneBoundingRect()
        title = item.titleLabel.item.boundingRect().width() if item.titleLabel.isVisible() else 0
        name = item.titleLabel.text or type(plot).__name__
        if title > area.width() + 1:
            found.append(f"plot {name!r}: title {title:.0f} px wide over a {area.width():.0f} px plot")
        if area.height() < 40 or area.width() < 40:
            found.append(f"plot {name!r}: data area {area.width():.0f}×{area.height():.0f} px")
    return found


def _settle(qtbot, window) -> None:
    for _ in range(4):
        qtbot.wait(60)
    window.repaint()


def test_fit_rect_keeps_the_window_on_the_available_area():
    from gui.main_window import fit_rect

    available = QRect(0, 30, 1366, 738)  # a 1366×768 screen under a 30 px panel
    assert fit_rect(QRect(0, 0, 1280, 830), available, center=True) == QRect(43, 30, 1280, 738)
    assert fit_rect(QRect(500, 400, 1000, 600), available) == QRect(366, 168, 1000, 600)
    assert fit_rect(QRect(10, 40, 800, 500), available) == QRect(10, 40, 800, 500)


def test_every_page_is_usable_at_1024x600(qtbot, window):
    """The window's minimum fits 1024×600; there, before and after a run, no page squeezes a widget below its
    minimum nor a plot below a readable size. The pictures land in /tmp/shots-shell (look at them)."""
    from gui.menus import PAGE_NAMES
    from gui.devtools.smoke import train_once

    window.show()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for state in ("empty", "trained"):
        if state == "trained":
            _index, error = train_once(window, epochs=1)
            assert not error
        problems = []
        for name in PAGE_NAMES:
            window.show_page(name)
            window.resize(*SMALL)
            _settle(qtbot, window)
            hint = window.minimumSizeHint()
            assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], (name, state, hint)
            assert (window.width(), window.height()) == SMALL, (name, state)
            page = window.tabs.currentWidget()
            problems += [f"{name} ({state}): {p}" for p in clipped_widgets(window) + cut_plots(page)]
            assert window.grab().save(str(SHOTS / f"{name.lower()}-{state}.png"))
        assert not problems, "\n".join(problems)


SCREEN_SCRIPT = textwrap.dedent("""
    import json, os, sys
    from gui.app import build_window, create_application
    from gui.devtools.smoke import temporary_settings

    app = create_application()
    settings = temporary_settings()
    saved = json.loads(os.environ.get("SAVED_GEOMETRY", "null"))
    if saved:  # the last session's window, as closed
        last = build_window(None, settings)
        last.setGeometry(*saved)
        last.save_layout()
    window = build_window("churn", settings)
    window.show()
    app.processEvents()
    rect = lambda r: [r.x(), r.y(), r.width(), r.height()]
    status = window.statusBar()
    corner = status.mapTo(window, status.rect().bottomRight())
    print(json.dumps({"available": rect(window.screen().availableGeometry()), "window": rect(window.geometry()),
                      "status_bottom": window.geometry().y() + corner.y()}))
    sys.stdout.flush()
    os._exit(0)
""")


@pytest.mark.parametrize("width, height, scale", [(1366, 768, "1"), (2000, 1200, "2"), (1024, 600, "1")])
def test_window_opens_within_the_available_screen(tmp_path, width, height, scale):
    """A first start on a 1366×768 laptop, on a 2000×1200 screen at QT_SCALE_FACTOR=2 (1000×600 logical) and on
    a 1024×600 netbook: the whole window, title bar and status bar included, lies on the screen."""
    report = _open_on_screen(tmp_path, width, height, scale)
    ax, ay, aw, ah = report["available"]
    x, y, w, h = report["window"]
    assert (aw, ah) == (width // int(scale), height // int(scale))
    assert ax <= x and x + w <= ax + aw, report
    assert ay < y and y + h <= ay + ah, report  # y > top: room for the window manager's title bar
    assert report["status_bottom"] <= ay + ah


def test_the_last_size_is_restored_and_kept_on_screen(tmp_path):
    """The last session's size and place come back; one saved on a larger screen is shrunk onto this one."""
    assert _open_on_screen(tmp_path, 1366, 768, "1", saved=[120, 60, 1100, 650])["window"] == [120, 60, 1100, 650]
    report = _open_on_screen(tmp_path, 1366, 768, "1", saved=[300, 200, 1800, 1000])
    x, y, w, h = report["window"]
    assert x >= 0 and y > 0 and x + w <= 1366 and y + h <= 768 and w >= 1100, report


def _open_on_screen(tmp_path, width: int, height: int, scale: str, saved: list[int] | None = None) -> dict:
    """Start the app in a child process on an offscreen screen of this size; where its window lies."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": [
        {"name": "test", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale,
           "SAVED_GEOMETRY": json.dumps(saved)}
    result = subprocess.run([sys.executable, "-c", SCREEN_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])



@pytest.mark.parametrize("name, last, values", [
    ("houses", "price", lambda n: [round(1000.5 + 123.457 * i, 2) for i in range(n)]),
    ("visits", "visits", lambda n: [3 * i + 7 for i in range(n)])])
def test_the_no_target_prompt_and_the_status_bar_fit(qtbot, window, tmp_path, name, last, values):
    """A CSV without a clear target: the yellow prompt on the Data page lost its 3rd and 4th lines (1280×744)
    and more at 1024×600, and the status bar's reason ran off the window's right edge (QA). Each size: the
    prompt has the height of its text at its width, nothing on the page is squeezed, the status bar's labels
    end within it (the long reason ends in "…", the whole of it in the tooltip)."""
    n = 400
    csv = tmp_path / f"{name}.csv"
    csv.write_text(f"rooms,city,{last}\n" + "".join(f"{i % 5 + 1},{'abc'[i % 3]},{value}\n"
                                                   for i, value in enumerate(values(n))))
    with qtbot.waitSignal(window.data_page.load_finished, timeout=10_000):
        window.data_page.open_csv(csv)
    window.show()
    SHOTS.mkdir(parents=True, exist_ok=True)
    blocker = window.document.training_blocker()
    assert blocker and last in blocker
    for size in (SMALL, (1280, 744), (1280, 800)):
        window.show_page("Data")
        window.resize(*size)
        _settle(qtbot, window)
        assert (window.width(), window.height()) == size
        prompt = window.data_page.target_panel.prompt_label
        assert prompt.isVisible() and prompt.height() >= prompt.heightForWidth(prompt.width()), size
        assert not clipped_widgets(window.data_page), (size, clipped_widgets(window.data_page))
        status = window.statusBar()
        readiness = window.status.readiness
        assert readiness.isVisible() and readiness.geometry().right() < status.width(), size
        assert readiness.width() >= readiness.minimumSizeHint().width()
        if readiness.width() < readiness.fontMetrics().horizontalAdvance(readiness.text()):
            assert readiness.is_elided() and blocker in readiness.toolTip()
        assert window.grab().save(str(SHOTS / f"data-no-target-{name}-{size[0]}x{size[1]}.png"))


def test_image_data_still_fits_the_small_window(qtbot, window):
    """The Images box (and the Forecast box) make the Data page's right column taller than a 1024×600 window has
    room for: it scrolls instead of holding the window at 704 px."""
    from gui.file_actions import load_example

    load_example(window.document, "digits")
    window.show()
    window.show_page("Data")
    window.resize(*SMALL)
    _settle(qtbot, window)
    assert (window.width(), window.height()) == SMALL
    assert window.data_page.images_panel.isVisible()
    assert not clipped_widgets(window.data_page)


def test_the_data_pages_right_column_scrolls_only_when_it_must(qtbot, window):
    """At 1280×800 the target's distribution fits beside the columns: pyqtgraph's preferred 480 px made the
    right column twice the window's room, the chart's second bar out of sight below (QA)."""
    from gui.pages.data.page import _SideScroll

    window.show()
    window.show_page("Data")
    window.resize(1280, 800)
    window.data_page.columns_view.selectRow(window.data_page.columns_view.model().rowCount() - 1)
    _settle(qtbot, window)
    side = window.data_page.findChild(_SideScroll)
    assert side.widget().height() == side.viewport().height()
    assert side.verticalScrollBar().maximum() == 0
