"""The menu bar and the main toolbar, assembled from the actions the pages and controllers expose.

Nothing here implements behaviour: every entry is an action owned by a page (ModelPage.actions,
TrainingPage.train_action, EvaluatePage.export_action …), the FileController or the undo stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QToolBar

from engine.errors import LayerLabError
from gui.infra import messages
from gui.help_dialogs import make_help_actions
from gui.infra.icons import standard_icon
from gui.preferences_dialog import PreferencesDialog

EDIT_KEYS = ("delete", "copy", "paste", "duplicate", "select_all")
VIEW_KEYS = ("zoom_in", "zoom_out", "fit", "auto_layout")
PAGE_NAMES = ("Data", "Model", "Training", "Evaluate", "Experiments")  # keys; page_title() is what people read
PAGE_TITLES = {"Data": QT_TRANSLATE_NOOP("Menus", "Data"), "Model": QT_TRANSLATE_NOOP("Menus", "Model"),
               "Training": QT_TRANSLATE_NOOP("Menus", "Training"), "Evaluate": QT_TRANSLATE_NOOP("Menus", "Evaluate"),
               "Experiments": QT_TRANSLATE_NOOP("Menus", "Experiments")}
PAGE_ACTIONS = {"Data": QT_TRANSLATE_NOOP("Menus", "&Data page"), "Model": QT_TRANSLATE_NOOP("Menus", "&Model page"),
                "Training": QT_TRANSLATE_NOOP("Menus", "&Training page"),
                "Evaluate": QT_TRANSLATE_NOOP("Menus", "&Evaluate page"),
                "Experiments": QT_TRANSLATE_NOOP("Menus", "E&xperiments page")}
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text") calls


def page_title(name: str) -> str:
    """A page's tab title ("Data" …) in the user's language."""
    return translate("Menus", PAGE_TITLES[name])


@dataclass
class MenuParts:
    """What the menus are built from."""

    window: QMainWindow
    document: object
    files: object  # FileController
    tabs: QTabWidget
    model_page: object
    training_page: object
    evaluate_page: object


def _add(menu: QMenu, actions) -> None:
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def undo_redo_actions(parts: MenuParts) -> tuple[QAction, QAction]:
    stack = parts.document.undo_stack
    undo = stack.createUndoAction(parts.window, translate("Menus", "&Undo"))
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    undo.setIcon(standard_icon("undo"))
    redo = stack.createRedoAction(parts.window, translate("Menus", "&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(standard_icon("redo"))
    return undo, redo


def build_menus(parts: MenuParts) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Fill the window's menu bar; returns (actions by name, menus by name) for the toolbar, the window and tests."""
    window, files = parts.window, parts.files
    bar = window.menuBar()
    named: dict[str, QAction] = dict(files.actions)

    from gui.pages.evaluate.export_menu import ExportActions

    exports = ExportActions(window, parts.document, parts.evaluate_page, parts.tabs)
    file_menu = bar.addMenu(translate("Menus", "&File"))
    _add(file_menu, [files.actions["new"], files.actions["open"], files.actions["open_csv"], exports.import_keras])
    file_menu.addMenu(files.examples_menu)
    file_menu.addMenu(files.recent_menu)
    _add(file_menu, [None, files.actions["save"], files.actions["save_as"], None, parts.evaluate_page.export_action])
    export_as = file_menu.addMenu(translate("Menus", "Export &as"))
    _add(export_as, exports.export_actions.values())
    _add(file_menu, [parts.evaluate_page.predict_action, None, files.actions["quit"]])
    named["export"] = parts.evaluate_page.export_action
    named["predict"] = parts.evaluate_page.predict_action
    named["import_keras"] = exports.import_keras
    named["show_code"] = exports.show_code
    named.update({f"export_{fmt}": action for fmt, action in exports.export_actions.items()})

    undo, redo = undo_redo_actions(parts)
    named["undo"], named["redo"] = undo, redo
    edit_menu = bar.addMenu(translate("Menus", "&Edit"))
    model_actions = getattr(parts.model_page, "actions", {}) or {}
    _add(edit_menu, [undo, redo, None] + [model_actions[k] for k in EDIT_KEYS if k in model_actions])
    named["preferences"] = preferences_action(window)
    _add(edit_menu, [None, named["preferences"]])

    view_menu = bar.addMenu(translate("Menus", "&View"))
    page_group = QActionGroup(window)
    for index, name in enumerate(PAGE_NAMES):
        action = QAction(translate("Menus", PAGE_ACTIONS[name]), window, checkable=True)
        action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(lambda _=False, i=index: parts.tabs.setCurrentIndex(i))
        page_group.addAction(action)
        view_menu.addAction(action)
        named[f"page_{name.lower()}"] = action
    parts.tabs.currentChanged.connect(
        lambda i: page_group.actions()[i].setChecked(True) if 0 <= i < len(PAGE_NAMES) else None)
    page_group.actions()[max(0, parts.tabs.currentIndex())].setChecked(True)
    view_menu.addSeparator()
    _add(view_menu, [model_actions[k] for k in VIEW_KEYS if k in model_actions])
    view_menu.addSeparator()
    full_screen = QAction(translate("Menus", "&Full screen"), window, checkable=True)
    full_screen.setShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen))
    full_screen.toggled.connect(lambda on: window.showFullScreen() if on else window.showNormal())
    view_menu.addAction(full_screen)
    named["full_screen"] = full_screen

    model_menu = bar.addMenu(translate("Menus", "&Model"))
    templates_menu = model_menu.addMenu(translate("Menus", "&Templates"))
    from engine.graph import template_names

    for name in template_names():
        templates_menu.addAction(name, lambda n=name: apply_template(parts, n))
    model_menu.addSeparator()
    _add(model_menu, [model_actions[k] for k in ("auto_layout",) if k in model_actions] + [exports.show_code])

    train_menu = bar.addMenu(translate("Menus", "&Train"))
    page = parts.training_page
    _add(train_menu, [page.train_action, page.pause_action, page.stop_action, None, page.continue_action])
    named.update(train=page.train_action, pause=page.pause_action, stop=page.stop_action,
                 continue_training=page.continue_action)

    help_menu = bar.addMenu(translate("Menus", "&Help"))
    help_actions = make_help_actions(window, bar)
    _add(help_menu, [help_actions["shortcuts"], None, help_actions["about"]])
    named.update(help_actions)
    menus = {"export_as": export_as, "file": file_menu, "edit": edit_menu, "view": view_menu, "model": model_menu,
             "templates": templates_menu, "train": train_menu, "help": help_menu}
    return named, menus


def apply_template(parts: MenuParts, name: str) -> None:
    """Replace the model with a shipped template as one undoable edit."""
    from engine.graph import fit_inputs, load_template

    try:
        spec = load_template(name)
        context = parts.document.wait_for_context()  # usually known already; else worked out in a moment
        if context is not None:  # a text template on a table with a text column reads the text
            spec = fit_inputs(spec, context)
    except LayerLabError as exc:
        messages.show_error(parts.window, translate("Menus", "Cannot use the template"), exc)
        return
    parts.document.edit_spec(spec, translate("Menus", "Use template “{name}”").format(name=name))
    parts.tabs.setCurrentIndex(PAGE_NAMES.index("Model"))


def preferences_action(window: QMainWindow) -> QAction:
    """Edit ▸ Preferences… with the platform's shortcut (Ctrl+, where the platform names none)."""
    action = QAction(translate("Menus", "&Preferences…"), window)
    action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [QKeySequence("Ctrl+,")])
    action.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS: in the application menu

    action.triggered.connect(lambda: PreferencesDialog(window.settings, window).exec())
    return action


def build_tool_bar(window: QMainWindow, named: dict[str, QAction]) -> QToolBar:
    """Open, Save | Undo, Redo | Train, Pause, Stop."""
    bar = QToolBar(translate("Menus", "Main toolbar"), window)
    bar.setObjectName("main_toolbar")  # saveState needs a name
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.setMovable(False)
    icons = {"train": "train", "pause": "pause", "stop": "stop"}
    for key in ("open", "save", None, "undo", "redo", None, "train", "pause", "stop"):
        if key is None:
            bar.addSeparator()
            continue
        action = named[key]
        if key in icons and action.icon().isNull():
            action.setIcon(standard_icon(icons[key]))
        bar.addAction(action)
        if key in ("undo", "redo"):  # their text names the edit ("Undo Change split"): icon only, text as tooltip
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
