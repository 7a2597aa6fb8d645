"""Validators for identity and organisation codes (GB 11643, GB 32100, GB 11714).

Each ``parse_*`` returns a normalised value object or raises :class:`InvalidInput` with a code
naming the exact rule broken, so a clerk sees "check character wrong" rather than "invalid".
The ``*_check_char`` functions are public: the demo generator builds valid codes with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.errors import InvalidInput

# --- Resident ID number (GB 11643) -------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_MAP = "10X98765432"


@dataclass(frozen=True)
class ResidentId:
    number: str  # normalised: upper-case X
    birth_date: date
    gender: str  # "M" / "F"
    region_code: str


def id_check_char(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_MAP[total % 11]


def parse_resident_id(raw: str, field: str = "id_number") -> ResidentId:
    value = (raw or "").strip().upper()
    if not value:
        raise InvalidInput("required", field=field)
    if len(value) != 18:
        raise InvalidInput("id_length", field=field, length=len(value))
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidInput("id_characters", field=field)
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidInput("id_birth_date", field=field, value=value[6:14]) from None
    if birth.year < 1800 or birth > date.today():
        raise InvalidInput("id_birth_date", field=field, value=value[6:14])
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise InvalidInput("id_check_char", field=field, expected=expected, actual=value[17])
    return ResidentId(value, birth, "M" if int(value[16]) % 2 else "F", value[:6])


# Other ID types: only what each type itself defines is checked.
_OTHER_ID_PATTERNS = {
    "hk_mo_tw_residence": re.compile(r"^8[123]\d{15}[\dX]$"),  # 港澳台居民居住证: GB 11643 form
    "passport": re.compile(r"^[A-Z0-9]{5,17}$"),
    "officer": re.compile(r"^[\u4e00-\u9fffA-Z0-9]{4,20}$"),  # 军官证
}
ID_TYPES = ("resident", "hk_mo_tw_residence", "passport", "officer")


def normalise_id(id_type: str, raw: str, field: str = "id_number") -> str:
    """Validate an ID number of any supported type; returns the normalised number."""
    if id_type == "resident":
        return parse_resident_id(raw, field).number
    if id_type not in _OTHER_ID_PATTERNS:
        raise InvalidInput("id_type_unknown", field="id_type", id_type=id_type)
    value = (raw or "").strip().upper().replace(" ", "")
    if not value:
        raise InvalidInput("required", field=field)
    if not _OTHER_ID_PATTERNS[id_type].match(value):
        raise InvalidInput("id_format", field=field, id_type=id_type)
    if id_type == "hk_mo_tw_residence":
        parse_resident_id(value, field)  # the residence permit uses the resident ID's check rule
    return value


# --- Organisation code (GB 11714) and USCC (GB 32100) -----------------------------------

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def _org_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise ValueError(ch)


def org_check_char(first8: str) -> str:
    total = sum(_org_value(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


# GB 32100-2015 表1: 登记管理部门码 (character 1) -> its 机构类别码 (character 2).
USCC_CATEGORIES: dict[str, str] = {
    "1": "1239",     # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",       # 外交: 外国常驻新闻机构, 其他
    "3": "1234569",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",       # 文化: 外国在华文化中心, 其他
    "5": "1239",     # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",      # 旅游: 外国/港澳台旅游部门常驻代表机构, 其他
    "7": "129",      # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",       # 工会: 基层工会, 其他
    "9": "123",      # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",       # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",     # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",        # 其他
}


def parse_uscc(raw: str, field: str = "uscc") -> str:
    """GB 32100: length, alphabet, 登记管理部门码 and 机构类别码, the registration authority's
    region (GB/T 2260: a province in the list, or 100000 for national authorities), the
    organisation code's and the whole code's check characters - each refusal names its rule."""
    value = (raw or "").strip().upper()
    if not value:
        raise InvalidInput("required", field=field)
    if len(value) != 18:
        raise InvalidInput("uscc_length", field=field, length=len(value))
    bad = sorted({c for c in value if c not in USCC_ALPHABET})
    if bad:
        raise InvalidInput("uscc_characters", field=field, chars="".join(bad))
    if value[0] not in USCC_CATEGORIES:
        raise InvalidInput("uscc_authority_code", field=field, value=value[0],
                           allowed="".join(USCC_CATEGORIES))
    if value[1] not in USCC_CATEGORIES[value[0]]:
        raise InvalidInput("uscc_category_code", field=field, authority=value[0], value=value[1],
                           allowed=USCC_CATEGORIES[value[0]])
    from app.domain.region_codes import NATIONAL, is_province  # the list loads when used

    region = value[2:8]
    # Only the province level is refused: county codes newer than the shipped list exist.
    if not region.isdigit() or not (region == NATIONAL or is_province(region[:2])):
        raise InvalidInput("uscc_region_code", field=field, value=region)
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        raise InvalidInput("uscc_check_char", field=field, expected=expected, actual=value[17])
    org = value[8:17]
    if org_check_char(org[:8]) != org[8]:
        raise InvalidInput("uscc_org_code", field=field, expected=org_check_char(org[:8]), actual=org[8])
    return value


# --- Licence identifier (GB/T 36904): ISO 7064 MOD 37,36 check character ----------------

_MOD37_36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mod37_36_check_char(text: str) -> str:
    """ISO/IEC 7064 hybrid MOD 37,36 over 0-9A-Z; returns the check character."""
    m = 36
    p = m
    for ch in text.upper():
        p = (p + _MOD37_36.index(ch)) % m
        p = (p or m) * 2 % (m + 1)
    return _MOD37_36[(m + 1 - p) % m]


def licence_identifier(type_code: str, issuer_uscc: str, serial: str, version: str) -> str:
    check = mod37_36_check_char(f"{type_code}{issuer_uscc}{serial}{version}")
    return f"1.2.156.3005.2.{type_code}.{issuer_uscc}.{serial}.{version}.{check}"


def check_licence_identifier(identifier: str) -> bool:
    parts = identifier.split(".")
    if len(parts) != 10 or ".".join(parts[:5]) != "1.2.156.3005.2":
        return False
    type_code, issuer, serial, version, check = parts[5:]
    try:
        return mod37_36_check_char(f"{type_code}{issuer}{serial}{version}") == check
    except ValueError:
        return False
