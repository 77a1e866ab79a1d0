"""Languages: English source strings, 简体中文 from resources/translations.

The ``.ts`` files are the translation sources; the ``.qm`` files Qt loads are
built from them by ``pyside6-lrelease`` (``python -m ui.i18n``, and at start
when a ``.qm`` is missing or older than its ``.ts``). Qt's own ``qtbase``
translations are loaded too, so standard buttons speak the same language.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()  # e.g. zh_CN, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def resolve(language: str | None) -> str:
    """The language to use: the setting when it names one we have, else the system's."""
    return language if language in LANGUAGES else system_language()


def _lrelease() -> str | None:
    import PySide6

    for candidate in (
        Path(PySide6.__file__).parent / "lrelease",
        Path(PySide6.__file__).parent / "lrelease.exe",
    ):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_translations(force: bool = False) -> list[Path]:
    """Build every stale ``.qm`` from its ``.ts``; the ones built."""
    built = []
    tool = _lrelease()
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if tool is None:
            break
        # Built beside it and renamed into place: a running app (another counter, a test run)
        # keeps the file it mapped, where writing over it would crash that app with a bus error.
        fresh = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
        try:
            subprocess.run([tool, "-silent", str(ts), "-qm", str(fresh)], check=True, capture_output=True)
            os.replace(fresh, qm)
        finally:
            fresh.unlink(missing_ok=True)
        built.append(qm)
    return built


def install(app: QCoreApplication, language: str) -> str:
    """Load Qt's and our translations for ``language`` (English loads only our plural
    forms); returns the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    try:
        compile_translations()
    except (OSError, subprocess.CalledProcessError):
        pass  # a read-only install ships its .qm files already built
    # Qt's own words (its file dialog, standard buttons, context menus) from Qt's translations
    # folder (the frozen app carries qtbase_zh_CN there: installer/shopcircle.spec), or beside ours.
    qt_dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(TRANSLATIONS)]
    wanted = [(f"shopcircle_{language}", [str(TRANSLATIONS)])]
    if language != "en":
        wanted.insert(0, (f"qtbase_{language}", qt_dirs))
    for name, folders in wanted:
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
            _installed.append(translator)
    return language


if __name__ == "__main__":
    for path in compile_translations(force="--force" in sys.argv):
        print(f"built {path}")
