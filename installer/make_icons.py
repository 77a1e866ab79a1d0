"""Render ShopCircle's icon into the raster files the installers need.

The icon is drawn once, by hand, as resources/icons/shopcircle.svg. Each platform wants it in another
form: Windows an .ico for the executables, the setup and the uninstaller; macOS an .icns for the .app;
Linux desktops PNGs in the hicolor sizes. Making them all from the one SVG at build time keeps them in
step and keeps generated binaries out of the repository.

Qt's own SVG renderer draws the PNGs, the same renderer the app uses for its window icon, so the
files look like the app; Pillow packs those PNGs into the .ico and the .icns (each size is drawn by Qt
at that size, not scaled down from a big bitmap, so the small ones stay sharp).

    python installer/make_icons.py [--out DIR]      (default: build/icons under the repository)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "shopcircle.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest size an .ico can hold
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow's .icns writer stores


def render_pngs(svg: Path, out: Path) -> dict[int, Path]:
    """Draw the SVG at every size in PNG_SIZES; return {size: path}."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed on a build machine
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # alive while drawing
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: Qt cannot read {svg}")
    written = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = out / f"shopcircle-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"make_icons: could not write {path}")
        written[size] = path
    return written


def pack(pngs: dict[int, Path], out: Path) -> tuple[Path, Path]:
    """Pack the rendered PNGs into shopcircle.ico and shopcircle.icns; return their paths."""
    from PIL import Image

    images = {size: Image.open(path).convert("RGBA") for size, path in pngs.items()}
    ico = out / "shopcircle.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    icns = out / "shopcircle.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS", append_images=[images[size] for size in ICNS_SIZES])
    return ico, icns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render ShopCircle's icon to PNG, ICO and ICNS files.")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "build" / "icons",
        help="folder for the files (default: build/icons in the repository)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    pngs = render_pngs(SVG, out)
    for path in pngs.values():
        print(f"wrote {path}")
    for path in pack(pngs, out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
