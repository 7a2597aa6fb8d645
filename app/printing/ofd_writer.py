"""Certificate pages -> OFD (GB/T 33190) written directly: OFD.xml, Document.xml, PublicRes.xml
(fonts), DocumentRes.xml (images), one Content.xml per page, the font subsets and the images,
zipped. Draws the same primitives as the PDF backend (see :mod:`app.printing.layout`).

Coordinates are millimetres, origin top-left, as OFD defines them; text positions come from
the layout engine's advances (``DeltaX``) so a reader without our metrics places glyphs exactly.
"""

from __future__ import annotations

import copy
import io
import math
import threading
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import TTFont
from lxml import etree

from app.codes.claims_view import CertificateView
from app.printing.layout import layout_page
from app.printing.pdf_renderer import qr_runs
from app.printing.primitives import Color, ImageItem, LineItem, Page, QrItem, RectItem, TextItem
from app.printing.text import FontSet, default_fonts

NS = "http://www.ofdspec.org/2016"
OFD = f"{{{NS}}}"
DOC = "Doc_0"


def _e(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: object) -> etree._Element:
    el = etree.Element(OFD + tag, nsmap={"ofd": NS}) if parent is None else etree.SubElement(parent, OFD + tag)
    for k, v in attrs.items():
        if v is not None:
            el.set(k, str(v))
    if text is not None:
        el.text = text
    return el


def _n(v: float) -> str:
    """Numbers as OFD likes them: plain decimals, no exponent, trailing zeros dropped."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _color(parent: etree._Element, tag: str, c: Color, alpha: int = 255) -> None:
    _e(parent, tag, Value=f"{c[0]} {c[1]} {c[2]}", Alpha=alpha if alpha != 255 else None)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


_sources: dict[Path, TTFont] = {}
_sources_lock = threading.Lock()


def _source(path: Path) -> TTFont:
    """The font parsed once per process (glyphs are decompiled lazily, on first use)."""
    with _sources_lock:
        if path not in _sources:
            _sources[path] = TTFont(path)
        return _sources[path]


def subset_font(path: Path, text: str) -> bytes:
    """A TrueType font with just the glyphs of ``text`` (and their components), with a Unicode
    cmap, so an OFD reader maps the text codes to glyphs.

    Built with fontTools' FontBuilder from the cached source instead of running the subsetter
    on a freshly loaded file: loading the 10 MB primary font costs ~0.3 s per document."""
    src = _source(path)
    with _sources_lock:  # TTFont's lazy tables are not thread-safe
        cmap = src.getBestCmap()
        glyf = src["glyf"]
        wanted = {ord(c): cmap[ord(c)] for c in text if ord(c) in cmap}
        names = {".notdef", *wanted.values()}
        stack = list(names)
        while stack:
            glyph = glyf[stack.pop()]
            if glyph.isComposite():
                for comp in glyph.getComponentNames(glyf):
                    if comp not in names:
                        names.add(comp)
                        stack.append(comp)
        order = [".notdef", *sorted(names - {".notdef"})]
        glyphs = {n: copy.deepcopy(glyf[n]) for n in order}
        metrics = {n: src["hmtx"][n] for n in order}
        upem = src["head"].unitsPerEm
        hhea, os2 = src["hhea"], src["OS/2"]
        family = src["name"].getDebugName(1) or path.stem
    fb = FontBuilder(upem, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(wanted)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    fb.setupNameTable({"familyName": family, "styleName": "Regular",
                       "psName": f"{family}-Regular".replace(" ", "")})
    fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent,
                usWinDescent=os2.usWinDescent, fsType=0)
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def _code_pieces(text: str, advances: tuple[float, ...]) -> list[tuple[float, str, tuple[float, ...]]]:
    """Split a run into TextCode pieces: a character beyond the BMP (Extension B and later)
    gets a TextCode of its own with an explicit X. GB/T 33190 counts DeltaX per character, but
    readers built on UTF-16 strings count a surrogate pair as two; with no DeltaX spanning such
    a character both readings place every glyph the same."""
    pieces: list[tuple[float, str, tuple[float, ...]]] = []
    x = 0.0
    buf, start = "", 0.0
    adv: list[float] = []
    for ch, a in zip(text, advances, strict=True):
        if ord(ch) > 0xFFFF:
            if buf:
                pieces.append((start, buf, tuple(adv)))
                buf, adv = "", []
            pieces.append((x, ch, (a,)))
        else:
            if not buf:
                start = x
            buf += ch
            adv.append(a)
        x += a
    if buf:
        pieces.append((start, buf, tuple(adv)))
    return pieces


class _OfdBuilder:
    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.next_id = 1
        self.font_ids: dict[str, int] = {}        # FontMetrics key -> resource ID
        self.font_text: dict[str, set[str]] = {}
        self.media: dict[bytes, tuple[int, str]] = {}  # image bytes -> (ID, file name)
        self.pages: list[bytes] = []

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def font_id(self, key: str) -> int:
        if key not in self.font_ids:
            self.font_ids[key] = self.new_id()
            self.font_text[key] = set()
        return self.font_ids[key]

    def media_id(self, item: ImageItem) -> int:
        if item.data not in self.media:
            ext = "png" if item.fmt == "PNG" else "jpg"
            ident = self.new_id()
            self.media[item.data] = (ident, f"image_{ident}.{ext}")
        return self.media[item.data][0]

    def page(self, page: Page) -> None:
        root = _e(None, "Page")
        area = _e(root, "Area")
        _e(area, "PhysicalBox", f"0 0 {_n(page.width)} {_n(page.height)}")
        content = _e(root, "Content")
        layer = _e(content, "Layer", ID=self.new_id(), Type="Body")
        for item in page.items:
            if isinstance(item, RectItem):
                self.rect(layer, item)
            elif isinstance(item, LineItem):
                self.line(layer, item)
            elif isinstance(item, ImageItem):
                _e(layer, "ImageObject", ID=self.new_id(), ResourceID=self.media_id(item),
                   Boundary=f"{_n(item.x)} {_n(item.y)} {_n(item.w)} {_n(item.h)}",
                   CTM=f"{_n(item.w)} 0 0 {_n(item.h)} 0 0")
            elif isinstance(item, QrItem):
                self.qr(layer, item)
            elif isinstance(item, TextItem):
                self.text(layer, item, page)
        self.pages.append(_xml(root))

    def rect(self, layer: etree._Element, r: RectItem) -> None:
        lw = r.line_mm if r.stroke else 0.0
        path = _e(layer, "PathObject", ID=self.new_id(),
                  Boundary=f"{_n(r.x - lw)} {_n(r.y - lw)} {_n(r.w + 2 * lw)} {_n(r.h + 2 * lw)}",
                  LineWidth=_n(r.line_mm), Stroke=str(bool(r.stroke)).lower(),
                  Fill=str(bool(r.fill)).lower())
        if r.stroke:
            _color(path, "StrokeColor", r.stroke)
        if r.fill:
            _color(path, "FillColor", r.fill)
        x0, y0, x1, y1 = lw, lw, lw + r.w, lw + r.h
        _e(path, "AbbreviatedData",
           f"M {_n(x0)} {_n(y0)} L {_n(x1)} {_n(y0)} L {_n(x1)} {_n(y1)} L {_n(x0)} {_n(y1)} C")

    def line(self, layer: etree._Element, ln: LineItem) -> None:
        pad = ln.line_mm
        bx, by = min(ln.x1, ln.x2) - pad, min(ln.y1, ln.y2) - pad
        bw, bh = abs(ln.x2 - ln.x1) + 2 * pad, abs(ln.y2 - ln.y1) + 2 * pad
        path = _e(layer, "PathObject", ID=self.new_id(),
                  Boundary=f"{_n(bx)} {_n(by)} {_n(bw)} {_n(bh)}", LineWidth=_n(ln.line_mm))
        _color(path, "StrokeColor", ln.color)
        _e(path, "AbbreviatedData",
           f"M {_n(ln.x1 - bx)} {_n(ln.y1 - by)} L {_n(ln.x2 - bx)} {_n(ln.y2 - by)}")

    def qr(self, layer: etree._Element, q: QrItem) -> None:
        m = q.module_mm
        size = q.size_mm
        path = _e(layer, "PathObject", ID=self.new_id(),
                  Boundary=f"{_n(q.x)} {_n(q.y)} {_n(size)} {_n(size)}", Stroke="false", Fill="true",
                  Name="qr")
        _color(path, "FillColor", (0, 0, 0))
        parts = []
        for r, c, n in qr_runs(q.matrix):
            x0, y0, x1, y1 = c * m, r * m, (c + n) * m, (r + 1) * m
            parts.append(f"M {_n(x0)} {_n(y0)} L {_n(x1)} {_n(y0)} L {_n(x1)} {_n(y1)} "
                         f"L {_n(x0)} {_n(y1)} C")
        _e(path, "AbbreviatedData", " ".join(parts))

    def text(self, layer: etree._Element, t: TextItem, page: Page) -> None:
        size_mm = t.size_pt * 25.4 / 72
        x = t.x
        for run in t.runs:
            fid = self.font_id(run.font)
            self.font_text[run.font].update(run.text)
            if t.angle:
                # Rotated text: the boundary is the page; the CTM turns the text around its
                # start point, each run starting where the previous one ended along the slope.
                a = math.radians(t.angle)
                offset = x - t.x
                sx = t.x + math.cos(a) * offset
                sy = t.baseline - math.sin(a) * offset
                boundary = f"0 0 {_n(page.width)} {_n(page.height)}"
                ctm = (f"{_n(math.cos(a))} {_n(-math.sin(a))} {_n(math.sin(a))} {_n(math.cos(a))} "
                       f"{_n(sx)} {_n(sy)}")
                tx, ty = 0.0, 0.0
            else:
                top = t.baseline - size_mm * 1.1
                boundary = f"{_n(x)} {_n(top)} {_n(run.width_mm + size_mm)} {_n(size_mm * 1.5)}"
                ctm = None
                tx, ty = 0.0, t.baseline - top
            obj = _e(layer, "TextObject", ID=self.new_id(), Boundary=boundary, Font=fid,
                     Size=_n(size_mm), CTM=ctm)
            # Transparency on the colour only: an object Alpha as well would multiply with it.
            _color(obj, "FillColor", t.color, t.alpha)
            for start, piece, advances in _code_pieces(run.text, run.advances_mm):
                deltas = " ".join(_n(a) for a in advances[:-1])
                _e(obj, "TextCode", piece, X=_n(tx + start), Y=_n(ty), DeltaX=deltas or None)
            x += run.width_mm

    def write(self, out: zipfile.ZipFile, title: str, page_size: tuple[float, float]) -> None:
        max_id = self.next_id  # IDs handed out below are counted in too
        # OFD.xml
        root = _e(None, "OFD", Version="1.0", DocType="OFD")
        body = _e(root, "DocBody")
        info = _e(body, "DocInfo")
        _e(info, "DocID", f"{abs(hash(title)) % 10**16:016d}")
        _e(info, "Title", title)
        _e(info, "CreationDate", date.today().isoformat())
        _e(info, "Creator", "Registry Office")
        _e(body, "DocRoot", f"{DOC}/Document.xml")
        out.writestr("OFD.xml", _xml(root))
        # Resources: fonts (public), images (document)
        pub = _e(None, "Res", BaseLoc="Res")
        if self.font_ids:
            fonts_el = _e(pub, "Fonts")
            for key, fid in self.font_ids.items():
                metrics = self.fonts.by_key(key)
                fname = f"font_{fid}.ttf"
                f = _e(fonts_el, "Font", ID=fid, FontName=metrics.family, FamilyName=metrics.family)
                _e(f, "FontFile", fname)
                out.writestr(f"{DOC}/Res/{fname}", subset_font(metrics.path, "".join(sorted(self.font_text[key]))))
        out.writestr(f"{DOC}/PublicRes.xml", _xml(pub))
        dres = _e(None, "Res", BaseLoc="Res")
        if self.media:
            mm = _e(dres, "MultiMedias")
            for data, (mid, fname) in self.media.items():
                m = _e(mm, "MultiMedia", ID=mid, Type="Image", Format="PNG" if fname.endswith("png") else "JPEG")
                _e(m, "MediaFile", fname)
                out.writestr(f"{DOC}/Res/{fname}", data)
        out.writestr(f"{DOC}/DocumentRes.xml", _xml(dres))
        # Document.xml and pages
        doc = _e(None, "Document")
        common = _e(doc, "CommonData")
        page_ids = [self.new_id() for _ in self.pages]
        _e(common, "MaxUnitID", str(max(max_id, self.next_id - 1)))
        area = _e(common, "PageArea")
        _e(area, "PhysicalBox", f"0 0 {_n(page_size[0])} {_n(page_size[1])}")
        _e(common, "PublicRes", "PublicRes.xml")
        _e(common, "DocumentRes", "DocumentRes.xml")
        pages_el = _e(doc, "Pages")
        for i, (pid, content) in enumerate(zip(page_ids, self.pages, strict=True)):
            _e(pages_el, "Page", ID=pid, BaseLoc=f"Pages/Page_{i}/Content.xml")
            out.writestr(f"{DOC}/Pages/Page_{i}/Content.xml", content)
        out.writestr(f"{DOC}/Document.xml", _xml(doc))


def write_ofd(pages: Iterable[Page], target: Path | io.BytesIO, fonts: FontSet | None = None,
              title: str = "") -> None:
    pages = list(pages)
    builder = _OfdBuilder(fonts or default_fonts())
    for page in pages:
        builder.page(page)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        builder.write(zf, title or (pages[0].title if pages else ""),
                      (pages[0].width, pages[0].height) if pages else (210.0, 297.0))


def render_ofd(view: CertificateView, *, preview: bool = False) -> bytes:
    """One certificate as OFD bytes."""
    page = layout_page(view, preview=preview)
    buf = io.BytesIO()
    write_ofd([page], buf, title=page.title)
    return buf.getvalue()
