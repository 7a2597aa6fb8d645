"""Certificate kinds as data: one ``resources/rules/<kind>.toml`` per kind.

Validity years, windows, the age cap, number patterns, specialties and the layout all differ
per kind; code asks :func:`kind_rules` instead of branching on the kind's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.errors import InvalidInput
from app.resources import load_toml, resource_path

KINDS = ("architect", "constructor", "engineer")


@dataclass(frozen=True)
class Specialty:
    code: str
    zh: str
    en: str
    prefix: str | None = None  # engineers: registration-number prefix of the specialty


@dataclass(frozen=True)
class KindRules:
    code: str
    name_zh: str
    name_en: str
    authority_zh: str
    authority_en: str
    validity_years: int
    reregistration_keep_months: int
    use_window_days: int
    age_cap_years: int  # 0: no cap
    continuation_counts_from: str  # "expiry" or "approval"
    licence_type_code: str
    layout: str
    registration_number_patterns: tuple[re.Pattern[str], ...]
    seal_number_format: str
    specialties: dict[str, Specialty]

    def specialty(self, code: str) -> Specialty:
        try:
            return self.specialties[code]
        except KeyError:
            raise InvalidInput("specialty_unknown", field="specialty", kind=self.code,
                               specialty=code, allowed=list(self.specialties)) from None


@cache
def kind_rules(kind: str) -> KindRules:
    if kind not in KINDS or not resource_path("rules", f"{kind}.toml").exists():
        raise InvalidInput("kind_unknown", field="kind", kind=kind, allowed=list(KINDS))
    raw = load_toml("rules", f"{kind}.toml")
    specialties = {
        code: Specialty(code, v["zh"], v["en"], v.get("prefix"))
        for code, v in raw["specialties"].items()
    }
    return KindRules(
        code=raw["code"], name_zh=raw["name_zh"], name_en=raw["name_en"],
        authority_zh=raw["authority_zh"], authority_en=raw["authority_en"],
        validity_years=int(raw["validity_years"]),
        reregistration_keep_months=int(raw["reregistration_keep_months"]),
        use_window_days=int(raw["use_window_days"]), age_cap_years=int(raw["age_cap_years"]),
        continuation_counts_from=raw["continuation_counts_from"],
        licence_type_code=raw["licence_type_code"], layout=raw["layout"],
        registration_number_patterns=tuple(re.compile(p) for p in raw["registration_number_patterns"]),
        seal_number_format=raw["seal_number_format"], specialties=specialties,
    )


def validate_registration_number(kind: str, number: str, specialty: str | None = None,
                                 field: str = "registration_number") -> str:
    """Check a registration number against the kind's patterns (and specialty prefix)."""
    rules = kind_rules(kind)
    value = (number or "").strip().upper()
    if not value:
        raise InvalidInput("required", field=field)
    if not any(p.match(value) for p in rules.registration_number_patterns):
        raise InvalidInput("registration_number_format", field=field, kind=rules.name_zh, value=value)
    if specialty:
        prefix = rules.specialty(specialty).prefix
        if prefix and not (value.startswith(prefix) and value[len(prefix)].isdigit()):
            raise InvalidInput("registration_number_prefix", field=field, prefix=prefix, value=value)
    return value
