"""Storages that cannot be used get one message: a locked SQLite file, an unreachable server, a user's file."""

import socket
import sqlite3

import pytest

from engine.sweeps import SweepError
from engine.sweeps.runner import prepare_study
from engine.sweeps.study_store import normalise_url, open_storage, shown_url, sqlite_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_locked_sqlite_file_gets_one_message(make_job, tmp_path):
    job = make_job(lock_timeout=0.3)
    prepare_study(job)  # a sweep database that another program then locks
    holder = sqlite3.connect(tmp_path / "small.sweep.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(SweepError) as caught:
            prepare_study(job)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    text = str(caught.value)
    assert "small.sweep.db' is locked by another program (waited 0.3 s)" in text
    assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    prepare_study(job)  # unlocked: usable again


def test_an_unreachable_database_url_gets_one_message_without_the_password(make_job):
    url = f"postgresql://sweeper:s3cret@127.0.0.1:{free_port()}/layerlab"
    with pytest.raises(SweepError) as caught:
        prepare_study(make_job(storage_url=url))
    text = str(caught.value)
    assert text.startswith("Cannot reach the sweep database at postgresql+psycopg://sweeper:***@127.0.0.1:")
    assert "s3cret" not in text and "Check the host, port" in text
    assert "\n" not in text


def test_a_users_file_is_never_written_into(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n")
    with pytest.raises(SweepError, match="exists and is not a sweep database"):
        open_storage(sqlite_url(notes))
    assert notes.read_text() == "my notes\n"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
    before = other.read_bytes()
    with pytest.raises(SweepError, match="SQLite database of another program"):
        open_storage(sqlite_url(other))
    assert other.read_bytes() == before


def test_urls():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("x.sweep.db").startswith("sqlite:///") and normalise_url("x.sweep.db").endswith("/x.sweep.db")
    assert shown_url("postgresql://u:pw@h:5/db") == "postgresql://u:***@h:5/db"
