"""The shipped CJK fonts: TrueType outlines (ReportLab embeds only those), licences beside them,
and together every assigned ideograph a name may use."""

from __future__ import annotations

import unicodedata

import pytest
from fontTools.ttLib import TTFont

from app.fonts import cjk_font_families, cjk_font_path, cjk_font_paths
from app.printing.text import FontSet, default_fonts

RARE_NAME_CHARS = "䶮堃喆玥赟𠇔"  # Ext-A, URO, URO, URO, URO, Ext-B


def test_paths_exist_with_licences_and_truetype_outlines() -> None:
    paths = cjk_font_paths()
    assert paths[0] == cjk_font_path()
    assert len(paths) == len(cjk_font_families())
    for path in paths:
        assert path.exists(), path
        font = TTFont(path, lazy=True)
        assert "glyf" in font and "CFF " not in font, f"{path.name} must have TrueType outlines"
        assert font["OS/2"].fsType & 0x2 == 0, "embedding must be allowed"
        licences = list(path.parent.glob(f"*{path.stem.split('-')[0]}*.txt"))
        assert licences, f"no licence file for {path.name}"
    for path, family in zip(paths, cjk_font_families(), strict=True):
        assert TTFont(path, lazy=True)["name"].getDebugName(1) == family


def test_rare_name_characters_have_glyphs() -> None:
    fonts = default_fonts()
    assert fonts.missing(RARE_NAME_CHARS) == []
    # 𠇔 is Extension B: the primary font lacks it, the fallback draws it.
    assert fonts.pick(0x201D4) == 1
    assert fonts.pick(ord("堃")) == 0


def test_every_assigned_ideograph_is_covered() -> None:
    fonts = FontSet(cjk_font_paths())
    blocks = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF),
              (0x2F800, 0x2FA1F)]
    missing = [hex(cp) for lo, hi in blocks for cp in range(lo, hi + 1)
               if unicodedata.category(chr(cp)) != "Cn" and fonts.pick(cp) is None]
    assert missing == [], f"{len(missing)} ideographs without a glyph, e.g. {missing[:10]}"


@pytest.mark.parametrize("text", ["张伟", "阿卜杜·热合曼", "ABC-123（北京）有限公司"])
def test_runs_split_by_font_and_keep_text(text: str) -> None:
    runs = default_fonts().runs(text + "𠇔", 12)
    assert "".join(r.text for r in runs) == text + "𠇔"
    assert runs[-1].font == "F1" and runs[-1].text == "𠇔"
    assert all(len(r.advances_mm) == len(r.text) for r in runs)
