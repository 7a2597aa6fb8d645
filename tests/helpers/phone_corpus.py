"""The cross-implementation corpus of the phone verifier tests (issue 18), made in Python.

Every case is a code text with the status the Python verifier gives it today (``check_code``
plus the revocation list's overlay, as the help desk judges away from the register), and a
trust list that the published page carries. The page must give the same ``data-status``.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.codes.keys import Signer, TrustedKey, public_raw
from app.codes.payload import CHINA_TZ, SpecialtyClaim, encode_payload
from app.codes.revocations import RevocationEntry
from app.codes.verifier_list import OfficeTrust, build_verifier_list
from app.codes.verify import check_code, lookup_from
from app.services.verifier_publish import _write_folder, page_source
from tests.helpers.verification import OFFICE, OUR_KEY, STRANGER_KEY, build_all
from tests.helpers.verification import make_claims as make_registered

OTHER_OFFICE = "12100000400012342E"
VECTOR_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"


def _key(seed: str) -> Signer:
    return Signer.from_private_key(
        Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest()))


RETIRED_KEY = _key("our-retired-key")
COMPROMISED_KEY = _key("our-stolen-key")
NEIGHBOUR_KEY = _key("neighbour-office-key")
VECTOR_KEY = Signer.from_private_key(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR_SEED)))


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    status: str            # what the Python verifier says now
    warnings: tuple[str, ...] = ()


def _trusted(signer: Signer, office: str, name: str, **kw: object) -> TrustedKey:
    fields: dict[str, object] = {"valid_from": datetime(2020, 1, 1, tzinfo=UTC)}
    fields.update(kw)
    return TrustedKey(signer.key_id, office, name, public_raw(signer.private_key), **fields)  # type: ignore[arg-type]


def china_today() -> date:
    return datetime.now(CHINA_TZ).date()


def trust(today: date) -> tuple[list[OfficeTrust], dict[str, RevocationEntry]]:
    now = datetime.now(UTC).replace(microsecond=0)
    retired_at = datetime.combine(today - timedelta(days=60), datetime.min.time(), UTC)
    compromised_at = datetime.combine(today - timedelta(days=3), datetime.min.time(), UTC)
    ours = [_trusted(OUR_KEY, OFFICE, "样本办公室"),
            _trusted(VECTOR_KEY, OFFICE, "样本办公室"),  # docs/payload.md section 7
            _trusted(RETIRED_KEY, OFFICE, "样本办公室", retired_at=retired_at,
                     valid_until=retired_at),
            _trusted(COMPROMISED_KEY, OFFICE, "样本办公室", retired_at=retired_at,
                     valid_until=retired_at, compromised_at=compromised_at - timedelta(days=90),
                     compromise_reason="测试：密钥泄露")]
    issued = build_all(today)
    base = datetime.combine(today - timedelta(days=10), datetime.min.time(), UTC)
    withdrawn = {
        issued["revoked"].serial: RevocationEntry(issued["revoked"].serial, "revoked", base, "注销注册"),
        issued["superseded"].serial: RevocationEntry(issued["superseded"].serial, "superseded",
                                                     base + timedelta(days=5), "filing:BG2026000001"),
    }
    offices = [OfficeTrust(OFFICE, "样本办公室", tuple(ours), now, tuple(withdrawn.values())),
               OfficeTrust(OTHER_OFFICE, "邻省注册中心",
                           (_trusted(NEIGHBOUR_KEY, OTHER_OFFICE, "邻省注册中心"),), None, ())]
    return offices, withdrawn


def python_status(text: str, keys: list[TrustedKey], withdrawn: dict[str, RevocationEntry],
                  at: datetime) -> tuple[str, tuple[str, ...]]:
    """check_code and the revocation list's overlay (VerificationService._judge's rule)."""
    check = check_code(text, lookup_from(keys), at)
    status = check.status
    if check.claims is not None:
        entry = withdrawn.get(check.claims.serial)
        if entry is not None and entry.at <= at:
            if entry.state == "revoked":
                status = "revoked"
            elif status == "valid":
                status = "superseded"
    return status, check.warnings


def corpus(today: date | None = None) -> tuple[list[Case], list[OfficeTrust]]:
    today = today or china_today()
    offices, withdrawn = trust(today)
    keys = [k for o in offices for k in o.keys]
    at = datetime.now(UTC)
    texts: dict[str, str] = {}
    issued = build_all(today)
    for status, item in issued.items():
        texts[status] = item.payload
    valid = issued["valid"]
    d = timedelta

    def make_claims(serial: int, window: tuple[date, date]):  # type: ignore[no-untyped-def]
        return make_registered(serial, window, reg_until=today + d(400))

    window = (today - d(30), today + d(149))
    texts["payload_test_vector"] = _vector_text()
    texts["specimen"] = encode_payload(replace(make_claims(2026000301, window), specimen=True), OUR_KEY)
    texts["office_url_prefix"] = "https://verify.example.gov.cn/ro/#" + valid.payload
    texts["tampered_character"] = _tamper(valid.payload)
    texts["foreign_key"] = encode_payload(make_claims(2026000302, window), STRANGER_KEY)
    texts["neighbour_office"] = encode_payload(
        replace(make_claims(2026000303, window), issuer=OTHER_OFFICE), NEIGHBOUR_KEY)
    texts["issuer_mismatch"] = encode_payload(make_claims(2026000304, window), NEIGHBOUR_KEY)
    texts["retired_key_after_retirement"] = encode_payload(make_claims(2026000305, window), RETIRED_KEY)
    old = (today - d(100), today + d(79))
    texts["retired_key_before_retirement"] = encode_payload(make_claims(2026000306, old), RETIRED_KEY)
    texts["compromised_key"] = encode_payload(make_claims(2026000307, old), COMPROMISED_KEY)
    texts["compromised_key_after_compromise"] = encode_payload(
        make_claims(2026000309, (today - d(50), today + d(129))), COMPROMISED_KEY)
    texts["window_too_long"] = encode_payload(
        make_claims(2026000308, (today - d(30), today + d(170))), OUR_KEY)
    texts["future_version"] = "RO2:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA8LCQ6EK5E0N1U8M5-Q$XEPZWOIB"
    texts["not_a_certificate_url"] = "https://mp.weixin.qq.com/s/abc"
    texts["not_a_certificate_text"] = "张三丰 京1112026000012345"
    texts["truncated"] = valid.payload[:200]
    cases = []
    for name, text in texts.items():
        status, warnings = python_status(text, keys, withdrawn, at)
        cases.append(Case(name, text, status, warnings))
    return cases, offices


def _vector_text() -> str:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "payload.md").read_text(encoding="utf-8")
    return next(line[len("text: "):] for line in doc.splitlines() if line.startswith("text: RO1:"))


def _tamper(text: str, seed: int = 7) -> str:
    """One Base45 character changed in the middle of the signed part."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    i = len(text) // 2
    rnd = random.Random(seed)
    c = rnd.choice([a for a in alphabet if a != text[i]])
    return text[:i] + c + text[i + 1:]


def mutations(text: str, count: int, seed: int = 18) -> list[str]:
    """Single-character changes, deletions and insertions (the full browser run)."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        i = rnd.randrange(4, len(text))
        op = rnd.choice(("change", "delete", "insert"))
        c = rnd.choice(alphabet)
        out.append(text[:i] + c + text[i + 1:] if op == "change" else
                   text[:i] + text[i + 1:] if op == "delete" else text[:i] + c + text[i:])
    return out


def publish_corpus(folder: Path, offices: list[OfficeTrust], issued_at: datetime | None = None,
                   max_age_days: int = 30) -> Path:
    """The built page and a trust list signed by OUR_KEY, as publish-verifier writes them."""
    data = build_verifier_list(OFFICE, "样本办公室", offices, [OUR_KEY],
                               issued_at or datetime.now(UTC).replace(microsecond=0), max_age_days)
    _write_folder(folder, page_source(), data)
    return folder


__all__ = ["VECTOR_KEY", "Case", "SpecialtyClaim", "corpus", "mutations", "publish_corpus"]
