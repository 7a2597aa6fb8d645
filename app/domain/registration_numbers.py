"""Registration numbers made from a kind's ``registration_number_template``.

Approval (:mod:`app.services.filing_apply`) and the demo register (:mod:`app.demo.generator`)
both make numbers; they share these rules so demo numbers look like real ones and real filings
continue the demo's counters (one counter per number prefix, e.g. per year and province).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.domain.kinds import KindRules
from app.resources import load_toml

# GB/T 2260 province codes -> the abbreviation used as 军地代字 in constructor numbers.
PROVINCE_ABBR = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "贵",
    "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}
DEFAULT_PROVINCE = "11"


def registration_province(employer_uscc: str | None, resident_id: str | None) -> str:
    """Registration is with the employer's province: the USCC's administrative-division code,
    else the person's own (a resident ID's first two digits), else Beijing."""
    candidates = []
    if employer_uscc:
        candidates.append(employer_uscc[2:4])
    if resident_id:
        candidates.append(resident_id[:2])
    return next((c for c in candidates if c in PROVINCE_ABBR), DEFAULT_PROVINCE)


def template_values(rules: KindRules, specialty: str, province: str, year: int,
                    qualified_year: int) -> dict[str, str]:
    """The fields a number template may name, except ``serial``."""
    return {
        "yy": f"{year % 100:02d}", "province": province, "province_abbr": PROVINCE_ABBR[province],
        "prefix": rules.specialty(specialty).prefix or "",
        "qualified_yy": f"{qualified_year % 100:02d}",
        "yyyy": f"{year:04d}", "qualified_yyyy": f"{qualified_year:04d}",
    }


@dataclass(frozen=True)
class NumberTemplate:
    """A kind's template split at ``{serial``: the head names the counter, the tail the serial."""

    kind: str
    head: str
    tail: str

    def prefix(self, values: dict[str, str]) -> str:
        return self.head.format(**values)

    def counter(self, prefix: str) -> str:
        """The ``sequences`` row that counts numbers with this prefix."""
        return f"regno:{self.kind}:{prefix}"[:40]

    def number(self, prefix: str, serial: int) -> str:
        return prefix + self.tail.format(serial=serial)


@cache
def number_template(kind: str) -> NumberTemplate:
    template = str(load_toml("rules", f"{kind}.toml")["registration_number_template"])
    head, _, rest = template.partition("{serial")
    return NumberTemplate(kind, head, "{serial" + rest)
