"""The sync bundle file (issue 12): signed by the sender's office key, encrypted for the receiver.

Layout (all lengths are 4-byte big-endian)::

    b"ROSYNC01"                       magic and format version
    u32 n, n bytes                    header: signed JSON document (app.codes.signed_json)
    (u32 n, n bytes)*                 frames of a libsodium secretstream (XChaCha20-Poly1305)

The header names sender, receiver, the sequence number of this bundle for the office pair,
the sender's sequence the bundle's content starts after (``since_seq``) and the receiver's
last sequence the sender applied (``acked_seq``). It carries the stream key sealed to the
receiver's X25519 key (libsodium sealed box) and the stream header, and it is signed with the
sender's Ed25519 office key: nobody can swap the key or re-address the bundle without
breaking the signature.

Each frame decrypts to UTF-8 JSON lines, one record each. The stream's own tags give
order and truncation for free: a frame moved, dropped or altered fails to decrypt, and a
file without the ``FINAL`` frame is truncated. The final frame is a trailer naming the number
of records and the SHA-256 of every record frame's plaintext, itself signed by the sender's
key, so the content (not only the key) is the sender's word. The header's SHA-256 is each
frame's additional data, binding the stream to this header.

Reading and writing stream: one frame (about 1 MiB of records) is in memory at a time.
No database here; the records' meaning is :mod:`app.services.sync_tables`'.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from nacl import bindings as sodium
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from app.codes import signed_json as sj
from app.codes.keys import Signer, fingerprint
from app.errors import InvalidInput

MAGIC = b"ROSYNC01"
FORMAT = "registry-office-sync-bundle"
VERSION = 1
HEADER_MEMBERS = ("format", "version", "created_at", "from", "to", "seq", "since_seq",
                  "acked_seq", "sealed_key", "stream_header")
FIELD = "bundle"
FRAME_TARGET = 1024 * 1024          # plaintext bytes per frame before a new one starts
MAX_HEADER = 64 * 1024
MAX_FRAME = 64 * 1024 * 1024         # one record may be a large upload (limit is 10 MiB)
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


@dataclass(frozen=True)
class BundleHeader:
    sender_code: str
    sender_name: str
    sender_key_id: str
    receiver_code: str
    receiver_key_fingerprint: str
    seq: int
    since_seq: int
    acked_seq: int
    created_at: datetime
    digest: str  # SHA-256 of the signed header body: the bundle's identity
    doc: dict[str, Any]


def _bad(code: str, **params: Any) -> InvalidInput:
    # No field: each message names the sync bundle itself (a "field: " prefix would repeat it).
    return InvalidInput(code, **params)


class BundleWriter:
    """Write a bundle record by record; ``close()`` ends the stream with the signed trailer."""

    def __init__(self, out: IO[bytes], *, signer: Signer, sender_code: str, sender_name: str,
                 receiver_code: str, receiver_public_key: bytes, seq: int, since_seq: int,
                 acked_seq: int, created_at: datetime) -> None:
        key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(self._state, key)
        body = {"format": FORMAT, "version": VERSION, "created_at": created_at.isoformat(),
                "from": {"code": sender_code, "name": sender_name, "key_id": signer.key_id},
                "to": {"code": receiver_code,
                       "encryption_key": fingerprint(receiver_public_key)},
                "seq": seq, "since_seq": since_seq, "acked_seq": acked_seq,
                "sealed_key": sj.b64(SealedBox(PublicKey(receiver_public_key)).encrypt(key)),
                "stream_header": sj.b64(stream_header)}
        header = json.dumps(sj.signed_document(body, [signer]), ensure_ascii=False).encode()
        self._ad = hashlib.sha256(sj.canonical(body)).hexdigest().encode("ascii")
        self._out, self._signer = out, signer
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._hash = hashlib.sha256()
        self.records = 0
        self.bytes_written = 0
        self._write(MAGIC + struct.pack(">I", len(header)) + header)

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self.bytes_written += len(data)

    def _frame(self, plain: bytes, tag: int) -> None:
        cipher = sodium.crypto_secretstream_xchacha20poly1305_push(self._state, plain, self._ad, tag)
        self._write(struct.pack(">I", len(cipher)) + cipher)

    def add(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        self._pending.append(line)
        self._pending_size += len(line)
        self.records += 1
        if self._pending_size >= FRAME_TARGET:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        plain = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self._hash.update(plain)
        self._frame(plain, _TAG_MESSAGE)

    def close(self) -> None:
        self._flush()
        self._frame(json.dumps(_trailer(self._ad, self.records, self._hash.hexdigest(),
                                        self._signer)).encode(), _TAG_FINAL)
        self._out.flush()


def _trailer_body(ad: bytes, records: int, digest: str) -> bytes:
    return sj.canonical({"header": ad.decode("ascii"), "records": records, "sha256": digest})


def _trailer(ad: bytes, records: int, digest: str, signer: Signer) -> dict[str, Any]:
    sig = signer.private_key.sign(_trailer_body(ad, records, digest))
    return {"records": records, "sha256": digest, "signature": sj.b64(sig)}


def _read_exact(f: IO[bytes], n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise _bad("sync_bundle_truncated")
    return data


def read_header(f: IO[bytes]) -> BundleHeader:
    """The header as written (shape checked, signature NOT yet checked: see ``check_signature``)."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise _bad("sync_bundle_not_bundle" if len(magic) == len(MAGIC) or not magic
                   else "sync_bundle_truncated")
    (n,) = struct.unpack(">I", _read_exact(f, 4))
    if n > MAX_HEADER:
        raise _bad("sync_bundle_corrupted")
    doc = sj.load_document(_read_exact(f, n), FIELD, "sync_bundle_corrupted")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _bad("sync_bundle_corrupted")
    if doc.get("version") != VERSION:
        raise _bad("sync_bundle_version", version=str(doc.get("version")))
    data = sj.body_bytes(doc, HEADER_MEMBERS, "sync_bundle_corrupted", FIELD)
    try:
        sender, receiver = doc["from"], doc["to"]
        seq, since, acked = (int(doc[k]) for k in ("seq", "since_seq", "acked_seq"))
        created = sj.parse_when(doc["created_at"], "created_at", lambda r: ValueError(r))
        assert created is not None
        header = BundleHeader(str(sender["code"]), str(sender["name"]), str(sender["key_id"]),
                              str(receiver["code"]), str(receiver["encryption_key"]), seq, since,
                              acked, created, hashlib.sha256(data).hexdigest(), doc)
    except (KeyError, TypeError, ValueError, AssertionError):
        raise _bad("sync_bundle_corrupted") from None
    if not (seq >= 1 and 0 <= since < seq and acked >= 0):
        raise _bad("sync_bundle_corrupted")
    return header


def check_signature(header: BundleHeader, public_key: bytes) -> None:
    """The header must be signed by ``public_key`` (the sender's office key we trust)."""
    try:
        sigs = dict(sj.signatures(header.doc))
    except ValueError:
        raise _bad("sync_bundle_corrupted") from None
    sig = sigs.get(header.sender_key_id)
    body = sj.body_bytes(header.doc, HEADER_MEMBERS, "sync_bundle_corrupted", FIELD)
    if sig is None or not sj.verifies(public_key, sig, body):
        raise _bad("sync_bundle_signature", office=header.sender_name)


def read_records(f: IO[bytes], header: BundleHeader, private_key: bytes,
                 sender_public_key: bytes) -> Iterator[dict[str, Any]]:
    """Decrypt and yield the records after ``read_header``; raises on the first bad frame.

    The caller applies them in one transaction and rolls back on any exception: only a bundle
    read to its signed end has been applied."""
    try:
        key = SealedBox(PrivateKey(private_key)).decrypt(sj.unb64(header.doc["sealed_key"]))
        stream_header = sj.unb64(header.doc["stream_header"])
        state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, key)
    except (CryptoError, ValueError, TypeError, KeyError):
        raise _bad("sync_bundle_not_for_us") from None
    ad = header.digest.encode("ascii")
    digest = hashlib.sha256()
    count = 0
    while True:
        raw_len = f.read(4)
        if len(raw_len) < 4:
            raise _bad("sync_bundle_truncated")
        (n,) = struct.unpack(">I", raw_len)
        if n > MAX_FRAME:
            raise _bad("sync_bundle_corrupted")
        cipher = _read_exact(f, n)
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, cipher, ad)
        except (CryptoError, ValueError, RuntimeError):
            raise _bad("sync_bundle_corrupted") from None
        if tag == _TAG_FINAL:
            _check_trailer(plain, ad, count, digest.hexdigest(), sender_public_key)
            if f.read(1):
                raise _bad("sync_bundle_corrupted")  # bytes after the signed end
            return
        digest.update(plain)
        for line in plain.splitlines():
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError, UnicodeDecodeError):
                raise _bad("sync_bundle_corrupted") from None
            if not isinstance(record, dict):
                raise _bad("sync_bundle_corrupted")
            count += 1
            yield record


def _check_trailer(plain: bytes, ad: bytes, count: int, digest: str, public_key: bytes) -> None:
    try:
        trailer = json.loads(plain)
        ok = (trailer["records"] == count and trailer["sha256"] == digest
              and sj.verifies(public_key, sj.unb64(trailer["signature"]),
                              _trailer_body(ad, count, digest)))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise _bad("sync_bundle_corrupted")
