"""Fixtures shared by the engine and GUI tests."""

import shutil
from pathlib import Path

import pytest

from tests.bad_corpus import BAD, generator


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The bad-input corpus: the committed cases plus the generated ones, copied into one scratch folder."""
    folder = tmp_path_factory.mktemp("bad-inputs") / "corpus"
    folder.mkdir()
    for source in BAD.iterdir():
        if source.is_file() and source.suffix not in (".py", ".md"):
            shutil.copy(source, folder / source.name)
    generator().generate(folder, marker=folder.parent / "PWNED")
    return folder
