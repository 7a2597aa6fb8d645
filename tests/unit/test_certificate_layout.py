"""The layout engine: every kind's layout yields primitives that stay on the page and in their
boxes, long employer names wrap or shrink without losing a character, rare characters have
glyphs, and the QR code is big enough with a clear quiet zone."""

from __future__ import annotations

import math

import pytest

from app.printing.layout import field_values, fit, layout_page, load_layout, wrap
from app.printing.primitives import ImageItem, LineItem, Page, QrItem, RectItem, TextItem
from app.printing.samples import sample_view
from app.printing.text import PT_TO_MM, default_fonts

KINDS = ["architect", "constructor", "engineer"]
LONG_EMPLOYER = "中国建筑第八工程局有限公司华东分公司上海浦东新区张江高科技园区科苑路某某大厦项目经理部第三工程处"
assert len(LONG_EMPLOYER) >= 45
EMPLOYER_60 = (LONG_EMPLOYER + "（联合体）暨北京城建集团有限责任公司")[:60]


def bbox(item: object) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of an item on the page, rotation included."""
    if isinstance(item, TextItem):
        size = item.size_pt * PT_TO_MM
        corners = [(0, -0.88 * size), (item.width, -0.88 * size), (0, 0.12 * size),
                   (item.width, 0.12 * size)]
        a = math.radians(item.angle)
        pts = [(item.x + x * math.cos(a) + y * math.sin(a),
                item.baseline - x * math.sin(a) + y * math.cos(a)) for x, y in corners]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)
    if isinstance(item, (RectItem, ImageItem)):
        return item.x, item.y, item.x + item.w, item.y + item.h
    if isinstance(item, LineItem):
        return min(item.x1, item.x2), min(item.y1, item.y2), max(item.x1, item.x2), max(item.y1, item.y2)
    if isinstance(item, QrItem):
        return item.x, item.y, item.x + item.size_mm, item.y + item.size_mm
    raise TypeError(item)


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_text_in_boxes(page: Page) -> None:
    for item in page.items:
        if isinstance(item, TextItem) and item.box:
            x, y, w, h = item.box
            x0, y0, x1, _y1 = bbox(item)
            assert x0 >= x - 0.01 and x1 <= x + w + 0.01, f"{item.role} {item.text!r} overflows"
            # Descenders may dip just below the box; the glyph bodies must be inside it.
            assert y0 >= y - 0.01 and item.baseline <= y + h + 0.01, f"{item.role} {item.text!r}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_item_stays_on_the_page_and_in_its_box(kind: str) -> None:
    page = layout_page(sample_view(kind), preview=True)
    assert (page.width, page.height) == (210.0, 297.0)
    for item in page.items:
        x0, y0, x1, y1 = bbox(item)
        assert x0 >= 5 and x1 <= page.width - 5 and y0 >= 5 and y1 <= page.height - 5, item.role
    assert_text_in_boxes(page)
    texts = " ".join(i.text for i in page.items if isinstance(i, TextItem))
    title = load_layout(kind)["element"]
    assert any(e.get("name") == "title" for e in title)
    for needed in ("张伟", "男", "1988年05月12日", "使用有效期", "签发日期", "个人签名", "签名日期",
                   "样本 / SPECIMEN", "预览 不作为证书使用"):
        assert needed in texts, needed
    assert page.find("photo") and page.find("signature") and page.find("seal")
    photo = page.find("photo")[0]
    assert isinstance(photo, ImageItem) and (photo.w, photo.h) == pytest.approx((25, 35), abs=0.2)


@pytest.mark.parametrize("kind", KINDS)
def test_qr_code_size_and_quiet_zone(kind: str) -> None:
    view = sample_view(kind, employer=EMPLOYER_60)
    page = layout_page(view, preview=True)
    (qr,) = [i for i in page.items if isinstance(i, QrItem)]
    assert qr.size_mm >= 40
    assert len(qr.matrix) == 17 + 4 * qr.version
    quiet = qr.quiet * qr.module_mm
    zone = (qr.x - quiet, qr.y - quiet, qr.x + qr.size_mm + quiet, qr.y + qr.size_mm + quiet)
    assert zone[0] >= 10 and zone[1] >= 10, "quiet zone too close to the paper edge"
    for item in page.items:
        if item is qr:
            continue
        if isinstance(item, RectItem) and item.role.startswith("frame"):
            # The page frame surrounds everything: its left rule must stay left of the zone.
            assert item.x + item.line_mm < zone[0]
            continue
        assert not overlaps(bbox(item), zone), f"{item.role} intrudes on the QR quiet zone"


@pytest.mark.parametrize("employer", [EMPLOYER_60, EMPLOYER_60 * 2, "某" * 150])
def test_long_employer_wraps_or_shrinks_without_losing_text(employer: str) -> None:
    page = layout_page(sample_view("constructor", employer=employer))
    lines = [i for i in page.items if isinstance(i, TextItem) and i.role == "employer"]
    assert "".join(line.text for line in lines) == employer
    assert_text_in_boxes(page)
    assert len({line.size_pt for line in lines}) == 1
    if len(employer) == 60:
        assert len(lines) <= 3 and lines[0].size_pt >= 8


def test_wrap_keeps_closing_punctuation_off_line_start() -> None:
    fonts = default_fonts()
    text = "北京市某某建筑工程有限公司（第一分公司），上海某某工程咨询有限公司。"
    for width in range(20, 80, 3):
        lines = wrap(fonts, text, 12, width)
        assert "".join(lines) == text
        assert all(line[0] not in "，。）、" for line in lines[1:]), lines


def test_fit_returns_largest_size_that_fits() -> None:
    fonts = default_fonts()
    fitted = fit(fonts, "某" * 20, 60, 15, 12, 8, 3)
    assert fitted.size_pt == 12
    # Too long for one line at 8 pt: it keeps shrinking and may wrap, but keeps every character.
    small = fit(fonts, "某" * 60, 60, 5, 12, 8, 1)
    assert small.size_pt < 8 and "".join(small.lines) == "某" * 60
    assert all(fonts.width_mm(line, small.size_pt) <= 60 for line in small.lines)
    assert small.size_pt * PT_TO_MM * (1 + 1.25 * (len(small.lines) - 1)) <= 5


def test_rare_name_has_no_missing_glyph_and_uses_fallback_font() -> None:
    page = layout_page(sample_view("constructor", name="䶮堃喆玥赟𠇔"))
    assert page.missing_chars == ()
    (name,) = [i for i in page.items if isinstance(i, TextItem) and i.role == "name"]
    assert name.text == "䶮堃喆玥赟𠇔"
    assert [r.font for r in name.runs] == ["F0", "F1"]


def test_unknown_character_is_reported() -> None:
    page = layout_page(sample_view("constructor", name="张\ue000"))
    assert page.missing_chars == ("\ue000",)


def test_non_specimen_has_no_watermark_and_missing_images_say_so() -> None:
    from dataclasses import replace

    view = replace(sample_view("architect", photo=False, signature=False), specimen=False)
    page = layout_page(view)
    texts = [i.text for i in page.items if isinstance(i, TextItem)]
    assert not any("SPECIMEN" in t or "预览" in t for t in texts)
    assert "照片" in texts and "签名图像" in texts
    assert not page.find("photo")


def test_field_values_format_dates_and_authority() -> None:
    values = field_values(sample_view("constructor"))
    assert values["window_start"] == "2026年01月05日"
    assert values["authority"] == "中华人民共和国\n住房和城乡建设部"


def test_all_ten_constructor_specialties_are_printed_inside_their_block() -> None:
    from dataclasses import replace

    from app.codes.claims_view import SpecialtyView
    from app.domain.kinds import kind_rules

    rules = kind_rules("constructor")
    base = sample_view("constructor")
    specs = tuple(SpecialtyView(code, sp.zh, sp.en, base.specialties[0].valid_from,
                                base.specialties[0].valid_until)
                  for code, sp in rules.specialties.items())
    assert len(specs) == 10
    page = layout_page(replace(base, specialties=specs))
    rows = [i for i in page.items if isinstance(i, TextItem) and i.role == "specialties"]
    assert [r.text for r in rows] == [s.name_zh for s in specs]
    validity = [i for i in page.items if isinstance(i, TextItem) and i.role == "specialties_validity"]
    assert len(validity) == 10 and len({round(v.x, 3) for v in validity}) == 1  # one column
    assert_text_in_boxes(page)
    (qr,) = [i for i in page.items if isinstance(i, QrItem)]
    assert max(bbox(r)[3] for r in rows) < qr.y - qr.quiet * qr.module_mm


def test_architect_certificate_carries_two_seals_from_the_layout() -> None:
    # 003: "启用'全国注册建筑师管理委员会'电子签章和全国注册建筑师管理委员会主任委员的个人电子签章作为
    # 电子证书有效签章": the committee's seal and the chairman's personal seal, both drawn.
    import io

    import numpy as np
    from PIL import Image

    page = layout_page(sample_view("architect"))
    (committee,) = page.find("seal")
    (chairman,) = page.find("chairman_seal")
    assert isinstance(committee, ImageItem) and isinstance(chairman, ImageItem)
    assert committee.data != chairman.data
    for item in (committee, chairman):
        im = Image.open(io.BytesIO(item.data))
        assert im.mode == "RGBA"
        px = np.asarray(im)
        red = int(((px[..., 3] > 100) & (px[..., 0] > 150) & (px[..., 1] < 90)).sum())
        assert red > 500, item.role  # ink was drawn
    assert chairman.w < committee.w  # a personal seal is the smaller one
    assert not overlaps(bbox(chairman), bbox(page.find("signature")[0]))
    for kind in ("constructor", "engineer"):  # one seal: their documents name one
        assert not layout_page(sample_view(kind)).find("chairman_seal")
