"""The sync bundle codec alone (app/codes/sync_bundle.py): no database, real libsodium."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from nacl.public import PrivateKey

from app.codes.keys import Signer, generate_private_key, public_raw
from app.codes.sync_bundle import (
    FRAME_TARGET,
    BundleWriter,
    check_signature,
    read_header,
    read_records,
)
from app.errors import InvalidInput

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _bundle(records: list[dict[str, object]], signer: Signer, receiver: PrivateKey) -> bytes:
    out = io.BytesIO()
    w = BundleWriter(out, signer=signer, sender_code="A", sender_name="甲办公室", receiver_code="B",
                     receiver_public_key=bytes(receiver.public_key), seq=3, since_seq=1,
                     acked_seq=2, created_at=NOW)
    for r in records:
        w.add(r)
    w.close()
    assert w.records == len(records) and w.bytes_written == len(out.getvalue())
    return out.getvalue()


def _read(data: bytes, signer: Signer, receiver: PrivateKey) -> list[dict[str, object]]:
    f = io.BytesIO(data)
    header = read_header(f)
    check_signature(header, public_raw(signer.private_key))
    return list(read_records(f, header, bytes(receiver), public_raw(signer.private_key)))


@pytest.fixture
def keys() -> tuple[Signer, PrivateKey]:
    return Signer.from_private_key(generate_private_key()), PrivateKey.generate()


def test_round_trip_with_many_frames_and_the_header_fields(keys) -> None:  # type: ignore[no-untyped-def]
    signer, receiver = keys
    big = "照" * 200_000  # 600 KB of UTF-8 per record: several frames
    records = [{"t": "attachment", "id": str(i), "r": {"data": big if i % 3 == 0 else i}}
               for i in range(20)]
    data = _bundle(records, signer, receiver)
    assert len(data) > 2 * FRAME_TARGET
    assert _read(data, signer, receiver) == records
    header = read_header(io.BytesIO(data))
    assert (header.sender_code, header.receiver_code, header.seq, header.since_seq,
            header.acked_seq, header.created_at) == ("A", "B", 3, 1, 2, NOW)
    assert ("照" * 20).encode() not in data  # the content is encrypted, not just signed


def test_an_empty_bundle_still_has_a_signed_end(keys) -> None:  # type: ignore[no-untyped-def]
    signer, receiver = keys
    data = _bundle([], signer, receiver)
    assert _read(data, signer, receiver) == []
    with pytest.raises(InvalidInput) as err:
        _read(data[:-5], signer, receiver)
    assert err.value.code == "sync_bundle_truncated"


def test_another_receiver_or_signer_is_refused(keys) -> None:  # type: ignore[no-untyped-def]
    signer, receiver = keys
    data = _bundle([{"t": "x", "id": "1", "r": {}}], signer, receiver)
    with pytest.raises(InvalidInput) as err:
        _read(data, signer, PrivateKey.generate())
    assert err.value.code == "sync_bundle_not_for_us"
    other = Signer.from_private_key(generate_private_key())
    with pytest.raises(InvalidInput) as err:
        check_signature(read_header(io.BytesIO(data)), public_raw(other.private_key))
    assert err.value.code == "sync_bundle_signature"


@pytest.mark.parametrize("position", [0.3, 0.6, 0.95])
def test_any_changed_byte_is_refused(keys, position: float) -> None:  # type: ignore[no-untyped-def]
    signer, receiver = keys
    data = bytearray(_bundle([{"t": "x", "id": str(i), "r": {"n": i}} for i in range(500)],
                             signer, receiver))
    data[int(len(data) * position)] ^= 0x40
    with pytest.raises(InvalidInput) as err:
        _read(bytes(data), signer, receiver)
    assert err.value.code in ("sync_bundle_corrupted", "sync_bundle_signature",
                              "sync_bundle_not_for_us")


def test_not_a_bundle(keys) -> None:  # type: ignore[no-untyped-def]
    for data, code in ((b"", "sync_bundle_not_bundle"), (b"%PDF-1.7 something", "sync_bundle_not_bundle"),
                       (b"ROSY", "sync_bundle_truncated")):
        with pytest.raises(InvalidInput) as err:
            read_header(io.BytesIO(data))
        assert err.value.code == code
