"""The signed revocation list (docs/payload.md section 8): withdrawn certificates of one office.

An office lists every certificate it revoked or superseded, with the date and the reason, and
signs the list with its current key. Help desks, field offices and the phone verifier import it
and, away from the issuing register, report "revoked as of the list's date". The list only ever
adds facts; what a reader has once learnt from a genuine list it keeps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.codes import signed_json as sj
from app.codes.keys import Signer, TrustedKey
from app.errors import InvalidInput

REVOCATION_FORMAT = "registry-office-revocation-list"
REVOCATION_VERSION = 1
BODY_MEMBERS = ("format", "version", "issued_at", "office", "entries")
FIELD = "revocation_list"
# Revoked beats superseded: the more serious fact wins when both are known.
ENTRY_STATES = ("revoked", "superseded")
MAX_ENTRIES = 2_000_000


@dataclass(frozen=True)
class RevocationEntry:
    serial: str          # the full GB/T 36904 licence identifier
    state: str           # revoked / superseded
    at: datetime         # since when
    reason: str | None   # revoked: the reason recorded; superseded: the newer serial or the filing


@dataclass(frozen=True)
class RevocationList:
    office_code: str
    office_name: str
    issued_at: datetime  # "as of": the register's state at this instant
    entries: tuple[RevocationEntry, ...]
    body: bytes                               # the canonical bytes the signatures cover
    signatures: tuple[tuple[str, bytes], ...]  # (key id, Ed25519 signature)
    # The office's seal CRLs (issue 13): (algorithm, DER). Beside the body, not in it: each is
    # signed by the office's seal root, which the reader checks against the root it holds.
    seal_crls: tuple[tuple[str, bytes], ...] = ()

    def signed_by(self, keys: list[TrustedKey]) -> tuple[str, ...]:
        """Which of ``keys`` (the office's, as the reader knows them) signed this list."""
        by_id = {k.key_id: k for k in keys if k.office_code == self.office_code}
        return tuple(kid for kid, sig in self.signatures
                     if kid in by_id and sj.verifies(by_id[kid].public_key, sig, self.body))


def revocation_document(office_code: str, office_name: str, entries: list[RevocationEntry],
                        signers: list[Signer], issued_at: datetime) -> dict[str, Any]:
    body = {"format": REVOCATION_FORMAT, "version": REVOCATION_VERSION,
            "issued_at": issued_at.isoformat(),
            "office": {"code": office_code, "name": office_name},
            "entries": [{"serial": e.serial, "state": e.state, "at": e.at.isoformat(),
                         "reason": e.reason} for e in sorted(entries, key=lambda e: e.serial)]}
    return sj.signed_document(body, signers)


def build_revocation_list(*args: Any, **kwargs: Any) -> bytes:
    doc = revocation_document(*args, **kwargs)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _bad(reason: str) -> InvalidInput:
    return InvalidInput("revocation_list_invalid", field=FIELD, reason=reason)


def parse_revocation_document(doc: Any) -> RevocationList:
    """Check the shape and the checksum; the signature needs the reader's keys (``signed_by``)."""
    if not isinstance(doc, dict) or doc.get("format") != REVOCATION_FORMAT:
        raise _bad("not a Registry Office revocation list")
    if doc.get("version") != REVOCATION_VERSION or isinstance(doc.get("version"), bool):
        raise _bad(f"unsupported version {doc.get('version')!r}")
    body = sj.body_bytes(doc, BODY_MEMBERS, "revocation_list_damaged", FIELD)
    office = doc.get("office")
    if not isinstance(office, dict) or not isinstance(office.get("code"), str) \
            or not office["code"] or not isinstance(office.get("name"), str):
        raise _bad("office code or name missing")
    issued_at = sj.parse_when(doc.get("issued_at"), "issued_at", _bad)
    assert issued_at is not None
    raw = doc.get("entries")
    if not isinstance(raw, list) or len(raw) > MAX_ENTRIES:
        raise _bad("entries must be a list")
    entries = []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or not isinstance(e.get("serial"), str) or not e["serial"] \
                or len(e["serial"]) > 120 or e.get("state") not in ENTRY_STATES:
            raise _bad(f"entry {i + 1}: serial or state missing")
        parts = e["serial"].split(".")
        if len(parts) != 10 or parts[6] != office["code"]:
            # An office speaks only for its own certificates (the issuer is in the serial).
            raise _bad(f"entry {i + 1}: not a certificate of this office")
        at = sj.parse_when(e.get("at"), f"entry {i + 1} at", _bad)
        assert at is not None
        if at > issued_at:
            raise _bad(f"entry {i + 1}: dated after the list")
        reason = e.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise _bad(f"entry {i + 1}: reason must be text")
        entries.append(RevocationEntry(e["serial"], e["state"], at, reason))
    try:
        sigs = sj.signatures(doc)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    return RevocationList(office["code"], office["name"], issued_at, tuple(entries), body,
                          tuple(sigs), _seal_crls(doc.get("seal_crls")))


SEAL_CRL_ALGORITHMS = ("ecdsa-p256", "sm2")
MAX_SEAL_CRLS = 8  # a root per algorithm, and a few retired ones
MAX_SEAL_CRL_BYTES = 1024 * 1024


def seal_crl_entries(crls: list[tuple[str, bytes]]) -> list[dict[str, str]]:
    """The ``seal_crls`` member of a revocation list document."""
    return [{"algorithm": alg, "format": "x509-crl-der", "crl": sj.b64(der)} for alg, der in crls]


def _seal_crls(raw: Any) -> tuple[tuple[str, bytes], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_SEAL_CRLS:
        raise _bad("seal_crls must be a short list")
    out = []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or e.get("algorithm") not in SEAL_CRL_ALGORITHMS \
                or e.get("format") != "x509-crl-der" or not isinstance(e.get("crl"), str) \
                or len(e["crl"]) > MAX_SEAL_CRL_BYTES * 2:
            raise _bad(f"seal CRL {i + 1}: algorithm, format or crl missing")
        try:
            out.append((str(e["algorithm"]), sj.unb64(e["crl"])))
        except ValueError:
            raise _bad(f"seal CRL {i + 1}: not base64url") from None
    return tuple(out)


def parse_revocation_list(data: bytes) -> RevocationList:
    return parse_revocation_document(sj.load_document(data, FIELD, "revocation_list_not_json"))
