"""Where runs are saved: an unsaved project numbers its runs in a folder of its own, and the app removes
the temporary folders it made (only the files it named there) when it quits."""

import subprocess
import sys
from pathlib import Path

from engine.runs.record import RunRecord
from gui.pages.training import run_files


def _record_for(bundle: Path) -> RunRecord:
    bundle.write_bytes(b"model")
    run_files.checkpoint_for(bundle).write_bytes(b"checkpoint")
    run_files.metrics_csv_for(bundle).write_text("epoch\n1\n")
    return RunRecord(task="binary", bundle=str(bundle), checkpoint=str(run_files.checkpoint_for(bundle)))


def test_each_unsaved_project_numbers_its_runs_from_one_in_its_own_folder(qtbot, tmp_path):
    from gui.document import ProjectDocument

    first, second = ProjectDocument(), ProjectDocument()
    bundle, checkpoint = run_files.next_run_paths(first)
    assert bundle.name == "run-001.llmodel" and checkpoint.name == "run-001.llmodel.ckpt"
    first.add_run(_record_for(bundle))
    assert run_files.next_run_paths(first)[0].name == "run-002.llmodel"
    other = run_files.next_run_paths(second)[0]
    assert other.name == "run-001.llmodel", "another document's Run 1 is run-001 too"
    assert other.parent != bundle.parent and other.parent.parent == tmp_path / "temp-runs"
    first.start_project_for_table()  # File ▸ New on a table: a new project, a new folder
    assert run_files.next_run_paths(first)[0].parent not in (bundle.parent, other.parent)


def test_saved_projects_keep_runs_beside_them_and_skip_names_in_use(qtbot, tmp_path):
    from gui.document import ProjectDocument

    doc = ProjectDocument()
    doc.path = tmp_path / "churn.layerlab"
    folder = tmp_path / "churn_runs"
    folder.mkdir()
    (folder / "run-001-metrics.csv").write_text("not ours")
    assert run_files.next_run_paths(doc)[0] == folder / "run-002.llmodel"


def test_quitting_removes_the_temporary_folders_but_never_a_file_it_did_not_write(qtbot, tmp_path):
    from gui.document import ProjectDocument

    ours, shared = ProjectDocument(), ProjectDocument()
    _record_for(run_files.next_run_paths(ours)[0])
    bundle = run_files.next_run_paths(shared)[0]
    _record_for(bundle)
    stranger = bundle.parent / "notes.txt"
    stranger.write_text("a person's file")
    folders = run_files.temp_folders()
    assert len(folders) == 2 and bundle.parent in folders
    run_files.remove_temp_folders()
    assert not (folders[0] if folders[1] == bundle.parent else folders[1]).exists()
    assert stranger.read_text() == "a person's file" and not bundle.exists()
    assert run_files.temp_folders() == [bundle.parent], "the folder holding another file is left"
    stranger.unlink()
    run_files.remove_temp_folders()
    assert run_files.temp_folders() == []


def test_quitting_removes_an_unsaved_projects_sweep_but_not_a_stranger_in_its_trials_folder(qtbot):
    from gui.document import ProjectDocument

    folder = run_files.runs_dir(ProjectDocument())
    database, trials = folder / "untitled.sweep.db", folder / "untitled.sweep-trials"
    trials.mkdir()
    for file in (database, trials / "trial-0000.llmodel", trials / "trial-0000.run.json"):
        file.write_bytes(b"sweep")
    stranger = trials / "notes.txt"
    stranger.write_text("a person's file")
    run_files.note_temp_sweep(database)
    run_files.remove_temp_folders()
    assert sorted(p.name for p in folder.rglob("*")) == ["notes.txt", "untitled.sweep-trials"]
    stranger.unlink()
    run_files.remove_temp_folders()
    assert not folder.exists() and run_files.temp_folders() == []

def test_an_app_that_trains_and_quits_leaves_no_temporary_folder(tmp_path):
    """At interpreter exit (the app's quit) the folders are removed without anyone calling for it."""
    code = ("from pathlib import Path; from gui.pages.training import run_files as r;"
            f"r.TEMP_ROOT = Path({str(tmp_path)!r});"
            "doc = type('Doc', (), {'path': None, 'runs': []})();"
            "b, c = r.next_run_paths(doc); b.write_bytes(b'm'); c.write_bytes(b'c'); print(b.parent)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[4])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() and not Path(out.stdout.strip()).exists()
    assert list(tmp_path.iterdir()) == []
