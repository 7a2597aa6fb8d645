"""check_code: the order of the checks, tampering, foreign codes, dates, retired keys."""

from __future__ import annotations

import dataclasses
import hashlib
import zlib
from datetime import UTC, date, datetime, timedelta

import base45
import cbor2
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.codes.cose import sign1
from app.codes.keys import Signer, generate_private_key
from app.codes.payload import PREFIX, SpecialtyClaim, encode_payload
from app.codes.verify import (
    EXPIRED,
    INVALID_SIGNATURE,
    NOT_A_CERTIFICATE,
    NOT_YET_VALID,
    REGISTRATION_EXPIRED,
    UNKNOWN_ISSUER,
    VALID,
    check_code,
    lookup_from,
)
from tests.helpers.codes import claims, fixed_signer, trusted

SIGNER = fixed_signer()
TEXT = encode_payload(claims(), SIGNER)
LOOKUP = lookup_from([trusted(SIGNER)])
DURING = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def test_valid_inside_window() -> None:
    result = check_code(TEXT, LOOKUP, DURING)
    assert result.status == VALID and result.ok
    assert result.claims is not None and result.claims.name == "张三丰"
    assert result.key is not None and result.key.key_id == SIGNER.key_id


def test_scanner_newline_is_tolerated() -> None:
    assert check_code(TEXT + "\r\n", LOOKUP, DURING).status == VALID


def test_window_edges_in_china_time() -> None:
    # Window 2026-11-23 .. 2027-05-21 inclusive, in UTC+8.
    start = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    assert check_code(TEXT, LOOKUP, start - timedelta(seconds=1)).status == NOT_YET_VALID
    assert check_code(TEXT, LOOKUP, start).status == VALID
    end = datetime(2027, 5, 21, 16, 0, tzinfo=UTC)
    assert check_code(TEXT, LOOKUP, end - timedelta(seconds=1)).status == VALID
    assert check_code(TEXT, LOOKUP, end).status == EXPIRED


def test_registration_lapse_is_reported_over_window_end() -> None:
    spec = (SpecialtyClaim("building", date(2024, 1, 1), date(2027, 2, 1)),)
    text = encode_payload(claims(specialties=spec, window_end=date(2027, 2, 1)), SIGNER)
    assert check_code(text, LOOKUP, datetime(2027, 2, 1, 15, 59, tzinfo=UTC)).status == VALID
    assert check_code(text, LOOKUP, datetime(2027, 2, 1, 16, 0, tzinfo=UTC)).status == REGISTRATION_EXPIRED


def test_unknown_issuer() -> None:
    other = Signer.from_private_key(generate_private_key())
    text = encode_payload(claims(), other)
    result = check_code(text, LOOKUP, DURING)
    assert result.status == UNKNOWN_ISSUER and result.claims is None
    assert result.detail == other.key_id


def test_key_substituted_under_a_trusted_kid_is_invalid_signature() -> None:
    forger = generate_private_key()
    text = encode_payload(claims(name="李四"), Signer(SIGNER.key_id, forger))
    result = check_code(text, LOOKUP, DURING)
    assert result.status == INVALID_SIGNATURE and result.claims is None


def test_claims_edited_and_resigned_by_another_office_are_refused() -> None:
    other = Signer.from_private_key(generate_private_key())
    lookup = lookup_from([trusted(SIGNER), trusted(other, office="91350100M000100Y43")])
    text = encode_payload(claims(), other)  # iss says our office, key belongs to another
    assert check_code(text, lookup, DURING).detail == "issuer_mismatch"


def test_retired_key_verifies_old_certificates_only() -> None:
    retired = trusted(SIGNER, retired_at=datetime(2026, 12, 1, tzinfo=UTC))
    lookup = lookup_from([retired])
    assert check_code(TEXT, lookup, DURING).status == VALID  # signed before retirement
    late = encode_payload(claims(issued_at=datetime(2026, 12, 2, tzinfo=UTC)), SIGNER)
    result = check_code(late, lookup, DURING)
    assert result.status == INVALID_SIGNATURE and result.detail == "key_not_valid_at_issue"


def test_signed_before_key_existed_is_refused() -> None:
    lookup = lookup_from([trusted(SIGNER, valid_from=datetime(2026, 12, 1, tzinfo=UTC))])
    assert check_code(TEXT, lookup, DURING).detail == "key_not_valid_at_issue"


def test_signed_garbage_claims_are_not_valid() -> None:
    body = cbor2.dumps({1: "x"})
    text = PREFIX + base45.b45encode(zlib.compress(sign1(body, SIGNER.kid, SIGNER.private_key))).decode()
    assert check_code(text, LOOKUP, DURING).status == INVALID_SIGNATURE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0, max_value=len(TEXT) - 1), replacement=st.sampled_from(ALPHABET))
def test_any_single_character_changed_is_never_valid(position: int, replacement: str) -> None:
    if TEXT[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    tampered = TEXT[:position] + replacement + TEXT[position + 1:]
    assert check_code(tampered, LOOKUP, DURING).status != VALID


def test_every_byte_of_the_cose_message_is_protected() -> None:
    """Flip each byte of the decompressed message in turn: none of the results may be valid."""
    raw = zlib.decompress(base45.b45decode(TEXT[len(PREFIX):]))
    for i in range(len(raw)):
        changed = bytearray(raw)
        changed[i] ^= 0x01
        text = PREFIX + base45.b45encode(zlib.compress(bytes(changed))).decode()
        assert check_code(text, LOOKUP, DURING).status != VALID, i


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text_is_not_a_certificate(text: str) -> None:
    assume(not text.strip().startswith("RO1:"))  # that is our prefix: see the fuzz tests
    assert check_code(text, LOOKUP, DURING).status == NOT_A_CERTIFICATE


def test_other_qr_contents_are_not_certificates() -> None:
    others = ["https://weixin.qq.com/r/abc", "WIFI:T:WPA;S:office;P:secret;;", "6901234567892",
              "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH", "BEGIN:VCARD\nFN:张三\nEND:VCARD",
              "1.2.156.3005.2.11100000000013338W011.11110000000021135M.20230329701.003.Y"]
    for text in others:
        assert check_code(text, LOOKUP, DURING).status == NOT_A_CERTIFICATE, text


def test_truncated_code_is_invalid_not_foreign() -> None:
    assert check_code(TEXT[:-30], LOOKUP, DURING).status == INVALID_SIGNATURE


def test_photo_hash_is_bound() -> None:
    text = encode_payload(claims(photo_hash=hashlib.sha256(b"other").digest()[:8]), SIGNER)
    result = check_code(text, LOOKUP, DURING)
    assert result.claims is not None and result.claims != dataclasses.replace(claims(), key_id=SIGNER.key_id)


def test_every_position_changed_is_never_valid_exhaustive() -> None:
    for position, ch in enumerate(TEXT):
        for replacement in (ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)], "a"):
            tampered = TEXT[:position] + replacement + TEXT[position + 1:]
            assert check_code(tampered, LOOKUP, DURING).status != VALID, (position, replacement)
    # Deleting or inserting a character is no better (inserting before the prefix is an office
    # address in front of the signed text, issue 18: dropped, see the test below).
    for position in range(len(TEXT)):
        assert check_code(TEXT[:position] + TEXT[position + 1:], LOOKUP, DURING).status != VALID
        if position:
            assert check_code(TEXT[:position] + "0" + TEXT[position:], LOOKUP, DURING).status != VALID


def test_an_office_address_before_the_prefix_is_not_signed_and_dropped() -> None:
    """docs/payload.md section 2 (issue 18): a phone's camera app opens the address; every
    verifier reads the signed text from "RO1:" on, so the address changes nothing."""
    for address in ("https://verify.example.gov.cn/ro/#", "HTTPS://X.GOV.CN/V/", "0"):
        result = check_code(address + TEXT, LOOKUP, DURING)
        assert result.status == VALID and result.claims == check_code(TEXT, LOOKUP, DURING).claims
    # What follows the address must still be exactly the signed text.
    assert check_code("https://x/#" + TEXT[:-1], LOOKUP, DURING).status == INVALID_SIGNATURE
    assert check_code("https://x/#RO2:" + TEXT[4:], LOOKUP, DURING).status == NOT_A_CERTIFICATE
