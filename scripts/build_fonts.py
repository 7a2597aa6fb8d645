"""Build the two CJK fonts shipped in ``resources/fonts/`` (run by a developer, not at run time).

Why two fonts, and why these:

* ReportLab embeds only TrueType-outline (``glyf``) fonts, so the primary font is Noto Sans SC
  (SIL OFL 1.1, as shipped in the ``pylopdf-fonts-zh-cn`` wheel, CFF outlines) converted to
  quadratic TrueType outlines with fontTools' cu2qu. It covers the URO block and all of
  CJK Extension A (6,582) with mainland glyph shapes, but only ~50 Extension B ideographs.
* No redistributable TrueType font of reasonable size covers URO + Extension A-F with mainland
  shapes; HanaMinB (GlyphWiki "Hanazono", dual Hanazono Font License / OFL, Debian package
  ``fonts-hanazono``) has all of Extension B (42,711) and C-F. The fallback font is HanaMinB
  reduced to the code points the primary font lacks, and renamed (OFL reserved names).

Usage::

    python scripts/build_fonts.py NotoSansSC-Regular.otf HanaMinB.ttf HanaMinA.ttf BabelStoneHan.ttf

* HanaMinB (2017) predates Unicode 13/14, which added ideographs at the ends of URO, Extension A,
  B and C. A third font takes those (~930) from BabelStone Han (Arphic Public License, Debian
  package ``fonts-babelstone-han``), subset to just those code points.

HanaMinA only contributes the few URO ideographs of the newest Unicode versions that Noto Sans SC
lacks. The result is deterministic for the same inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"
PRIMARY_NAME = "RegistrySansSC"
FALLBACK_NAME = "RegistryHanExt"
GAP_NAME = "RegistryHanGap"
# Ideograph blocks a name may draw from: URO, Ext A, Ext B-F, compatibility ideographs.
IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF),
                    (0x2F800, 0x2FA1F))
# cu2qu tolerance in font units (1000/em): far below one printer dot at any text size we use.
MAX_ERR = 1.0


def _rename(font: TTFont, family: str, version_note: str) -> None:
    name = font["name"]
    keep = {0, 7, 13, 14}  # copyright, trademark, licence text, licence URL stay as they were
    for rec in list(name.names):
        if rec.nameID not in keep:
            name.names.remove(rec)
    for platform, enc, lang in ((3, 1, 0x409), (1, 0, 0)):
        name.setName(family, 1, platform, enc, lang)
        name.setName("Regular", 2, platform, enc, lang)
        name.setName(f"{family}-Regular {version_note}", 3, platform, enc, lang)
        name.setName(family, 4, platform, enc, lang)
        name.setName("Version 1.000 " + version_note, 5, platform, enc, lang)
        name.setName(f"{family}-Regular", 6, platform, enc, lang)


def _otf_to_ttf(font: TTFont) -> None:
    """Replace CFF outlines by quadratic glyf outlines (fontTools' otf2ttf recipe)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for gname in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[gname].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[gname] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    for tag in ("VORG", "DSIG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build_primary(otf: Path) -> Path:
    font = TTFont(otf)
    _otf_to_ttf(font)
    # Layout tables are not used by ReportLab, the OFD writer or our Qt labels; they only add size.
    for tag in ("GSUB", "GPOS", "BASE", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    _rename(font, PRIMARY_NAME, "(Noto Sans SC converted to TrueType outlines)")
    out = OUT / f"{PRIMARY_NAME}-Regular.ttf"
    font.save(out)
    return out


def build_fallback(primary: Path, hana_b: Path, hana_a: Path) -> Path:
    have = set(TTFont(primary)["cmap"].getBestCmap())
    wanted_b = [c for c in TTFont(hana_b, lazy=True)["cmap"].getBestCmap() if c not in have and c >= 0x3400]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False  # HanaMin's hints are generic; unhinted outlines print the same
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.glyph_names = False
    fb = TTFont(hana_b)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted_b)
    sub.subset(fb)
    # Newest URO ideographs that neither Noto Sans SC nor HanaMinB has come from HanaMinA.
    a = TTFont(hana_a, lazy=True)
    a_cmap = a["cmap"].getBestCmap()
    have_b = set(fb["cmap"].getBestCmap())
    extra = [c for c in a_cmap if c not in have and c not in have_b and 0x3400 <= c <= 0x9FFF]
    if extra:
        print(f"note: {len(extra)} URO ideographs only in HanaMinA are left out: "
              + "".join(chr(c) for c in extra[:20]))
    for tag in ("BASE", "FFTM", "GDEF", "vhea", "vmtx", "prop"):
        if tag in fb:
            del fb[tag]
    _rename(fb, FALLBACK_NAME, "(subset of HanaMinB, GlyphWiki Project)")
    out = OUT / f"{FALLBACK_NAME}-Regular.ttf"
    fb.save(out)
    return out


def build_gap(primary: Path, fallback: Path, babelstone: Path) -> Path:
    """Ideographs neither earlier font has, taken from BabelStone Han."""
    have = set(TTFont(primary)["cmap"].getBestCmap()) | set(TTFont(fallback)["cmap"].getBestCmap())
    src = TTFont(babelstone)
    cmap = src.getBestCmap()
    wanted = [c for lo, hi in IDEOGRAPH_RANGES for c in range(lo, hi + 1)
              if c not in have and c in cmap]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(src)
    for tag in ("BASE", "FFTM", "GDEF", "vhea", "vmtx", "prop"):
        if tag in src:
            del src[tag]
    _rename(src, GAP_NAME, "(subset of BabelStone Han)")
    out = OUT / f"{GAP_NAME}-Regular.ttf"
    src.save(out)
    print(f"{GAP_NAME}: {len(wanted)} ideographs")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        print(__doc__)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    primary = OUT / f"{PRIMARY_NAME}-Regular.ttf"
    fallback = OUT / f"{FALLBACK_NAME}-Regular.ttf"
    # The first two take a minute; rebuild them only when asked to (delete the files).
    if not primary.exists():
        primary = build_primary(Path(argv[1]))
    if not fallback.exists():
        fallback = build_fallback(primary, Path(argv[2]), Path(argv[3]))
    gap = build_gap(primary, fallback, Path(argv[4]))
    for p in (primary, fallback, gap):
        print(p, p.stat().st_size // 1024, "KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
