"""Model page canvas, issue #11 items 9 and 12: palette drops snap to arrows, structural edits
keep the model laid out (no overlaps, no gaps), skip connections go around layers, and the
Input width and the hidden layers are explained in words."""

import itertools

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent

from engine.graph import Edge, ModelSpec

from tests.gui.pages.model.test_canvas import make_page

def _mime(type_name: str) -> QMimeData:
    from gui.pages.model.view import LAYER_MIME

    data = QMimeData()
    data.setData(LAYER_MIME, type_name.encode())
    return data


def _drop(view, type_name: str, scene_pos: QPointF) -> None:
    point = QPointF(view.mapFromScene(scene_pos))
    data = _mime(type_name)  # the event does not own its data: keep it alive while it is used
    view.dropEvent(QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))


def _drag_over(view, type_name: str, scene_pos: QPointF) -> None:
    point = view.mapFromScene(scene_pos)
    data = _mime(type_name)
    view.dragMoveEvent(QDragMoveEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                                      Qt.KeyboardModifier.NoModifier))


def _cards_overlap(a, b) -> bool:
    from gui.pages.model.node_item import NODE_HEIGHT, NODE_WIDTH

    return abs(a[0] - b[0]) < NODE_WIDTH and abs(a[1] - b[1]) < NODE_HEIGHT


def _assert_no_overlap(page) -> None:
    shown = page.scene.displayed_positions()
    for (i, a), (j, b) in itertools.combinations(shown.items(), 2):
        assert not _cards_overlap(a, b), f"{i} at {a} overlaps {j} at {b}"


def _midpoint(page, key) -> QPointF:
    edge = next(e for e in page.scene.edge_items() if e.key == key)
    return edge.path().pointAtPercent(0.5)


def test_drop_near_an_arrow_inserts_into_it(qtbot, document):
    page = make_page(qtbot, document)
    _drop(page.view, "BatchNorm", _midpoint(page, ("dense_1", "dense_2")) + QPointF(45, 0))
    spec = document.spec
    assert spec.inputs_of("batchnorm_1") == ["dense_1"] and spec.inputs_of("dense_2") == ["batchnorm_1"]
    assert document.problems() == [] and document.training_blocker() is None
    assert document.undo_stack.count() == 1
    _assert_no_overlap(page)
    document.undo_stack.undo()
    assert not document.spec.has_node("batchnorm_1") and document.spec.inputs_of("dense_2") == ["dense_1"]


def test_dragging_over_the_canvas_highlights_the_arrow_a_drop_would_use(qtbot, document):
    page = make_page(qtbot, document)
    near = _midpoint(page, ("dense_2", "output_1")) + QPointF(-50, 0)
    _drag_over(page.view, "Dropout", near)
    lit = [e.key for e in page.scene.edge_items() if e.drop_target]
    assert lit == [("dense_2", "output_1")]
    assert "dense_2" in page.status.text() and "output_1" in page.status.text()
    _drag_over(page.view, "Dropout", QPointF(600, 150))
    assert not any(e.drop_target for e in page.scene.edge_items())


def test_drop_far_from_arrows_lands_where_it_covers_no_layer(qtbot, document):
    page = make_page(qtbot, document)
    dense_2 = page.scene.node_item("dense_2").pos()
    _drop(page.view, "LayerNorm", dense_2 + QPointF(150, 0))  # beside dense_2, too far from any arrow
    spec = document.spec
    assert spec.inputs_of("layernorm_1") == [] and document.undo_stack.undoText() == "Add LayerNorm"
    _assert_no_overlap(page)
    x, y = spec.node("layernorm_1").position
    assert abs(y - dense_2.y()) < 100 and x > dense_2.x()  # still near where it was dropped


def test_deleting_a_layer_in_a_chain_reconnects_and_closes_the_gap(qtbot, document):
    from gui.pages.model.layout import ROW_SPACING

    page = make_page(qtbot, document)
    before = document.spec.to_dict()
    page.select_nodes(["dense_1"])
    page.actions["delete"].trigger()
    spec = document.spec
    assert spec.inputs_of("dense_2") == ["input_1"] and document.problems() == []
    ys = [spec.node(i).position[1] for i in ("input_1", "dense_2", "output_1")]
    assert ys[1] - ys[0] == ROW_SPACING and ys[2] - ys[1] == ROW_SPACING  # no empty row left behind
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.spec.to_dict() == before


def test_inserting_and_connecting_lay_the_model_out_without_overlaps(qtbot, document):
    page = make_page(qtbot, document)
    controller = page.controller
    add = controller.insert_layer_on_edge("Add", "dense_2", "output_1")
    controller.insert_layer_on_edge("Dropout", "dense_1", "dense_2")
    # a layer dropped loose at the top, then wired in as a side branch into the Add
    branch = controller.add_layer("Dense", (300.0, 0.0))
    assert controller.connect("dense_1", branch) is None
    assert controller.connect(branch, add) is None
    assert document.problems() == []
    _assert_no_overlap(page)
    spec = document.spec
    ys = {n.id: n.position[1] for n in spec.nodes}
    assert all(ys[e.source] < ys[e.target] for e in spec.edges)  # the flow reads top-down again
    assert document.undo_stack.undoText() == f"Connect {branch} → {add}"


def _points(path, samples=200):
    return [path.pointAtPercent(i / samples) for i in range(samples + 1)]


def test_a_skip_connection_goes_around_the_layers_it_skips(qtbot, document):
    # Everything stacked in one column, as an old file or a hand-placed model may have it.
    spec = ModelSpec.chain([("Dense", {}), ("Dense", {}), ("Dense", {}), ("Add", {})])
    for row, node_id in enumerate(spec.topological_order()):
        spec.node(node_id).position = (0.0, row * 100.0)
    spec.edges.append(Edge("dense_1", "add_1"))
    document.edit_spec(spec, "Stacked")
    page = make_page(qtbot, document)
    skip = next(e for e in page.scene.edge_items() if e.key == ("dense_1", "add_1"))
    for node_id in ("dense_2", "dense_3"):
        item = page.scene.node_item(node_id)
        card = item.mapRectToScene(item.rect())
        assert not any(card.contains(p) for p in _points(skip.path())), f"the skip arrow crosses {node_id}"
    # the plain neighbours stay straight
    straight = next(e for e in page.scene.edge_items() if e.key == ("dense_1", "dense_2"))
    assert {round(p.x()) for p in _points(straight.path())} == {0}


def test_the_input_width_and_hidden_layers_are_explained(qtbot, document):
    page = make_page(qtbot, document)
    tip = page.scene.node_item("input_1").toolTip()
    assert "11 columns of your table become 31 numbers" in tip
    assert "one-hot" in tip and "contract: 3 categories → 3 inputs" in tip
    assert "one-hot" in page.scene.data_items()[0].toolTip()
    label = page.summary.total_label
    assert "11 columns → 31 inputs" in label.text() and "Hidden layers: 2" in label.text()
    assert "one-hot" in label.toolTip()
    input_row = page.summary.table.topLevelItem(0)
    assert "one-hot" in input_row.toolTip(0)
    # activation, dropout and norm layers do not count as hidden layers of their own
    page.controller.append_layer("Dropout")
    page.controller.append_layer("BatchNorm")
    assert len(document.spec.nodes) == 6 and "Hidden layers: 2" in label.text()
    page.controller.append_layer("Dense")
    assert "Hidden layers: 3" in label.text()


def test_a_page_closed_right_after_it_was_shown_runs_no_late_fit(qtbot, document):
    """The deferred fit-to-view belongs to the view: closing the page first cancels it (no RuntimeError)."""
    from PySide6.QtWidgets import QApplication

    from gui.pages.model.page import ModelPage

    page = ModelPage(document)
    page.resize(900, 600)
    page.show()  # schedules the first fit
    import shiboken6

    shiboken6.delete(page)  # gone before the event loop runs the fit
    QApplication.processEvents()
