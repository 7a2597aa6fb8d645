"""Signed-payload speed and size, against baselines measured in the same run.

* encode (CBOR + COSE_Sign1 Ed25519 + zlib + Base45 + the QR-version check) vs. a bare Ed25519
  signature over the same claim bytes;
* check_code (decode + verify + dates) vs. a bare Ed25519 verification;
* text length and QR version (level Q) for typical certificates of each kind, with and without
  the employer's name.

Run: .venv/bin/python benchmarks/payload_benchmark.py [--n 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import cbor2

from app.codes.keys import Signer, TrustedKey, generate_private_key, public_raw
from app.codes.payload import (
    CertificateClaims,
    SpecialtyClaim,
    _claims_map,
    _encode_once,
    encode_payload,
    qr_version,
)
from app.codes.verify import check_code, lookup_from

USCC = "11100000000013338W"


def per_second(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def typical(kind: str) -> CertificateClaims:
    number, spec = {"constructor": ("京1112026000012345", "building"),
                    "engineer": ("S174101880", "structural"),
                    "architect": ("2011110012", "architecture")}[kind]
    return CertificateClaims(
        serial_number="20260000123", version=1, kind=kind, registration_number=number, name="王小明",
        gender="F", birth_date=date(1985, 3, 9), employer_uscc="91110108MA01KQ7E79",
        employer_name="北京城建设计研究总院第三工程设计有限公司",
        specialties=(SpecialtyClaim(spec, date(2025, 1, 1), date(2027, 12, 31)),),
        photo_hash=hashlib.sha256(b"p").digest()[:8], issuer=USCC,
        issued_at=datetime(2026, 11, 23, 4, tzinfo=UTC), window_start=date(2026, 11, 23),
        window_end=date(2027, 5, 21))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    n = ap.parse_args().n
    signer = Signer.from_private_key(generate_private_key())
    key = TrustedKey(signer.key_id, USCC, "bench", public_raw(signer.private_key),
                     datetime(2020, 1, 1, tzinfo=UTC))
    lookup = lookup_from([key])
    claims = typical("constructor")
    body = cbor2.dumps(_claims_map(claims))
    text = encode_payload(claims, signer)
    at = datetime(2027, 1, 1, tzinfo=UTC)
    sig = signer.private_key.sign(body)
    pub = signer.private_key.public_key()

    base_sign = per_second(lambda: signer.private_key.sign(body), n)
    enc_raw = per_second(lambda: _encode_once(claims, signer), n)
    enc_full = per_second(lambda: encode_payload(claims, signer), max(n // 10, 50))
    base_verify = per_second(lambda: pub.verify(sig, body), n)
    check = per_second(lambda: check_code(text, lookup, at), n)
    print(f"Ed25519 sign (baseline)           {base_sign:9.0f}/s")
    print(f"encode without QR check           {enc_raw:9.0f}/s  ratio {base_sign / enc_raw:5.2f}x baseline")
    print(f"encode_payload (with QR sizing)   {enc_full:9.0f}/s  ratio {base_sign / enc_full:5.2f}x baseline")
    print(f"Ed25519 verify (baseline)         {base_verify:9.0f}/s")
    print(f"check_code                        {check:9.0f}/s  ratio {base_verify / check:5.2f}x baseline")
    print()
    print("kind          employer name   chars  QR version (level Q)")
    for kind in ("architect", "constructor", "engineer"):
        c = typical(kind)
        for label, variant in (("20 characters", c), ("none", replace(c, employer_name=None)),
                               ("4 characters", replace(c, employer_name="中建一局"))):
            t = _encode_once(variant, signer)
            print(f"{kind:<13} {label:<15} {len(t):5d}  {qr_version(t):3d}")
        two = replace(c, specialties=c.specialties * 2) if kind == "constructor" else None
        if two is not None:
            t = encode_payload(replace(two, specialties=(
                two.specialties[0], SpecialtyClaim("municipal", date(2024, 3, 1), date(2027, 2, 28)))), signer)
            print(f"{kind:<13} {'2 specialties':<15} {len(t):5d}  {qr_version(t):3d}  (after dropping the name)")


if __name__ == "__main__":
    main()
