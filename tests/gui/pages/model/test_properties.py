"""Properties panel: a form generated from Param declarations; undoable, merged, validated edits."""

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QSpinBox

from engine.graph import ModelSpec
from engine.layers import REGISTRY

@pytest.fixture
def page(qtbot, document):
    from gui.pages.model.page import ModelPage

    widget = ModelPage(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_form_is_generated_from_param_declarations(page):
    page.select_nodes(["dense_1"])
    panel = page.properties
    assert panel.node_id == "dense_1" and "dense_1" in panel.title.text()
    units, activation, bias = (panel.editors[k] for k in ("units", "activation", "bias"))
    declared = REGISTRY["Dense"].param("units")
    assert isinstance(units, QSpinBox) and (units.minimum(), units.maximum()) == (declared.minimum, declared.maximum)
    assert units.value() == 64 and declared.help in units.toolTip()
    assert isinstance(activation, QComboBox)
    assert [activation.itemText(i) for i in range(activation.count())] == list(REGISTRY["Dense"].param("activation").choices)
    assert isinstance(bias, QCheckBox) and bias.isChecked()
    assert panel.advanced_box is not None and not panel.advanced_box.isVisible()  # advanced starts collapsed
    panel.advanced_toggle.setChecked(True)
    assert panel.advanced_box.isVisible() and bias.isVisible()


def test_edits_are_undoable_and_spinning_merges_into_one_step(page, document):
    before = document.spec.to_dict()
    page.select_nodes(["dense_1"])
    units = page.properties.editors["units"]
    for _ in range(5):
        units.stepBy(1)
    assert document.spec.node("dense_1").params["units"] == 69
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change Units of dense_1"
    after_units = document.spec.to_dict()
    page.properties.set_param("activation", "tanh")
    assert document.undo_stack.count() == 2  # a different field is a new step
    assert page.scene.node_item("dense_1").title == "Dense 69 · Tanh"
    page.properties.set_param("bias", False)
    assert document.spec.node("dense_1").params["bias"] is False
    assert document.undo_stack.count() == 3
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.spec.to_dict() == after_units
    assert page.properties.editors["activation"].currentText() == "relu"
    document.undo_stack.undo()
    assert document.spec.to_dict() == before
    assert units.value() == 64  # the form follows the document
    units.stepBy(1)  # after an undo a new step starts, never merged into an undone one
    assert document.undo_stack.count() == 1 and document.spec.node("dense_1").params["units"] == 65


def test_editing_another_layer_is_a_separate_step(page, document):
    page.select_nodes(["dense_1"])
    page.properties.set_param("units", 10)
    page.select_nodes(["dense_2"])
    page.properties.set_param("units", 10)
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.spec.node("dense_1").params["units"] == 10
    assert document.spec.node("dense_2").params["units"] == 64


def test_invalid_value_shows_the_engine_message_and_marks_the_node(page, document):
    spec = document.spec.copy()
    spec.node("dense_2").params["units"] = 0  # e.g. from a hand-edited project file
    document.edit_spec(spec, "Bad units")
    page.select_nodes(["dense_2"])
    panel = page.properties
    messages = [p.message for p in document.problems() if p.node_id == "dense_2"]
    assert messages and "Units" in messages[0]
    assert not panel.problem_label.isHidden() and messages[0] in panel.problem_label.text()
    assert "d32f2f" in panel.editors["units"].styleSheet()
    item = page.scene.node_item("dense_2")
    assert item.has_problem and messages[0] in item.toolTip()
    texts = [page.problems.list.item(i).text() for i in range(page.problems.list.count())]
    assert messages[0] in texts
    panel.set_param("units", 16)  # fixing it clears everything
    assert panel.problem_label.isHidden() and not item.has_problem and document.problems() == []


def test_float_params_show_compactly_and_step_by_decades(page, document):
    spec = document.spec.copy()
    spec.add_node("LayerNorm", position=(300.0, 100.0), node_id="norm")
    document.edit_spec(spec, "Add norm")
    page.select_nodes(["norm"])
    eps = page.properties.editors["eps"]
    assert eps.text() == "1e-05"
    eps.stepBy(1)
    assert document.spec.node("norm").params["eps"] == pytest.approx(1e-4)


def test_layers_without_params_and_multi_selection(page, document):
    spec = ModelSpec.chain([("ReLU", {})])
    document.edit_spec(spec, "ReLU only")
    page.select_nodes(["relu_1"])
    assert page.properties.editors == {}
    assert "ReLU" in page.properties.title.text()
    page.select_nodes(["relu_1", "input_1"])
    QApplication.processEvents()
    assert page.properties.node_id is None and page.properties.title.text() == "2 layers selected"
    page.select_nodes(["relu_1"])
    document.undo_stack.undo()  # the selected layer disappears with the undo
    assert page.properties.node_id is None


def test_source_and_shape_params_get_text_editors(page, document):
    from PySide6.QtWidgets import QLineEdit

    page.select_nodes(["input_1"])
    source = page.properties.editors["source"]
    assert isinstance(source, QComboBox) and source.isEditable() and source.currentText() == ""
    page.properties.set_param("source", "review")
    assert document.spec.node("input_1").params["source"] == "review"
    spec = document.spec.copy()
    reshape = spec.add_node("Reshape")
    document.edit_spec(spec, "add reshape")
    page.select_nodes([reshape.id])
    editor = page.properties.editors["shape"]
    assert isinstance(editor, QLineEdit) and editor.text() == "1,8,8"
    page.properties.set_param("shape", "2,4,8")
    assert document.spec.node(reshape.id).params["shape"] == "2,4,8"
    page.properties.set_param("shape", "2,,x")  # refused: the spec keeps the last good shape
    assert document.spec.node(reshape.id).params["shape"] == "2,4,8"
    assert "shape" in page.properties.problem_label.text()
    page.grab().save("/tmp/ll/properties_reshape.png")


def test_palette_has_the_new_categories(page):
    from engine.layers.catalog import categories

    grouped = categories()
    for name in ("Text & sequence", "Convolution & pooling", "Reshape"):
        assert name in grouped
    assert {"Embedding", "TransformerBlock", "Conv2d", "Flatten"} <= set(page.palette.type_names())
    page.grab().save("/tmp/ll/model_page_palette.png")
