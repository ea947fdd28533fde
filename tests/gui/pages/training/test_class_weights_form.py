"""The training settings form's class weights: none / balanced / custom text, each one undoable edit of the
config; a typo is explained and not applied; a numeric target disables the choice."""

from gui.pages.training.settings_form import TrainingSettingsForm


def _form(qtbot, document):
    form = TrainingSettingsForm(document)
    qtbot.addWidget(form)
    form.show()
    return form


def test_balanced_and_custom_weights_become_config_edits(qtbot, document):
    form = _form(qtbot, document)
    assert document.config.class_weights == "none" and form.custom_weights.isHidden()
    form.class_weights.setCurrentIndex(form.class_weights.findData("balanced"))
    assert document.config.class_weights == "balanced"
    form.class_weights.setCurrentIndex(form.class_weights.findData("custom"))
    assert not form.custom_weights.isHidden() and document.config.class_weights == "balanced"
    form.custom_weights.setText("No=1, Yes=3")
    form.custom_weights.editingFinished.emit()
    assert document.config.class_weights == {"No": 1.0, "Yes": 3.0}
    document.undo_stack.undo()
    assert document.config.class_weights == "balanced"
    assert form.class_weights.currentData() == "balanced" and form.custom_weights.isHidden()
    document.undo_stack.redo()
    assert form.custom_weights.text() == "No=1, Yes=3"


def test_a_typo_is_explained_and_not_applied(qtbot, document):
    form = _form(qtbot, document)
    form.class_weights.setCurrentIndex(form.class_weights.findData("custom"))
    form.custom_weights.setText("No=1, Yes=lots")
    form.custom_weights.editingFinished.emit()
    assert document.config.class_weights == "none"
    assert "Yes=lots" in form.class_weights_note.text() and not form.class_weights_note.isHidden()


def test_a_numeric_target_disables_class_weights(qtbot, document):
    form = _form(qtbot, document)
    schema = document.schema.copy()
    schema.set_task("regression")
    document.edit_schema(schema, "Predict a number")
    assert not form.class_weights.isEnabled()
    assert "no classes" in form.class_weights.toolTip()
