"""Build LayerLab's installer for this OS in one command: freeze, smoke-test the frozen app, package.

    python packaging/build.py                          # Linux: dist/layerlab_<ver>_<arch>.deb (xz)
    python packaging/build.py --deb-compression zstd   # a faster, larger .deb (what the tests build)
    python packaging/build.py --skip-freeze            # reuse dist/layerlab from an earlier freeze
    python packaging/build.py --no-installer           # freeze + smoke test only

On Windows the installer is dist/LayerLab-<ver>-setup.exe (NSIS: makensis must be on PATH); on macOS
dist/LayerLab-<ver>.dmg (packaging/macos/build_dmg.sh, hdiutil). Each step's time and each artifact's size
is printed at the end and written to dist/build-summary.json.

Exit status: 0 when everything built and the frozen app's --smoke-test passed; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "layerlab.spec"
APP = "layerlab"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Shared libraries the bundle never carries (PyInstaller leaves out the graphics stack and glibc): the .deb
# depends on them. The xcb/wayland Qt platform plugins link libxcb/libwayland-*; fonts: Qt needs one font.
DEB_DEPENDS = ["libgl1", "libegl1", "libxcb1", "libfontconfig1", "libwayland-client0", "libwayland-cursor0",
               "libwayland-egl1", "fonts-dejavu-core | fonts-liberation2"]
DEB_RECOMMENDS = ["shared-mime-info", "desktop-file-utils", "hicolor-icon-theme",
                  "fonts-noto-cjk"]  # Chinese labels (the Chinese UI, Chinese column names) in real glyphs
# The lead sets the real address with LAYERLAB_DEB_MAINTAINER (Debian requires the field).
MAINTAINER = os.environ.get("LAYERLAB_DEB_MAINTAINER", "LayerLab developers <maintainers@layerlab.invalid>")
SMOKE_TIMEOUT_S = 600


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


def project_metadata() -> dict:
    """Name, version and summary from pyproject.toml (the one place the version is written)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]


def run(cmd: list[str], *, env: dict | None = None, timeout: float | None = None, cwd: Path = ROOT,
        capture: bool = False) -> subprocess.CompletedProcess:
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, timeout=timeout, text=True,
                          capture_output=capture, check=False)


def folder_size(path: Path) -> int:
    """Bytes of regular files under path (links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


# --- freeze ---------------------------------------------------------------------------------------------------
def bundle_dir(dist: Path) -> Path:
    """The one-folder bundle (on macOS, the folder inside the .app that holds the executable)."""
    if sys.platform == "darwin":
        return dist / "LayerLab.app"
    return dist / APP


def frozen_executable(dist: Path) -> Path:
    if sys.platform == "darwin":
        return dist / "LayerLab.app" / "Contents" / "MacOS" / APP
    return dist / APP / (APP + (".exe" if sys.platform == "win32" else ""))


def compile_translations() -> None:
    """Compile the translation catalogs (.ts -> .qm, .po -> .mo) into resources/i18n, which the bundle carries."""
    result = run([sys.executable, PACKAGING / "i18n_catalogs.py"])
    if result.returncode != 0:
        raise BuildError(f"compiling the translations failed (exit {result.returncode}); see its output above.")


def freeze(dist: Path, work: Path) -> None:
    """Run PyInstaller on the checked-in spec."""
    result = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                  "--distpath", dist, "--workpath", work, SPEC])
    if result.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); see its output above.")
    if not frozen_executable(dist).is_file():
        raise BuildError(f"PyInstaller finished but {frozen_executable(dist)} is missing.")


QT_DISPLAY_PLUGINS = ("libqxcb.so", "libqwayland.so", "libqwayland-egl.so", "libqwayland-generic.so")
XCB_HINT = ("apt-get install libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon-x11-0 libxcb-cursor0 "
            "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 "
            "libxcb-xinerama0 libxcb-xkb1")


def check_linux_plugins(bundle: Path) -> None:
    """Every library the X11/Wayland platform plugins load is in the bundle or on this system.

    PyInstaller copies what the build machine has; a library missing here (e.g. libxcb-cursor0) would be
    missing from the bundle too, and the app would start only offscreen. Raises BuildError naming them.
    """
    if not sys.platform.startswith("linux"):
        return
    plugins = bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
    missing: set[str] = set()
    env = {"LD_LIBRARY_PATH": str(bundle / "_internal"), "PATH": "/usr/bin:/bin"}
    for name in QT_DISPLAY_PLUGINS:
        if (plugins / name).exists():
            out = subprocess.run(["ldd", str(plugins / name)], capture_output=True, text=True, env=env).stdout
            missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    if not (plugins / "libqxcb.so").exists():
        missing.add("the xcb platform plugin itself (libqxcb.so)")
    if missing:
        raise BuildError(f"the bundle cannot open a window: missing {', '.join(sorted(missing))}. "
                         f"Install them on the build machine and freeze again, e.g. {XCB_HINT}")


def smoke_env(scratch: str | None = None) -> dict:
    """The frozen app's environment for checks: no display needed, no user settings touched, temporary
    files (the smoke test's run and settings folders) in `scratch`."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPATH", None)  # the bundle must not see this checkout's sources
    if scratch:
        env.update(TMPDIR=scratch, TEMP=scratch, TMP=scratch)
    return env


def smoke_test(executable: Path) -> str:
    """Run the frozen app's --smoke-test (offscreen). Returns its output; raises BuildError when it fails."""
    with tempfile.TemporaryDirectory(prefix="layerlab-smoke-") as scratch:
        result = run([executable, "--smoke-test"], env=smoke_env(scratch), timeout=SMOKE_TIMEOUT_S, capture=True,
                     cwd=scratch)
    output = (result.stdout + result.stderr).strip()
    print(output)
    if result.returncode != 0:
        raise BuildError(f"the frozen app's --smoke-test failed (exit {result.returncode}): {output[-2000:]}")
    return output


def build_info(executable: Path) -> dict:
    """The frozen app's own report (packaging/entry.py --build-info): versions, CPU/CUDA build, devices."""
    result = run([executable, "--build-info"], env=smoke_env(), timeout=300, capture=True, cwd=executable.parent)
    if result.returncode != 0:
        raise BuildError(f"the frozen app's --build-info failed (exit {result.returncode}): {result.stderr[-2000:]}")
    info = json.loads(result.stdout)
    print(f"frozen app: LayerLab {info['layerlab']}, torch {info['torch']} ({info['build']}), "
          f"devices {info['devices']}, CPU because: {info['cpu_reason']}")
    return info


# --- Linux: .deb ----------------------------------------------------------------------------------------------
def glibc_floor() -> str:
    """major.minor of the build host's glibc: the bundle's libraries were linked against it."""
    name, version = platform.libc_ver()
    if name != "glibc" or not version:
        raise BuildError("cannot tell this system's glibc version (a .deb is built on a glibc Linux only)")
    return ".".join(version.split(".")[:2])


def deb_architecture() -> str:
    result = run(["dpkg", "--print-architecture"], capture=True)
    if result.returncode != 0:
        raise BuildError("dpkg is missing: build the .deb on Debian or Ubuntu")
    return result.stdout.strip()


def desktop_entry() -> Path:
    """The desktop entry: resources/layerlab.desktop (shared with the app) or packaging's own copy."""
    for candidate in (ROOT / "resources" / "layerlab.desktop", PACKAGING / "deb" / "layerlab.desktop"):
        if candidate.is_file():
            return candidate
    raise BuildError("no desktop entry: resources/layerlab.desktop is missing")


def icon_files() -> dict[str, Path]:
    """hicolor destination (e.g. '48x48/apps/layerlab.png') -> source, from resources/icons."""
    icons = ROOT / "resources" / "icons"
    found = {f"{s}x{s}/apps/layerlab.png": icons / f"layerlab-{s}.png" for s in ICON_SIZES
             if (icons / f"layerlab-{s}.png").is_file()}
    if (icons / "layerlab.svg").is_file():
        found["scalable/apps/layerlab.svg"] = icons / "layerlab.svg"
    if not found:
        raise BuildError("no app icon: resources/icons/layerlab.svg and layerlab-<size>.png are missing")
    return found


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the staging tree is read once by dpkg-deb: hard links save a 700 MB copy
    except OSError:
        shutil.copy2(src, dst)


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def release_version(meta: dict, info: dict) -> str:
    """pyproject's version, plus "+cu<NNN>" for a CUDA build (e.g. 0.1.0+cu128), so the two never mix up."""
    cuda = re.match(r"CUDA (\d+)\.(\d+)", info.get("build", ""))
    return f"{meta['version']}+cu{cuda.group(1)}{cuda.group(2)}" if cuda else meta["version"]


def stage_deb(bundle: Path, stage: Path, meta: dict) -> dict:
    """Lay out the package tree under stage/ and write DEBIAN/control; returns the control fields used."""
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage / "opt" / APP, copy_function=_link_or_copy, symlinks=True)
    launcher = (PACKAGING / "deb" / "layerlab.sh").read_text(encoding="utf-8")
    _write(stage / "usr" / "bin" / "layerlab", launcher, 0o755)
    _write(stage / "usr" / "bin" / "layerlab-gui", launcher, 0o755)
    share = stage / "usr" / "share"
    _write(share / "applications" / "layerlab.desktop", desktop_entry().read_text(encoding="utf-8"))
    _write(share / "mime" / "packages" / "layerlab.xml",
           (PACKAGING / "deb" / "layerlab-mime.xml").read_text(encoding="utf-8"))
    for dest, src in icon_files().items():
        target = share / "icons" / "hicolor" / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        target.chmod(0o644)
    _write(share / "doc" / APP / "copyright", (PACKAGING / "deb" / "copyright").read_text(encoding="utf-8"))
    for path in stage.rglob("*"):  # dpkg-deb refuses group/world-writable control files; keep the tree tidy
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o022)

    fields = {
        "VERSION": meta["version"],
        "ARCH": deb_architecture(),
        "MAINTAINER": MAINTAINER,
        "INSTALLED_SIZE": str((folder_size(stage) + 1023) // 1024),
        "DEPENDS": ", ".join([f"libc6 (>= {glibc_floor()})"] + DEB_DEPENDS),
        "RECOMMENDS": ", ".join(DEB_RECOMMENDS),
        "SUMMARY": meta["description"].rstrip("."),
    }
    control = (PACKAGING / "deb" / "control.in").read_text(encoding="utf-8")
    for key, value in fields.items():
        control = control.replace(f"@{key}@", value)
    if "@" in control.replace(MAINTAINER, ""):
        raise BuildError("packaging/deb/control.in has a placeholder build.py does not fill")
    _write(stage / "DEBIAN" / "control", control)
    for script in ("postinst", "postrm"):
        _write(stage / "DEBIAN" / script, (PACKAGING / "deb" / script).read_text(encoding="utf-8"), 0o755)
    return fields


def build_deb(bundle: Path, dist: Path, work: Path, compression: str, meta: dict) -> Path:
    """Stage and pack the .deb with dpkg-deb (root-owned files, the chosen compression)."""
    stage = work / "deb-root"
    fields = stage_deb(bundle, stage, meta)
    out = dist / f"{APP}_{fields['VERSION']}_{fields['ARCH']}.deb"
    out.unlink(missing_ok=True)
    cmd = ["dpkg-deb", "--root-owner-group", "-Z", compression]
    if compression == "xz":
        cmd += ["-z", "6", f"--threads-max={os.cpu_count() or 1}"]
    result = run(cmd + ["--build", stage, out])
    if result.returncode != 0:
        raise BuildError(f"dpkg-deb failed (exit {result.returncode})")
    shutil.rmtree(stage, ignore_errors=True)
    return out


# --- Windows: NSIS --------------------------------------------------------------------------------------------
def windows_icon(work: Path) -> Path | None:
    """resources/icons/layerlab.ico, or one made from the PNG sizes with Pillow; None without either."""
    icons = ROOT / "resources" / "icons"
    if (icons / "layerlab.ico").is_file():
        return icons / "layerlab.ico"
    try:
        from PIL import Image
    except ImportError:
        print("build: Pillow is missing, so the installer gets NSIS's default icon (pip install pillow)")
        return None
    source = icons / "layerlab-256.png"
    if not source.is_file():
        return None
    work.mkdir(parents=True, exist_ok=True)
    out = work / "layerlab.ico"
    Image.open(source).save(out, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    return out


def build_nsis(bundle: Path, dist: Path, work: Path, meta: dict, compressor: str = "lzma") -> Path:
    makensis = shutil.which("makensis")
    if makensis is None:
        raise BuildError("makensis is not on PATH (Windows: choco install nsis; Debian: apt-get install nsis)")
    out = dist / f"LayerLab-{meta['version']}-setup.exe"
    numeric = re.match(r"\d+(\.\d+){0,2}", meta["version"]).group(0)  # Windows file versions are numbers only
    cmd = [makensis, "-V2", f"-DSOURCE_DIR={bundle}", f"-DVERSION={meta['version']}", f"-DFILE_VERSION={numeric}",
           f"-DOUTFILE={out}", f"-DCOMPRESSOR={compressor}"]
    ico = windows_icon(work)
    if ico is not None:
        cmd.append(f"-DICON_FILE={ico}")
    result = run(cmd + [PACKAGING / "windows" / "layerlab.nsi"])
    if result.returncode != 0 or not out.is_file():
        raise BuildError(f"makensis failed (exit {result.returncode})")
    return out


# --- macOS: .app + .dmg ---------------------------------------------------------------------------------------
def build_dmg(dist: Path, meta: dict) -> Path:
    out = dist / f"LayerLab-{meta['version']}.dmg"
    result = run(["bash", PACKAGING / "macos" / "build_dmg.sh", dist / "LayerLab.app", meta["version"], out])
    if result.returncode != 0 or not out.is_file():
        raise BuildError(f"build_dmg.sh failed (exit {result.returncode})")
    return out


# --- main -----------------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Freeze LayerLab, smoke-test it, build this OS's installer.")
    parser.add_argument("--deb-compression", choices=("zstd", "xz"), default="xz",
                        help="xz: smaller, minutes (releases, the default); zstd: seconds (tests)")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse the bundle already in --dist")
    parser.add_argument("--skip-smoke-test", action="store_true",
                        help="do not run the frozen app's --smoke-test (only to debug packaging itself)")
    parser.add_argument("--no-installer", action="store_true", help="stop after the frozen app's checks")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "packaging", help="scratch folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    meta = project_metadata()
    summary: dict = {"version": meta["version"], "platform": sys.platform, "times_s": {}, "sizes_bytes": {},
                     "artifacts": {}}
    times, sizes = summary["times_s"], summary["sizes_bytes"]

    def step(name: str, fn, *a, **kw):
        started = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            times[name] = round(time.perf_counter() - started, 1)
            print(f"[{name}: {times[name]:.1f} s]", flush=True)

    status = 0
    try:
        if args.skip_freeze:
            if not frozen_executable(dist).is_file():
                raise BuildError(f"--skip-freeze: no bundle at {frozen_executable(dist)}; build without it first")
        else:
            step("translations", compile_translations)
            step("freeze", freeze, dist, work / "pyinstaller")
        bundle = bundle_dir(dist)
        sizes["bundle"] = folder_size(bundle)
        check_linux_plugins(bundle)
        executable = frozen_executable(dist)
        summary["build_info"] = step("build_info", build_info, executable)
        meta = dict(meta, version=release_version(meta, summary["build_info"]))
        summary["version"] = meta["version"]
        if args.skip_smoke_test:
            print("smoke test: SKIPPED (--skip-smoke-test)")
        else:
            summary["smoke_test"] = step("smoke_test", smoke_test, executable)
        if not args.no_installer:
            if sys.platform.startswith("linux"):
                artifact = step(f"deb_{args.deb_compression}", build_deb, bundle, dist, work,
                                args.deb_compression, meta)
                key = f"deb_{args.deb_compression}"
            elif sys.platform == "win32":
                artifact, key = step("nsis", build_nsis, bundle, dist, work, meta), "nsis"
            elif sys.platform == "darwin":
                artifact, key = step("dmg", build_dmg, dist, meta), "dmg"
            else:
                raise BuildError(f"no installer recipe for {sys.platform}")
            sizes[key] = artifact.stat().st_size
            summary["artifacts"][key] = str(artifact)
    except (BuildError, subprocess.TimeoutExpired, OSError) as exc:
        print(f"build: FAILED: {exc}", file=sys.stderr)
        summary["error"] = str(exc)
        status = 1

    (dist / "build-summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print("\n== LayerLab build summary ==")
    for name, seconds in times.items():
        print(f"  time  {name:<12} {seconds:8.1f} s")
    for name, size in sizes.items():
        print(f"  size  {name:<12} {mib(size):>14}")
    for name, path in summary["artifacts"].items():
        print(f"  file  {name:<12} {path}")
    print("  result       " + ("OK" if status == 0 else f"FAILED: {summary['error']}"))
    return status


if __name__ == "__main__":
    sys.exit(main())
