"""Font metrics and per-character font fallback shared by the PDF and OFD backends.

The layout engine measures and splits text here, so both backends place exactly the same
glyphs at the same positions. Widths come from the fonts' ``hmtx`` tables (fontTools), not from
ReportLab, because the OFD writer needs per-glyph advances (``DeltaX``) too.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from app.fonts import cjk_font_paths

PT_TO_MM = 25.4 / 72.0


@dataclass(frozen=True)
class FontMetrics:
    """The cmap and advance widths of one font, in em units."""

    key: str            # "F0", "F1": stable resource names used by both backends
    path: Path
    family: str
    units_per_em: int
    advances: dict[int, float]   # code point -> advance in em
    ascent: float                # em
    descent: float               # em (positive)

    def has(self, cp: int) -> bool:
        return cp in self.advances


@dataclass(frozen=True)
class Run:
    """A piece of text drawn in one font."""

    font: str            # FontMetrics.key
    text: str
    advances_mm: tuple[float, ...]  # one per character, at the run's size

    @property
    def width_mm(self) -> float:
        return sum(self.advances_mm)


def _load(key: str, path: Path) -> FontMetrics:
    font = TTFont(path, lazy=True)
    upem = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    cmap = font.getBestCmap()
    advances = {cp: hmtx[g][0] / upem for cp, g in cmap.items()}
    os2 = font["OS/2"]
    family = font["name"].getDebugName(1) or path.stem
    return FontMetrics(key, path, family, upem, advances,
                       os2.sTypoAscender / upem, -os2.sTypoDescender / upem)


class FontSet:
    """Fonts in fallback order. Loading the big fallback font's cmap is deferred until needed."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self._fonts: dict[int, FontMetrics] = {}
        self._lock = threading.Lock()
        # Per-character caches; plain dict writes are atomic, so threads may share them.
        self._picked: dict[int, int | None] = {}
        self._adv: dict[str, float] = {}

    def font(self, index: int) -> FontMetrics:
        with self._lock:
            if index not in self._fonts:
                self._fonts[index] = _load(f"F{index}", self.paths[index])
            return self._fonts[index]

    def by_key(self, key: str) -> FontMetrics:
        return self.font(int(key[1:]))

    def pick(self, cp: int) -> int | None:
        """Index of the first font that has ``cp``; None when no font has it."""
        try:
            return self._picked[cp]
        except KeyError:
            pass
        found = None
        for i in range(len(self.paths)):
            if self.font(i).has(cp):
                found = i
                break
        self._picked[cp] = found
        return found

    def advance_em(self, ch: str) -> float:
        """Advance of one character in em, in the font that will draw it (1 em if none)."""
        try:
            return self._adv[ch]
        except KeyError:
            pass
        idx = self.pick(ord(ch))
        value = self.font(0 if idx is None else idx).advances.get(ord(ch), 1.0)
        self._adv[ch] = value
        return value

    def runs(self, text: str, size_pt: float) -> list[Run]:
        """Split ``text`` into runs per font. A character no font has is drawn with the primary
        font (its .notdef box) and reported by :meth:`missing`."""
        size_mm = size_pt * PT_TO_MM
        out: list[Run] = []
        cur: int | None = None
        buf: list[str] = []
        adv: list[float] = []
        for ch in text:
            cp = ord(ch)
            idx = self.pick(cp)
            idx = 0 if idx is None else idx
            # Missing glyphs get a full em, so the layout keeps room for the box.
            a = self.font(idx).advances.get(cp, 1.0) * size_mm
            if idx != cur and buf:
                out.append(Run(f"F{cur}", "".join(buf), tuple(adv)))
                buf, adv = [], []
            cur = idx
            buf.append(ch)
            adv.append(a)
        if buf:
            out.append(Run(f"F{cur}", "".join(buf), tuple(adv)))
        return out

    def width_mm(self, text: str, size_pt: float) -> float:
        return sum(self.advance_em(ch) for ch in text) * size_pt * PT_TO_MM

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no shipped font can draw."""
        return [ch for ch in text if not ch.isspace() and self.pick(ord(ch)) is None]


@cache
def default_fonts() -> FontSet:
    return FontSet(cjk_font_paths())
