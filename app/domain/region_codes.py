"""GB/T 2260 administrative-division codes, shipped as data (``resources/regions/gb2260.tsv``).

Used to look up the region code of a resident ID number (its first six digits) and the
registration authority's region inside a USCC (GB 32100, characters 3-8). The list holds the
revisions 2002-2014 with the years each code was seen, so a retired code (e.g. 110103 崇文区,
merged in 2010) is known as retired, not as unknown. Codes newer than the list, and the
pre-2002 codes of old ID numbers, are unknown: for an ID number that is a warning the clerk
confirms, never a refusal (people keep the ID numbers of retired regions for life).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from app.resources import resource_path

CURRENT: Final = "current"
RETIRED: Final = "retired"
UNKNOWN: Final = "unknown"
# Registration authorities at national level use 100000 in the USCC (GB 32100).
NATIONAL: Final = "100000"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    first: int
    last: int


@dataclass(frozen=True)
class RegionLookup:
    code: str
    status: str  # current / retired / unknown
    name: str | None  # the code's own name (retired codes: the last one it had)
    province: str | None  # the province's name from the first two digits, when known


@cache
def _table() -> tuple[dict[str, Region], int]:
    regions: dict[str, Region] = {}
    latest = 0
    with resource_path("regions", "gb2260.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("code\t") or not line.strip():
                continue
            code, name, first, last = line.rstrip("\n").split("\t")
            regions[code] = Region(code, name, int(first), int(last))
            latest = max(latest, int(last))
    return regions, latest


def lookup(code: str) -> RegionLookup:
    regions, latest = _table()
    region = regions.get(code)
    province = regions.get(code[:2] + "0000")
    province_name = province.name if province else None
    if region is None:
        return RegionLookup(code, UNKNOWN, None, province_name)
    return RegionLookup(code, CURRENT if region.last >= latest else RETIRED, region.name,
                        province_name)


def is_province(code2: str) -> bool:
    """Whether ``code2`` (two digits) is a province-level division in the list."""
    return (code2 + "0000") in _table()[0]
