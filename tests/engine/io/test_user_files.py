"""Opening a user's file is cheap and bounded (#17): a project or Keras source far larger than such a file can
be is refused from its size alone, before a byte is read."""

import time

import pytest

from engine.errors import ProjectError
from engine.importers.keras import KerasImportError, import_keras_file
from engine.io.project import MAX_PROJECT_BYTES, Project


def _sparse(path, size):
    with open(path, "wb") as handle:  # a hole: gigabytes on paper, nothing on disk, nothing to read
        handle.truncate(size)
    return path


def test_a_project_file_of_gigabytes_is_refused_before_reading(tmp_path):
    path = _sparse(tmp_path / "huge.layerlab", 3 * 1024**3)
    started = time.perf_counter()
    with pytest.raises(ProjectError, match=r"'.*huge.layerlab' is 3.0 GB, far larger than such a file can be "
                                           r"\(at most 64 MB\)"):
        Project.load(path)
    assert time.perf_counter() - started < 5  # not read: a read of 3 GB of zeros takes far longer (and memory)


def test_a_project_just_under_the_limit_is_read_as_usual(tmp_path):
    path = _sparse(tmp_path / "padded.layerlab", MAX_PROJECT_BYTES)
    with pytest.raises(ProjectError, match="not UTF-8|invalid JSON|damaged"):  # read, then found damaged
        Project.load(path)


def test_a_keras_source_of_gigabytes_is_refused_before_reading(tmp_path):
    path = _sparse(tmp_path / "model.py", 2 * 1024**3)
    with pytest.raises(KerasImportError, match=r"Keras source '.*model.py' is 2.0 GB, far larger"):
        import_keras_file(path)
