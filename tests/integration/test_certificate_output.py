"""Certificate files as a reader sees them: PDFs rendered with pdftoppm and their QR codes
decoded and verified, fonts embedded as subsets with a real glyph for every character drawn,
OFD packages valid against the GB/T 33190 schemas with the same text positions as the PDF."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image, ImageChops, ImageDraw

from app.codes.verify import check_code, lookup_from
from app.printing.layout import layout_page
from app.printing.ofd_writer import render_ofd, write_ofd
from app.printing.pdf_renderer import render_batch, render_pdf
from app.printing.samples import sample_key, sample_view
from tests.helpers.printing import (
    OFD_NS,
    embedded_fonts,
    ofd_texts,
    pdf_char_origins,
    pdf_to_png,
    pdffonts,
    rasterize_ofd,
    undrawn_characters,
    validate_ofd,
)

KINDS = ["architect", "constructor", "engineer"]
RARE_NAME = "䶮堃喆𠇔"
EMPLOYER_60 = ("中国建筑第八工程局有限公司华东分公司上海浦东新区张江高科技园区科苑路某某大厦项目经理部"
               "第三工程处暨北京城建集团有限责任司")
assert len(EMPLOYER_60) == 60


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for kind in KINDS:
        name = RARE_NAME if kind == "engineer" else "张伟"
        view = sample_view(kind, name=name, employer=EMPLOYER_60)
        path = out / f"{kind}.pdf"
        path.write_bytes(render_pdf(view))
        result[kind] = (path, view)
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_qr_code_decodes_to_the_payload_and_verifies(kind: str, pdfs: dict) -> None:
    path, view = pdfs[kind]
    image = pdf_to_png(path, dpi=150)
    codes = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1
    assert codes[0].text == view.payload
    check = check_code(codes[0].text, lookup_from([sample_key().trusted]),
                       datetime(2026, 2, 1, tzinfo=UTC))
    assert check.status == "valid"
    assert check.claims is not None
    assert check.claims.name == view.name
    assert check.claims.registration_number == view.registration_number
    assert check.claims.serial == view.serial


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded_as_subset(kind: str, pdfs: dict) -> None:
    rows = pdffonts(pdfs[kind][0])
    assert rows
    assert all(r["emb"] == "yes" and r["sub"] == "yes" and r["uni"] == "yes" for r in rows), rows


def test_rare_name_characters_have_real_glyphs_in_the_pdf(pdfs: dict) -> None:
    path, _ = pdfs["engineer"]
    text = "".join(c for c, _, _ in pdf_char_origins(path))
    assert RARE_NAME in text  # ToUnicode is right, also for Extension B (U+201D4)
    assert undrawn_characters(path) == []
    names = {f.name.split("+")[-1] for f in embedded_fonts(path)}
    assert names == {"RegistrySansSC-Regular", "RegistryHanExt-Regular"}


def test_undrawn_character_check_can_fail(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(render_pdf(sample_view("constructor", name="张\ue000")))
    assert undrawn_characters(path) != []


def test_long_employer_stays_inside_its_box_in_the_pdf(pdfs: dict) -> None:
    path, view = pdfs["constructor"]
    page = layout_page(view)
    (box,) = {i.box for i in page.find("employer")}
    x, y, w, h = box
    chars = pdf_char_origins(path)
    text = "".join(c for c, _, _ in chars)
    start = text.index(EMPLOYER_60[:6])
    employer_chars = [(c, cx, cy) for c, cx, cy in chars[start:] if c.strip()][:60]
    assert "".join(c for c, _, _ in employer_chars) == EMPLOYER_60
    size = page.find("employer")[0].size_pt * 25.4 / 72
    for _, cx, cy in employer_chars:
        assert x - 0.01 <= cx and cx + size <= x + w + 0.05
        assert y <= cy <= y + h


def test_batch_writes_one_file_each_and_a_combined_file(tmp_path: Path) -> None:
    views = [sample_view(k, serial=2026000100 + i) for i, k in enumerate(KINDS)]
    seen: list[tuple[int, int]] = []
    files = render_batch(views, tmp_path, combined="batch.pdf", progress=lambda d, t: seen.append((d, t)))
    assert len(files) == 4 and files[-1].name == "batch.pdf"
    assert seen[-1] == (3, 3)
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(str(files[-1]))) == 3
    stopped = render_batch(views, tmp_path / "stop", should_stop=lambda: True)
    assert stopped == []
    # Two certificates of one holder (a re-annotation) get two files, not one overwritten.
    again = [sample_view("constructor", serial=2026000200), sample_view("constructor", serial=2026000201)]
    files = render_batch(again, tmp_path / "again")
    assert len({f.name for f in files}) == 2 and all(f.exists() for f in files)


@pytest.fixture(scope="module")
def ofd_bytes() -> dict[str, bytes]:
    return {kind: render_ofd(sample_view(kind, name=RARE_NAME if kind == "engineer" else "张伟",
                                         employer=EMPLOYER_60), preview=kind == "architect")
            for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_ofd_validates_against_the_schemas(kind: str, ofd_bytes: dict) -> None:
    errors = validate_ofd(ofd_bytes[kind])
    assert len(errors) == 5  # OFD.xml, Document.xml, PublicRes, DocumentRes, one page
    assert all(not e for e in errors.values()), errors


def test_ofd_schema_check_can_fail() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(render_ofd(sample_view("constructor")))) as src, \
            zipfile.ZipFile(data, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name.endswith("Content.xml"):
                content = content.replace(b'Boundary="', b'Bogus="', 1)
            dst.writestr(name, content)
    errors = validate_ofd(data.getvalue())
    assert any(errors.values())


@pytest.mark.parametrize("kind", KINDS)
def test_ofd_package_references_and_font_subsets(kind: str, ofd_bytes: dict) -> None:
    z = zipfile.ZipFile(io.BytesIO(ofd_bytes[kind]))
    names = set(z.namelist())
    assert "OFD.xml" in names
    pub = etree.fromstring(z.read("Doc_0/PublicRes.xml"))
    fonts = {f.get("ID"): TTFont(io.BytesIO(z.read("Doc_0/Res/" + f.findtext("ofd:FontFile", namespaces=OFD_NS))))
             for f in pub.iterfind(".//ofd:Font", OFD_NS)}
    res = etree.fromstring(z.read("Doc_0/DocumentRes.xml"))
    media = {m.get("ID") for m in res.iterfind(".//ofd:MultiMedia", OFD_NS)}
    for m in res.iterfind(".//ofd:MultiMedia", OFD_NS):
        assert "Doc_0/Res/" + m.findtext("ofd:MediaFile", namespaces=OFD_NS) in names
    content = etree.fromstring(z.read("Doc_0/Pages/Page_0/Content.xml"))
    for img in content.iterfind(".//ofd:ImageObject", OFD_NS):
        assert img.get("ResourceID") in media
    drawn = supplementary = 0
    for t in ofd_texts(ofd_bytes[kind]):
        font = fonts[t.font_id]
        cmap = font.getBestCmap()
        for ch in t.text:
            assert ord(ch) in cmap, f"{ch!r} not in the embedded OFD font subset"
            drawn += 1
        assert len(t.xs) == len(t.text)
        if any(ord(ch) > 0xFFFF for ch in t.text):
            # Extension B characters stand alone: no DeltaX a UTF-16 reader could misapply.
            assert len(t.text) == 1
            supplementary += 1
    assert drawn > 200
    assert supplementary == (1 if kind == "engineer" else 0)
    # Every font subset is small: only what the page uses.
    assert all(len(z.read(n)) < 200_000 for n in names if n.endswith(".ttf"))


@pytest.mark.parametrize("kind", KINDS)
def test_ofd_and_pdf_place_the_same_text_at_the_same_positions(kind: str, pdfs: dict,
                                                                tmp_path: Path) -> None:
    path, view = pdfs[kind]
    buf = io.BytesIO()
    write_ofd([layout_page(view)], buf)
    pdf_chars = [(c, x, y) for c, x, y in pdf_char_origins(path) if c.strip()]
    ofd_chars = [(ch, x, t.baseline) for t in ofd_texts(buf.getvalue()) if not t.rotated
                 for ch, x in zip(t.text, t.xs, strict=True) if ch.strip()]
    assert [c for c, _, _ in ofd_chars] == [c for c, _, _ in pdf_chars[: len(ofd_chars)]]
    for (c, ox, oy), (_, px, py) in zip(ofd_chars, pdf_chars, strict=False):
        assert abs(ox - px) < 0.05 and abs(oy - py) < 0.05, (c, ox, oy, px, py)


def _cells(page: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The page as 5 mm cells of average grey, the QR area blanked (its own check decodes it;
    the test rasteriser draws module edges a pixel fatter than PDFium)."""
    page = page.convert("L").resize(size)
    px = size[0] / 210
    ImageDraw.Draw(page).rectangle((22 * px, 174 * px, 72 * px, 224 * px), fill=255)
    return page.resize((42, 59), Image.Resampling.BOX)


def _differing_cells(a: Image.Image, b: Image.Image) -> int:
    return sum(1 for v in ImageChops.difference(a, b).histogram()[21:] for _ in range(v))


@pytest.mark.parametrize("kind", KINDS)
def test_ofd_qr_code_decodes_when_drawn(kind: str, ofd_bytes: dict) -> None:
    """The QR path in the OFD, drawn from the XML alone, decodes to the payload."""
    page = rasterize_ofd(ofd_bytes[kind], dpi=120)
    # Ed25519 signatures are deterministic: the same sample view has the same payload.
    view = sample_view(kind, name=RARE_NAME if kind == "engineer" else "张伟", employer=EMPLOYER_60)
    assert [c.text for c in zxingcpp.read_barcodes(page)] == [view.payload]


def test_ofd_drawn_looks_like_the_pdf(tmp_path: Path) -> None:
    """Draw the OFD from its XML and embedded resources only; compare with the PDF page."""
    view = sample_view("engineer", name=RARE_NAME, employer=EMPLOYER_60)
    ofd_page = rasterize_ofd(render_ofd(view, preview=True), dpi=150)
    assert [c.text for c in zxingcpp.read_barcodes(ofd_page)] == [view.payload]
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(render_pdf(view, preview=True))
    pdf_page = pdf_to_png(pdf, dpi=150)
    reference = _cells(pdf_page, pdf_page.size)
    assert _differing_cells(reference, _cells(ofd_page, pdf_page.size)) == 0
    # The comparison can fail: another name changes several cells.
    other = rasterize_ofd(render_ofd(sample_view("engineer", name="某某某某某某", employer=EMPLOYER_60),
                                     preview=True), dpi=150)
    assert _differing_cells(reference, _cells(other, pdf_page.size)) >= 5
