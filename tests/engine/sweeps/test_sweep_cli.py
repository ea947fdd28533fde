"""`layerlab sweep` refuses a space or storage it cannot use with one message (exit status 2, no traceback)."""

import json

from engine.cli.main import main


def test_an_empty_range_gets_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    space = tmp_path / "space.json"
    space.write_text(json.dumps({"params": [{"path": "learning_rate", "low": 0.1, "high": 0.001, "log": True}]}))
    assert main(["sweep", "--example", "wine", "--space", str(space), "--trials", "2"]) == 2
    err = capsys.readouterr().err
    assert "layerlab: error: The sweep space cannot be searched:" in err
    assert "'learning_rate' has an empty range" in err and "Traceback" not in err
    assert not (tmp_path / "wine.sweep.db").exists()  # nothing was created


def test_an_unreachable_storage_url_gets_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["sweep", "--example", "wine", "--trials", "2", "--storage",
                 "postgresql://me:pw@127.0.0.1:9/nowhere"])
    err = capsys.readouterr().err
    assert code == 2
    assert "layerlab: error: Cannot reach the sweep database at postgresql+psycopg://me:***@127.0.0.1:9/nowhere" in err
    assert "pw@" not in err and "Traceback" not in err


def test_a_users_file_as_storage_is_refused_and_left_alone(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "results.db"
    mine.write_text("precious")
    assert main(["sweep", "--example", "wine", "--trials", "2", "--storage", str(mine)]) == 2
    assert "is not a sweep database" in capsys.readouterr().err
    assert mine.read_text() == "precious"
