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


def test_a_process_that_loses_the_race_to_create_a_new_database_uses_it(tmp_path, monkeypatch):
    """Two processes open a new sweep database at once: both find no schema version, the other one stamps
    it first, and this one's insert fails (UNIQUE constraint failed: alembic_version.version_num)."""
    import optuna
    from alembic.runtime.migration import MigrationContext

    head = optuna.storages.RDBStorage(sqlite_url(tmp_path / "other.sweep.db")).get_head_version()
    path = tmp_path / "small.sweep.db"
    heads = MigrationContext.get_current_heads
    empty_reads = []

    def other_process_stamps_meanwhile(context):
        found = heads(context)
        if not found:
            empty_reads.append(True)
            if len(empty_reads) == 2:  # Optuna checked, alembic's stamp has just read: the other one inserts
                with sqlite3.connect(path) as other:  # alembic's own table, as its stamp creates it
                    other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
                    other.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
        return found

    monkeypatch.setattr(MigrationContext, "get_current_heads", other_process_stamps_meanwhile)
    storage = open_storage(sqlite_url(path))
    assert len(empty_reads) == 2 and storage.get_all_studies() == []
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]


def test_a_sweep_database_being_created_is_joined_not_refused(tmp_path):
    """Another process joins a new SQLite sweep while Optuna is still creating its tables (some exist, others
    not yet): that file is a sweep database, not another program's (the killed-and-resumed test met this)."""
    creating = tmp_path / "new.sweep.db"
    with sqlite3.connect(creating) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("CREATE TABLE studies (study_id INTEGER NOT NULL)")
    open_storage(sqlite_url(creating))


def test_a_sweep_database_commits_without_waiting_for_the_disk_and_its_journals_are_its_files(make_job, tmp_path):
    """Write-ahead log, synchronous=NORMAL: a trial's per-epoch reports no longer wait 20 ms each for the disk."""
    from engine.sweeps.study_store import sqlite_sweep_paths

    job = make_job()
    study = prepare_study(job)
    connection = study._storage._backend.engine.raw_connection()  # noqa: SLF001 - the storage's own connection
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        connection.close()
    database = tmp_path / "small.sweep.db"
    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file
    names = [p.name for p in sqlite_sweep_paths(database)]
    assert {"small.sweep.db-wal", "small.sweep.db-shm"} <= set(names)
