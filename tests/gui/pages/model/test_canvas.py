"""Model page: building, editing, undo/redo, summary and problems through the canvas."""

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QKeySequence, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.graph import ModelSpec, load_template, param_counts
from engine.layers import REGISTRY

def make_page(qtbot, document):
    from gui.pages.model.page import ModelPage

    page = ModelPage(document)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.view.fit()
    QApplication.processEvents()
    return page


def _send(view, kind, pos: QPoint, button, buttons) -> None:
    viewport = view.viewport()
    global_pos = QPointF(viewport.mapToGlobal(pos))
    event = QMouseEvent(kind, QPointF(pos), global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def drag(view, start_scene: QPointF, end_scene: QPointF, steps: int = 6) -> None:
    """Press the left button at start_scene, move in steps to end_scene and release there."""
    start = view.mapFromScene(start_scene)
    end = view.mapFromScene(end_scene)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _send(view, QEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        _send(view, QEvent.Type.MouseMove, point, none, left)
    _send(view, QEvent.Type.MouseButtonRelease, end, left, none)
    QApplication.processEvents()


def click(view, scene_pos: QPointF) -> None:
    point = view.mapFromScene(scene_pos)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _send(view, QEvent.Type.MouseButtonPress, point, left, left)
    _send(view, QEvent.Type.MouseButtonRelease, point, left, none)
    QApplication.processEvents()


ACTION_KEYS = {"delete", "copy", "paste", "duplicate", "select_all", "auto_layout", "zoom_in", "zoom_out", "fit"}


def _bare(document):
    """Replace the model with Input -> Output and forget the history."""
    document.edit_spec(ModelSpec.chain([]), "Start")
    document.undo_stack.clear()


def _activate_palette(page, type_name):
    tree = page.palette.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).data(0, Qt.ItemDataRole.UserRole) == type_name:
                tree.itemActivated.emit(group.child(j), 0)
                return
    raise AssertionError(type_name)


def test_palette_lists_every_layer_and_search_filters(qtbot, document):
    page = make_page(qtbot, document)
    assert sorted(page.palette.type_names()) == sorted(REGISTRY)
    page.palette.search.setText("drop")
    assert page.palette.type_names(visible_only=True) == ["Dropout", "AlphaDropout"]
    page.palette.search.clear()
    assert len(page.palette.type_names(visible_only=True)) == len(REGISTRY)
    assert set(page.actions) == ACTION_KEYS
    assert page.actions["copy"].shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    assert page.actions["select_all"].shortcutContext() == Qt.ShortcutContext.WidgetShortcut


def test_build_network_by_palette_then_undo_redo_restores_exact_spec(qtbot, document):
    page = make_page(qtbot, document)
    _bare(document)
    states = [document.spec.to_dict()]
    _activate_palette(page, "Dense")
    states.append(document.spec.to_dict())
    _activate_palette(page, "Dropout")
    states.append(document.spec.to_dict())
    spec = document.spec
    assert spec.is_chain()
    assert [n.type for n in (spec.node(i) for i in spec.topological_order())] == ["Input", "Dense", "Dropout", "Output"]
    assert page.selected_node_ids() == ["dropout_1"]
    assert document.problems() == []
    assert document.undo_stack.undoText() == "Insert Dropout before output_1"
    ys = [spec.node(i).position[1] for i in spec.topological_order()]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # room was made: nothing overlaps
    for expected in reversed(states[:-1]):
        document.undo_stack.undo()
        assert document.spec.to_dict() == expected
        assert {i.node_id for i in page.scene.node_items()} == {n["id"] for n in expected["nodes"]}
    for expected in states[1:]:
        document.undo_stack.redo()
        assert document.spec.to_dict() == expected


def test_drop_on_canvas_and_on_an_arrow(qtbot, document):
    page = make_page(qtbot, document)
    view = page.view
    from gui.pages.model.view import LAYER_MIME

    def drop(type_name, scene_pos):
        data = QMimeData()
        data.setData(LAYER_MIME, type_name.encode())
        point = QPointF(view.mapFromScene(scene_pos))
        event = QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        view.dropEvent(event)

    drop("LayerNorm", QPointF(400, 120))
    spec = document.spec
    assert spec.node("layernorm_1").position == (400.0, 120.0)
    assert spec.inputs_of("layernorm_1") == [] and document.undo_stack.undoText() == "Add LayerNorm"
    edge = next(e for e in page.scene.edge_items() if e.key == ("dense_1", "dense_2"))
    drop("BatchNorm", edge.path().pointAtPercent(0.5))
    spec = document.spec
    assert spec.inputs_of("batchnorm_1") == ["dense_1"] and spec.inputs_of("dense_2") == ["batchnorm_1"]
    assert page.selected_node_ids() == ["batchnorm_1"]


def test_insert_on_edge_keeps_merge_input_order(qtbot, document):
    document.edit_spec(load_template("residual-mlp"), "Residual")
    page = make_page(qtbot, document)
    before = document.spec.inputs_of("add_1")
    page.controller.insert_layer_on_edge("Dropout", "dense_3", "add_1")
    assert document.spec.inputs_of("add_1") == ["dropout_1", before[1]]
    assert document.problems() == []


def test_delete_reconnects_chain_and_deletes_edges(qtbot, document):
    page = make_page(qtbot, document)
    before = document.spec.to_dict()
    page.select_nodes(["dense_1"])
    assert page.actions["delete"].isEnabled()
    page.actions["delete"].trigger()
    assert not document.spec.has_node("dense_1")
    assert document.spec.inputs_of("dense_2") == ["input_1"]
    assert document.undo_stack.undoText() == "Delete dense_1"
    assert document.problems() == []
    document.undo_stack.undo()
    assert document.spec.to_dict() == before
    edge = next(e for e in page.scene.edge_items() if e.key == ("dense_2", "output_1"))
    page.scene.select_nodes([], edges=[edge.key])
    page.actions["delete"].trigger()
    assert document.spec.inputs_of("output_1") == []
    assert page.scene.node_item("output_1").has_problem


def test_delete_by_keyboard_when_canvas_has_focus(qtbot, document):
    page = make_page(qtbot, document)
    page.activateWindow()
    page.view.setFocus()
    page.select_nodes(["dense_2"])
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert not document.spec.has_node("dense_2")


def test_copy_paste_and_duplicate_keep_internal_edges_with_new_ids(qtbot, document):
    page = make_page(qtbot, document)
    page.select_nodes(["dense_1", "dense_2"])
    page.actions["copy"].trigger()
    page.actions["paste"].trigger()
    spec = document.spec
    assert spec.has_node("dense_3") and spec.has_node("dense_4")
    assert spec.inputs_of("dense_4") == ["dense_3"] and spec.inputs_of("dense_3") == []
    from gui.pages.model.layout import overlaps, positions_for_display

    copies = {n: spec.node(n).position for n in ("dense_3", "dense_4")}
    others = [p for node_id, p in positions_for_display(spec).items() if node_id not in copies]
    assert not any(overlaps(c, o) for c in copies.values() for o in others)  # pasted beside, not on top
    (x3, y3), (x4, y4) = copies["dense_3"], copies["dense_4"]
    d1, d2 = positions_for_display(spec)["dense_1"], positions_for_display(spec)["dense_2"]
    assert (x4 - x3, y4 - y3) == pytest.approx((d2[0] - d1[0], d2[1] - d1[1]))  # arrangement kept
    assert page.selected_node_ids() == ["dense_3", "dense_4"]
    assert document.undo_stack.undoText() == "Paste 2 layers"
    page.select_nodes(["dense_1"])
    page.actions["duplicate"].trigger()
    assert document.spec.has_node("dense_5") and document.undo_stack.undoText() == "Duplicate dense_5"
    page.actions["select_all"].trigger()
    assert len(page.selected_node_ids()) == len(document.spec.nodes)


def test_connect_refusals_give_a_status_message(qtbot, document):
    page = make_page(qtbot, document)
    before = document.spec.to_dict()
    assert page.controller.connect("dense_2", "dense_1") is not None  # dense_1 has its input
    assert "already has its input" in page.status.text()
    assert page.controller.connect("output_1", "dense_1") is not None
    assert page.controller.connect("dense_1", "input_1") is not None
    assert document.spec.to_dict() == before and document.undo_stack.count() == 0


def test_summary_totals_equal_engine_param_counts(qtbot, document):
    page = make_page(qtbot, document)
    ctx = document.context()
    assert page.summary.total == sum(param_counts(document.spec, ctx).values()) > 0
    assert page.summary.table.topLevelItemCount() == len(document.spec.nodes)
    page.properties.show_nodes(["dense_1"])
    page.properties.set_param("units", 10)
    assert page.summary.total == sum(param_counts(document.spec, ctx).values())
    item = page.scene.node_item("dense_1")
    assert item.params_text == f"{param_counts(document.spec, ctx)['dense_1']:,} params"
    assert item.title == "Dense 10 · ReLU"


def test_the_data_node_and_summary_shapes_read_as_words(qtbot, tmp_path):
    from engine.data import infer_schema, read_csv
    from gui.document import ProjectDocument

    words = ["red", "green", "blue", "cat", "dog", "sun", "rain", "tree", "stone", "river"]
    csv = tmp_path / "notes.csv"
    csv.write_text("note,y\n" + "".join(
        f"{' '.join(words[(i * k) % 10] for k in range(1, 6))} {i},{i % 2}\n" for i in range(60)))
    doc = ProjectDocument()
    table = read_csv(csv)
    doc.set_table(table, infer_schema(table.frame, target="y"))
    doc.start_project_for_table()  # the text template: Embedding gives (tokens, 64)
    page = make_page(qtbot, doc)
    assert page.scene._data_item.lines[1] == "60 rows · 1 feature"

    def shapes():
        table = page.summary.table
        return [table.topLevelItem(i).text(1) for i in range(table.topLevelItemCount())]

    qtbot.waitUntil(lambda: any(s.count(",") == 1 and not s.endswith(",)") for s in shapes()), timeout=10_000)
    assert not any(s.count(",") > 1 and s.endswith(",)") for s in shapes()), shapes()  # "(8, 64,)" was shown


def test_problems_list_click_selects_the_node(qtbot, document):
    page = make_page(qtbot, document)
    spec = document.spec.copy()
    spec.disconnect("dense_1", "dense_2")
    document.edit_spec(spec, "Break")
    problems = page.problems.list
    assert page.problems.count == len(document.problems()) > 0
    row = next(i for i in range(problems.count()) if problems.item(i).data(Qt.ItemDataRole.UserRole) == "dense_2")
    rect = problems.visualItemRect(problems.item(row))
    QTest.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert page.selected_node_ids() == ["dense_2"]
    item = page.scene.node_item("dense_2")
    assert item.has_problem and "needs an input" in item.toolTip()
    assert page._problems_title.text() == f"Problems ({len(document.problems())})"


def test_zoom_fit_and_wheel_do_not_crash(qtbot, document):
    page = make_page(qtbot, document)
    view = page.view
    start = view.zoom
    page.actions["zoom_in"].trigger()
    assert view.zoom > start
    page.actions["zoom_out"].trigger()
    page.actions["zoom_out"].trigger()
    assert view.zoom < start
    for _ in range(40):
        page.actions["zoom_out"].trigger()
    assert view.zoom >= 0.15 - 1e-9
    page.actions["fit"].trigger()
    rect = view.mapFromScene(page.scene.content_rect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    zoom = view.zoom
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom > zoom
    page.grab()  # paints every item once


def test_auto_layout_places_unpositioned_nodes_without_overlap(qtbot, document):
    spec = load_template("residual-mlp")
    for node in spec.nodes:
        node.position = None
    document.edit_spec(spec, "Unplaced")
    page = make_page(qtbot, document)
    shown = page.scene.displayed_positions()
    assert len(set(shown.values())) == len(shown)
    x = {i: p[0] for i, p in shown.items()}
    assert x["dense_2"] != x["dense_1"] and x["add_1"] == x["dense_1"]  # the branch sits beside the skip
    page.actions["auto_layout"].trigger()
    assert document.undo_stack.undoText() == "Auto-layout"
    assert all(n.position is not None for n in document.spec.nodes)
    click(page.view, QPointF(*shown["relu_1"]))
    assert page.selected_node_ids() == ["relu_1"]


def test_mouse_drag_moves_a_layer_as_one_undo_step_per_drag(qtbot, document):
    page = make_page(qtbot, document)
    item = page.scene.node_item("dense_1")
    start = item.scenePos() + QPointF(-50, 5)  # the body, away from the ports
    drag(page.view, start, start + QPointF(120, 0))
    assert document.spec.node("dense_1").position == (120.0, 100.0)
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "Move dense_1"
    assert page.scene.node_item("dense_1").pos() == QPointF(120, 100)
    start = page.scene.node_item("dense_1").scenePos() + QPointF(-50, 5)
    drag(page.view, start, start + QPointF(0, 20))
    assert document.spec.node("dense_1").position == (120.0, 120.0)
    assert document.undo_stack.count() == 2  # a second drag is its own step
    document.undo_stack.undo()
    assert document.spec.node("dense_1").position == (120.0, 100.0)
    document.undo_stack.undo()
    assert document.spec.node("dense_1").position == (0.0, 100.0)
    assert page.scene.node_item("dense_1").pos() == QPointF(0, 100)


def test_mouse_drag_from_output_port_to_input_port_connects(qtbot, document):
    page = make_page(qtbot, document)
    new_id = page.controller.add_layer("Add", (250.0, 300.0))
    page.controller.connect("dense_2", new_id)
    source = page.scene.node_item("dense_1")
    target = page.scene.node_item(new_id)
    drag(page.view, source.port_pos("out"), target.port_pos("in"))
    assert document.spec.inputs_of(new_id) == ["dense_2", "dense_1"]
    assert document.undo_stack.undoText() == f"Connect dense_1 → {new_id}"
    assert not any(type(i).__name__ == "LiveEdgeItem" for i in page.scene.items())
    # an invalid target is refused with a message and changes nothing
    count = document.undo_stack.count()
    drag(page.view, page.scene.node_item("dense_2").port_pos("out"), source.port_pos("in"))
    assert document.undo_stack.count() == count
    assert page.status.text().startswith("Cannot connect")
    # releasing on empty canvas cancels
    drag(page.view, source.port_pos("out"), QPointF(-400, -300))
    assert document.undo_stack.count() == count and "cancelled" in page.status.text()


def test_rubber_band_selects_several_layers(qtbot, document):
    page = make_page(qtbot, document)
    a = page.scene.node_item("dense_1").sceneBoundingRect()
    b = page.scene.node_item("dense_2").sceneBoundingRect()
    drag(page.view, QPointF(a.left() - 60, a.top() + 15), QPointF(b.right() + 60, b.bottom() - 15))
    assert page.selected_node_ids() == ["dense_1", "dense_2"]
    assert document.undo_stack.count() == 0
    assert page.properties.title.text() == "2 layers selected"


def test_copied_layers_do_not_crash_the_app_at_exit(tmp_path):
    """PySide6 segfaults at exit when Qt deletes clipboard data that Python set; LayerLab takes it back first."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("from PySide6.QtWidgets import QApplication\n"
            "from gui.document import ProjectDocument\n"
            "from gui.pages.model.page import ModelPage\n"
            "app = QApplication([])\n"
            "doc = ProjectDocument()\n"
            "page = ModelPage(doc)\n"
            "page.select_nodes([n.id for n in doc.spec.nodes][:1])\n"
            "page.actions['copy'].trigger()\n"
            "print('copied', QApplication.clipboard().mimeData().formats())\n")
    root = Path(__file__).resolve().parents[4]
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "application/x-layerlab-layers" in proc.stdout, (proc.returncode, proc.stderr[-2000:])
