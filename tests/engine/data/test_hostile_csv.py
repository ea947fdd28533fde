"""Hostile inputs to reading and preprocessing (issue #17): paths that are not files, mixed encodings,
a header longer than the sniff sample, huge numbers, words in numeric columns, and the cost of big files.

Corpus cases: tests/data/bad (CASES.md); the non-files (named pipe, device, symlink loop) are made here.
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.data import infer_schema, read_csv
from engine.errors import DataError, DataWarning, ProjectError
from engine.io.user_files import regular_file
from engine.preprocess import prepare
from engine.preprocess.columns import fit_numeric


def _returns_within(func, seconds: float = 5.0):
    """Run func in a thread; fail (instead of hanging the suite) when it blocks."""
    result: dict = {}

    def target():
        try:
            result["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: it opened something that is not a regular file"
    return result


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "data.csv"
    os.mkfifo(path)
    yield path
    try:  # unblock a reader left waiting (only before the fix)
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


@pytest.fixture
def loop(tmp_path):
    path = tmp_path / "loop.csv"
    os.symlink(tmp_path / "other.csv", path)
    os.symlink(path, tmp_path / "other.csv")
    return path


def test_named_pipe_is_refused_without_blocking(fifo):
    result = _returns_within(lambda: read_csv(fifo))
    assert isinstance(result.get("error"), DataError), result
    assert "is a named pipe (FIFO), not a file" in str(result["error"])


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_is_refused_without_reading(device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    result = _returns_within(lambda: read_csv(device))
    assert isinstance(result.get("error"), DataError), result
    assert "is a device (character device), not a file" in str(result["error"])


def test_symlink_loop_is_named(loop):
    with pytest.raises(DataError, match="symbolic link that loops back on itself"):
        read_csv(loop)


def test_folder_is_named(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a file"):
        read_csv(tmp_path)


def test_regular_file_helper_raises_the_kind_asked(fifo, tmp_path):
    with pytest.raises(ProjectError, match="Project file .* is a named pipe"):
        regular_file(fifo, "Project file", ProjectError)
    good = tmp_path / "good.csv"
    good.write_text("a,b\n1,2\n")
    assert regular_file(good) == good


def test_project_loading_refuses_a_fifo(fifo):
    from engine.io.project import Project

    result = _returns_within(lambda: Project.load(fifo))
    assert isinstance(result.get("error"), ProjectError), result
    assert "named pipe" in str(result["error"])


# --- encodings and wide headers ----------------------------------------------------------------

def test_mixed_encodings_decode_line_by_line(corpus):
    table = read_csv(corpus / "mixed_encoding.csv")
    assert table.frame["city"].tolist() == ["Zürich", "São Paulo", "Ærøskøbing", "München", "Genève"]
    assert any("mixes two text encodings" in w and "(lines 4, 5)" in w for w in table.warnings), table.warnings


def test_single_legacy_encoding_still_reads_as_cp1252(corpus):
    table = read_csv(corpus / "latin1.csv")
    assert "Zürich" in table.frame.iloc[:, 0].tolist()
    assert not any("mixes" in w for w in table.warnings)


def test_header_longer_than_the_sniff_sample(corpus):
    table = read_csv(corpus / "wide_columns.csv")
    assert table.frame.shape == (3, 50_001)
    assert table.frame.columns[-1] == "target"


# --- numbers -----------------------------------------------------------------------------------

def test_huge_numbers_scale_without_overflow(corpus):
    frame = read_csv(corpus / "huge_numbers.csv").frame
    state = fit_numeric(frame["income"])
    assert np.isfinite(state["mean"]) and np.isfinite(state["std"]) and state["std"] > 1e299
    data = prepare(frame, infer_schema(frame, target="bought"))
    for x in (data.x_train, data.x_val, data.x_test):
        assert np.isfinite(np.asarray(x)).all()
        assert np.abs(np.asarray(x)).max() < 10


def test_overflowing_column_is_named():
    with pytest.raises(DataError, match="Column 'wealth' holds numbers too large to scale"):
        fit_numeric(pd.Series([1.7e308] + [-1.7e308] * 99, name="wealth"))  # x - mean overflows


def _fitted():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"age": rng.uniform(18, 90, 60).round(2), "income": rng.uniform(1e4, 9e4, 60).round(1),
                          "bought": ["yes", "no"] * 30})
    return prepare(frame, infer_schema(frame, target="bought")).preprocessor


def test_words_in_a_numeric_column_are_counted_and_warned():
    pre = _fitted()
    frame = pd.DataFrame({"age": ["forty", "30", "50", "41"], "income": ["unknown", "2", "3", None]})
    assert pre.unreadable_numbers(frame) == {"age": 1, "income": 1}
    with pytest.warns(DataWarning, match=r"'age': 1 of 4 rows; 'income': 1 of 4 rows"):
        x = pre.transform(frame)
    assert np.isfinite(x).all()


def test_words_in_most_of_a_column_are_refused():
    pre = _fitted()
    frame = pd.DataFrame({"age": ["forty", "unknown", "50", "n/a?"], "income": [1.0, 2, 3, 4]})
    with pytest.raises(DataError, match=r"Column 'age' should hold numbers but 3 of 4 rows .*'forty'") as info:
        pre.transform(frame)
    assert info.value.column == "age"


def test_numbers_do_not_warn():
    pre = _fitted()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        pre.transform(pd.DataFrame({"age": [1.0, None, 3.0], "income": [1.0, 2.0, np.nan]}))


# --- cost of big files (numbers for the issue; generated in a scratch folder, never committed) ---

def _measure(path: Path) -> tuple[float, tuple]:
    start = time.perf_counter()
    shape = read_csv(path).frame.shape
    return time.perf_counter() - start, shape


def test_two_thousand_columns_read_quickly(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "wide.csv"
    pd.DataFrame(rng.random((200, 2000)).round(4), columns=[f"c{i}" for i in range(2000)]).to_csv(path, index=False)
    seconds, shape = _measure(path)
    assert shape == (200, 2000)
    assert seconds < 30, seconds
