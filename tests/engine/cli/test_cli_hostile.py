"""Hostile inputs through the `layerlab` command line (issue #17): paths that are not files, typos of a
command, library warnings before our message, permissions of written files, stale temp files, words in the
numbers of a CSV to predict."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from engine.io.atomic import write_bytes_atomic
from tests.bad_corpus import assert_refused, cli
from tests.conftest import REPO


def _within(func, seconds: float = 10.0):
    result: dict = {}

    def target():
        result["value"] = func()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: the CLI opened something that is not a regular file"
    return result.get("value")


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "data.csv"
    os.mkfifo(path)
    yield path
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


def _commands(path, tmp_path, corpus):
    return {
        "info": ["info", path],
        "train": ["train", "--csv", path, "--target", "bought", "--out", tmp_path / "m.llmodel", "-q"],
        "predict": ["predict", corpus / "bundle_good.llmodel", path, "-o", tmp_path / "p.csv"],
        "import-keras": ["import-keras", path, "-o", tmp_path / "spec.json"],
    }


@pytest.mark.parametrize("command", ["info", "train", "predict", "import-keras"])
def test_named_pipe_never_blocks(fifo, tmp_path, corpus, capsys, command):
    argv = _commands(fifo, tmp_path, corpus)[command]
    _within(lambda: assert_refused(capsys, r"is a named pipe \(FIFO\), not a file", *argv))


@pytest.mark.parametrize("command,device", [("train", "/dev/zero"), ("info", "/dev/urandom"), ("info", "/dev/zero")])
def test_devices_are_not_read(tmp_path, corpus, capsys, command, device):
    if not Path(device).exists():
        pytest.skip(device)
    argv = _commands(device, tmp_path, corpus)[command]
    _within(lambda: assert_refused(capsys, r"is a device \(character device\), not a file", *argv))


def _project_with_data(corpus, tmp_path, data_path) -> Path:
    raw = json.loads((corpus / "project_good.layerlab").read_text())
    raw["data"]["path"] = str(data_path)
    project = tmp_path / "p.layerlab"
    project.write_text(json.dumps(raw))
    return project


def test_project_data_path_symlink_loop(corpus, tmp_path, capsys):
    loop = tmp_path / "loop.csv"
    os.symlink(tmp_path / "other.csv", loop)
    os.symlink(loop, tmp_path / "other.csv")
    project = _project_with_data(corpus, tmp_path, loop)
    assert_refused(capsys, "symbolic link that loops back on itself", "train", project,
                   "--out", tmp_path / "m.llmodel", "-q")


@pytest.mark.parametrize("kind,words", [("fifo", "named pipe"), ("folder", "a folder"), ("device", "a device")])
def test_project_data_path_not_a_file_says_what_it_is(corpus, tmp_path, capsys, kind, words):
    target = {"folder": tmp_path, "device": Path("/dev/zero")}.get(kind)
    if kind == "fifo":
        target = tmp_path / "pipe.csv"
        os.mkfifo(target)
    project = _project_with_data(corpus, tmp_path, target)
    err = _within(lambda: assert_refused(capsys, words, "train", project,
                                         "--out", tmp_path / "m.llmodel", "-q"))
    assert "no longer exists" not in err


# --- the launcher and the parser -----------------------------------------------------------------

def test_typo_of_a_command_is_not_the_app(monkeypatch, capsys):
    from gui import launcher

    monkeypatch.setattr(launcher, "open_gui", lambda argv: pytest.fail("opened the desktop app"))
    assert launcher.main(["trian"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'trian'" in err and "Did you mean 'train'?" in err


def test_an_existing_file_still_opens_the_app(monkeypatch, tmp_path):
    from gui import launcher

    project = tmp_path / "p.layerlab"
    project.write_text("{}")
    opened = []
    monkeypatch.setattr(launcher, "open_gui", lambda argv: opened.append(argv) or 0)
    assert launcher.main([str(project)]) == 0
    assert launcher.main([]) == 0
    assert opened == [[str(project)], []]


def test_library_warnings_do_not_come_before_the_message(tmp_path):
    code = ("import warnings, sys\n"
            "from engine.cli import info_cmd\n"
            "from engine.errors import DataError\n"
            "def run(args):\n"
            "    warnings.warn('torch: CUDA initialization: invalid device ordinal', UserWarning)\n"
            "    raise DataError('clean message')\n"
            "info_cmd.run = run\n"
            "from engine.cli.main import main\n"
            "sys.exit(main(['info', 'x.csv']))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "layerlab: error: clean message\n", done.stderr


# --- files we write ------------------------------------------------------------------------------

def test_written_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "a.llmodel", b"x")
        os.umask(0o002)
        write_bytes_atomic(tmp_path / "b.llmodel", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.llmodel").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.llmodel").stat().st_mode) == 0o664


def test_stale_temp_files_of_a_killed_write_are_removed(tmp_path):
    target = tmp_path / "run.ckpt"
    stale = tmp_path / ".run.ckpt.ab3_x9qz.tmp"          # left by a SIGKILL during a checkpoint write
    fresh = tmp_path / ".run.ckpt.k2j4h5g6.tmp"          # another writer, still busy
    other = tmp_path / ".other.ckpt.ab3_x9qz.tmp"        # another target's
    mine_not = tmp_path / ".run.ckpt.notatemp.bak"      # not our pattern
    for path in (stale, fresh, other, mine_not):
        path.write_bytes(b"half")
    old = time.time() - 3600
    for path in (stale, other, mine_not):
        os.utime(path, (old, old))
    write_bytes_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert not stale.exists()
    assert fresh.exists() and other.exists() and mine_not.exists()


def test_sigkill_during_write_leaves_nothing_behind_after_the_next_write(tmp_path):
    target = tmp_path / "epoch.ckpt"
    script = ("import os, signal, tempfile, sys\n"
              "import engine.io.atomic as a\n"
              "real = os.replace\n"
              "def die(src, dst):\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n"
              "a.os.replace = die\n"
              f"a.write_bytes_atomic({str(target)!r}, b'x' * 1000)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, timeout=120)
    assert done.returncode == -9
    leftovers = list(tmp_path.glob(".epoch.ckpt.*.tmp"))
    assert len(leftovers) == 1
    old = time.time() - 3600
    os.utime(leftovers[0], (old, old))
    write_bytes_atomic(target, b"next epoch")
    assert list(tmp_path.glob(".epoch.ckpt.*.tmp")) == []


# --- predict on words where numbers belong --------------------------------------------------------

def test_predict_refuses_a_column_of_words(corpus, tmp_path, capsys):
    assert_refused(capsys, r"Column 'age' should hold numbers but 3 of 5 rows hold something else \(e.g. 'forty'\)",
                   "predict", corpus / "bundle_good.llmodel", corpus / "numbers_as_words.csv",
                   "-o", tmp_path / "p.csv")
    assert not (tmp_path / "p.csv").exists()


def test_predict_warns_with_counts_per_column(corpus, tmp_path, capsys):
    csv = tmp_path / "few_words.csv"
    csv.write_text("age,income,city\nforty,30000,Paris\n33,20000,Lyon\n50,67000,Paris\n28,unknown,Lyon\n")
    code, _, err = cli(capsys, "predict", corpus / "bundle_good.llmodel", csv, "-o", tmp_path / "p.csv")
    assert code == 0, err
    assert "warning: values that are not numbers were filled in as missing: 'age': 1 of 4 rows; " \
           "'income': 1 of 4 rows" in err, err


def test_a_project_reading_data_outside_its_folder_is_said(tmp_path, capsys):
    """A shared project may point anywhere ('../../secret/creds.csv'); the CLI names the file it reads."""
    import json
    import shutil

    from engine.cli.main import main
    from engine.io.project import data_outside_folder
    from tests.bad_corpus import BAD

    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(BAD / "good.csv", secret / "creds.csv")
    folder = tmp_path / "shared" / "project"
    folder.mkdir(parents=True)
    project = json.loads((BAD / "project_good.layerlab").read_text())
    project["data"]["path"] = "../../secret/creds.csv"
    (folder / "p.layerlab").write_text(json.dumps(project))
    assert data_outside_folder(str(secret / "creds.csv"), folder / "p.layerlab")
    assert not data_outside_folder(str(folder / "sub" / "d.csv"), folder / "p.layerlab")
    code = main(["train", str(folder / "p.layerlab"), "--epochs", "1", "--out", str(tmp_path / "m.llmodel"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0 and "outside the project's folder" in err and "creds.csv" in err
