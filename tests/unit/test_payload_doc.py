"""docs/payload.md's test vector: others write verifiers from it, so it must stay true."""

from __future__ import annotations

import dataclasses
import re
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import base45
import cbor2

from app.codes.cose import parse_sign1
from app.codes.keys import key_id_for, load_public_key, public_raw
from app.codes.payload import PREFIX, _claims_map, decode_unverified, encode_payload, qr_symbol
from app.codes.verify import VALID, check_code, lookup_from
from tests.helpers.codes import TEST_SEED, claims, fixed_signer, trusted

DOC = Path(__file__).resolve().parents[2] / "docs" / "payload.md"


def _vector() -> dict[str, str]:
    block = re.search(r"```vector\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert block, "docs/payload.md lost its test vector"
    return dict(line.split(": ", 1) for line in block.group(1).strip().splitlines())


def test_vector_keys() -> None:
    v = _vector()
    signer = fixed_signer()
    assert bytes.fromhex(v["seed"]) == TEST_SEED
    assert v["public_key"] == public_raw(signer.private_key).hex()
    assert v["kid"] == key_id_for(bytes.fromhex(v["public_key"])) == signer.key_id


def test_vector_text_verifies_and_decodes_to_the_documented_claims() -> None:
    v = _vector()
    text = v["text"]
    assert text.startswith(PREFIX)
    message = parse_sign1(zlib.decompress(base45.b45decode(text[len(PREFIX):])))
    assert message.kid.hex() == v["kid"]
    assert message.verify(load_public_key(bytes.fromhex(v["public_key"])))
    assert message.payload.hex() == v["claims_cbor"]
    expected = claims(employer_name="中建一局")
    assert decode_unverified(text) == dataclasses.replace(expected, key_id=v["kid"])
    decoded = cbor2.loads(bytes.fromhex(v["claims_cbor"]))
    assert decoded[1] == "11100000000013338W" and decoded[-65537][4] == "张三丰"
    assert expected.serial.endswith(".20260000123.001.H")
    result = check_code(text, lookup_from([trusted(fixed_signer())]), datetime(2027, 1, 1, tzinfo=UTC))
    assert result.status == VALID
    assert result.claims is not None and result.claims.window_end == date(2027, 5, 21)
    assert qr_symbol(text).version == 14 and qr_symbol(text).error == "Q"


def test_encoder_reproduces_the_vector() -> None:
    v = _vector()
    expected = claims(employer_name="中建一局")
    assert cbor2.dumps(_claims_map(expected)).hex() == v["claims_cbor"]
    ours = encode_payload(expected, fixed_signer())
    assert zlib.decompress(base45.b45decode(ours[len(PREFIX):])).hex() == v["cose_sign1"]
