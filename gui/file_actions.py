"""Project and data files: New, Open, Open CSV, examples, recent files, Save / Save As, close checks.

FileController owns the File-menu actions and the rules around them (ask before losing work,
stop a running training first, keep the project's column choices when its data is reloaded, a CSV
opened by the user starts a new untitled project, file dialogs open where that kind of file was last used).
The data itself is loaded by DataPage in the background; this class only decides what to open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from engine.errors import LayerLabError
from engine.io.examples import EXAMPLES
from engine.io.project import SUFFIX as PROJECT_SUFFIX
from engine.io.project import Project, data_outside_folder
from gui.infra import messages
from gui.document import ProjectDocument
from gui.infra.icons import standard_icon
from engine.runs.files import runs_folder_for
from gui.pages.training.run_files import gather_run_files
from gui.infra.settings import AppSettings

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PROJECT_FILTER = QT_TRANSLATE_NOOP("FileController", "LayerLab projects (*.layerlab)")
CSV_FILTER = QT_TRANSLATE_NOOP("FileController", "CSV tables (*.csv *.tsv *.txt);;All files (*)")
# what callers say they are about to do ("Stop it and close LayerLab?"): translated where the question is asked
DOINGS = (QT_TRANSLATE_NOOP("FileController", "continue"), QT_TRANSLATE_NOOP("FileController", "close LayerLab"),
          QT_TRANSLATE_NOOP("FileController", "start a new project"),
          QT_TRANSLATE_NOOP("FileController", "open another project"),
          QT_TRANSLATE_NOOP("FileController", "open another table"))


def foreign_model_problems(spec) -> list[str]:
    """Problems no edit in the app makes: a layer type this version lacks, a parameter out of range, a loop.

    They mark a file from elsewhere or edited by hand; work in progress (a layer not connected yet)
    is not listed, so a user's own unfinished design opens without a question.
    """
    from engine.errors import SpecError
    from engine.graph import validate
    from engine.layers import REGISTRY

    suspicious = set()
    for node in spec.nodes:
        layer = REGISTRY.get(node.type)
        if layer is None or not isinstance(node.params, dict) or layer.validate_params(node.params):
            suspicious.add(node.id)
    try:
        spec.topological_order()
    except SpecError:
        suspicious.update(n.id for n in spec.nodes
                          if any(spec.reaches(t, n.id) for t in spec.outputs_of(n.id)))
    if not suspicious:
        return []
    return [p.message for p in validate(spec) if p.node_id in suspicious]


def load_example(document: ProjectDocument, name: str) -> None:
    """Show a bundled example as the engine sets it up (engine.io.examples.load_example): its data with the
    target chosen, its template, its training settings and split.

    Raises:
        KeyError: unknown example; DataError: its CSV cannot be read.
    """
    from engine.io.examples import load_example as load_bundled_example

    loaded = load_bundled_example(name)
    document.load_project(Project(spec=loaded.spec, config=loaded.config, split=loaded.split,
                                  name=loaded.example.name), None)
    document.set_table(loaded.table, loaded.schema)


class FileController(QObject):
    """The File menu's behaviour. Signals: recent_files_changed(list), status_message(str), project_opened(str)."""

    recent_files_changed = Signal(list)
    status_message = Signal(str)
    project_opened = Signal(str)

    def __init__(self, window: QWidget, document: ProjectDocument, settings: AppSettings, data_page, training_page):
        super().__init__(window)
        self.window, self.document, self.settings = window, document, settings
        self.data_page, self.training_page = data_page, training_page
        # (csv path, project schema, keep modified) while a project's data loads
        self._pending_data: tuple[str, object, bool] | None = None
        self._new_project = False  # the table loading becomes the data of a new untitled project
        self.actions = self._make_actions()
        self.examples_menu = QMenu(self.tr("Open &example"), window)
        for name, example in EXAMPLES.items():
            action = self.examples_menu.addAction(name, lambda n=name: self.open_example(n))
            action.setStatusTip(example.description)
        self.recent_menu = QMenu(self.tr("&Recent files"), window)
        self.recent_menu.aboutToShow.connect(self._rebuild_recent_menu)
        self._rebuild_recent_menu()
        data_page.load_finished.connect(self._on_data_page_load_finished)
        data_page.load_failed.connect(self._on_data_page_load_failed)
        data_page.inline_errors = False  # a failed load is one dialog (ours), not a dialog and a red bar
        button = getattr(data_page, "open_button", None)
        if button is not None:  # the Data page's own "Open CSV…" follows the same rules as File ▸ Open CSV
            button.clicked.disconnect(data_page._on_open_button_clicked)
            button.clicked.connect(self.open_csv_dialog)

    def _make_actions(self) -> dict[str, QAction]:
        specs = [
            ("new", self.tr("&New project"), QKeySequence.StandardKey.New, self.new_project, "new"),
            ("open", self.tr("&Open project…"), QKeySequence.StandardKey.Open, self.open_project_dialog, "open"),
            ("open_csv", self.tr("Open &CSV…"), "Ctrl+Shift+O", self.open_csv_dialog, "open_csv"),
            ("save", self.tr("&Save"), QKeySequence.StandardKey.Save, self.save, "save"),
            ("save_as", self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs, self.save_as, None),
            ("quit", self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.window.close, None),
        ]
        actions = {}
        for key, text, shortcut, slot, icon in specs:
            action = QAction(text, self.window)
            action.setShortcut(QKeySequence(shortcut))
            if icon:
                action.setIcon(standard_icon(icon))
            action.triggered.connect(slot)
            actions[key] = action
        actions["save_as"].setShortcut(QKeySequence("Ctrl+Shift+S"))  # SaveAs is empty on some platforms
        actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        actions["open_csv"].setStatusTip(self.tr("Start a new project on a CSV table"))
        return actions

    # -- the "modified" rule ------------------------------------------------------------------------------
    def mark_as_opened(self) -> None:
        """Loading a project's data or an example is not work: the document counts as unmodified."""
        self.document.mark_clean()

    def needs_saving(self) -> bool:
        """True when closing would lose work."""
        return self.document.is_modified

    # -- guards ---------------------------------------------------------------------------------------------
    def confirm_stop_training(self, doing: str) -> bool:
        """If training runs, ask to stop it and wait for the run to end; False = the user cancelled."""
        page = self.training_page
        if not getattr(page, "is_training", False):
            return True
        if not messages.ask_yes_no(self.window, self.tr("Training is running"),
                                   self.tr("A training run is in progress. Stop it and {doing}?\n"
                                           "The run so far is kept.").format(
                                       doing=self.tr(doing) if doing in DOINGS else doing)):
            return False
        if not page.stop_and_wait(15000):
            messages.show_warning(self.window, self.tr("Training is still stopping"),
                                  self.tr("The training run did not stop in time. Try again in a moment."))
            return False
        return True

    def confirm_discard(self, doing: str = "continue") -> bool:
        """Training stopped and changes saved or discarded; False = the user cancelled."""
        if not self.confirm_stop_training(doing):
            return False
        if not self.needs_saving():
            return True
        answer = messages.ask_save_discard_cancel(self.window, self.document.title_name)
        if answer == messages.SAVE:
            return self.save()
        return answer == messages.DISCARD

    # -- opening ---------------------------------------------------------------------------------------
    def new_project(self) -> None:
        if not self.confirm_discard("start a new project"):
            return
        from engine.graph import load_template

        self._pending_data, self._new_project = None, False
        self.document.load_project(Project(spec=load_template("tutorial-mlp")), None)
        self.mark_as_opened()
        self.status_message.emit(self.tr("New project: open a CSV file to begin."))

    def open_example(self, name: str) -> bool:
        if not self.confirm_discard(self.tr("open the {name} example").format(name=name)):
            return False
        try:
            load_example(self.document, name)
        except (LayerLabError, KeyError, OSError) as exc:
            messages.show_error(self.window, self.tr("Cannot open the example"), exc)
            return False
        self._pending_data, self._new_project = None, False
        self.mark_as_opened()
        self.status_message.emit(self.tr("Example “{name}” loaded: press F5 to train.").format(name=name))
        return True

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open project"), str(self._start_folder("project")),
                                              self.tr(PROJECT_FILTER))
        if path:
            self.settings.remember_folder("project", path)
            self.open_project(path)

    def open_csv_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open CSV table"), str(self._start_folder("csv")),
                                              self.tr(CSV_FILTER))
        if path:
            self.settings.remember_folder("csv", path)
            self.open_csv(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a dropped, recent or command-line file: a project or a table, by its suffix."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == PROJECT_SUFFIX:
            return self.open_project(path)
        if suffix in CSV_SUFFIXES:
            return self.open_csv(path)
        messages.show_error(self.window, self.tr("Cannot open this file"),
                            self.tr("“{name}” is neither a LayerLab project (*.layerlab) nor a CSV table (*.csv).").format(
                                name=path.name))
        return False

    def open_project(self, path: str | Path) -> bool:
        if not self.confirm_discard("open another project"):
            return False
        try:
            project = Project.load(path)
        except LayerLabError as exc:
            messages.show_error(self.window, self.tr("Cannot open the project"), exc)
            return False
        problems = foreign_model_problems(project.spec)
        if problems and not messages.ask_yes_no(
                self.window, self.tr("The project's model has problems"),
                self.tr("“{name}” has a model this version of LayerLab cannot train as it is:").format(name=Path(path).name)
                + "\n" + "\n".join(f"• {p}" for p in problems[:6]) + ("\n…" if len(problems) > 6 else "") + "\n\n"
                + self.tr("Open it anyway and fix it on the Model page? (No keeps what is open now.)")):
            return False
        self._pending_data, self._new_project = None, False
        self.document.load_project(project, path)
        self._add_recent(path)
        self.project_opened.emit(str(path))
        data_path = project.data_path
        located = False
        if data_path and not Path(data_path).is_file():
            data_path = self._locate_missing_data(data_path)
            located = bool(data_path)
        elif data_path and not self._may_read_data(data_path, path):
            data_path = None
        if data_path:  # a located file changes the project: that is work to save
            self._load_project_data(data_path, project.schema, keep_modified=located)
        else:
            self.mark_as_opened()
        if problems and hasattr(self.window, "show_page"):
            self.window.show_page("Model")
        self.status_message.emit(self.tr("Opened project {name}.").format(name=Path(path).name))
        return True

    def open_recovered(self, project: Project, original_path: str | None) -> None:
        """Show a project restored from a crash-recovery file: modified, with its own path remembered
        (so Save writes to the original file). Its data is loaded in the background as for Open."""
        self._pending_data, self._new_project = None, False
        self.document.load_project(project, original_path)
        self.document.mark_modified()
        data_path = project.data_path
        if data_path and Path(data_path).is_file():
            self._load_project_data(data_path, project.schema, keep_modified=True)
        self.status_message.emit(self.tr("Restored the autosaved copy of {name}: save it to keep it.").format(
            name=self.document.display_name))

    def open_csv(self, path: str | Path) -> bool:
        """Start a new untitled project on a CSV (File ▸ Open CSV, the Data page, a drop, a recent file).

        The current project is offered for saving first; its file is never written with the new data.
        Once the table is loaded (in the background, by the Data page) the project gets the template
        that fits the data, default settings and no runs. One exception: a project without file and
        data whose design the user already changed (New, then Import Keras code) takes the CSV as its data.
        """
        blank = self.document.path is None and self.document.table is None and not self.document.runs
        keep_design = blank and self.document.is_modified
        if not (self.confirm_stop_training("open another table") if keep_design
                else self.confirm_discard("open another table")):
            return False
        self._pending_data, self._new_project = None, not keep_design
        self.data_page.open_csv(str(path))
        self.status_message.emit(self.tr("Loading {name}…").format(name=Path(path).name))
        return True

    def _load_project_data(self, path: str, schema, keep_modified: bool = False) -> None:
        self._pending_data = (str(Path(path).resolve()), schema, keep_modified)
        self.data_page.open_csv(str(path), schema=schema)

    def _locate_missing_data(self, data_path: str) -> str | None:
        if not messages.ask_yes_no(self.window, self.tr("Data file not found"),
                                   self.tr("This project's data file was not found:\n{path}\n\n"
                                           "Locate it now? (Choose No to open the project without data.)").format(
                                       path=data_path)):
            return None
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Locate {name}").format(name=Path(data_path).name),
                                              str(Path(data_path).parent), self.tr(CSV_FILTER))
        if path:
            self.settings.remember_folder("csv", path)
        return path or None

    def _may_read_data(self, data_path: str, project_path: str | Path) -> bool:
        """A project from someone else may point at any file here (`../../secret/creds.csv`), whose values
        would end up in the models trained on it: ask before reading a table outside the project's folder
        that the user never opened themselves."""
        if not data_outside_folder(data_path, project_path) or self.settings.trusts_data_file(data_path):
            return True
        return messages.ask_yes_no(
            self.window, self.tr("Read a file outside the project's folder?"),
            self.tr("“{name}” reads its data from\n{path}\n"
                    "which lies outside the project's folder and was never opened in LayerLab on this computer.\n\n"
                    "Projects shared by others can point at any file; its values would end up in the models you train "
                    "and share.\n\nRead this file? (No opens the project without data; choose a table on the Data "
                    "page.)").format(name=Path(project_path).name, path=Path(data_path).resolve()))

    def _on_data_page_load_finished(self, path: str) -> None:
        self.settings.trust_data_file(path)  # the user chose or allowed it: no question next time
        pending, self._pending_data = self._pending_data, None
        if pending is None:  # a table the user opened (a project's own data is not a recent file)
            if self._new_project:
                self._new_project = False
                self.document.start_project_for_table()
            self._add_recent(path)
            self.status_message.emit(self.tr("Loaded {name}.").format(name=Path(path).name))
            return
        if not pending[2]:
            self.mark_as_opened()

    def _on_data_page_load_failed(self, message: str) -> None:
        self._pending_data, self._new_project = None, False
        messages.show_error(self.window, self.tr("Cannot open the table"), message)

    # -- saving ------------------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        default = str(self._start_folder("project") / f"{self.document.suggested_name}{PROJECT_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save project as"), default, self.tr(PROJECT_FILTER))
        if not path:
            return False
        self.settings.remember_folder("project", path)
        if not path.lower().endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        """Save atomically; run files outside `<stem>_runs/` are copied there first, and the project
        stores run paths relative to its folder. On failure the previous file is intact and the work open."""
        path = Path(path)
        project = self.document.project
        before = project.runs
        try:
            runs, copied = gather_run_files(self.document.runs, path)
        except OSError as exc:
            messages.show_error(self.window, self.tr("Cannot save the project"),
                                self.tr("Could not copy the trained models into '{folder}': {error}.\n\n"
                                        "Your work is still open; save it to another folder.").format(
                                    folder=runs_folder_for(path), error=exc.strerror or exc))
            return False
        project.runs = runs
        try:
            saved = self.document.save(path)
        except (LayerLabError, OSError, ValueError) as exc:
            project.runs = before
            for file in copied:
                file.unlink(missing_ok=True)
            message = str(exc) if str(path) in str(exc) or path.name in str(exc) else f"'{path}': {exc}"
            messages.show_error(self.window, self.tr("Cannot save the project"),
                                message + "\n\n" + self.tr("Your work is still open; save it to another file."))
            return False
        project.runs = runs
        if copied:
            self.document.runs_changed.emit()  # the runs' files moved: views showing a path follow
        self._add_recent(saved)
        self.status_message.emit(self.tr("Saved {name}.").format(name=saved.name))
        return True

    # -- recent files ---------------------------------------------------------------------------------------
    def _add_recent(self, path) -> None:
        files = self.settings.add_recent_file(path)
        self.recent_files_changed.emit(files)

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for index, path in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{index} {Path(path).name}", lambda p=path: self.open_path(p))
            action.setStatusTip(path)
        if not files:
            self.recent_menu.addAction(self.tr("(no recent files)")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.recent_files_changed.emit([])

    def _start_folder(self, kind: str) -> Path:
        """Where a dialog for `kind` ("csv", "project") opens (AppSettings.start_folder's rule)."""
        return self.settings.start_folder(kind, self.document)

