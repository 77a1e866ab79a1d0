"""Which parts of Qt (and of what they pull in) the frozen app carries.

Read by the PyInstaller spec to leave the rest out, and by ``build.py`` to check the
built bundle, so one list decides both. PySide6's files sit under ``PySide6/Qt/…``
on Linux and macOS and under ``PySide6/…`` on Windows; Qt's libraries are
``libQt6Gui.so.6``, ``Qt6Gui.dll`` or ``QtGui.framework``: the rules match all three.
"""

from __future__ import annotations

import re
from pathlib import Path

# The Qt modules the app imports; every other PySide6 module is excluded from the analysis.
USED_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtCharts")

# Qt plugin folders a desktop window needs: platforms, themes and styles, the image formats
# it reads (PNG is built in; SVG, for the window's icons, through Qt's Svg library), the X11
# and Wayland integrations, input methods (Chinese!).
PLUGIN_FOLDERS = {
    "platforms",
    "platformthemes",
    "styles",
    "imageformats",
    "xcbglintegrations",
    "platforminputcontexts",
    "wayland-shell-integration",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
}
IMAGE_FORMATS = ("qico", "qjpeg", "qgif", "qsvg")  # SVG: the window's icons (ui/icons.py)
# Plugins of those folders that are not for a desktop: framebuffer, VNC, embedded EGL, the
# on-screen keyboard, Wayland's compositor side, and GTK's theme (GTK itself is not carried:
# loading the system's beside our copies of its libraries risks crashes; the portal theme stays).
UNWANTED_PLUGINS = re.compile(
    r"(qeglfs|qlinuxfb|qminimalegl|qvkkhrdisplay|qvnc|qtvirtualkeyboard|qgtk3|-server)", re.IGNORECASE
)
# Libraries only those modules and plugins need: Qt's own, and what GTK's theme drags in from
# the build machine. (Kerberos stays: the PostgreSQL driver's libpq uses it.)
UNWANTED_LIBRARIES = re.compile(
    r"(^(lib)?Qt6?(Quick|Qml|Pdf|Network|VirtualKeyboard|EglFSDeviceIntegration|EglFsKmsSupport)\b"
    r"|^lib(gtk-3|gdk-3|gdk_pixbuf|cairo|pango|atk-|atspi|harfbuzz|graphite2|thai|datrie|fribidi|pixman))",
    re.IGNORECASE,
)


def _inside_pyside(dest: str) -> str | None:
    """The path below PySide6's Qt folder (``plugins/…``, ``translations/…``, ``lib/…``), or None."""
    dest = dest.replace("\\", "/")
    if not dest.startswith("PySide6/"):
        return None
    rest = dest[len("PySide6/") :]
    return rest[len("Qt/") :] if rest.startswith("Qt/") else rest


def wanted(dest: str) -> bool:
    """Whether a file the analysis collected (by its place in the bundle) is kept."""
    inside = _inside_pyside(dest)
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    if inside is not None and inside.startswith("translations/"):
        return name.startswith("qtbase_zh_CN")  # Chinese for Qt's own buttons; English needs none
    if inside is not None and inside.startswith("plugins/"):
        parts = inside.split("/")
        folder = parts[1] if len(parts) > 2 else ""
        if folder not in PLUGIN_FOLDERS or UNWANTED_PLUGINS.search(name):
            return False
        return folder != "imageformats" or any(fmt in name for fmt in IMAGE_FORMATS)
    top = dest.replace("\\", "/").split("/")
    return not any(UNWANTED_LIBRARIES.search(part) for part in top)


def unused_modules(pyside_folder: Path) -> list[str]:
    """``PySide6.X`` for every binding module installed but not used, to exclude them."""
    names = {
        path.name.split(".")[0] for path in pyside_folder.glob("Qt*.*") if path.suffix in (".so", ".pyd")
    }
    names |= {path.name for path in pyside_folder.glob("Qt*") if path.is_dir()}  # QtAsyncio and the like
    return sorted(f"PySide6.{name}" for name in names if name not in USED_MODULES)


def unwanted_in(bundle: Path) -> list[str]:
    """Files in a built bundle that the rules above should have left out."""
    found = []
    for path in bundle.rglob("*"):
        relative = path.relative_to(bundle).as_posix()
        if "PySide6/" in relative:
            relative = relative[relative.index("PySide6/") :]
        else:
            relative = relative.rsplit("/", 1)[-1]
        if path.is_file() and not wanted(relative):
            found.append(path.relative_to(bundle).as_posix())
    return sorted(found)
