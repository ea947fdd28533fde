"""The Windows installer script: compiles with makensis (dummy payload); under wine64 it installs and uninstalls
silently per user, with the shortcuts and the .layerlab association in HKCU.

The real bundle is Windows-only (PyInstaller does not cross-compile), so a two-file dummy stands in for it;
the release workflow's Windows job installs the real one on Windows.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, ensure_tool, record

pytestmark = pytest.mark.packaging


def windows_icon(work: Path) -> Path | None:
    """packaging/build.py's windows_icon (loaded by path: `build` is also a PyPI package's name)."""
    spec = importlib.util.spec_from_file_location("layerlab_packaging_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.windows_icon(work)

NSI = ROOT / "packaging" / "windows" / "layerlab.nsi"
VERSION = "0.1.0"


@pytest.fixture(scope="module")
def installer(tmp_path_factory) -> Path:
    if sys.platform == "win32":
        pytest.skip("on Windows packaging/build.py builds the real installer (release workflow)")
    makensis = ensure_tool("makensis", "nsis")
    work = tmp_path_factory.mktemp("nsis")
    payload = work / "payload"
    (payload / "_internal" / "resources").mkdir(parents=True)
    (payload / "layerlab.exe").write_bytes(b"MZ dummy LayerLab executable")
    (payload / "_internal" / "resources" / "example.csv").write_text("a,b\n1,2\n")
    out = work / "LayerLab-test-installer.exe"
    cmd = [makensis, "-V2", "-WX", f"-DSOURCE_DIR={payload}", f"-DVERSION={VERSION}", f"-DOUTFILE={out}",
           "-DCOMPRESSOR=zlib"]
    icon = windows_icon(work)  # the same .ico packaging/build.py gives the real installer (needs Pillow)
    if icon is not None:
        cmd.append(f"-DICON_FILE={icon}")
    started = time.perf_counter()
    result = subprocess.run(cmd + [str(NSI)], capture_output=True, text=True, timeout=600)
    record("makensis_dummy", time.perf_counter() - started)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 50_000
    return out


def test_nsis_script_compiles(installer):
    assert installer.read_bytes()[:2] == b"MZ"


class Wine:
    """A throw-away wine prefix and HOME, so nothing lands in the real user's menus or desktop."""

    def __init__(self, wine64: str, base: Path):
        self.wine64 = wine64
        self.home = base / "home"
        self.home.mkdir()
        self.prefix = base / "prefix"
        self.env = dict(os.environ, WINEPREFIX=str(self.prefix), HOME=str(self.home), WINEDEBUG="-all",
                        WINEARCH="win64", XDG_DATA_HOME=str(self.home / ".local/share"),
                        XDG_CONFIG_HOME=str(self.home / ".config"),
                        # no host menu entries, no Mono/Gecko download prompts
                        WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d")
        self.env.pop("DISPLAY", None)
        self.wineserver = str(Path(wine64).with_name("wineserver")) if Path(wine64).parent.name == "wine" \
            else "wineserver"

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([self.wine64, *args], env=self.env, capture_output=True, text=True, timeout=timeout)

    def wait(self) -> None:
        subprocess.run([self.wineserver, "-w"], env=self.env, timeout=300, check=False)

    def reg_query(self, key: str, value: str | None = None) -> str | None:
        args = ["reg", "query", key] + (["/v", value] if value else ["/ve"])
        result = self.run(*args)
        if result.returncode != 0:
            return None
        for line in result.stdout.splitlines():
            if "REG_" in line:
                return line.split("REG_SZ", 1)[-1].strip() if "REG_SZ" in line else line.strip()
        return ""

    def user_dir(self) -> Path:
        users = self.prefix / "drive_c" / "users"
        return next(p for p in users.iterdir() if p.name not in ("Public",))

    def shutdown(self) -> None:
        subprocess.run([self.wineserver, "-k"], env=self.env, timeout=60, check=False)


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    if sys.platform != "linux":
        pytest.skip("wine runs the installer on Linux only")
    if os.environ.get("LAYERLAB_PACKAGING_WINE", "1") == "0":
        pytest.skip("LAYERLAB_PACKAGING_WINE=0 (the release workflow installs the real installer on Windows)")
    wine64 = ensure_tool("wine64", "wine64")
    w = Wine(wine64, tmp_path_factory.mktemp("wine"))
    started = time.perf_counter()
    boot = w.run("wineboot", "-i", timeout=600)
    w.wait()
    record("wine_prefix_init", time.perf_counter() - started)
    if not (w.prefix / "drive_c" / "windows").is_dir():
        pytest.skip(f"wine64 could not create a prefix: {boot.stderr[-500:]}")
    yield w
    w.shutdown()


def test_silent_install_and_uninstall_under_wine(installer, wine):
    started = time.perf_counter()
    result = wine.run(str(installer), "/S", timeout=600)
    wine.wait()
    record("wine_silent_install", time.perf_counter() - started)
    assert result.returncode == 0, result.stderr[-2000:]

    user = wine.user_dir()
    install_dir = user / "AppData" / "Local" / "Programs" / "LayerLab"
    for name in ("layerlab.exe", "uninstall.exe", "_internal/resources/example.csv"):
        assert (install_dir / name).is_file(), name
    start_menu = user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert (start_menu / "LayerLab.lnk").is_file()
    desktop = user / "Desktop"
    assert (desktop / "LayerLab.lnk").is_file()  # the optional shortcut is ticked by default
    win_dir = wine.reg_query(r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LayerLab",
                             "InstallLocation")
    assert win_dir and win_dir.lower().endswith(r"\appdata\local\programs\layerlab"), win_dir
    exe = win_dir + r"\layerlab.exe"

    assert wine.reg_query(r"HKCU\Software\Classes\.layerlab") == "LayerLab.Project"
    assert wine.reg_query(r"HKCU\Software\Classes\LayerLab.Project\shell\open\command") == f'"{exe}" "%1"'
    assert wine.reg_query(r"HKCU\Software\Classes\LayerLab.Project\DefaultIcon") == f"{exe},0"
    assert wine.reg_query(r"HKCU\Software\Classes\.csv\OpenWithProgids", "LayerLab.Table") == ""
    assert wine.reg_query(r"HKCU\Software\Classes\Applications\layerlab.exe\SupportedTypes", ".csv") == ""
    uninstall_key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LayerLab"
    assert wine.reg_query(uninstall_key, "DisplayName") == "LayerLab"
    assert wine.reg_query(uninstall_key, "DisplayVersion") == VERSION
    assert wine.reg_query(uninstall_key, "QuietUninstallString") == f'"{win_dir}\\uninstall.exe" /S'
    # Per user: nothing machine-wide.
    assert wine.reg_query(r"HKLM\Software\Classes\.layerlab") is None

    started = time.perf_counter()
    result = wine.run(str(install_dir / "uninstall.exe"), "/S", timeout=600)
    wine.wait()  # the uninstaller re-launches itself from %TEMP%; wait for that copy too
    record("wine_silent_uninstall", time.perf_counter() - started)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not install_dir.exists()
    assert not (start_menu / "LayerLab.lnk").exists()
    assert not (desktop / "LayerLab.lnk").exists()
    assert wine.reg_query(r"HKCU\Software\Classes\.layerlab") is None
    assert wine.reg_query(r"HKCU\Software\Classes\LayerLab.Project") is None
    assert wine.reg_query(uninstall_key, "DisplayName") is None
    assert wine.reg_query(r"HKCU\Software\Classes\.csv\OpenWithProgids", "LayerLab.Table") is None


def test_nodesktop_switch_skips_the_desktop_shortcut(installer, wine):
    result = wine.run(str(installer), "/S", "/NODESKTOP", timeout=600)
    wine.wait()
    assert result.returncode == 0
    user = wine.user_dir()
    assert (user / "AppData/Local/Programs/LayerLab/layerlab.exe").is_file()
    assert not (user / "Desktop" / "LayerLab.lnk").exists()
    wine.run(str(user / "AppData/Local/Programs/LayerLab/uninstall.exe"), "/S", timeout=600)
    wine.wait()
    assert not (user / "AppData/Local/Programs/LayerLab").exists()
