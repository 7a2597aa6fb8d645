"""Shared claims and keys for the app.codes tests (a fixed key: results are reproducible)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.codes.keys import Signer, TrustedKey, public_raw
from app.codes.payload import CertificateClaims, SpecialtyClaim

# RFC 8032 section 7.1, TEST 1 secret key: public, so only for tests and the documented vectors.
TEST_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
OFFICE_USCC = "11100000000013338W"


def fixed_signer(seed: bytes = TEST_SEED) -> Signer:
    return Signer.from_private_key(Ed25519PrivateKey.from_private_bytes(seed))


def trusted(signer: Signer, office: str = OFFICE_USCC, **kw: object) -> TrustedKey:
    fields: dict[str, object] = {"valid_from": datetime(2020, 1, 1, tzinfo=UTC)}
    fields.update(kw)
    return TrustedKey(signer.key_id, office, "测试注册办公室", public_raw(signer.private_key),
                      **fields)  # type: ignore[arg-type]


def claims(**changes: object) -> CertificateClaims:
    """A typical constructor certificate: 3-character name, 20-character employer name."""
    values: dict[str, object] = {
        "serial_number": "20260000123", "version": 1, "kind": "constructor",
        "registration_number": "京1112026000012345", "name": "张三丰", "gender": "M",
        "birth_date": date(1980, 5, 12), "employer_uscc": "91110108MA01KQ7E79",
        "employer_name": "北京城建设计研究总院第三工程设计有限公司",
        "specialties": (SpecialtyClaim("building", date(2025, 1, 1), date(2027, 12, 31)),),
        "photo_hash": hashlib.sha256(b"photo").digest()[:8], "issuer": OFFICE_USCC,
        "issued_at": datetime(2026, 11, 23, 4, 0, tzinfo=UTC),
        "window_start": date(2026, 11, 23), "window_end": date(2027, 5, 21),
    }
    values.update(changes)
    return CertificateClaims(**values)  # type: ignore[arg-type]
