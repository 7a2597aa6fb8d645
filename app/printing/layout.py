"""The layout engine: a kind's layout (``resources/layouts/<name>.toml``) + a certificate view
-> one :class:`~app.printing.primitives.Page` of positioned primitives.

Both backends (PDF, OFD) draw exactly these primitives, so they cannot drift apart. Text that
must stay inside a box (the employer's name above all) is wrapped and, if need be, shrunk until
it fits; nothing is ever cut off silently.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from app.codes.claims_view import CertificateView
from app.printing.primitives import (
    BLACK,
    Color,
    ImageItem,
    Item,
    LineItem,
    Page,
    QrItem,
    RectItem,
    TextItem,
)
from app.printing.qr import qr_matrix_fast
from app.printing.seal import seal_png
from app.printing.text import PT_TO_MM, FontSet, default_fonts
from app.resources import load_toml

# Characters that must not start a line (GB/T 15834 punctuation rules, the common subset).
_NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)]}%·")
LINE_GAP = 1.25   # line height as a multiple of the font size
MIN_READABLE_PT = 5.0


@lru_cache(maxsize=512)
def qr_matrix(payload: str) -> tuple[tuple[tuple[bool, ...], ...], int]:
    """The QR modules for a payload: the same symbol as the codes package's ``qr_symbol`` (level
    Q, no boosting, segno's mask choice), made faster (:mod:`app.printing.qr`) and cached: a
    certificate is usually previewed, then printed and exported with the same payload."""
    return qr_matrix_fast(payload)


@cache
def load_layout(name: str) -> dict[str, Any]:
    return load_toml("layouts", f"{name}.toml")


def _color(value: str | None, default: Color | None = BLACK) -> Color | None:
    if value is None:
        return default
    if value == "none":
        return None
    v = value.lstrip("#")
    return (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _authority_lines(name: str) -> str:
    """"中华人民共和国住房和城乡建设部" prints on two lines, as on the official sample."""
    prefix = "中华人民共和国"
    if name.startswith(prefix) and len(name) > len(prefix):
        return prefix + "\n" + name[len(prefix):]
    return name


def field_values(view: CertificateView) -> dict[str, str]:
    """The strings a layout template may use, e.g. ``{name}`` or ``{window_end}``."""
    return {
        "name": view.name,
        "gender": view.gender_zh,
        "birth_date": cn_date(view.birth_date),
        "registration_number": view.registration_number,
        "seal_number": view.seal_number or "",
        "employer": view.employer_name or "",
        "kind_name": view.kind_name_zh,
        "authority": _authority_lines(view.authority_zh),
        "office": view.office_name,
        "issue_date": cn_date(view.annotated_on),
        "window_start": cn_date(view.window_start),
        "window_end": cn_date(view.window_end),
        "serial": view.serial,
        "registration_valid_until": cn_date(view.registration_valid_until),
    }


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size_pt: float


def wrap(fonts: FontSet, text: str, size_pt: float, width_mm: float) -> list[str]:
    """Greedy line breaking by character (Chinese has no spaces), keeping closing punctuation
    off the start of a line and Latin words together when they fit on a line."""
    if "\n" in text:
        return [line for part in text.split("\n") for line in wrap(fonts, part, size_pt, width_mm)]
    scale = size_pt * PT_TO_MM
    limit = width_mm + 1e-9
    lines: list[str] = []
    cur = ""
    cur_w = 0.0  # running width of ``cur``: each character is measured once

    def width(s: str) -> float:
        return sum(fonts.advance_em(c) for c in s) * scale

    for ch in text:
        ch_w = fonts.advance_em(ch) * scale
        if cur and cur_w + ch_w > limit:
            if ch in _NO_LINE_START and len(cur) > 1:
                # Move the last character (and any punctuation right before the mark) down with
                # the punctuation mark, so no line starts with "）" or "，".
                k = len(cur) - 1
                while k > 1 and cur[k] in _NO_LINE_START:
                    k -= 1
                lines.append(cur[:k])
                cur = cur[k:] + ch
                cur_w = width(cur)
                continue
            if ch.isascii() and ch.isalnum() and " " in cur:
                head, _, tail = cur.rpartition(" ")
                if head and width(tail) + ch_w <= limit:
                    lines.append(head)
                    cur = tail + ch
                    cur_w = width(cur)
                    continue
            lines.append(cur.rstrip())
            cur = ch.lstrip()
            cur_w = width(cur)
        else:
            cur += ch
            cur_w += ch_w
    if cur or not lines:
        lines.append(cur)
    return lines


def fit(fonts: FontSet, text: str, w: float, h: float, size_pt: float, min_pt: float,
        max_lines: int) -> Fitted:
    """Largest size from ``size_pt`` down whose wrapped lines fit ``w`` x ``h`` in at most
    ``max_lines`` lines. Below ``min_pt`` we keep shrinking (down to 5 pt, with as many lines as
    the box holds) rather than drop any of a legal name."""
    size = size_pt
    while size >= MIN_READABLE_PT:
        limit = max_lines if size >= min_pt else 99
        lines = wrap(fonts, text, size, w)
        height = size * PT_TO_MM * (1 + LINE_GAP * (len(lines) - 1))
        if len(lines) <= limit and height <= h + 1e-6:
            return Fitted(tuple(lines), size)
        size = round(size - 0.5, 2)
    return Fitted(tuple(wrap(fonts, text, MIN_READABLE_PT, w)), MIN_READABLE_PT)


class _Builder:
    def __init__(self, layout: dict[str, Any], view: CertificateView, fonts: FontSet,
                 preview: bool) -> None:
        self.layout, self.view, self.fonts, self.preview = layout, view, fonts, preview
        self.values = field_values(view)
        self.items: list[Item] = []
        self.drawn_text: list[str] = []

    def text_box(self, el: dict[str, Any], text: str, *, role: str) -> None:
        x, y, w, h = el["x"], el["y"], el["w"], el.get("h", el.get("size_pt", 11) * PT_TO_MM * 1.3)
        size = el.get("size_pt", 11.0)
        fitted = fit(self.fonts, text, w, h, size, el.get("min_size_pt", size),
                     el.get("max_lines", 1))
        size_mm = fitted.size_pt * PT_TO_MM
        ascent = 0.88 * size_mm  # Noto Sans SC's ascender (0.88 em): the first line's top at y
        color = _color(el.get("color"))
        valign = el.get("valign", "top")
        block = size_mm * (1 + LINE_GAP * (len(fitted.lines) - 1))
        top = y + (h - block) / 2 if valign == "middle" else y
        for i, line in enumerate(fitted.lines):
            runs = tuple(self.fonts.runs(line, fitted.size_pt))
            width = sum(r.width_mm for r in runs)
            align = el.get("align", "left")
            lx = x + (w - width) / 2 if align == "center" else x + w - width if align == "right" else x
            self.items.append(TextItem(lx, top + ascent + i * size_mm * LINE_GAP, fitted.size_pt,
                                       runs, color or BLACK, role=role, box=(x, y, w, h)))
            self.drawn_text.append(line)

    def element(self, el: dict[str, Any]) -> None:
        kind = el["type"]
        role = el.get("name", kind)
        if kind == "text":
            text = el["text"].format(**self.values)
            if text.strip():
                self.text_box(el, text, role=role)
        elif kind == "rect":
            self.items.append(RectItem(el["x"], el["y"], el["w"], el["h"],
                                       _color(el.get("stroke")), _color(el.get("fill"), None),
                                       el.get("line_mm", 0.25), role))
        elif kind == "line":
            self.items.append(LineItem(el["x1"], el["y1"], el["x2"], el["y2"],
                                       _color(el.get("color")) or BLACK, el.get("line_mm", 0.25), role))
        elif kind == "specialties":
            self.specialties(el)
        elif kind == "image":
            self.image(el, role)
        elif kind == "qr":
            self.qr(el)
        else:
            raise ValueError(f"unknown layout element type {kind!r}")

    def specialties(self, el: dict[str, Any]) -> None:
        """Specialty names in one column, their validity aligned in a second column."""
        rows = self.view.specialties
        if not rows:
            return
        # Every specialty is printed: more rows than planned share the block's height (and
        # their text shrinks to fit) rather than falling off the certificate.
        row_h = min(el["row_h"], el["row_h"] * el.get("max_rows", 6) / len(rows))
        names = [sp.name_zh for sp in rows]
        validity = [el["validity"].format(valid_from=cn_date(sp.valid_from),
                                          valid_until=cn_date(sp.valid_until)) for sp in rows]
        size = el.get("size_pt", 12.0)
        while size > MIN_READABLE_PT:
            gap = size * PT_TO_MM
            widest = (max(self.fonts.width_mm(n, size) for n in names) + gap
                      + max(self.fonts.width_mm(v, size) for v in validity))
            if widest <= el["w"] and size * PT_TO_MM * 1.2 <= row_h:  # 20 % leading
                break
            size = round(size - 0.5, 2)
        tab = max(self.fonts.width_mm(n, size) for n in names) + size * PT_TO_MM
        role = el.get("name", "specialties")
        for i, (name, valid) in enumerate(zip(names, validity, strict=True)):
            y = el["y"] + i * row_h
            common = {"y": y, "h": size * PT_TO_MM * 1.2, "size_pt": size, "min_size_pt": size,
                      "max_lines": 1}
            self.text_box({**common, "x": el["x"], "w": tab}, name, role=role)
            self.text_box({**common, "x": el["x"] + tab, "w": el["w"] - tab}, valid,
                          role=role + "_validity")

    def image(self, el: dict[str, Any], role: str) -> None:
        source = el["source"]
        data: bytes | None
        if source == "photo":
            data = self.view.photo
        elif source == "signature":
            data = self.view.signature
        elif source == "seal":
            # The layout may name the seal's text and shape (the architect certificate's second
            # seal, the chairman's personal one: seed 003); otherwise the authority's round seal.
            data = seal_png(el.get("seal_text") or self.view.authority_zh, el.get("seal_shape", "round"))
        else:
            raise ValueError(f"unknown image source {source!r}")
        x, y, w, h = el["x"], el["y"], el["w"], el["h"]
        frame = RectItem(x, y, w, h, _color(el.get("frame_color", "#808080")), None, 0.2,
                         role + "_frame") if el.get("frame") else None
        if data is None:
            # Say plainly what is missing instead of leaving a blank that looks intended.
            placeholder = el.get("missing_text")
            if placeholder:
                self.text_box({"x": x, "y": y, "w": w, "h": h, "size_pt": 8, "max_lines": 2,
                               "align": "center", "valign": "middle", "color": "#808080"},
                              placeholder, role=role + "_missing")
            if frame:
                self.items.append(frame)
            return
        fmt = "PNG" if data[:8] == b"\x89PNG\r\n\x1a\n" else "JPEG"
        if el.get("fit", "contain") == "contain":
            x, y, w, h = _contain(data, x, y, w, h)
        self.items.append(ImageItem(x, y, w, h, data, fmt, role))
        if frame:
            self.items.append(frame)

    def qr(self, el: dict[str, Any]) -> None:
        matrix, version = qr_matrix(self.view.payload)
        module = el["size_mm"] / len(matrix)
        self.items.append(QrItem(el["x"], el["y"], module, matrix, version,
                                 el.get("quiet_modules", 4)))

    def watermark(self, text: str, spec: dict[str, Any], role: str) -> None:
        size = spec.get("size_pt", 54.0)
        runs = tuple(self.fonts.runs(text, size))
        width = sum(r.width_mm for r in runs)
        angle = spec.get("angle", 30.0)
        cx, cy = spec.get("cx", 105.0), spec.get("cy", 150.0)
        rad = math.radians(angle)
        # Start point so that the rotated text's middle sits on (cx, cy); y grows downwards.
        x = cx - math.cos(rad) * width / 2
        y = cy + math.sin(rad) * width / 2
        self.items.append(TextItem(x, y, size, runs, _color(spec.get("color", "#c00000")) or BLACK,
                                   angle=angle, alpha=spec.get("alpha", 90), role=role))
        self.drawn_text.append(text)

    def build(self) -> Page:
        page = self.layout["page"]
        for el in self.layout["element"]:
            self.element(el)
        marks = self.layout.get("watermark", {})
        if self.view.specimen:
            self.watermark(marks.get("specimen_text", "样本 / SPECIMEN"), marks, "specimen")
        if self.preview:
            spec = dict(marks, cx=marks.get("preview_cx", 105.0), cy=marks.get("preview_cy", 250.0),
                        angle=marks.get("preview_angle", 15.0),
                        size_pt=marks.get("preview_size_pt", 30))
            self.watermark(marks.get("preview_text", "预览 不作为证书使用"), spec, "preview")
        missing = tuple(sorted({c for t in self.drawn_text for c in self.fonts.missing(t)}))
        return Page(page["width_mm"], page["height_mm"], tuple(self.items),
                    title=f"{self.view.kind_name_zh} {self.view.name} {self.view.serial}",
                    missing_chars=missing)


def _contain(data: bytes, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """Scale an image into the box keeping its aspect ratio, centred."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        iw, ih = im.size
    scale = min(w / iw, h / ih)
    dw, dh = iw * scale, ih * scale
    return x + (w - dw) / 2, y + (h - dh) / 2, dw, dh


def layout_page(view: CertificateView, *, preview: bool = False,
                fonts: FontSet | None = None, layout: dict[str, Any] | None = None) -> Page:
    """Lay out one certificate. ``preview`` adds the "预览 不作为证书使用" mark."""
    spec = layout or load_layout(view.layout or view.kind)
    return _Builder(spec, view, fonts or default_fonts(), preview).build()
