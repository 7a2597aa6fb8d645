"""Procedurally drawn, plainly illustrative seal images, as transparent PNGs: an authority's
round seal (red ring, name on the arc, a star, "示意章" below) and a square personal seal (red
frame, the holder's title in columns read right to left, "示意" below) - the two signatures
seed 003 names for architect certificates ("全国注册建筑师管理委员会"电子签章和主任委员的个人电子
签章). The layout data chooses which is drawn where (``source = "seal"``, ``seal_text``,
``seal_shape``).

It is deliberately not a copy of any real seal: the bottom line says it is a 示意章 (an
illustration). The shipped PNGs in ``resources/images/seal_*.png`` were made by
``python -m app.printing.seal``; an authority without a shipped file gets one drawn on demand.
"""

from __future__ import annotations

import io
import math
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from app.fonts import cjk_font_path
from app.resources import resource_path

RED = (216, 30, 6)
INK = (*RED, 255)
SHIPPED = {
    "中华人民共和国住房和城乡建设部": "seal_mohurd.png",
    "全国注册建筑师管理委员会": "seal_nabar.png",
}
BOTTOM_TEXT = "证书示意章"
SIZE_PX = 472  # 40 mm at 300 dpi


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def draw_seal(authority: str, size: int = SIZE_PX) -> bytes:
    """Draw the seal for ``authority`` (text around the upper arc) and return PNG bytes."""
    scale = 2  # draw large, then downsample: smooth edges without antialiasing support
    n = size * scale
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = n / 2
    ring = n * 0.03
    d.ellipse((ring / 2, ring / 2, n - ring / 2, n - ring / 2), outline=INK, width=int(ring))
    d.polygon(_star(c, c, n * 0.15), fill=INK)
    font_px = int(n * 0.105) if len(authority) <= 12 else int(n * 0.105 * 12 / len(authority))
    font = ImageFont.truetype(str(cjk_font_path()), font_px)
    # Characters spread over ~250 degrees of the upper arc, read clockwise, upright to the centre.
    span = math.radians(min(250.0, 22.0 * len(authority)))
    radius = c - ring - font_px * 0.75
    for i, ch in enumerate(authority):
        t = 0.5 if len(authority) == 1 else i / (len(authority) - 1)
        a = -math.pi / 2 - span / 2 + span * t
        glyph = Image.new("RGBA", (font_px * 2, font_px * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font_px, font_px), ch, font=font, fill=INK, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        gx = c + radius * math.cos(a) - font_px
        gy = c + radius * math.sin(a) - font_px
        img.alpha_composite(glyph, (int(gx), int(gy)))
    small = ImageFont.truetype(str(cjk_font_path()), int(n * 0.07))
    d.text((c, c + n * 0.26), BOTTOM_TEXT, font=small, fill=INK, anchor="mm")
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    # Ink is not opaque: let the authority name and date under the seal show through.
    alpha = img.getchannel("A").point(lambda v: int(v * 0.8))
    img.putalpha(alpha)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


PERSONAL_BOTTOM_TEXT = "示意"


def draw_square_seal(text: str, size: int = SIZE_PX // 2) -> bytes:
    """A square personal seal: ``text`` in columns read from the right, as name seals are cut.

    Never a real person's name: the layout gives a title (e.g. 主任委员), and "示意" says it is
    an illustration."""
    scale = 2
    n = size * scale
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    border = n * 0.06
    d.rectangle((border / 2, border / 2, n - border / 2, n - border / 2), outline=INK, width=int(border))
    chars = list(text) or ["印"]
    cols = 2 if len(chars) > 2 else 1
    rows = -(-len(chars) // cols)
    inner = n - 2 * border
    usable_h = inner * 0.8  # the bottom fifth holds the "示意" mark
    cell_w, cell_h = inner / cols, usable_h / rows
    font = ImageFont.truetype(str(cjk_font_path()), int(min(cell_w, cell_h) * 0.82))
    for i, ch in enumerate(chars):
        col, row = divmod(i, rows)
        cx = n - border - cell_w * (col + 0.5)  # first column on the right
        cy = border + cell_h * (row + 0.5)
        d.text((cx, cy), ch, font=font, fill=INK, anchor="mm")
    small = ImageFont.truetype(str(cjk_font_path()), int(inner * 0.11))
    d.text((n / 2, border + usable_h + (inner - usable_h) / 2), PERSONAL_BOTTOM_TEXT, font=small,
           fill=INK, anchor="mm")
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    img.putalpha(img.getchannel("A").point(lambda v: int(v * 0.8)))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


@cache
def seal_png(authority: str, shape: str = "round") -> bytes:
    """The seal image: an authority's round seal (the shipped file, or drawn now), or a square
    personal seal with ``authority`` as its text."""
    if shape == "square":
        return draw_square_seal(authority)
    if shape != "round":
        raise ValueError(f"unknown seal shape {shape!r}")
    name = SHIPPED.get(authority)
    if name:
        path = resource_path("images", name)
        if path.exists():
            return path.read_bytes()
    return draw_seal(authority)


def main() -> None:
    for authority, name in SHIPPED.items():
        path = resource_path("images", name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_seal(authority))
        print(path)


if __name__ == "__main__":
    main()
