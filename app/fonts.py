"""The CJK fonts the application ships, for PDF, OFD and the Qt UI (contract: docs/dev/contracts.md).

Two TrueType-outline fonts live in ``resources/fonts/`` (built by ``scripts/build_fonts.py``):

* ``RegistrySansSC-Regular.ttf`` — Noto Sans SC (SIL OFL 1.1) with TrueType outlines: Latin,
  punctuation, the URO block and all of CJK Extension A, in mainland glyph shapes.
* ``RegistryHanExt-Regular.ttf`` — the part of HanaMinB (GlyphWiki, Hanazono Font License) the
  primary font lacks: CJK Extension B-F and compatibility supplement ideographs.
* ``RegistryHanGap-Regular.ttf`` — ~930 ideographs added in Unicode 13/14 at the ends of URO and
  Extensions A-C that neither of the above has, from BabelStone Han (Arphic Public License).

No single redistributable TrueType font covers Extension B with mainland shapes at a reasonable
size, hence a primary font plus a fallback. Renderers switch font per run of characters
(:mod:`app.printing.text`); the UI registers both with ``QFontDatabase`` and sets the families
``[primary, fallback]`` so Qt falls back the same way.
"""

from __future__ import annotations

from pathlib import Path

from app.resources import resource_path

PRIMARY_FAMILY = "RegistrySansSC"
FALLBACK_FAMILY = "RegistryHanExt"
GAP_FAMILY = "RegistryHanGap"
_PRIMARY_FILE = "RegistrySansSC-Regular.ttf"
_FALLBACK_FILE = "RegistryHanExt-Regular.ttf"
_GAP_FILE = "RegistryHanGap-Regular.ttf"


def cjk_font_path() -> Path:
    """The primary CJK font (TrueType outlines): every GB 2312/GBK character and Extension A."""
    return resource_path("fonts", _PRIMARY_FILE)


def cjk_fallback_font_path() -> Path:
    """The fallback font for ideographs the primary lacks (Extension B-F)."""
    return resource_path("fonts", _FALLBACK_FILE)


def cjk_font_paths() -> list[Path]:
    """All fonts in fallback order: register every one, try them first to last per character."""
    return [cjk_font_path(), cjk_fallback_font_path(), resource_path("fonts", _GAP_FILE)]


def cjk_font_families() -> list[str]:
    """Family names of :func:`cjk_font_paths`, in the same order (for ``QFont.setFamilies``)."""
    return [PRIMARY_FAMILY, FALLBACK_FAMILY, GAP_FAMILY]
