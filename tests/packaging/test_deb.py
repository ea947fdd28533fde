"""The Linux .deb: what dpkg-deb shows inside it, then a real install -> smoke test -> purge with apt.

The build (packaging/build.py: freeze, frozen --smoke-test, dpkg-deb) runs once per session (conftest).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.packaging.conftest import APT_LOCK, as_root, dpkg_installed, record

pytestmark = pytest.mark.packaging

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def dpkg_deb(*args: str) -> str:
    result = subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def control_fields(deb: Path) -> dict[str, str]:
    fields = {}
    for line in dpkg_deb("-f", str(deb)).splitlines():
        if line and not line.startswith(" ") and ":" in line:
            key, value = line.split(":", 1)
            fields[key] = value.strip()
    return fields


def test_frozen_app_passed_its_smoke_test_and_is_a_cpu_build(build_result):
    assert "smoke test passed" in build_result["smoke_test"]
    info = build_result["build_info"]
    assert info["frozen"] is True
    assert info["build"] == "CPU build"
    assert info["cpu_reason"] == "no GPU found (this is a CPU build of PyTorch)"
    assert info["devices"] == ["CPU"]


def test_control_fields(deb_path):
    info = dpkg_deb("-I", str(deb_path))
    assert "postinst" in info and "postrm" in info
    fields = control_fields(deb_path)
    assert fields["Package"] == "layerlab"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", fields["Version"])
    assert fields["Architecture"] == subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                                    text=True).stdout.strip()
    assert fields["Section"] == "science"
    assert int(fields["Installed-Size"]) > 100_000  # KiB: Python + Qt + torch
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert re.fullmatch(r"libc6 \(>= 2\.\d+\)", depends[0]), depends[0]
    for package in ("libgl1", "libegl1", "libfontconfig1", "libwayland-cursor0", "libwayland-egl1"):
        assert package in depends
    assert "fonts-dejavu-core | fonts-liberation2" in depends
    assert "fonts-noto-cjk" in [r.strip() for r in fields["Recommends"].split(",")]  # Chinese in real glyphs
    assert "Maintainer" in fields and fields["Description"]


def test_contents(deb_path):
    listing = dpkg_deb("-c", str(deb_path))
    entries = {}
    for line in listing.splitlines():
        parts = line.split(None, 5)
        entries[parts[5].split(" -> ")[0].removeprefix(".")] = (parts[0], parts[1])
    for path in ("/opt/layerlab/layerlab", "/usr/bin/layerlab", "/usr/bin/layerlab-gui"):
        assert entries[path][0] == "-rwxr-xr-x", (path, entries[path])
    assert all(owner == "root/root" for _, owner in entries.values())
    expected = ["/usr/share/applications/layerlab.desktop", "/usr/share/mime/packages/layerlab.xml",
                "/usr/share/icons/hicolor/scalable/apps/layerlab.svg", "/usr/share/doc/layerlab/copyright"]
    expected += [f"/usr/share/icons/hicolor/{s}x{s}/apps/layerlab.png" for s in ICON_SIZES]
    missing = [p for p in expected if p not in entries]
    assert not missing, missing
    names = "\n".join(entries)
    # Left out on purpose (see packaging/layerlab.spec): GL comes from the system, GTK theme, torch tests.
    for unwanted in (r"/libGL\.so", r"/libEGL\.so", r"libqgtk3", r"libgtk-3", r"torch/bin/test_",
                     r"torch/include/", r"libtorch_cuda"):
        assert not re.search(unwanted, names), unwanted
    assert "/opt/layerlab/_internal/resources/examples/churn.csv" in entries
    # the Chinese UI: our compiled catalogs and Qt's own for standard dialogs (its other catalogs are left out)
    for catalog in ("resources/i18n/layerlab_zh_CN.qm", "resources/i18n/zh_CN/LC_MESSAGES/layerlab.mo",
                    "PySide6/Qt/translations/qtbase_zh_CN.qm"):
        assert f"/opt/layerlab/_internal/{catalog}" in entries, catalog


@pytest.fixture(scope="module")
def extracted(deb_path, tmp_path_factory) -> Path:
    """Only the small files of the package, unpacked (dpkg-deb -x would write 700 MB)."""
    out = tmp_path_factory.mktemp("deb")
    tar = subprocess.run(f"dpkg-deb --fsys-tarfile '{deb_path}' | tar -x -C '{out}' ./usr/share ./usr/bin",
                         shell=True, capture_output=True, text=True, timeout=300)
    assert tar.returncode == 0, tar.stderr
    return out


def test_desktop_entry(extracted):
    path = extracted / "usr/share/applications/layerlab.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "LayerLab"
    assert desktop["Exec"].split()[0] == "layerlab" and "%f" in desktop["Exec"]
    assert desktop["Icon"] == "layerlab"
    mime_types = desktop["MimeType"].strip(";").split(";")
    assert "application/x-layerlab-project" in mime_types
    assert "text/csv" in mime_types  # "Open with LayerLab" on CSV files
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_mime_xml(extracted):
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    tree = ET.parse(extracted / "usr/share/mime/packages/layerlab.xml")
    mime = tree.getroot().find("m:mime-type", ns)
    assert mime.get("type") == "application/x-layerlab-project"
    assert mime.find("m:glob", ns).get("pattern") == "*.layerlab"
    assert mime.find("m:comment", ns).text == "LayerLab project"


def test_launchers(extracted):
    for name in ("layerlab", "layerlab-gui"):
        text = (extracted / "usr/bin" / name).read_text()
        assert 'exec /opt/layerlab/layerlab "$@"' in text


def app_env(home: Path) -> dict:
    """A user's environment without this checkout: no PYTHONPATH, a fresh HOME, Qt offscreen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "XDG_", "TMP"))}
    env.update(HOME=str(home), TMPDIR=str(home), QT_QPA_PLATFORM="offscreen", PATH="/usr/local/bin:/usr/bin:/bin")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def test_install_smoke_test_purge(deb_path, tmp_path):
    """apt install ./layerlab_*.deb -> /usr/bin/layerlab --smoke-test -> apt purge -> /opt/layerlab is gone."""
    if dpkg_installed("layerlab"):
        as_root(["apt-get", "purge", "-y", *APT_LOCK, "layerlab"])
    depends = control_fields(deb_path)["Depends"]
    needed = [alt.split()[0] for d in depends.split(",") for alt in d.split("|")[:1]]
    if not all(dpkg_installed(p) for p in needed):
        as_root(["apt-get", "update", "-qq"], check=False)  # a fresh machine may have no package lists yet

    started = time.perf_counter()
    as_root(["apt", "install", "-y", *APT_LOCK, str(deb_path.resolve())])
    record("apt_install", time.perf_counter() - started)
    try:
        assert dpkg_installed("layerlab")
        assert Path("/opt/layerlab/layerlab").is_file()
        assert Path("/usr/share/mime/packages/layerlab.xml").is_file()
        if shutil.which("update-mime-database"):  # postinst ran: the MIME database knows *.layerlab
            globs = Path("/usr/share/mime/globs2").read_text()
            assert "application/x-layerlab-project:*.layerlab" in globs
        # Every library a display plugin needs is bundled or comes with a Depends package.
        for plugin in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
            path = Path("/opt/layerlab/_internal/PySide6/Qt/plugins/platforms") / plugin
            if path.exists():
                ldd = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                                     env={"LD_LIBRARY_PATH": "/opt/layerlab/_internal", "PATH": "/usr/bin:/bin"})
                assert "not found" not in ldd.stdout, f"{plugin}:\n{ldd.stdout}"

        home = tmp_path / "home"
        home.mkdir()
        started = time.perf_counter()
        smoke = subprocess.run(["/usr/bin/layerlab", "--smoke-test"], capture_output=True, text=True,
                               timeout=900, env=app_env(home), cwd=home)
        record("installed_smoke_test", time.perf_counter() - started)
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        assert "smoke test passed" in smoke.stdout

        version = subprocess.run(["/usr/bin/layerlab", "--version"], capture_output=True, text=True, timeout=300,
                                 env=app_env(home), cwd=home)
        assert version.returncode == 0 and "LayerLab" in version.stdout, version.stderr
        # The installed command is the CLI too: train headless, then every export format, each checked by
        # the engine against the model (ONNX needs onnxscript's sources in the bundle, see layerlab.spec).
        started = time.perf_counter()
        cli = [("train", "--example", "churn", "--epochs", "1", "--quiet", "--out", "churn.llmodel"),
               ("export", "--format", "onnx", "-o", "churn.onnx", "churn.llmodel"),
               ("export", "--format", "pt2", "-o", "churn.pt2", "churn.llmodel"),
               ("export", "--format", "project", "-o", "churn-project", "churn.llmodel")]
        for args in cli:
            result = subprocess.run(["/usr/bin/layerlab", *args], capture_output=True, text=True, timeout=600,
                                    env=app_env(home), cwd=home)
            assert result.returncode == 0, f"layerlab {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        assert (home / "churn.onnx").is_file() and (home / "churn.pt2").is_file()
        record("installed_cli_train_and_exports", time.perf_counter() - started)

        if shutil.which("xvfb-run"):  # the real X11 path: xcb platform plugin, GL from the system
            env = app_env(home)
            env.pop("QT_QPA_PLATFORM")
            started = time.perf_counter()
            xvfb = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "/usr/bin/layerlab-gui",
                                   "--smoke-test"], capture_output=True, text=True, timeout=900, env=env, cwd=home)
            record("installed_smoke_test_xvfb", time.perf_counter() - started)
            assert xvfb.returncode == 0, xvfb.stdout + xvfb.stderr
    finally:
        started = time.perf_counter()
        as_root(["apt-get", "purge", "-y", *APT_LOCK, "layerlab"])
        record("apt_purge", time.perf_counter() - started)
    assert not dpkg_installed("layerlab")
    assert not Path("/opt/layerlab").exists()
    assert not Path("/usr/bin/layerlab").exists()
    assert not Path("/usr/share/applications/layerlab.desktop").exists()
    if Path("/usr/share/mime/globs2").exists() and shutil.which("update-mime-database"):
        assert "x-layerlab-project" not in Path("/usr/share/mime/globs2").read_text()
