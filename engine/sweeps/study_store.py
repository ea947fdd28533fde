"""Where a sweep's study lives: an SQLite file beside the project by default, or a shared database URL.

SQLite across processes: Optuna's RDBStorage works when writers wait for each other, so every
connection waits up to `lock_timeout` seconds for a locked file (sqlite3's `timeout`) and the study is
created once, by the sweep's own process, before any worker opens it (Optuna issues #820, #4034). A file
still locked after that gets one message naming it.

The file is in write-ahead-log mode with synchronous=NORMAL: a commit (a trial reports every epoch) no longer
waits for the disk (20-25 ms each, a third of a short trial, workers queueing for it). A crashed process still
loses nothing and the file stays whole; a power cut may lose the last commits, not the database. All processes
of a WAL database must be on one machine: many machines share a database server (PostgreSQL), not a file.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from engine.sweeps import SweepError

DB_SUFFIX = ".sweep.db"
TRIALS_SUFFIX = ".sweep-trials"
TRIAL_PREFIX = "trial-"  # every file a trial writes in the trials folder starts so (trial_run.TRIAL_STEM)
LOCK_TIMEOUT = 30.0  # seconds a worker waits for a locked SQLite file before giving up
CONNECT_TIMEOUT = 10  # seconds to reach a database server
SCHEMA_ATTEMPTS = 4  # each retry finds more of the schema a racing process created; four is plenty
SQLITE_HEADER = b"SQLite format 3\x00"
OPTUNA_TABLES = {"studies", "trials", "version_info"}
OPTUNA_ALL_TABLES = OPTUNA_TABLES | {"alembic_version", "study_directions", "study_system_attributes",
                                     "study_user_attributes", "trial_heartbeats", "trial_intermediate_values",
                                     "trial_params", "trial_system_attributes", "trial_user_attributes", "trial_values"}
"""Every table Optuna's RDB storage makes: a file holding only some of them is a sweep database being created."""


def default_db_path(folder: str | Path, stem: str) -> Path:
    """`<stem>.sweep.db` in `folder`: the default storage of a project's (or CSV's, or example's) sweeps."""
    return Path(folder) / (stem + DB_SUFFIX)


def sqlite_url(path: str | Path) -> str:
    return "sqlite:///" + Path(path).resolve().as_posix()


def sqlite_path(url: str) -> Path | None:
    """The file of an sqlite:/// URL, or None for another kind of database."""
    if not url.startswith("sqlite:///"):
        return None
    return Path(url[len("sqlite:///"):])


def trials_folder_for(url: str, fallback: Path) -> Path:
    """Where trials' bundles are kept: `<db stem>.sweep-trials/` beside an SQLite file, else `fallback`."""
    path = sqlite_path(url)
    if path is None:
        return fallback
    name = path.name[:-len(DB_SUFFIX)] if path.name.endswith(DB_SUFFIX) else path.stem
    return path.with_name(name + TRIALS_SUFFIX)


def sqlite_sweep_paths(path: str | Path) -> list[Path]:
    """What a sweep in this SQLite file writes, in an order to remove it: its trials' files, their folder,
    the database and its journals."""
    path = Path(path)
    trials = trials_folder_for(sqlite_url(path), path.parent)
    journals = [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]
    return [*sorted(trials.glob(TRIAL_PREFIX + "*")), trials, path, *journals]


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def normalise_url(url: str) -> str:
    """A plain postgresql:// URL uses psycopg (3), the driver LayerLab installs; a path becomes an sqlite URL."""
    if "://" not in url:
        return sqlite_url(url)
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def check_sqlite_file(path: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
    """Refuse a file that is not a sweep database (never write into a user's other files), a folder, or a
    missing folder."""
    if path.is_dir():
        raise SweepError(f"The sweep storage '{path}' is a folder: give a file name such as "
                         f"'{path / ('sweep' + DB_SUFFIX)}'.")
    if not path.parent.is_dir():
        raise SweepError(f"The folder of the sweep storage '{path}' does not exist.")
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise SweepError(f"'{path}' exists and is not a sweep database; LayerLab will not write into it. "
                         "Choose another --storage file, or move that file away.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=lock_timeout) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.OperationalError as exc:
        raise storage_error(exc, sqlite_url(path), lock_timeout) from exc
    if tables - OPTUNA_ALL_TABLES:  # another program's tables (Optuna may still be creating its own)
        raise SweepError(f"'{path}' is an SQLite database of another program, not a sweep database; LayerLab "
                         "will not write into it. Choose another --storage file.")


def storage_error(exc: BaseException, url: str, lock_timeout: float = LOCK_TIMEOUT) -> SweepError:
    """One message for a storage that cannot be used: a locked SQLite file, or a database that cannot be
    reached."""
    while exc.__cause__ is not None and not hasattr(exc, "orig"):  # Optuna's StorageInternalError wraps it
        exc = exc.__cause__
    text = str(getattr(exc, "orig", None) or exc)
    path = sqlite_path(url)
    if path is not None:
        if "locked" in text or "busy" in text:
            return SweepError(f"The sweep database '{path}' is locked by another program (waited {lock_timeout:g} s). "
                              "Close the program that holds it (a database browser, another sweep on a network "
                              "drive), or give another --storage file.")
        return SweepError(f"The sweep database '{path}' cannot be used: {text.strip()}.")
    return SweepError(f"Cannot reach the sweep database at {shown_url(url)}: {text.strip().splitlines()[0]}. "
                      "Check the host, port, user, password and database name, and that the server runs.")


def open_storage(url: str, lock_timeout: float = LOCK_TIMEOUT):
    """An Optuna RDBStorage for a URL (creating an SQLite file's tables). Raises SweepError for people."""
    import optuna
    from sqlalchemy.exc import SQLAlchemyError

    url = normalise_url(url)
    path = sqlite_path(url)
    engine_kwargs = {"pool_pre_ping": True}
    if path is not None:
        check_sqlite_file(path, lock_timeout)
        engine_kwargs["creator"] = functools.partial(sqlite_connection, str(path), lock_timeout)
    elif url.startswith("postgresql"):
        engine_kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    for attempt in range(SCHEMA_ATTEMPTS):
        try:
            return optuna.storages.RDBStorage(url, engine_kwargs=engine_kwargs)
        except (SQLAlchemyError, OSError) as exc:
            if attempt + 1 < SCHEMA_ATTEMPTS and _lost_schema_race(exc):
                time.sleep(0.5)  # the other process finishes creating the tables; then they are only read
                continue
            raise storage_error(exc, url, lock_timeout) from exc
        except (ImportError, ValueError) as exc:  # an unknown dialect or driver, a malformed URL
            raise SweepError(f"The sweep storage URL {shown_url(url)} cannot be used ({exc}). Give a file path, "
                             "sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE.") from exc


def sqlite_connection(path: str, lock_timeout: float) -> sqlite3.Connection:
    """A connection to a sweep's SQLite file that waits `lock_timeout` s for a lock, in write-ahead-log mode
    (kept in the file once set) with commits that do not wait for the disk (see the module's docstring)."""
    connection = sqlite3.connect(path, timeout=lock_timeout, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def _lost_schema_race(exc: BaseException) -> bool:
    """Another process created the same new database's tables at the same moment: Optuna checks, then
    creates a table ("already exists") or inserts its version rows (an IntegrityError on
    alembic_version or version_info; Optuna issue #820). Nothing is wrong with the database."""
    from sqlalchemy.exc import IntegrityError

    return isinstance(exc, IntegrityError) or "already exists" in str(exc)
