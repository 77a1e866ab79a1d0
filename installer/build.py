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
import threading
import time
from functools import partial
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))
DIST = ROOT / "dist"
BUNDLE = DIST / "ShopCircle"
ICONS = ROOT / "build" / "icons"
STARTUP_CUSTOMERS = 20_000
STARTUP_TIMEOUT = 120  # seconds


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


def check_tools() -> str:
    """What the build needs, said in one line each when it is missing; the version to build."""
    import importlib.util
    import tomllib

    missing = [name for name in ("PyInstaller", "PIL", "PySide6") if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(
            f"build: {', '.join(missing)} missing: install the build tools into this Python first:"
            f" {sys.executable} -m pip install -e '.[build]'"
        )
    try:
        installed = installed_version("shopcircle")
    except PackageNotFoundError:
        sys.exit(
            f"build: ShopCircle is not installed in this Python: {sys.executable}"
            " -m pip install -e '.[build]'"
        )
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if installed != declared:
        sys.exit(
            f"build: pyproject.toml says {declared} but {installed} is installed; install again so the"
            f" app reports its real version: {sys.executable} -m pip install -e '.[build]'"
        )
    return declared


def build_translations() -> None:
    sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
    built = run(
        sys.executable,
        "-c",
        "from ui.i18n import compile_translations; print(len(compile_translations(force=True)))",
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if built != str(len(sources)):
        sys.exit(f"build: {built} of {len(sources)} translations built (is PySide6's lrelease there?)")


def check_bundle() -> None:
    """Nothing of Qt the app does not use went in (the rules of installer/qt_parts.py)."""
    import qt_parts

    folder = DIST / "ShopCircle.app" if sys.platform == "darwin" else BUNDLE
    extra = qt_parts.unwanted_in(folder)
    if extra:
        sys.exit("build: the bundle holds parts the app does not use:\n  " + "\n  ".join(extra[:20]))


def build_bundle() -> None:
    run(sys.executable, INSTALLER / "make_icons.py", "--out", ICONS)
    build_translations()
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
    check_bundle()
    say(f"bundle {BUNDLE}: {folder_size(BUNDLE) / 2**20:.0f} MB")


def find_iscc() -> str | None:
    """Inno Setup's compiler: on PATH, or in its usual folders (6.3 or newer is needed)."""
    found = shutil.which("iscc")
    if found:
        return found
    for base in ("%ProgramFiles(x86)%", "%ProgramFiles%", r"%LOCALAPPDATA%\Programs"):
        folder = Path(os.path.expandvars(base))
        for candidate in sorted(folder.glob("Inno Setup */ISCC.exe"), reverse=True):
            return str(candidate)
    return None


def package_windows(version: str) -> Path:
    iscc = find_iscc()
    if iscc is None:
        sys.exit(
            "build: Inno Setup 6.3 or newer (ISCC.exe) is needed for the Windows installer: https://jrsoftware.org"
        )
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


def _anonymous(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Files in the tarball belong to whoever unpacks them, not to the builder's account."""
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    return member


def package_linux(version: str) -> Path:
    """The folder, an installer of the menu entry and icons, and the .desktop file, in one .tar.gz."""
    machine = os.uname().machine
    out = DIST / f"ShopCircle-{version}-linux-{machine}.tar.gz"
    top = f"ShopCircle-{version}"
    with tarfile.open(out, "w:gz") as archive:
        add = partial(archive.add, filter=_anonymous)
        add(BUNDLE, arcname=f"{top}/ShopCircle")
        add(INSTALLER / "linux" / "shopcircle.desktop", arcname=f"{top}/shopcircle.desktop")
        add(INSTALLER / "linux" / "install.sh", arcname=f"{top}/install.sh")
        for size in (16, 24, 32, 48, 64, 128, 256, 512):  # the sizes a desktop's icon theme has
            add(ICONS / f"shopcircle-{size}.png", arcname=f"{top}/icons/shopcircle-{size}.png")
    return out


def build(bundle_only: bool) -> None:
    version = check_tools()
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
    for run_number in range(1, runs + 1):
        started = time.perf_counter()
        with subprocess.Popen(
            [str(app), "--db", str(database)], stdout=subprocess.PIPE, text=True, env=env
        ) as p:
            watchdog = threading.Timer(
                STARTUP_TIMEOUT, p.kill
            )  # an app that never gets there fails, not hangs
            watchdog.start()
            try:
                ready = next((line for line in p.stdout if line.startswith("READY")), None)
                took = time.perf_counter() - started
                p.wait()
            finally:
                watchdog.cancel()
        if ready is None:
            sys.exit(
                f"build: run {run_number}: the frozen app showed no customer list in {STARTUP_TIMEOUT} s"
            )
        times.append(took)
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
    try:
        if args.selftest:
            selftest()
        else:
            build(args.bundle)
    except subprocess.CalledProcessError as exc:
        sys.exit(f"build: {Path(str(exc.cmd[0])).name} failed with exit code {exc.returncode} (see above)")


if __name__ == "__main__":
    main()
