"""The Data page: background CSV loading, target/task, column roles and kinds, split, views."""

import pytest
from PySide6.QtCore import Qt

from engine.data import MISSING_TOKENS
from gui.pages.data.columns_model import KIND, ROLE


def _write_csv(path, rows=200):
    lines = ["id,age,city,score,label"]
    for i in range(rows):
        city = ("Paris", "Oslo", "NA", "Rome")[i % 4]  # "NA" is a missing token
        lines.append(f"{i},{20 + i % 50},{city},{i * 0.5:.1f},{'yes' if i % 3 else 'no'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _activate(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_open_csv_in_background_shows_rows(qtbot, data_page, document, tmp_path):
    path = _write_csv(tmp_path / "people.csv")
    progress = []
    data_page.loader.progress_changed.connect(progress.append)
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000) as blocker:
        data_page.open_csv(path)
        assert data_page.is_loading
        assert data_page.loading_bar.isVisibleTo(data_page)
    assert blocker.args == [str(path)]
    assert not data_page.is_loading and not data_page.loading_bar.isVisibleTo(data_page)
    assert progress and progress[-1] == 100
    assert document.table.path == path
    model = data_page.preview_model
    assert model.rowCount() == 200 and model.columnCount() == 5
    assert model.index(1, 1).data() == "21"
    missing = model.index(2, 2)  # "NA" in the file
    assert missing.data() == "—"
    assert missing.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert data_page.columns_model.rowCount() == 5
    assert data_page.summary_label.text().startswith("200 rows · 5 columns")
    assert "label" in data_page.summary_label.text()


def test_bad_csv_emits_load_failed_with_engine_message(qtbot, data_page, document, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n6,7,8\n", encoding="utf-8")
    before = document.table
    with qtbot.waitSignal(data_page.load_failed, timeout=10_000) as blocker:
        data_page.open_csv(path)
    message = blocker.args[0]
    assert "ragged.csv" in message and "line 3 has 2 fields" in message
    assert "Traceback" not in message
    assert data_page.error_bar.isVisibleTo(data_page) and data_page.error_label.text() == message
    assert document.table is before


def test_missing_file_fails_politely(qtbot, data_page, tmp_path):
    with qtbot.waitSignal(data_page.load_failed, timeout=10_000) as blocker:
        data_page.open_csv(tmp_path / "nope.csv")
    assert "File not found" in blocker.args[0]


def test_second_open_supersedes_the_first(qtbot, data_page, document, tmp_path):
    first = _write_csv(tmp_path / "first.csv", rows=300)
    second = _write_csv(tmp_path / "second.csv", rows=50)
    finished = []
    data_page.load_finished.connect(finished.append)
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000):
        data_page.open_csv(first)
        data_page.open_csv(second)
    qtbot.waitUntil(lambda: not data_page.loader.running_loads, timeout=10_000)
    qtbot.wait(50)
    assert finished == [str(second)]
    assert document.table.path == second and data_page.preview_model.rowCount() == 50


def test_cancel_keeps_the_current_data(qtbot, data_page, document, tmp_path):
    path = _write_csv(tmp_path / "people.csv")
    before = document.table
    with qtbot.assertNotEmitted(data_page.load_finished, wait=300):
        data_page.open_csv(path)
        data_page.cancel_load()
        assert not data_page.is_loading and not data_page.loading_bar.isVisibleTo(data_page)
    assert document.table is before


def test_summary_line_and_missing_policy(data_page):
    assert data_page.summary_label.text() == ("7,000 rows · 13 columns · 11 features (31 model inputs) → "
                                         "target churn (binary, 24% Yes)")
    assert "NA" in data_page.missing_label.text()
    assert all(token in data_page.missing_label.toolTip() for token in MISSING_TOKENS if token)
    assert not data_page.warnings_bar.isVisibleTo(data_page)  # churn.csv reads cleanly


def test_table_warnings_are_shown(qtbot, data_page, tmp_path):
    path = tmp_path / "dupes.csv"
    path.write_text("x,x,y\n1,2,a\n3,4,b\n5,6,a\n", encoding="utf-8")
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000):
        data_page.open_csv(path)
    assert data_page.warnings_bar.isVisibleTo(data_page)
    assert "Duplicate column names" in data_page.warnings_label.text()


def test_change_target_sets_task_and_undo_restores(qtbot, data_page, document):
    with qtbot.waitSignal(document.spec_changed):  # the Output layer follows
        _activate(data_page.target_combo, "tenure_months")
    assert document.schema.target == "tenure_months"
    assert document.schema.task == "regression"
    assert document.schema.column("churn").role == "feature"
    assert data_page.task_combo.currentText() == "auto (inferred: regression)"
    assert "→ target tenure_months (regression" in data_page.summary_label.text()
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.schema.target == "churn" and document.schema.task == "binary"
    assert data_page.target_combo.currentData() == "churn"
    assert data_page.columns_model.index(12, ROLE).data() == "target"


def test_change_task_is_one_undoable_edit(data_page, document):
    items = data_page.task_combo.model()
    regression = data_page.task_combo.findData("regression")
    assert not items.item(regression).isEnabled()  # churn holds Yes/No, not numbers
    _activate(data_page.task_combo, "multiclass")
    assert document.schema.task == "multiclass"
    assert data_page.task_combo.currentData() == "multiclass"
    document.undo_stack.undo()
    assert document.schema.task == "binary"
    assert data_page.task_combo.currentIndex() == 0  # auto


def test_multi_select_set_role_ignore_is_one_undo_step(data_page, document):
    names = ["gender", "partner", "contract"]
    data_page.select_columns(names)
    assert data_page.selected_columns() == names
    assert not data_page.columns_panel.role_actions["target"].isEnabled()  # one target only
    data_page.columns_panel.role_actions["ignore"].trigger()
    assert [document.schema.column(n).role for n in names] == ["ignore"] * 3
    assert document.undo_stack.count() == 1
    assert len(document.schema.features) == 8
    gender = data_page.preview_model.index(0, 1)
    assert gender.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    assert data_page.columns_model.index(1, ROLE).data() == "ignore"
    document.undo_stack.undo()
    assert [document.schema.column(n).role for n in names] == ["feature"] * 3
    assert data_page.columns_model.index(1, ROLE).data() == "feature"
    assert data_page.selected_columns() == names  # an undo keeps the selection


def test_set_kind_for_selection_and_from_the_model(data_page, document):
    data_page.select_columns(["support_calls", "num_products"])
    data_page.columns_panel.kind_actions["numeric"].trigger()
    assert document.schema.column("support_calls").kind == "numeric"
    assert document.schema.column("num_products").kind == "numeric"
    assert document.schema.column("num_products").reason == "numeric: set by you"
    assert document.undo_stack.count() == 1
    model = data_page.columns_model
    assert model.setData(model.index(1, KIND), "text")  # a single row through the delegate path
    assert document.schema.column("gender").kind == "text"
    assert document.schema.column("gender").role == "feature"  # free text is a model input (#13)
    assert document.undo_stack.count() == 2
    assert model.index(1, KIND).data() == "text"


def test_combo_edit_on_a_selected_row_applies_to_the_selection(data_page, document):
    data_page.select_columns(["gender", "partner"])
    panel = data_page.columns_panel
    index = panel.proxy.mapFromSource(data_page.columns_model.index(1, ROLE))
    panel._apply_choice(index, "ignore")
    assert document.schema.column("partner").role == "ignore"
    assert document.undo_stack.count() == 1


def test_split_edit_and_invalid_split_refused(data_page, document):
    panel = data_page.split_panel
    panel.train_spin.setValue(80)  # 80 + 15 + 15 = 110: refused
    assert document.split.train == pytest.approx(0.7)
    assert document.undo_stack.count() == 0
    assert panel.message.isVisibleTo(data_page) and "110\u00a0%" in panel.message.text()
    panel.test_spin.setValue(5)
    assert (document.split.train, document.split.val, document.split.test) == \
        pytest.approx((0.8, 0.15, 0.05))
    assert not panel.message.isVisibleTo(data_page)
    assert document.undo_stack.count() == 1
    panel.seed_spin.setValue(42)
    assert document.split.seed == 42 and document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert panel.train_spin.value() == 70 and panel.test_spin.value() == 15
    assert panel.seed_spin.value() == 0
    panel.val_spin.setValue(0)
    panel.train_spin.setValue(0)
    assert "above 0 %" in panel.message.text()


def test_distribution_for_numeric_and_categorical(data_page):
    data_page.select_columns(["tenure_months"])
    assert data_page.distribution.mode == "histogram"
    assert "min 0" in data_page.distribution.summary.text()
    data_page.select_columns(["contract"])
    assert data_page.distribution.mode == "bars"
    assert "top: Month-to-month" in data_page.distribution.summary.text()
    data_page.select_columns(["total_charges"])
    assert "266 missing (3.8 %)" in data_page.distribution.summary.text()
    data_page.preview_view.horizontalHeader().sectionClicked.emit(5)  # clicking a preview header
    assert data_page.selected_columns() == ["contract"]


def test_filter_narrows_the_column_list(data_page):
    data_page.columns_panel.filter_edit.setText("charges")
    assert data_page.columns_panel.proxy.rowCount() == 2
    data_page.columns_panel.filter_edit.clear()
    assert data_page.columns_panel.proxy.rowCount() == 13


def test_role_combo_editor_applies_to_the_selected_rows(qtbot, data_page, document):
    data_page.show()
    qtbot.waitExposed(data_page)
    data_page.select_columns(["gender", "partner", "contract"])
    panel = data_page.columns_panel
    index = panel.proxy.mapFromSource(data_page.columns_model.index(3, ROLE))  # partner
    panel.view.edit(index)
    from PySide6.QtWidgets import QComboBox

    combo = panel.view.findChild(QComboBox)
    assert combo is not None and combo.currentData() == "feature"
    combo.setCurrentIndex(combo.findData("ignore"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: document.schema.column("contract").role == "ignore")
    assert [document.schema.column(n).role for n in ("gender", "partner", "contract")] == \
        ["ignore"] * 3
    assert document.undo_stack.count() == 1


def test_reopening_a_projects_data_keeps_its_column_choices(qtbot, data_page, document, tmp_path):
    from engine.io.examples import get_example

    schema = document.schema.copy()
    schema.set_role("gender", "ignore")
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000):
        data_page.open_csv(get_example("churn").path, schema=schema)
    assert document.schema.column("gender").role == "ignore"
    assert not data_page.warnings_bar.isVisibleTo(data_page)
    with qtbot.waitSignal(data_page.load_finished, timeout=10_000):
        data_page.open_csv(_write_csv(tmp_path / "other.csv"), schema=schema)
    assert "inferred again" in data_page.warnings_label.text()
    assert document.schema.target == "label"
