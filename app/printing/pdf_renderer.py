"""Certificate pages -> PDF with ReportLab: subset-embedded TrueType CJK fonts, the QR code as
vector squares at its exact size, one certificate per file or a multi-page batch file."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.codes.claims_view import CertificateView
from app.printing.layout import layout_page
from app.printing.primitives import ImageItem, LineItem, Page, QrItem, RectItem, TextItem
from app.printing.text import FontSet, default_fonts

MM = 72.0 / 25.4  # points per millimetre


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with UTF-16 destinations.

    ReportLab 4 writes a code point above U+FFFF as five hex digits (``<201D4>``), which is not
    UTF-16: copying or searching an Extension B name in the PDF then yields garbage. The PDF
    reference wants the surrogate pair (``<D840DDD4>``)."""
    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
# Binary (Flate only) image streams: ASCII85 on top makes files 25 % larger and slower to write.
rl_config.useA85 = 0
_registered: dict[str, str] = {}
_lock = threading.Lock()
_render_lock = threading.RLock()


def _font_name(fonts: FontSet, key: str) -> str:
    """Register the font with ReportLab on first use (the fallback font only when needed)."""
    path = fonts.by_key(key).path
    with _lock:
        name = _registered.get(str(path))
        if name is None:
            name = f"Registry-{path.stem}"
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _registered[str(path)] = name
    return name


def qr_runs(matrix: tuple[tuple[bool, ...], ...]) -> Iterable[tuple[int, int, int]]:
    """Dark modules merged into horizontal runs (row, first column, length): fewer, seamless
    rectangles than one per module."""
    for r, row in enumerate(matrix):
        c = 0
        n = len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                yield r, start, c - start
            else:
                c += 1


class _PdfPainter:
    def __init__(self, canvas: Canvas, fonts: FontSet) -> None:
        self.c, self.fonts = canvas, fonts
        self._images: dict[bytes, ImageReader] = {}

    def page(self, page: Page) -> None:
        c = self.c
        c.setPageSize((page.width * MM, page.height * MM))
        self.h = page.height
        for item in page.items:
            if isinstance(item, RectItem):
                self.rect(item)
            elif isinstance(item, LineItem):
                c.setStrokeColorRGB(*(v / 255 for v in item.color))
                c.setLineWidth(item.line_mm * MM)
                c.line(item.x1 * MM, self.y(item.y1), item.x2 * MM, self.y(item.y2))
            elif isinstance(item, ImageItem):
                self.image(item)
            elif isinstance(item, QrItem):
                self.qr(item)
            elif isinstance(item, TextItem):
                self.text(item)
        c.showPage()

    def y(self, y_mm: float) -> float:
        return (self.h - y_mm) * MM

    def rect(self, item: RectItem) -> None:
        c = self.c
        if item.stroke:
            c.setStrokeColorRGB(*(v / 255 for v in item.stroke))
            c.setLineWidth(item.line_mm * MM)
        if item.fill:
            c.setFillColorRGB(*(v / 255 for v in item.fill))
        c.rect(item.x * MM, self.y(item.y + item.h), item.w * MM, item.h * MM,
               stroke=1 if item.stroke else 0, fill=1 if item.fill else 0)

    def image(self, item: ImageItem) -> None:
        # One ImageReader per distinct image: a batch re-uses the seal without re-decoding it.
        reader = self._images.get(item.data)
        if reader is None:
            reader = self._images[item.data] = ImageReader(io.BytesIO(item.data))
        self.c.drawImage(reader, item.x * MM, self.y(item.y + item.h), item.w * MM, item.h * MM,
                         mask="auto" if item.fmt == "PNG" else None)

    def qr(self, item: QrItem) -> None:
        # One filled path of rectangles written as PDF operators directly: ReportLab's path
        # object formats each number through Python and costs ~40 ms for ~1,400 rectangles.
        m = item.module_mm * MM
        x0, y0 = item.x * MM, self.y(item.y)
        ops = [f"{x0 + col * m:.3f} {y0 - (r + 1) * m:.3f} {n * m:.3f} {m:.3f} re"
               for r, col, n in qr_runs(item.matrix)]
        self.c.addLiteral("q 0 0 0 rg\n" + "\n".join(ops) + "\nf Q")

    def text(self, item: TextItem) -> None:
        c = self.c
        c.saveState()
        c.setFillColorRGB(*(v / 255 for v in item.color))
        if item.alpha < 255:
            c.setFillAlpha(item.alpha / 255)
        c.translate(item.x * MM, self.y(item.baseline))
        if item.angle:
            c.rotate(item.angle)
        # Each run starts where the layout engine's advances (the fonts' hmtx) put it, so PDF and
        # OFD place every glyph identically, also across a primary/fallback font switch.
        x = 0.0
        for run in item.runs:
            c.setFont(_font_name(self.fonts, run.font), item.size_pt)
            c.drawString(x, 0, run.text)
            x += run.width_mm * MM
        c.restoreState()


def _new_canvas(target: io.BytesIO | str, title: str, fonts: FontSet) -> Canvas:
    # The initial font must be ours too: ReportLab's default (Helvetica) would appear in the
    # file as a non-embedded font although no text uses it. (types-reportlab types the
    # argument as a float; ReportLab's Canvas takes a registered font's name.)
    c = Canvas(target, pageCompression=1, invariant=1,
               initialFontName=_font_name(fonts, "F0"))  # type: ignore[arg-type]
    c.setTitle(title)
    c.setCreator("Registry Office")
    return c


def render_pages(pages: Iterable[Page], target: Path | io.BytesIO,
                 fonts: FontSet | None = None, title: str = "") -> None:
    fonts = fonts or default_fonts()
    # ReportLab keeps per-document subset state inside the shared TTFont objects: one document
    # at a time (the print renderer thread and an export job may run together).
    with _render_lock:
        _render_pages_locked(pages, target, fonts, title)


def _render_pages_locked(pages: Iterable[Page], target: Path | io.BytesIO, fonts: FontSet,
                         title: str) -> None:
    c = _new_canvas(target if isinstance(target, io.BytesIO) else str(target), title, fonts)
    painter = _PdfPainter(c, fonts)
    for page in pages:
        painter.page(page)
    c.save()


def render_pdf(view: CertificateView, *, preview: bool = False) -> bytes:
    """One certificate as PDF bytes."""
    page = layout_page(view, preview=preview)
    buf = io.BytesIO()
    render_pages([page], buf, title=page.title)
    return buf.getvalue()


def certificate_filename(view: CertificateView, ext: str) -> str:
    safe = "".join(ch for ch in view.name if ch not in '\\/:*?"<>|').strip() or "certificate"
    return f"{view.registration_number}_{safe}.{ext}"


def unique_filename(view: CertificateView, ext: str, used: set[str]) -> str:
    """:func:`certificate_filename`, plus the serial's number and version when a batch holds two
    certificates of the same holder (a re-annotation), so no file overwrites another."""
    name = certificate_filename(view, ext)
    if name in used:
        stem = name.rsplit(".", 1)[0]
        name = f"{stem}_{'.'.join(view.serial.split('.')[-3:-1])}.{ext}"
    used.add(name)
    return name


def render_batch(views: Iterable[CertificateView], out_dir: Path, *, combined: str | None = None,
                 preview: bool = False,
                 progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None) -> list[Path]:
    """One PDF per certificate in ``out_dir`` and, if ``combined`` names a file, one multi-page
    PDF of them all. Returns the files written."""
    views = list(views)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages: list[Page] = []
    used: set[str] = {combined} if combined else set()
    fonts = default_fonts()
    for i, view in enumerate(views):
        if should_stop and should_stop():
            break
        page = layout_page(view, preview=preview, fonts=fonts)
        pages.append(page)
        path = out_dir / unique_filename(view, "pdf", used)
        render_pages([page], path, fonts, page.title)
        written.append(path)
        if progress:
            progress(i + 1, len(views))
    if combined and pages:
        path = out_dir / combined
        render_pages(pages, path, fonts, "certificates")
        written.append(path)
    return written


__all__ = ["certificate_filename", "qr_runs", "render_batch", "render_pages", "render_pdf", "unique_filename"]
