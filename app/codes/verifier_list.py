"""The phone verifier's trust list (docs/payload.md section 9): what the published page trusts.

One signed document the office writes beside its verifier page: its own keys and the keys of
the offices it trusts (each key with its state and dates, as in the trust file), for each
office the revocations it knows with their "as of" date, and the age after which the page
warns that the list is old. Signed like the trust file (:mod:`app.codes.signed_json`) by the
office's own keys that are not compromised; the page accepts it only with a signature of a key
the list itself names as the office's active key, and on a phone that has seen an earlier list
only when a key it then held as current signed it (docs/security.md, "Phone verifier").

This module builds the document; the page (web/verifier/src/trust.js) reads it. The Python
reader below exists so that tests and tools can check what was published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.codes import signed_json as sj
from app.codes.keys import Signer, TrustedKey
from app.codes.revocations import RevocationEntry
from app.codes.trust_file import _key_entry
from app.errors import InvalidInput

LIST_FORMAT = "registry-office-verifier-list"
LIST_VERSION = 1
BODY_MEMBERS = ("format", "version", "issued_at", "office", "max_age_days", "offices")
FIELD = "verifier_list"


@dataclass(frozen=True)
class OfficeTrust:
    """One office as the page sees it: its keys and what it withdrew, as of a date."""

    code: str
    name: str
    keys: tuple[TrustedKey, ...]
    revocations_as_of: datetime | None
    revocations: tuple[RevocationEntry, ...]


def verifier_list_body(office_code: str, office_name: str, offices: list[OfficeTrust],
                       issued_at: datetime, max_age_days: int) -> dict[str, Any]:
    if any(k.demo for o in offices for k in o.keys):
        raise ValueError("a demo key is never published as an office's key")
    out = []
    for o in sorted(offices, key=lambda o: (o.code != office_code, o.code)):
        out.append({
            "code": o.code, "name": o.name,
            "keys": [_key_entry(k) for k in sorted(o.keys, key=lambda k: (k.valid_from, k.key_id))],
            "revocations": {
                "as_of": sj.iso(o.revocations_as_of),
                "entries": [{"serial": e.serial, "state": e.state, "at": e.at.isoformat(),
                             "reason": e.reason}
                            for e in sorted(o.revocations, key=lambda e: e.serial)]}})
    return {"format": LIST_FORMAT, "version": LIST_VERSION, "issued_at": issued_at.isoformat(),
            "office": {"code": office_code, "name": office_name},
            "max_age_days": max_age_days, "offices": out}


def build_verifier_list(office_code: str, office_name: str, offices: list[OfficeTrust],
                        signers: list[Signer], issued_at: datetime, max_age_days: int) -> bytes:
    doc = sj.signed_document(verifier_list_body(office_code, office_name, offices, issued_at,
                                                max_age_days), signers)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def as_script(data: bytes) -> bytes:
    """The same document as a classic script, so a page opened from a file (where fetch() of a
    sibling file is refused) still gets it. JSON is valid JavaScript; '</' is escaped for the
    HTML parser's sake although the file is loaded by src=."""
    text = data.decode("utf-8").replace("</", "<\\/")
    return ("/* Registry Office verifier trust list; generated, do not edit. */\n"
            f"self.RO_TRUST_LIST = {text.strip()};\n").encode()


@dataclass(frozen=True)
class VerifierList:
    office_code: str
    issued_at: datetime
    max_age_days: int
    key_ids: tuple[str, ...]
    signed_by: tuple[str, ...]


def parse_verifier_list(data: bytes) -> VerifierList:
    """Check checksum and signatures (by the publishing office's active keys listed in it)."""
    doc = sj.load_document(data, FIELD, "verifier_list_invalid")
    if not isinstance(doc, dict) or doc.get("format") != LIST_FORMAT or doc.get("version") != 1:
        raise InvalidInput("verifier_list_invalid", field=FIELD)
    body = sj.body_bytes(doc, BODY_MEMBERS, "verifier_list_invalid", FIELD)
    office = doc["office"]["code"]
    keys = {k["key_id"]: k for o in doc["offices"] for k in o["keys"]}
    signed = []
    for key_id, sig in sj.signatures(doc):
        k = keys.get(key_id)
        if k and k["office_code"] == office and k["state"] == "active" \
                and sj.verifies(sj.unb64(k["public_key"]), sig, body):
            signed.append(key_id)
    if not signed:
        raise InvalidInput("verifier_list_invalid", field=FIELD)
    issued = sj.parse_when(doc["issued_at"], "issued_at", lambda r: InvalidInput(
        "verifier_list_invalid", field=FIELD))
    assert issued is not None
    return VerifierList(office, issued, int(doc["max_age_days"]), tuple(keys), tuple(signed))
