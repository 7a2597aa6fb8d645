#!/usr/bin/env python3
"""Draw the application icon (installer/icons/): PNGs in the hicolor theme's sizes and a
Windows .ico, from one drawing with the bundled CJK font (a certificate's 证 on a seal-red
disc over a deep-blue tile). Run once after changing the drawing; the outputs are committed.

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.fonts import cjk_font_path  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = ROOT / "installer" / "icons"


def draw(size: int = 1024) -> Image.Image:
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    pad = size // 16
    d.rounded_rectangle((pad, pad, size - pad, size - pad), radius=size // 6, fill=(22, 62, 120))
    r = size * 0.34
    c = size / 2
    d.ellipse((c - r, c - r, c + r, c + r), fill=(200, 30, 36), outline=(255, 255, 255),
              width=size // 40)
    font = ImageFont.truetype(str(cjk_font_path()), int(size * 0.42))
    d.text((c, c), "证", font=font, fill=(255, 255, 255), anchor="mm")
    return im


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    for s in SIZES:
        big.resize((s, s), Image.Resampling.LANCZOS).save(OUT / f"registry-office-{s}.png",
                                                          optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(
        OUT / "registry-office.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
