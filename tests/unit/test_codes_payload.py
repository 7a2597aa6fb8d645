"""The signed payload: round trip, size (QR version), strict decoding, interoperability."""

from __future__ import annotations

import dataclasses
import zlib
from datetime import UTC, date, datetime, timedelta

import base45
import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.codes.cose import parse_sign1, sign1
from app.codes.keys import public_raw
from app.codes.payload import (
    PREFIX,
    NotOurFormat,
    PayloadError,
    SpecialtyClaim,
    decode_message,
    decode_unverified,
    encode_payload,
    qr_symbol,
    qr_version,
)
from app.domain.validators import check_licence_identifier
from app.errors import RuleViolation
from tests.helpers.codes import claims, fixed_signer


def test_round_trip_keeps_every_claim() -> None:
    signer = fixed_signer()
    c = claims(employer_name="中建一局")
    text = encode_payload(c, signer)
    assert text.startswith(PREFIX)
    assert decode_unverified(text) == dataclasses.replace(c, key_id=signer.key_id)


def test_text_is_qr_alphanumeric_only() -> None:
    text = encode_payload(claims(), fixed_signer())
    allowed = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert set(text) <= allowed
    assert qr_symbol(text).mode == "alphanumeric"
    assert qr_symbol(text).error == "Q"


def test_serial_is_a_checked_licence_identifier() -> None:
    c = claims()
    assert c.serial == "1.2.156.3005.2.11100000000013338W011.11100000000013338W.20260000123.001." + c.serial[-1]
    assert check_licence_identifier(c.serial)
    assert c.registration_valid_until == date(2027, 12, 31)


@pytest.mark.parametrize("case", [
    {},  # constructor, 16-digit number, one specialty
    {"registration_number": "京111050700001"},
    {"specialties": (SpecialtyClaim("building", date(2025, 1, 1), date(2027, 12, 31)),
                     SpecialtyClaim("municipal", date(2024, 3, 1), date(2027, 2, 28)))},
    {"kind": "engineer", "registration_number": "S174101880",
     "specialties": (SpecialtyClaim("structural", date(2025, 1, 1), date(2027, 12, 31)),)},
    {"kind": "architect", "registration_number": "2011110012",
     "specialties": (SpecialtyClaim("architecture", date(2025, 1, 1), date(2026, 12, 31)),)},
    {"name": "欧阳建国", "gender": "F"},
])
def test_typical_certificates_fit_version_14_at_level_q(case: dict[str, object]) -> None:
    text = encode_payload(claims(**case), fixed_signer())
    symbol = qr_symbol(text)
    assert symbol.version <= 14, (symbol.version, len(text))
    assert symbol.error == "Q"


def test_employer_name_dropped_only_when_it_does_not_fit() -> None:
    signer = fixed_signer()
    long_name = decode_unverified(encode_payload(claims(), signer))
    assert long_name.employer_name is None  # 20 characters do not fit version 14
    short = decode_unverified(encode_payload(claims(employer_name="中建一局"), signer))
    assert short.employer_name == "中建一局"
    # With room to spare (a larger symbol allowed) the long name stays.
    roomy = decode_unverified(encode_payload(claims(), signer, max_version=20))
    assert roomy.employer_name == claims().employer_name


def test_many_specialties_grow_the_symbol_but_too_many_are_refused() -> None:
    from app.codes.payload import SPECIALTY_CODES

    specs = tuple(SpecialtyClaim(c, date(2025, 1, 1) + timedelta(days=i * 37),
                                 date(2027, 12, 31) - timedelta(days=i * 11))
                  for i, c in enumerate(SPECIALTY_CODES["constructor"]))
    assert qr_version(encode_payload(claims(specialties=specs[:4]), fixed_signer())) <= 14
    text = encode_payload(claims(specialties=specs), fixed_signer())  # all ten
    assert 14 < qr_version(text) <= 20
    with pytest.raises(RuleViolation) as err:
        encode_payload(claims(specialties=specs), fixed_signer(), hard_max=14)
    assert err.value.code == "payload_too_large"


def test_use_window_is_china_calendar_days() -> None:
    c = claims()
    assert c.not_before == datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    assert c.expires == datetime(2027, 5, 21, 16, 0, tzinfo=UTC)


def test_encoding_is_deterministic() -> None:
    assert encode_payload(claims(), fixed_signer()) == encode_payload(claims(), fixed_signer())


@pytest.mark.parametrize("text,reason", [
    ("https://example.com/pay?id=1", "no_prefix"), ("", "no_prefix"), ("RO2:ABC", "unsupported_version"),
    ("HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC", "no_prefix"),
])
def test_foreign_text_is_not_our_format(text: str, reason: str) -> None:
    with pytest.raises(NotOurFormat) as err:
        decode_message(text)
    assert str(err.value) == reason


def _wrap(obj: object) -> str:
    return PREFIX + base45.b45encode(zlib.compress(cbor2.dumps(obj))).decode()


@pytest.mark.parametrize("bad", [
    PREFIX + "!!!", PREFIX + base45.b45encode(b"not zlib").decode(),
    _wrap([1, 2, 3]), _wrap(cbor2.CBORTag(98, [b"", {}, b"", b"x" * 64])),
    _wrap(cbor2.CBORTag(18, [cbor2.dumps({1: -7, 4: b"k"}), {}, b"", b"x" * 64])),  # ES256
    _wrap(cbor2.CBORTag(18, [cbor2.dumps({1: -8}), {4: b"k"}, b"", b"x" * 64])),  # unsigned kid
    _wrap(cbor2.CBORTag(18, [cbor2.dumps({1: -8, 4: b"k"}), {}, b"", b"short"])),
    PREFIX + base45.b45encode(zlib.compress(b"\0" * 100_000)).decode(),  # zip bomb guard
])
def test_malformed_payloads_are_refused(bad: str) -> None:
    with pytest.raises(PayloadError):
        decode_message(bad)


def test_cose_interoperates_with_pycose_both_ways() -> None:
    from cryptography.hazmat.primitives import serialization
    from pycose.algorithms import EdDSA
    from pycose.headers import KID, Algorithm
    from pycose.keys import OKPKey
    from pycose.keys.curves import Ed25519
    from pycose.messages import Sign1Message

    signer = fixed_signer()
    ours = sign1(b"claims", signer.kid, signer.private_key)
    tagged = cbor2.loads(ours).value
    # pycose 1.1 cannot decode cbor2 6 output directly (see app/codes/cose.py): rebuild the list.
    theirs = Sign1Message.from_cose_obj([tagged[0], dict(tagged[1]), tagged[2], tagged[3]], True)
    theirs.key = OKPKey(crv=Ed25519, x=public_raw(signer.private_key))
    assert theirs.verify_signature()

    d = signer.private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption())
    made = Sign1Message(phdr={Algorithm: EdDSA, KID: signer.kid}, payload=b"claims")
    made.key = OKPKey(crv=Ed25519, d=d, x=public_raw(signer.private_key))
    encoded = made.encode()
    assert encoded == ours  # deterministic CBOR and Ed25519: byte-identical
    assert parse_sign1(encoded).verify(signer.private_key.public_key())


def test_fast_qr_version_agrees_with_segno() -> None:
    from app.codes.payload import _ALNUM

    alphabet = sorted(_ALNUM)
    for n in (1, 20, 150, 221, 222, 296, 297, 352, 353, 376, 377, 400, 445, 600, 900):
        text = "".join(alphabet[(i * 7) % len(alphabet)] for i in range(n))
        assert qr_version(text) == qr_symbol(text).version, n
    assert qr_version("lower case falls back to segno") == qr_symbol("lower case falls back to segno").version


def test_specimen_flag_is_signed_and_absent_on_real_certificates() -> None:
    signer = fixed_signer()
    real = encode_payload(claims(), signer)
    demo = encode_payload(claims(specimen=True), signer)
    assert decode_unverified(real).specimen is False
    assert decode_unverified(demo).specimen is True
    assert len(demo) > len(real)


_NAMES = st.text(alphabet=st.sampled_from("张王李赵欧阳𠀀𪚥䶮·ΑAé"), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(name=_NAMES, birth=st.dates(date(1940, 1, 1), date(2005, 12, 31)),
       start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), days=st.integers(0, 179),
       serial=st.integers(1, 10**12), version=st.integers(1, 999), gender=st.sampled_from("MF"),
       employer=st.one_of(st.none(), st.text(alphabet="中建一局设计院有限公司", min_size=1, max_size=20)))
def test_round_trip_property(name: str, birth: date, start: date, days: int, serial: int,
                             version: int, gender: str, employer: str | None) -> None:
    c = claims(name=name, birth_date=birth, window_start=start, window_end=start + timedelta(days=days),
               serial_number=str(serial), version=version, gender=gender, employer_name=employer)
    signer = fixed_signer()
    decoded = decode_unverified(encode_payload(c, signer, max_version=40))
    assert decoded == dataclasses.replace(c, key_id=signer.key_id)


def test_specialty_table_covers_the_rules_and_unknown_codes_travel_as_text() -> None:
    from app.codes.payload import SPECIALTY_CODES
    from app.domain.kinds import KINDS, kind_rules

    for kind in KINDS:
        assert set(kind_rules(kind).specialties) <= set(SPECIALTY_CODES[kind]), kind
    c = claims(specialties=(SpecialtyClaim("bridges_new", date(2025, 1, 1), date(2027, 12, 31)),))
    assert decode_unverified(encode_payload(c, fixed_signer())).specialties[0].code == "bridges_new"


def _variants_that_inflate_alike(text: str) -> list[str]:
    """Other transports of the same signed message: zlib's level hint in the header, and bits
    of the last deflate byte that zlib ignores (padding after the final block)."""
    compressed = base45.b45decode(text[len(PREFIX):])
    message = zlib.decompress(compressed)
    out = []
    for header in (b"\x78\x01", b"\x78\x5e", b"\x78\x9c"):  # the other FLEVEL values
        out.append(header + compressed[2:])
    last = len(compressed) - 5
    for bit in range(8):
        flipped = bytearray(compressed)
        flipped[last] ^= 1 << bit
        try:
            if zlib.decompress(bytes(flipped)) == message:
                out.append(bytes(flipped))
        except zlib.error:
            continue
    return [PREFIX + base45.b45encode(v).decode() for v in out]


def test_a_certificate_has_exactly_one_text() -> None:
    text = encode_payload(claims(), fixed_signer())
    variants = _variants_that_inflate_alike(text)
    assert len(variants) > 3  # the header variants and at least one padding bit
    decode_message(text)  # the canonical text itself decodes
    for variant in variants:
        with pytest.raises(PayloadError, match="canonical"):
            decode_message(variant)
