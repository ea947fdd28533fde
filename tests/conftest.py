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


REPO = str(Path(__file__).resolve().parents[1])
LAYERLAB_PACKAGES = ("engine", "gui", "resources")

# Python source run first in a child interpreter (started with -I) so that LayerLab's own source cannot be
# imported while everything else installed stays importable. Only LayerLab is hidden: the checkout's root
# entry, the editable install's finder and path hook, and the package names themselves. A virtual
# environment inside the checkout (`python -m venv .venv`) keeps its site-packages, numpy and torch included.
_WITHOUT_LAYERLAB = r'''
import importlib.abc, os, sys
_REPO = os.path.normcase(os.path.abspath({repo!r}))
_PACKAGES = {packages!r}

def _is_layerlab(entry):
    text = repr(entry).lower()
    return "__editable__" in text and "layerlab" in text

sys.meta_path[:] = [f for f in sys.meta_path if not _is_layerlab(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if not _is_layerlab(h)]
sys.path[:] = [p for p in sys.path if not _is_layerlab(p)
               and os.path.normcase(os.path.abspath(p or os.getcwd())) != _REPO]
sys.path_importer_cache.clear()

class _RefuseLayerLab(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _PACKAGES:
            raise ModuleNotFoundError("No module named " + repr(name), name=name)

sys.meta_path.insert(0, _RefuseLayerLab())
try:
    import engine
    print("LAYERLAB IMPORTABLE")
except ModuleNotFoundError:
    print("engine is not importable")
'''


def without_layerlab(repo: str | Path = REPO) -> str:
    """Python source to run first in a child `python -I` so that LayerLab (the checkout at `repo`) is not
    importable there while every installed package is; it prints "engine is not importable" when that holds.

    Used by the tests that prove exported code runs without LayerLab installed.
    """
    return _WITHOUT_LAYERLAB.format(repo=str(repo), packages=LAYERLAB_PACKAGES)
