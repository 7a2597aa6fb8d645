"""Publish the phone verifier (issue 18): the built static page and the office's signed trust list.

``registry-office keys publish-verifier --out DIR`` and the keys screen's dialog call
:meth:`VerifierPublishService.publish`. It writes into DIR the page built from ``web/verifier``
(see :func:`app.resources.verifier_page_root`) and, beside it, the office's verifier trust list
(:mod:`app.codes.verifier_list`): its own keys and the keys of every office it trusts, the
revocations it knows for each with their "as of" date, and the age after which the page warns.

The folder is replaced as a whole: everything is written to a new sibling folder first, then
swapped in by two renames, so a web server never serves half a page. A folder that holds
anything but an earlier publication (``.registry-office-verifier`` marker) is refused, never
emptied: an office must not lose its website to a wrong ``--out``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.keys import Signer, decrypt_private_key
from app.codes.revocations import RevocationEntry
from app.codes.verifier_list import OfficeTrust, as_script, build_verifier_list
from app.errors import InvalidInput, RuleViolation
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.models.revocations import RevocationEntryRecord, RevocationListRecord
from app.resources import verifier_page_root
from app.services.audit import append_audit
from app.services.base import Service
from app.services.key_service import active_own_key, to_trusted, withdrawn_certificates
from app.services.office_settings import VERIFIER_TRUST_MAX_AGE_DAYS, read_setting

MARKER = ".registry-office-verifier"
TRUST_JSON, TRUST_SCRIPT = "trust.json", "trust.js"
# What the build must have produced (web/verifier/build.mjs); more files are copied as they are.
PAGE_FILES = ("index.html", "app.js", "decoder.js", "sw.js", "build.json")


@dataclass(frozen=True)
class PublishedVerifier:
    folder: Path
    files: tuple[str, ...]
    issued_at: datetime
    office_code: str
    offices: int            # offices whose certificates the page can check (ours included)
    keys: int
    revocations: int
    max_age_days: int
    page_version: str
    signed_by: tuple[str, ...]


def page_source() -> Path:
    """The built page, or ``verifier_page_missing`` saying how to build it."""
    root = verifier_page_root()
    missing = [f for f in PAGE_FILES if not (root / f).is_file()]
    if missing:
        raise RuleViolation("verifier_page_missing", folder=str(root), missing=", ".join(missing))
    return root


def check_out_folder(out: Path) -> Path:
    """``out`` may be written: absent, empty, or an earlier publication (it has our marker)."""
    out = out.expanduser()
    if out.exists() and not out.is_dir():
        raise InvalidInput("verifier_out_not_folder", field="out", path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InvalidInput("verifier_out_not_empty", field="out", path=str(out))
    return out


def _signers(s: Session, passphrase: str) -> tuple[IssuerKey, list[IssuerKey], list[Signer]]:
    """As the trust file: the active key must unlock; older own keys sign when they do too."""
    active = active_own_key(s)
    if active is None:
        raise RuleViolation("signing_key_missing")
    if not passphrase:
        raise InvalidInput("key_passphrase_required", field="passphrase")
    own = list(s.scalars(select(IssuerKey).where(IssuerKey.source == "own",
                                                 IssuerKey.demo.is_(False))))
    signers = []
    for row in own:
        if row.private_key_encrypted is None or row.compromised_at is not None:
            continue
        try:
            signers.append(Signer(row.key_id, decrypt_private_key(
                bytes(row.private_key_encrypted), passphrase)))
        except InvalidInput:
            if row is active:
                raise
    return active, own, signers


def _offices(s: Session, active: IssuerKey, own: list[IssuerKey], now: datetime) -> list[OfficeTrust]:
    ours = OfficeTrust(active.office_code, active.office_name, tuple(to_trusted(r) for r in own),
                       now, tuple(withdrawn_certificates(s, active.office_code)))
    imported: dict[str, list[IssuerKey]] = defaultdict(list)
    for row in s.scalars(select(IssuerKey).where(IssuerKey.source == "imported",
                                                 IssuerKey.demo.is_(False))):
        if row.office_code != active.office_code:
            imported[row.office_code].append(row)
    lists = {r.office_code: r for r in s.scalars(select(RevocationListRecord))}
    entries: dict[str, list[RevocationEntry]] = defaultdict(list)
    for e in s.scalars(select(RevocationEntryRecord).where(
            RevocationEntryRecord.office_code.in_(list(imported)))):
        entries[e.office_code].append(RevocationEntry(e.serial, e.state, e.at, e.reason))
    out = [ours]
    for code, rows in sorted(imported.items()):
        listed = lists.get(code)
        out.append(OfficeTrust(code, rows[-1].office_name, tuple(to_trusted(r) for r in rows),
                               listed.issued_at if listed else None, tuple(entries[code])))
    return out


def _write_folder(out: Path, page: Path, trust: bytes) -> tuple[str, ...]:
    """Fill a new sibling folder, then swap it in (two renames; the old one is removed last)."""
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=parent))
    except OSError as exc:
        raise InvalidInput("output_not_writable", field="out", path=str(out),
                           detail=exc.strerror or type(exc).__name__) from None
    old = None
    try:
        shutil.copytree(page, staging, dirs_exist_ok=True)
        (staging / TRUST_JSON).write_bytes(trust)
        (staging / TRUST_SCRIPT).write_bytes(as_script(trust))
        (staging / MARKER).write_text("Published by registry-office keys publish-verifier; "
                                      "the folder is replaced as a whole on the next publication.\n")
        for p in staging.rglob("*"):
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        os.chmod(staging, 0o755)
        files = tuple(sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()))
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not out.exists():
            os.replace(old, out)  # put the previous publication back
        raise InvalidInput("output_not_writable", field="out", path=str(out),
                           detail=exc.strerror or type(exc).__name__) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return files


class VerifierPublishService(Service):
    def publish(self, out: Path, passphrase: str) -> PublishedVerifier:
        """Write the page and a freshly signed trust list into ``out``. Role ``keys.manage``:
        the list speaks for the office with its key."""
        self.require("keys.manage")
        out = check_out_folder(out)
        page = page_source()
        build = json.loads((page / "build.json").read_text(encoding="utf-8"))
        with self.db.session_scope() as s:
            active, own, signers = _signers(s, passphrase)
            now = utcnow().replace(microsecond=0)
            max_age = read_setting(s, VERIFIER_TRUST_MAX_AGE_DAYS)
            offices = _offices(s, active, own, now)
            data = build_verifier_list(active.office_code, active.office_name, offices, signers,
                                       now, max_age)
            files = _write_folder(out, page, data)
            keys = sum(len(o.keys) for o in offices)
            revocations = sum(len(o.revocations) for o in offices)
            append_audit(s, self.actor, "verifier_published", "issuer_key", active.key_id,
                         {"folder": str(out), "offices": [o.code for o in offices], "keys": keys,
                          "revocations": revocations, "page": build.get("version"),
                          "signed_by": [x.key_id for x in signers]})
        return PublishedVerifier(out, files, now, active.office_code, len(offices), keys,
                                 revocations, max_age, str(build.get("version", "")),
                                 tuple(x.key_id for x in signers))
