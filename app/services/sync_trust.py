"""Trust-list updates in a bundle (issue 12): the central office relays what it trusts.

A field office verifies certificates of other offices too (a holder from another province),
but it exchanges files only with its central office. So a central office's bundle carries the
keys it imported from other offices (``trusted_key``) and the revocation entries of their
signed lists (``revocation_entry``); the field office takes them under the trust store's rule:
never loosen. A key it does not know is added as imported; one it knows only gets earlier
retirement, end or compromise dates. A revocation entry is added, or a superseded one made
revoked. Its own keys, and the sending office's own (those come in its signed trust file),
are never touched by these records.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import signed_json as sj
from app.codes.keys import key_id_for
from app.models.certificates import IssuerKey
from app.models.revocations import RevocationEntryRecord

Emit = Callable[[str, str, dict[str, Any]], None]  # (entity, row id, row) -> sent or not
_KEY_FIELDS = ("key_id", "office_code", "office_name", "valid_from", "valid_until", "retired_at",
               "compromised_at", "compromise_reason", "reserved")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def relayed_rows(s: Session, receiver: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(entity, id, row) of every other office's key and revocation entry we hold."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    keys = s.scalars(select(IssuerKey).where(IssuerKey.source == "imported",
                                             IssuerKey.demo.is_(False),
                                             IssuerKey.office_code != receiver)
                     .order_by(IssuerKey.key_id))
    for k in keys:
        row = {"key_id": k.key_id, "office_code": k.office_code, "office_name": k.office_name,
               "public_key": sj.b64(bytes(k.public_key)), "valid_from": _iso(k.valid_from),
               "valid_until": _iso(k.valid_until), "retired_at": _iso(k.retired_at),
               "compromised_at": _iso(k.compromised_at),
               "compromise_reason": k.compromise_reason, "reserved": bool(k.reserved)}
        out.append(("trusted_key", k.key_id, row))
    entries = s.scalars(select(RevocationEntryRecord)
                        .where(RevocationEntryRecord.office_code != receiver)
                        .order_by(RevocationEntryRecord.serial))
    for e in entries:
        out.append(("revocation_entry", str(e.id), {
            "office_code": e.office_code, "serial": e.serial, "state": e.state,
            "at": _iso(e.at), "reason": e.reason, "listed_at": _iso(e.listed_at)}))
    return out


def digest(row: dict[str, Any]) -> str:
    return hashlib.sha256(sj.canonical(row)).hexdigest()


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def apply_relayed(s: Session, entity: str, row_id: str, row: dict[str, Any], own_code: str,
                  sender_code: str, counts: Counter[str]) -> None:
    """Take one relayed record under the never-loosen rule (see the module)."""
    if entity == "trusted_key":
        _apply_key(s, row_id, row, own_code, sender_code, counts)
    else:
        _apply_entry(s, row_id, row, own_code, counts)


def _apply_key(s: Session, row_id: str, row: dict[str, Any], own_code: str, sender_code: str,
               counts: Counter[str]) -> None:
    public = sj.unb64(row["public_key"])
    if row["key_id"] != row_id or key_id_for(public) != row_id:
        raise ValueError("key id does not match the key")
    if row["office_code"] in (own_code, sender_code):
        return  # ours, or the sender's own: only their signed trust files speak for those
    known = s.get(IssuerKey, row_id)
    if known is None:
        s.add(IssuerKey(key_id=row_id, office_code=row["office_code"],
                        office_name=row["office_name"], public_key=public,
                        valid_from=_when(row["valid_from"]), valid_until=_when(row["valid_until"]),
                        retired_at=_when(row["retired_at"]),
                        compromised_at=_when(row["compromised_at"]),
                        compromise_reason=row["compromise_reason"], reserved=bool(row["reserved"]),
                        source="imported"))
    elif known.source == "imported" and bytes(known.public_key) == public:
        for name in ("valid_until", "retired_at", "compromised_at"):
            offered = _when(row[name])
            current = getattr(known, name)
            if offered is not None and (current is None or offered < current):
                setattr(known, name, offered)
                if name == "compromised_at":
                    known.compromise_reason = row["compromise_reason"]
    s.flush()


def _apply_entry(s: Session, row_id: str, row: dict[str, Any], own_code: str,
                 counts: Counter[str]) -> None:
    uuid.UUID(row_id)
    if row["office_code"] == own_code or row["state"] not in ("revoked", "superseded"):
        return  # our register is the authority on our certificates
    known = s.scalars(select(RevocationEntryRecord).where(
        RevocationEntryRecord.serial == row["serial"])).first()
    if known is None:
        s.add(RevocationEntryRecord(id=uuid.UUID(row_id), office_code=row["office_code"],
                                    serial=row["serial"], state=row["state"], at=_when(row["at"]),
                                    reason=row["reason"], listed_at=_when(row["listed_at"])))
    elif known.state == "superseded" and row["state"] == "revoked":
        known.state, known.at = "revoked", _when(row["at"]) or known.at
        known.reason = row["reason"]
    s.flush()
