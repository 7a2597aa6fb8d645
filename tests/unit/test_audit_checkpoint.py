"""The audit checkpoint file: round trip, and arbitrary input never crashes nor verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.codes.audit_checkpoint import parse_checkpoint, sign_checkpoint
from app.codes.keys import Signer, generate_private_key
from app.errors import InvalidInput

SIGNER = Signer.from_private_key(generate_private_key())
AT = datetime(2026, 12, 6, 10, 0, 0, 123456, tzinfo=UTC)


def test_round_trip_and_any_edit_breaks_the_signature() -> None:
    cp = sign_checkpoint(SIGNER, "11100000000013338W", 42, "ab" * 32, AT)
    again = parse_checkpoint(cp.to_file())
    assert again == cp and again.signature_ok()
    for field, value in (("seq", 41), ("hash", "cd" * 32), ("office_code", "91110108MA01KQ7E79"),
                         ("at", "2026-12-06T10:00:01+00:00")):
        doc = json.loads(cp.to_file())
        doc[field] = value
        assert not parse_checkpoint(json.dumps(doc).encode()).signature_ok(), field


def test_a_signature_with_another_key_under_our_key_id_fails() -> None:
    cp = sign_checkpoint(SIGNER, "11100000000013338W", 1, "00" * 32, AT)
    other = sign_checkpoint(Signer.from_private_key(generate_private_key()), cp.office_code, 1,
                            cp.hash, AT)
    doc = json.loads(other.to_file())
    doc["key_id"] = cp.key_id  # claims to be ours, carries the attacker's key
    assert not parse_checkpoint(json.dumps(doc).encode()).signature_ok()


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=10), inner, max_size=5), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _json.map(lambda v: json.dumps(v).encode())))
def test_arbitrary_input_is_refused_cleanly(data: bytes) -> None:
    try:
        cp = parse_checkpoint(data)
    except InvalidInput:
        return
    assert not cp.signature_ok()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["seq", "hash", "at", "key_id", "office_code",
                                        "public_key", "signature", "version"]), _json))
def test_arbitrary_fields_in_a_real_file_never_crash_and_never_verify(changes: dict) -> None:
    doc = json.loads(sign_checkpoint(SIGNER, "11100000000013338W", 7, "ef" * 32, AT).to_file())
    doc.update(changes)
    try:
        cp = parse_checkpoint(json.dumps(doc).encode())
    except InvalidInput:
        return
    original = json.loads(sign_checkpoint(SIGNER, "11100000000013338W", 7, "ef" * 32, AT).to_file())
    if cp.signature_ok():  # only when nothing that is signed really changed
        assert (cp.seq, cp.hash, cp.key_id, cp.office_code) == (
            original["seq"], original["hash"], original["key_id"], original["office_code"])
