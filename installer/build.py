"""Build ShopCircle for shop owners' computers, and check what was built.

    python installer/build.py              icons, translations, the one-folder bundle, and this
                                           platform's installer: Windows setup.exe (Inno Setup),
                                           macOS .dmg, Linux .tar.gz with a .desktop entry
    python installer/build.py --bundle     the bundle only (dist/ShopCircle)
    python installer/build.py --selftest   run the built app's --version and --selftest, print the
                                           bundle's size and its start to a usable customer list

The same commands run on a developer's machine, in this project's CI (Linux) and
on a hosted CI's Windows, macOS and Linux runners.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib.metadata import version as installed_version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST = ROOT / "dist"
BUNDLE = DIST / "ShopCircle"
ICONS = ROOT / "build" / "icons"
STARTUP_CUSTOMERS = 20_000


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def run(*command: str | Path, **options) -> subprocess.CompletedProcess:
    say(" ".join(str(part) for part in command))
    return subprocess.run([str(part) for part in command], check=True, **options)


def app_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "ShopCircle.app" / "Contents" / "MacOS" / "ShopCircle"
    return BUNDLE / ("ShopCircle.exe" if sys.platform == "win32" else "shopcircle")


def cli_executable() -> Path:
    folder = DIST / "ShopCircle.app" / "Contents" / "MacOS" if sys.platform == "darwin" else BUNDLE
    return folder / ("shopcircle-cli.exe" if sys.platform == "win32" else "shopcircle-cli")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


# --- building -------------------------------------------------------------------------------


def build_bundle() -> None:
    run(sys.executable, INSTALLER / "make_icons.py", "--out", ICONS)
    run(
        sys.executable,
        "-c",
        "from ui.i18n import compile_translations; compile_translations(force=True)",
        cwd=ROOT,
    )
    if not list((ROOT / "resources" / "translations").glob("*.qm")):
        sys.exit("build: no translations were built (is pyside6-lrelease there?)")
    run(
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        ROOT / "build" / "pyinstaller",
        INSTALLER / "shopcircle.spec",
    )
    say(f"bundle {BUNDLE}: {folder_size(BUNDLE) / 2**20:.0f} MB")


def package_windows(version: str) -> Path:
    candidates = [
        shutil.which("iscc"),
        os.path.expandvars(r"%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"),
        os.path.expandvars(r"%ProgramFiles%\Inno Setup 6\ISCC.exe"),
        os.path.expandvars(r"%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe"),
    ]
    iscc = next((c for c in candidates if c and Path(c).exists()), None)
    if iscc is None:
        sys.exit("build: Inno Setup 6 (ISCC.exe) is needed for the Windows installer: https://jrsoftware.org")
    run(
        iscc,
        f"/DAppVersion={version}",
        f"/DSourceDir={BUNDLE}",
        f"/DIconFile={ICONS / 'shopcircle.ico'}",
        f"/DOutputDir={DIST}",
        INSTALLER / "windows" / "shopcircle.iss",
    )
    return DIST / f"ShopCircle-{version}-setup.exe"


def package_macos(version: str) -> Path:
    out = DIST / f"ShopCircle-{version}.dmg"
    run("bash", INSTALLER / "macos" / "make_dmg.sh", DIST / "ShopCircle.app", version, out)
    return out


def package_linux(version: str) -> Path:
    """The folder, an installer of the menu entry and icons, and the .desktop file, in one .tar.gz."""
    machine = os.uname().machine
    out = DIST / f"ShopCircle-{version}-linux-{machine}.tar.gz"
    top = f"ShopCircle-{version}"
    with tarfile.open(out, "w:gz") as archive:
        archive.add(BUNDLE, arcname=f"{top}/ShopCircle")
        archive.add(INSTALLER / "linux" / "shopcircle.desktop", arcname=f"{top}/shopcircle.desktop")
        archive.add(INSTALLER / "linux" / "install.sh", arcname=f"{top}/install.sh")
        for png in sorted(ICONS.glob("shopcircle-*.png")):
            archive.add(png, arcname=f"{top}/icons/{png.name}")
    return out


def build(bundle_only: bool) -> None:
    version = installed_version("shopcircle")
    build_bundle()
    if bundle_only:
        return
    if sys.platform == "win32":
        made = package_windows(version)
    elif sys.platform == "darwin":
        made = package_macos(version)
    else:
        made = package_linux(version)
    say(f"installer {made}: {made.stat().st_size / 2**20:.0f} MB")


# --- checking what was built ------------------------------------------------------------------------


def startup_seconds(app: Path, database: Path, runs: int = 5) -> list[float]:
    """From starting the frozen app to its customer list holding every customer, each run
    in a fresh process (the app prints READY when the list is in, then quits)."""
    env = dict(os.environ, SHOPCIRCLE_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    env.pop("SHOPCIRCLE_DB", None)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with subprocess.Popen(
            [str(app), "--db", str(database)], stdout=subprocess.PIPE, text=True, env=env
        ) as p:
            for line in p.stdout:
                if line.startswith("READY"):
                    times.append(time.perf_counter() - started)
                    break
            p.wait(timeout=60)
        if len(times) < _ + 1:
            sys.exit("build: the frozen app never showed its customer list")
    return times


def selftest() -> None:
    app, cli = app_executable(), cli_executable()
    if not app.exists():
        sys.exit(f"build: no app at {app}; build it first")
    env = dict(os.environ)
    env.pop("SHOPCIRCLE_DB", None)
    version = run(app, "--version", capture_output=True, text=True, env=env).stdout.strip()
    say(f"--version: {version}")
    if version != f"ShopCircle {installed_version('shopcircle')}":
        sys.exit(f"build: the app says {version!r}")
    run(app, "--selftest", env=env)
    size = folder_size(DIST / "ShopCircle.app" if sys.platform == "darwin" else BUNDLE)
    with tempfile.TemporaryDirectory() as temp:
        database = Path(temp) / "demo.db"
        run(
            cli, "--db", database, "demo", "--customers", str(STARTUP_CUSTOMERS), capture_output=True, env=env
        )
        times = startup_seconds(app, database)
    floor = []
    for _ in range(3):  # the frozen program starting and quitting at once: what any start costs
        started = time.perf_counter()
        subprocess.run([str(app), "--version"], check=True, capture_output=True, env=env)
        floor.append(time.perf_counter() - started)
    say(f"bundle size: {size / 2**20:.0f} MB")
    middle, bare = statistics.median(times), statistics.median(floor)
    say(
        f"frozen start to a usable customer list ({STARTUP_CUSTOMERS:,} customers): "
        + ", ".join(f"{t:.2f}" for t in times)
        + f" s, median {middle:.2f} s (budget 1.5 s); floor, the frozen app's --version: {bare:.2f} s;"
        f" ratio {middle / bare:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--bundle", action="store_true", help="build the bundle only, no installer")
    what.add_argument("--selftest", action="store_true", help="check the built app")
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.selftest:
        selftest()
    else:
        build(args.bundle)


if __name__ == "__main__":
    main()
