"""Translation catalogs: the app's (Qt .ts -> .qm) and the engine's (gettext .po -> .mo), under resources/i18n.

    python packaging/i18n_catalogs.py            # compile every catalog (packaging/build.py runs this first)
    python packaging/i18n_catalogs.py --update   # first extract new texts: pyside6-lupdate over gui/, Babel over engine/
    python packaging/i18n_catalogs.py --check    # list untranslated, vanished and uncompiled entries; exit 1 if any

The compiled .qm and .mo are kept in the repository beside their sources, so the wheel (package data) and an
editable install carry them without Qt's tools; tests/packaging/test_i18n_catalogs.py checks they are current.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)
ENGINE_KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def qt_catalog(language: str) -> Path:
    return I18N / f"layerlab_{language}.ts"


def engine_catalog(language: str) -> Path:
    return I18N / language / "LC_MESSAGES" / "layerlab.po"


def pyside_tool(name: str) -> str:
    """The path of pyside6-lupdate / pyside6-lrelease: beside this Python (a virtual environment), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is missing: it comes with PySide6 (pip install PySide6).")
    return found


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")


# -- the app's texts (Qt) -------------------------------------------------------------------------------------
def update_qt_catalog(ts: Path, language: str) -> None:
    """Add gui/'s new tr() texts to `ts` and mark the ones no longer in the code as vanished."""
    _run([pyside_tool("pyside6-lupdate"), "-extensions", "py", "-locations", "none", "-target-language", language,
          str(ROOT / "gui"), "-ts", str(ts)])


def compile_qt_catalog(ts: Path, qm: Path) -> None:
    _run([pyside_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)])


def qt_catalog_problems(ts: Path) -> list[str]:
    """Entries of `ts` that are unfinished, vanished/obsolete or have an empty translation, one line each."""
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") + "".join(form.text or "" for form in translation.iter("numerusform"))
            state = translation.get("type") or ("empty" if not text.strip() else "")
            if state:
                problems.append(f"{ts.name}: {state}: {context.findtext('name')}: {message.findtext('source')!r}")
    return problems


# -- the engine's texts (gettext) -----------------------------------------------------------------------------
def update_engine_catalog(po: Path, language: str) -> None:
    """Add engine/'s new _() texts to `po` (Babel's extraction); texts no longer in the code are dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    if po.exists():
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, domain="layerlab", project="LayerLab", copyright_holder="LayerLab developers")
    template = Catalog(domain="layerlab", creation_date=catalog.creation_date)  # no date churn in the .po
    for filename, line, message, comments, context in extract_from_dir(
            str(ROOT / "engine"), method_map=[("**.py", "python")], keywords=ENGINE_KEYWORDS):
        template.add(message, locations=[(f"engine/{filename}", line)], auto_comments=comments, context=context)
    catalog.update(template, no_fuzzy_matching=True)
    po.parent.mkdir(parents=True, exist_ok=True)
    # no line numbers: they would change the catalog at every edit of the code; no obsolete entries: Babel never
    # forgets one (an edited sentence stayed a problem for --check for good) and nothing reuses them (no fuzzy matching)
    with po.open("wb") as handle:
        write_po(handle, catalog, width=120, no_location=True, include_previous=False, ignore_obsolete=True)


def compile_engine_catalog(po: Path, mo: Path) -> None:
    mo.write_bytes(engine_mo_bytes(po))


def engine_mo_bytes(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def engine_catalog_problems(po: Path) -> list[str]:
    """Entries of `po` that are untranslated, fuzzy or obsolete, one line each."""
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    problems = [f"{po.name}: obsolete: {m.id!r}" for m in catalog.obsolete.values()]
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.fuzzy:
            problems.append(f"{po.name}: fuzzy: {message.id!r}")
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            problems.append(f"{po.name}: unfinished: {message.id!r}")
    return problems


# -- all of them ------------------------------------------------------------------------------------------------
def compile_all() -> list[Path]:
    """Compile every catalog beside its source; returns the files written."""
    written = []
    for language in LANGUAGES:
        ts, po = qt_catalog(language), engine_catalog(language)
        compile_qt_catalog(ts, ts.with_suffix(".qm"))
        compile_engine_catalog(po, po.with_suffix(".mo"))
        written += [ts.with_suffix(".qm"), po.with_suffix(".mo")]
    return written


def check_all() -> list[str]:
    """What a translator or the build still has to do: untranslated or vanished entries (after extracting the
    code's texts afresh into copies of the catalogs) and compiled files older than their sources."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="layerlab-i18n-") as tmp:
        for language in LANGUAGES:
            ts, po = Path(tmp) / qt_catalog(language).name, Path(tmp) / engine_catalog(language).name
            shutil.copyfile(qt_catalog(language), ts)
            shutil.copyfile(engine_catalog(language), po)
            update_qt_catalog(ts, language)
            update_engine_catalog(po, language)
            problems += qt_catalog_problems(ts) + engine_catalog_problems(po)
            fresh_qm = Path(tmp) / "fresh.qm"
            compile_qt_catalog(qt_catalog(language), fresh_qm)
            if fresh_qm.read_bytes() != _read(qt_catalog(language).with_suffix(".qm")):
                problems.append(f"{qt_catalog(language).with_suffix('.qm').name}: not compiled from the .ts")
            mo = engine_catalog(language).with_suffix(".mo")
            if not mo.exists() or _mo_messages(engine_mo_bytes(engine_catalog(language))) != _mo_messages(mo.read_bytes()):
                problems.append(f"{language}/LC_MESSAGES/layerlab.mo: not compiled from the .po")
    return problems


def _mo_messages(data: bytes) -> dict:
    """The translations in a .mo, without its header (which names the Babel version that wrote it)."""
    from babel.messages.mofile import read_mo

    return {(m.context, str(m.id)): str(m.string) for m in read_mo(io.BytesIO(data)) if m.id}


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="extract new texts into the catalogs first")
    parser.add_argument("--check", action="store_true", help="list what is untranslated or not compiled")
    args = parser.parse_args(argv)
    if args.check:
        problems = check_all()
        print("\n".join(problems) or "catalogs: complete and compiled")
        return 1 if problems else 0
    if args.update:
        for language in LANGUAGES:
            update_qt_catalog(qt_catalog(language), language)
            update_engine_catalog(engine_catalog(language), language)
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) for p in compile_all()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
