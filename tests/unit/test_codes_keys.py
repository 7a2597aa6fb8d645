"""Keys: key ids, passphrase-encrypted private keys, the trust file and its checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.codes.keys import (
    Signer,
    TrustedKey,
    check_passphrase_strength,
    decrypt_private_key,
    encrypt_private_key,
    fingerprint,
    generate_private_key,
    key_id_for,
    public_raw,
)
from app.codes.trust_file import build_trust_file, parse_trust_file
from app.errors import InvalidInput
from tests.helpers.codes import OFFICE_USCC, fixed_signer

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_key_id_is_derived_from_the_public_key() -> None:
    signer = fixed_signer()
    # RFC 8032 TEST 1 public key; sha256 of it, first 8 bytes.
    assert public_raw(signer.private_key).hex() == \
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert signer.key_id == key_id_for(public_raw(signer.private_key))
    assert len(signer.key_id) == 16 and signer.kid == bytes.fromhex(signer.key_id)
    assert len(fingerprint(public_raw(signer.private_key)).split()) == 16


def test_private_key_is_encrypted_and_needs_the_passphrase() -> None:
    key = generate_private_key()
    blob = encrypt_private_key(key, "correct horse battery")
    assert b"PRIVATE" not in blob and public_raw(key) not in blob
    assert public_raw(decrypt_private_key(blob, "correct horse battery")) == public_raw(key)
    with pytest.raises(InvalidInput) as err:
        decrypt_private_key(blob, "wrong passphrase!")
    assert err.value.code == "key_passphrase_wrong"


def test_short_passphrase_refused() -> None:
    with pytest.raises(InvalidInput):
        check_passphrase_strength("short")
    check_passphrase_strength("long enough passphrase")


def _keys() -> tuple[list[Signer], list[TrustedKey]]:
    old, new = fixed_signer(), Signer.from_private_key(generate_private_key())
    keys = [TrustedKey(old.key_id, OFFICE_USCC, "北京市注册中心", public_raw(old.private_key), T0,
                       retired_at=datetime(2026, 6, 1, tzinfo=UTC), valid_until=datetime(2026, 6, 1, tzinfo=UTC)),
            TrustedKey(new.key_id, OFFICE_USCC, "北京市注册中心", public_raw(new.private_key),
                       datetime(2026, 6, 1, tzinfo=UTC))]
    return [old, new], keys


def test_trust_file_round_trip() -> None:
    signers, keys = _keys()
    data = build_trust_file(OFFICE_USCC, "北京市注册中心", keys, signers, T0)
    parsed = parse_trust_file(data)
    assert parsed.office_code == OFFICE_USCC and parsed.office_name == "北京市注册中心"
    assert [k.key_id for k in parsed.keys] == [k.key_id for k in keys]
    assert [k.public_key for k in parsed.keys] == [k.public_key for k in keys]
    assert parsed.keys[0].retired_at == keys[0].retired_at
    assert set(parsed.signed_by) == {s.key_id for s in signers}
    assert all(k.source == "imported" for k in parsed.keys)


def _edit(data: bytes, change: object) -> bytes:
    doc = json.loads(data)
    change(doc)  # type: ignore[operator]
    return json.dumps(doc, ensure_ascii=False).encode()


def test_trust_file_problems_are_named() -> None:
    signers, keys = _keys()
    data = build_trust_file(OFFICE_USCC, "北京市注册中心", keys, signers, T0)
    cases = {
        b"not json at all": "trust_file_not_json",
        _edit(data, lambda d: d.update(format="something")): "trust_file_invalid",
        _edit(data, lambda d: d["office"].update(name="假冒办公室")): "trust_file_damaged",
        _edit(data, lambda d: d.update(signatures=[])): "trust_file_invalid",
    }
    for bad, code in cases.items():
        with pytest.raises(InvalidInput) as err:
            parse_trust_file(bad)
        assert err.value.code == code, bad[:40]


def test_edited_file_with_recomputed_hash_fails_the_signature() -> None:
    import hashlib

    from app.codes.trust_file import canonical

    signers, keys = _keys()
    data = build_trust_file(OFFICE_USCC, "北京市注册中心", keys, signers, T0)
    doc = json.loads(data)
    doc["keys"][1]["valid_until"] = "2030-01-01T00:00:00+00:00"
    body = {k: doc[k] for k in ("format", "version", "exported_at", "office", "keys")}
    doc["sha256"] = hashlib.sha256(canonical(body)).hexdigest()
    with pytest.raises(InvalidInput) as err:
        parse_trust_file(json.dumps(doc).encode())
    assert err.value.code == "trust_file_signature"


def test_key_id_must_match_public_key() -> None:
    import hashlib

    from app.codes.trust_file import canonical

    signers, keys = _keys()
    doc = json.loads(build_trust_file(OFFICE_USCC, "x", keys, signers, T0))
    doc["keys"][0]["key_id"] = "00" * 8
    body = {k: doc[k] for k in ("format", "version", "exported_at", "office", "keys")}
    doc["sha256"] = hashlib.sha256(canonical(body)).hexdigest()
    with pytest.raises(InvalidInput) as err:
        parse_trust_file(json.dumps(doc).encode())
    assert "key id" in str(err.value.params["reason"])
