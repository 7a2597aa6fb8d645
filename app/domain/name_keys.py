"""Search keys of a Chinese name: pinyin initials and full pinyin, for every reading.

A clerk at the counter types ``zs`` or ``zhangsan`` to find 张三. Surnames are where polyphonic
characters hurt most (曾 is Zēng as a surname but céng elsewhere, 单 is Shàn, 解 is Xiè), and
pypinyin cannot know which reading a given name uses, so every reading gets its own key: the
clerk finds the person whichever way they say it. Characters pypinyin does not know (some
Extension B characters) are skipped rather than failing, so the rest of the name still works.

Keys are lower-case ASCII only. ``ü`` is written ``v`` (the usual IME convention, 吕 -> ``lv``)
and additionally ``u`` (吕 -> ``lu``), because both are what people type.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import product

# Names are converted one character at a time (every reading of each), so pypinyin's phrase
# dictionary is never consulted; skipping it saves most of pypinyin's start-up time.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")

from pypinyin import Style, pinyin

# A name of four polyphonic characters with three readings each already gives 81 spellings;
# keys are rows in an indexed table, so the product is capped. The most common reading of each
# character comes first in pypinyin's list, so the capped set keeps the likely spellings.
MAX_COMBINATIONS = 64
# Longer than any real name; protects against someone pasting a paragraph into the name field.
MAX_NAME_CHARS = 20
# Matches the width of person_name_keys.key.
MAX_KEY_LENGTH = 120


def _ascii_letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """Every toneless reading of one character, most common first; () if unknown."""
    if "a" <= char.lower() <= "z":
        return (char.lower(),)  # Latin letters in a name (rare, but allowed) are their own key
    result = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings: list[str] = []
    for group in result:
        for raw in group:
            for spelling in (raw.replace("ü", "v"), raw.replace("ü", "u").replace("v", "u")):
                letters = _ascii_letters(spelling)
                if letters and letters not in readings:
                    readings.append(letters)
    return tuple(readings)


def _capped_product(options: list[tuple[str, ...]]) -> list[str]:
    """Join one choice per position, at most MAX_COMBINATIONS results, most common first."""
    combos: list[str] = []
    for parts in product(*options):
        combos.append("".join(parts)[:MAX_KEY_LENGTH])
        if len(combos) >= MAX_COMBINATIONS:
            break
    return combos


def name_search_keys(name: str) -> set[str]:
    """All search keys of ``name``: initials (张三 -> ``zs``) and full pinyin (``zhangsan``).

    Returns an empty set for a name without any character pypinyin knows.
    """
    chars = [ch for ch in (name or "").strip()[:MAX_NAME_CHARS] if not ch.isspace()]
    per_char = [r for r in (_readings(ch) for ch in chars) if r]
    if not per_char:
        return set()
    # Initials are deduplicated per character first: 单 has three readings but only two
    # initials (d, s, c -> three, but zh/ch/sh collapse to z/c/s), which keeps the product small.
    initials = [tuple(dict.fromkeys(r[0] for r in readings)) for readings in per_char]
    keys = set(_capped_product(per_char))
    keys.update(_capped_product(initials))
    return keys


def normalise_pinyin_query(text: str) -> str:
    """What a typed pinyin query is compared with: lower-case letters, spaces and ' removed."""
    return _ascii_letters(text.replace("ü", "v"))
