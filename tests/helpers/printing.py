"""Helpers for the certificate output tests: read back what the PDF and OFD files contain.

Nothing here trusts our own writer: the PDF is opened with PDFium and by parsing its font
objects, the OFD by unzipping it and reading its XML with lxml.
"""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

OFD_NS = {"ofd": "http://www.ofdspec.org/2016"}
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "shared" / "ofd-schema"
if not SCHEMA_DIR.exists():  # CI: shared/ sits beside the clone
    SCHEMA_DIR = Path("/work/shared/ofd-schema")
MM_PER_PT = 25.4 / 72


def pdf_to_png(pdf: Path, dpi: int = 150) -> Image.Image:
    out = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(out)],
                   check=True)
    return Image.open(str(out) + ".png").convert("RGB")


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    text = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    rows = []
    for line in text[2:]:
        parts = line.split()
        # name type... encoding emb sub uni objectID gen: read the flags from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}


def _stream(obj: bytes) -> bytes:
    raw = obj[obj.index(b"stream") + 6:obj.rindex(b"endstream")].strip(b"\r\n")
    return zlib.decompress(raw) if b"/FlateDecode" in obj[:obj.index(b"stream")] else raw


@dataclass
class EmbeddedFont:
    name: str
    font: TTFont
    to_unicode: dict[int, str]   # char code -> text


def embedded_fonts(pdf: Path) -> list[EmbeddedFont]:
    """Every TrueType font embedded in a ReportLab PDF, with its ToUnicode map."""
    objs = _objects(pdf.read_bytes())
    fonts = []
    for obj in objs.values():
        if b"/Subtype /TrueType" not in obj or b"/FontDescriptor" not in obj:
            continue
        name = re.search(rb"/BaseFont /(\S+)", obj).group(1).decode()
        desc = objs[int(re.search(rb"/FontDescriptor (\d+) 0 R", obj).group(1))]
        ff = objs[int(re.search(rb"/FontFile2 (\d+) 0 R", desc).group(1))]
        cmap_obj = objs[int(re.search(rb"/ToUnicode (\d+) 0 R", obj).group(1))]
        cmap_text = _stream(cmap_obj).decode("latin-1")
        mapping: dict[int, str] = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap_text, re.S):
            for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                mapping[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap_text, re.S):
            for lo, hi, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                base = bytes.fromhex(start).decode("utf-16-be")
                for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    mapping[code] = chr(ord(base) + i)
        fonts.append(EmbeddedFont(name, TTFont(io.BytesIO(_stream(ff))), mapping))
    return fonts


def undrawn_characters(pdf: Path) -> list[str]:
    """Characters drawn on the first page whose embedded glyph (in the font PDFium says the
    character uses) has no outline: a missing glyph box or an empty glyph."""
    fonts = {ef.name: ef for ef in embedded_fonts(pdf)}
    bad = []
    for ch, font_name in pdf_chars_with_fonts(pdf):
        if not ch.strip():
            continue
        ef = next((f for n, f in fonts.items() if n.split("+")[-1] == font_name.split("+")[-1]), None)
        if ef is None:
            bad.append(ch)
            continue
        codes = [c for c, t in ef.to_unicode.items() if t == ch]
        cmap = ef.font["cmap"].tables[0].cmap  # ReportLab subsets: one code -> glyph table
        if not any(c in cmap and glyph_is_drawn(ef.font, cmap[c]) for c in codes):
            bad.append(ch)
    return bad


def pdf_chars_with_fonts(pdf: Path) -> list[tuple[str, str]]:
    doc = pdfium.PdfDocument(str(pdf))
    tp = doc[0].get_textpage()
    out: list[tuple[str, str]] = []
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    high = 0
    for i in range(tp.count_chars()):
        cp = pdfium_raw.FPDFText_GetUnicode(tp.raw, i)
        if 0xD800 <= cp < 0xDC00:
            high = cp
            continue
        if high and 0xDC00 <= cp < 0xE000:
            cp, high = 0x10000 + ((high - 0xD800) << 10) + cp - 0xDC00, 0
        n = pdfium_raw.FPDFText_GetFontInfo(tp.raw, i, buf, 256, flags)
        out.append((chr(cp), buf.raw[: max(0, n - 1)].decode("latin-1")))
    doc.close()
    return out


def glyph_is_drawn(font: TTFont, glyph_name: str) -> bool:
    pen = RecordingPen()
    font.getGlyphSet()[glyph_name].draw(pen)
    return bool(pen.value)


def pdf_char_origins(pdf: Path, page_index: int = 0) -> list[tuple[str, float, float]]:
    """(character, x mm, baseline y mm from the top) of every character on a page."""
    doc = pdfium.PdfDocument(str(pdf))
    page = doc[page_index]
    height = page.get_height()
    tp = page.get_textpage()
    out = []
    x, y = ctypes.c_double(), ctypes.c_double()
    pending_high = 0
    for i in range(tp.count_chars()):
        cp = pdfium_raw.FPDFText_GetUnicode(tp.raw, i)
        if 0xD800 <= cp < 0xDC00:  # PDFium reports UTF-16 units: join surrogate pairs
            pending_high = cp
            pdfium_raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            continue
        if pending_high and 0xDC00 <= cp < 0xE000:
            out.append((chr(0x10000 + ((pending_high - 0xD800) << 10) + cp - 0xDC00),
                        x.value * MM_PER_PT, (height - y.value) * MM_PER_PT))
            pending_high = 0
            continue
        pdfium_raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
        out.append((chr(cp), x.value * MM_PER_PT, (height - y.value) * MM_PER_PT))
    doc.close()
    return out


@dataclass
class OfdText:
    font_id: str
    text: str
    xs: list[float]        # page x (mm) of each character's origin
    baseline: float        # page y (mm)
    rotated: bool


def ofd_texts(ofd: bytes, page_index: int = 0) -> list[OfdText]:
    z = zipfile.ZipFile(io.BytesIO(ofd))
    root = etree.fromstring(z.read(f"Doc_0/Pages/Page_{page_index}/Content.xml"))
    out = []
    for obj in root.iterfind(".//ofd:TextObject", OFD_NS):
        bx, by, _, _ = (float(v) for v in obj.get("Boundary").split())
        for code in obj.iterfind("ofd:TextCode", OFD_NS):
            x0 = bx + float(code.get("X"))
            deltas = [float(v) for v in (code.get("DeltaX") or "").split()]
            xs = [x0]
            for d in deltas:
                xs.append(xs[-1] + d)
            out.append(OfdText(obj.get("Font"), code.text or "", xs, by + float(code.get("Y")),
                               obj.get("CTM") is not None))
    return out


def validate_ofd(ofd: bytes) -> dict[str, list[str]]:
    """Validate every XML part against the GB/T 33190 schemas; returns errors per part."""
    z = zipfile.ZipFile(io.BytesIO(ofd))
    schema_for = {"OFD.xml": "OFD.xsd", "Document.xml": "Document.xsd",
                  "PublicRes.xml": "Res.xsd", "DocumentRes.xml": "Res.xsd",
                  "Content.xml": "Page.xsd"}
    errors: dict[str, list[str]] = {}
    schemas: dict[str, etree.XMLSchema] = {}
    for name in z.namelist():
        base = name.rsplit("/", 1)[-1]
        if base not in schema_for:
            continue
        xsd = schema_for[base]
        if xsd not in schemas:
            schemas[xsd] = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / xsd)))
        schema = schemas[xsd]
        ok = schema.validate(etree.fromstring(z.read(name)))
        errors[name] = [] if ok else [str(e) for e in schema.error_log]
    return errors


def rasterize_ofd(ofd: bytes, dpi: int = 150, page_index: int = 0) -> Image.Image:
    """A minimal OFD page rasteriser (paths, images, text incl. rotated) for tests: no OFD
    viewer is available here, so this draws what the XML says, using the embedded resources
    only (the subset fonts and images inside the package)."""
    import math

    from PIL import ImageDraw, ImageFont

    z = zipfile.ZipFile(io.BytesIO(ofd))
    px = dpi / 25.4
    content = etree.fromstring(z.read(f"Doc_0/Pages/Page_{page_index}/Content.xml"))
    w, h = (float(v) for v in content.findtext(".//ofd:PhysicalBox", namespaces=OFD_NS).split()[2:])
    page = Image.new("RGB", (round(w * px), round(h * px)), "white")
    draw = ImageDraw.Draw(page)
    fonts = {f.get("ID"): z.read("Doc_0/Res/" + f.findtext("ofd:FontFile", namespaces=OFD_NS))
             for f in etree.fromstring(z.read("Doc_0/PublicRes.xml")).iterfind(".//ofd:Font", OFD_NS)}
    media = {m.get("ID"): z.read("Doc_0/Res/" + m.findtext("ofd:MediaFile", namespaces=OFD_NS))
             for m in etree.fromstring(z.read("Doc_0/DocumentRes.xml")).iterfind(".//ofd:MultiMedia", OFD_NS)}

    def color(el: etree._Element | None, tag: str) -> tuple[int, ...] | None:
        c = el.find(f"ofd:{tag}", OFD_NS) if el is not None else None
        return tuple(int(v) for v in c.get("Value").split()) if c is not None else None

    for obj in content.iterfind(".//ofd:Layer/*", OFD_NS):
        tag = etree.QName(obj).localname
        bx, by, bw, bh = (float(v) for v in obj.get("Boundary").split())
        if tag == "ImageObject":
            im = Image.open(io.BytesIO(media[obj.get("ResourceID")])).convert("RGBA")
            im = im.resize((max(1, round(bw * px)), max(1, round(bh * px))))
            page.paste(im, (round(bx * px), round(by * px)), im)
        elif tag == "PathObject":
            tokens = obj.findtext("ofd:AbbreviatedData", namespaces=OFD_NS).split()
            polys, cur, i = [], [], 0
            while i < len(tokens):
                t = tokens[i]
                if t in ("M", "L"):
                    if t == "M" and cur:
                        polys.append(cur)
                        cur = []
                    cur.append(((bx + float(tokens[i + 1])) * px, (by + float(tokens[i + 2])) * px))
                    i += 3
                else:  # C closes the subpath
                    i += 1
            if cur:
                polys.append(cur)
            fill = obj.get("Fill") == "true"
            stroke = obj.get("Stroke", "true") == "true"
            for poly in polys:
                if fill and len(poly) > 2:
                    draw.polygon(poly, fill=color(obj, "FillColor") or (0, 0, 0))
                if stroke:
                    lw = max(1, round(float(obj.get("LineWidth", "0.353")) * px))
                    pts = [*poly, poly[0]] if len(poly) > 2 else poly
                    draw.line(pts, fill=color(obj, "StrokeColor") or (0, 0, 0), width=lw)
        elif tag == "TextObject":
            size = float(obj.get("Size")) * px
            font = ImageFont.truetype(io.BytesIO(fonts[obj.get("Font")]), max(1, round(size)))
            fill = color(obj, "FillColor") or (0, 0, 0)
            for code in obj.iterfind("ofd:TextCode", OFD_NS):
                xs = [float(code.get("X"))]
                for d in (code.get("DeltaX") or "").split():
                    xs.append(xs[-1] + float(d))
                ctm = obj.get("CTM")
                if ctm is None:
                    for ch, x in zip(code.text or "", xs, strict=False):
                        draw.text(((bx + x) * px, (by + float(code.get("Y"))) * px), ch, font=font,
                                  fill=fill, anchor="ls")
                else:
                    a, b, _, _, e, f = (float(v) for v in ctm.split())
                    angle = math.degrees(math.atan2(-b, a))
                    layer = Image.new("RGBA", (round(xs[-1] * px + size * 2), round(size * 2)), (0, 0, 0, 0))
                    ld = ImageDraw.Draw(layer)
                    for ch, x in zip(code.text or "", xs, strict=False):
                        ld.text((x * px, size * 1.5), ch, font=font, fill=(*fill, 255), anchor="ls")
                    fc = obj.find("ofd:FillColor", OFD_NS)
                    alpha = int(fc.get("Alpha", "255")) if fc is not None else 255
                    layer.putalpha(layer.getchannel("A").point(lambda v, k=alpha: v * k // 255))
                    rot = layer.rotate(angle, expand=True)
                    # PIL turns about the layer's centre and re-centres the expanded image:
                    # find where the text's start point (0, baseline) ends up.
                    rad = math.radians(angle)
                    cx, cy = layer.size[0] / 2, layer.size[1] / 2
                    dx, dy = 0 - cx, size * 1.5 - cy
                    ox = dx * math.cos(rad) + dy * math.sin(rad) + rot.size[0] / 2
                    oy = -dx * math.sin(rad) + dy * math.cos(rad) + rot.size[1] / 2
                    page.paste(rot, (round((bx + e) * px - ox), round((by + f) * px - oy)), rot)
    return page
