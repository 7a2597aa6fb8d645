"""Signed JSON documents offices exchange (trust file, revocation list): the shared mechanics.

A document is a *body* (a fixed set of members), serialised canonically (sorted keys, no
insignificant white space, UTF-8, non-ASCII unescaped), a ``sha256`` of that serialisation
(tells "damaged or edited" apart from "forged"), and ``signatures``: Ed25519 over the same
bytes, each naming the key id that made it. Which keys a reader accepts is the reader's rule,
not this module's: it only proves which keys signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from app import inputs
from app.codes.keys import Signer, load_public_key
from app.errors import InvalidInput

# Refuse before parsing: a trust file is a few KiB, a revocation list of every certificate a
# large office ever withdrew a few MiB.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    """base64url without padding; anything else raises ``ValueError``."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, TypeError) as exc:
        raise ValueError(str(exc)) from exc


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_document(body: dict[str, Any], signers: Iterable[Signer]) -> dict[str, Any]:
    data = canonical(body)
    return {**body, "sha256": hashlib.sha256(data).hexdigest(),
            "signatures": [{"key_id": s.key_id, "signature": b64(s.private_key.sign(data))}
                           for s in signers]}


def load_document(data: bytes, field: str, not_json: str) -> Any:
    """The JSON value of ``data`` (its shape is the caller's to check)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInput("file_too_large", field=field, size=len(data), limit=MAX_DOCUMENT_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(not_json, field=field) from None
    if inputs.json_depth(text) > inputs.limit("json_depth"):  # before the parser recurses
        raise InvalidInput("json_too_deep", field=field, max=inputs.limit("json_depth"))
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidInput(not_json, field=field) from None
    return doc


def body_bytes(doc: dict[str, Any], members: tuple[str, ...], damaged: str, field: str) -> bytes:
    """The canonical body of ``doc``; its ``sha256`` must match (else ``damaged``)."""
    body = {k: doc.get(k) for k in members}
    try:
        data = canonical(body)
    except (TypeError, ValueError, RecursionError):
        raise InvalidInput(damaged, field=field) from None
    if doc.get("sha256") != hashlib.sha256(data).hexdigest():
        raise InvalidInput(damaged, field=field)
    return data


def signatures(doc: dict[str, Any]) -> list[tuple[str, bytes]]:
    """(key id, signature) pairs as written; shape problems raise ``ValueError``."""
    raw = doc.get("signatures")
    if not isinstance(raw, list) or not raw:
        raise ValueError("not signed")
    out = []
    for s in raw:
        if not isinstance(s, dict) or not isinstance(s.get("key_id"), str) \
                or not isinstance(s.get("signature"), str):
            raise ValueError("malformed signature entry")
        out.append((s["key_id"], unb64(s["signature"])))
    return out


def verifies(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        load_public_key(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def parse_when(value: Any, name: str, bad: Callable[[str], Exception],
               optional: bool = False) -> datetime | None:
    """An ISO 8601 instant with its zone; ``bad(reason)`` is raised otherwise."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise bad(f"{name}: not a date-time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise bad(f"{name}: not a date-time") from None
    if parsed.tzinfo is None:
        raise bad(f"{name}: no time zone")
    return parsed
