"""The office's electronic seals (电子签章): create the seal CA, unlock it for signing, check the
seals of a file handed to the help desk.

- ``create_seals``: the root and one certificate per seal (:mod:`app.codes.seal_ca`), made with
  the office key at set-up (``admin setup``, the demo) or later by ``keys create-seals``. The
  passphrase must unlock the office's Ed25519 key: the seals belong to whoever holds it, and
  their private keys are encrypted with the same passphrase.
- ``signing_material``: the unlocked seals, the root and a current CRL for one export or batch;
  signing itself (:func:`app.printing.pdf_seals.seal_pdf`) needs no database, so it runs in
  worker processes and a stored sealed file prints unchanged.
- ``check_file``: every signature of a PDF, judged against our root and imported roots.
Roles: ``keys.manage`` to create, ``certificate.print`` to sign, ``verify.run`` to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import seal_ca as ca
from app.codes import seal_sm2 as sm2
from app.domain.kinds import kind_rules
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.base import utcnow
from app.models.seals import SealCertificate
from app.printing.sealed_files import Sealing
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.key_service import active_own_key, current_signer
from app.services.verification_files import SEALABLE_SUFFIXES

# A CRL is re-issued at most once a day while signing (it is valid for ca.CRL_DAYS).
CRL_REFRESH = timedelta(days=1)
# A certificate file is a few hundred KB; more is not one of ours (checked before reading).
SEALED_FILE_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SealInfo:
    cert_id: str
    role: str
    algorithm: str
    subject: str
    office_code: str
    source: str
    valid_from: datetime
    valid_until: datetime
    retired_at: datetime | None
    revoked_at: datetime | None
    fingerprint: str


def _info(row: SealCertificate) -> SealInfo:
    return SealInfo(row.cert_id, row.role, row.algorithm, row.subject, row.office_code, row.source,
                    row.valid_from, row.valid_until, row.retired_at, row.revoked_at,
                    ca.fingerprint(bytes(row.certificate)))


def own_root(s: Session) -> SealCertificate | None:
    return s.scalars(select(SealCertificate).where(
        SealCertificate.role == ca.ROOT, SealCertificate.source == "own",
        SealCertificate.algorithm == ca.ECDSA,
        SealCertificate.retired_at.is_(None)).order_by(SealCertificate.valid_from.desc())).first()


def _row(issued: ca.Issued, office_code: str, issuer_id: str | None) -> SealCertificate:
    return SealCertificate(
        cert_id=issued.cert_id, role=issued.role, algorithm=issued.algorithm,
        office_code=office_code, subject=issued.subject, certificate=issued.certificate,
        private_key_encrypted=issued.private_key_encrypted, issuer_id=issuer_id or issued.cert_id,
        valid_from=issued.valid_from, valid_until=issued.valid_until, source="own")


def create_seals_in_session(s: Session, actor: Actor, passphrase: str) -> list[SealCertificate]:
    """The seal CA inside the caller's transaction (roles checked by the caller)."""
    if own_root(s) is not None:
        raise RuleViolation("seals_exist")
    # The office key must exist and the passphrase unlock it; the seals carry its office.
    _, key_row = current_signer(s, passphrase)
    code, name = key_row.office_code, key_row.office_name
    now = utcnow().replace(microsecond=0)
    root, root_key = ca.create_root(code, name, passphrase, now)
    names = ca.seal_names(name, kind_rules("architect").authority_zh)
    rows = [_row(root, code, None)]
    rows += [_row(ca.issue_seal(role, names[role], code, name, root.certificate, root_key,
                                passphrase, now), code, root.cert_id) for role in ca.SEAL_ROLES]
    rows[0].crl = ca.issue_crl(root.certificate, root_key, [], now, 1)
    rows += _sm2_rows(code, name, names, passphrase, now)
    s.add_all(rows)
    s.flush()
    append_audit(s, actor, "seals_created", "seal_certificate", root.cert_id,
                 {"seals": {f"{r.role}/{r.algorithm}": r.cert_id for r in rows[1:]},
                  "office_code": code})
    return rows


def _sm2_rows(code: str, name: str, names: dict[str, str], passphrase: str,
              now: datetime) -> list[SealCertificate]:
    """The SM2 root (the seal maker of GB/T 38540) and one SM2 certificate per seal, for OFD."""
    until = now + timedelta(days=365 * ca.SEAL_YEARS)
    root_subject = (code, name, f"{name}电子印章制章者", ca.ROOT)
    root_private, root_public = sm2.generate()
    root_der = sm2.make_certificate(root_subject, root_public, root_subject, root_private,
                                    root_public, now, until, ca=True)
    root_id = ca.cert_id(root_der)

    def row(role: str, subject: str, der: bytes, private: str) -> SealCertificate:
        return SealCertificate(cert_id=ca.cert_id(der), role=role, algorithm=sm2.SM2,
                               office_code=code, subject=subject, certificate=der,
                               private_key_encrypted=sm2.encrypt_private(private, passphrase),
                               issuer_id=root_id, valid_from=now, valid_until=until, source="own")

    rows = [row(ca.ROOT, root_subject[2], root_der, root_private)]
    rows[0].crl = sm2.issue_crl(root_der, root_private, [], now, 1, ca.CRL_DAYS)
    for role in ca.SEAL_ROLES:
        private, public = sm2.generate()
        der = sm2.make_certificate((code, name, names[role], role), public, root_subject,
                                   root_private, root_public, now, until, ca=False)
        rows.append(row(role, names[role], der, private))
    return rows


def _sm2_material(s: Session, passphrase: str) -> tuple[dict[str, Any], Any]:
    """The unlocked SM2 seals and their maker; empty when the register has none."""
    from app.printing.ofd_seals import Sm2Key, Sm2Maker

    root = own_sm2_root(s)
    if root is None or root.private_key_encrypted is None:
        return {}, None
    root_private = sm2.decrypt_private(bytes(root.private_key_encrypted), passphrase)
    maker = Sm2Maker(bytes(root.certificate), root_private,
                     sm2.certificate_public_hex(bytes(root.certificate)))
    keys: dict[str, Any] = {}
    for role, r in seal_rows(s, root, sm2.SM2).items():
        assert r.private_key_encrypted is not None
        private = sm2.decrypt_private(bytes(r.private_key_encrypted), passphrase)
        keys[role] = Sm2Key(role, r.subject, bytes(r.certificate), private,
                            sm2.certificate_public_hex(bytes(r.certificate)))
    return keys, maker


def own_sm2_root(s: Session) -> SealCertificate | None:
    return s.scalars(select(SealCertificate).where(
        SealCertificate.role == ca.ROOT, SealCertificate.algorithm == sm2.SM2,
        SealCertificate.source == "own", SealCertificate.retired_at.is_(None))
        .order_by(SealCertificate.valid_from.desc())).first()


def seal_rows(s: Session, root: SealCertificate, algorithm: str = ca.ECDSA) -> dict[str, SealCertificate]:
    """The current signing certificate of each seal under ``root``."""
    rows = s.scalars(select(SealCertificate).where(
        SealCertificate.issuer_id == root.cert_id, SealCertificate.role != ca.ROOT,
        SealCertificate.algorithm == algorithm, SealCertificate.retired_at.is_(None),
        SealCertificate.revoked_at.is_(None)).order_by(SealCertificate.valid_from))
    return {r.role: r for r in rows}


def current_crl(s: Session, root: SealCertificate, passphrase: str, force: bool = False) -> bytes:
    """The stored CRL if issued within a day, else a new one (signed by the root) stored; the
    SM2 root's CRL (OFD seals) is kept as fresh alongside."""
    now = utcnow().replace(microsecond=0)
    stored = bytes(root.crl) if root.crl is not None else None
    if not force and ca.crl_fresh(stored, now, CRL_REFRESH):
        assert stored is not None
        return stored
    assert root.private_key_encrypted is not None
    key = ca.decrypt_key(bytes(root.private_key_encrypted), passphrase)
    root.crl = ca.issue_crl(bytes(root.certificate), key, _revoked_under(s, root),
                            now, ca.crl_number(stored) + 1)
    sm2_root = own_sm2_root(s)
    if sm2_root is not None and sm2_root.private_key_encrypted is not None:
        previous = bytes(sm2_root.crl) if sm2_root.crl is not None else None
        sm2_root.crl = sm2.issue_crl(
            bytes(sm2_root.certificate),
            sm2.decrypt_private(bytes(sm2_root.private_key_encrypted), passphrase),
            _revoked_under(s, sm2_root), now, sm2.crl_number(previous) + 1, ca.CRL_DAYS)
    return bytes(root.crl)


def _revoked_under(s: Session, root: SealCertificate) -> list[tuple[bytes, datetime]]:
    revoked = s.scalars(select(SealCertificate).where(
        SealCertificate.issuer_id == root.cert_id, SealCertificate.revoked_at.is_not(None)))
    return [(bytes(r.certificate), r.revoked_at) for r in revoked if r.revoked_at is not None]


def trusted_roots(s: Session, algorithm: str = ca.ECDSA) -> list[bytes]:
    """Every seal root we accept: our own (current and retired) and other offices' imported."""
    rows = s.scalars(select(SealCertificate).where(SealCertificate.role == ca.ROOT,
                                                   SealCertificate.algorithm == algorithm))
    return [bytes(r.certificate) for r in rows]


def store_imported_root(s: Session, root_der: bytes, office_code: str,
                        algorithm: str = ca.ECDSA) -> bool:
    """Trust another office's seal root (from its trust file); False if already known."""
    cid = ca.cert_id(root_der)
    if s.get(SealCertificate, cid) is not None:
        return False
    if algorithm == sm2.SM2:
        from asn1crypto import x509 as a_x509

        a_cert = a_x509.Certificate.load(root_der)
        subject = str(a_cert.subject.native.get("common_name", ""))
        start, end = a_cert.not_valid_before, a_cert.not_valid_after
    else:
        from cryptography import x509

        cert = x509.load_der_x509_certificate(root_der)
        subject = cert.subject.rfc4514_string()
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    s.add(SealCertificate(cert_id=cid, role=ca.ROOT, algorithm=algorithm, office_code=office_code,
                          subject=subject[:400], certificate=root_der,
                          private_key_encrypted=None, issuer_id=cid,
                          valid_from=start, valid_until=end, source="imported"))
    return True


class SealService(Service):
    def create_seals(self, passphrase: str) -> list[SealInfo]:
        """``keys create-seals``: the seal CA for a register whose office key already exists."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            return [_info(r) for r in create_seals_in_session(s, self.actor, passphrase)]

    def list_seals(self) -> list[SealInfo]:
        self.require("keys.manage")
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(SealCertificate).order_by(
                SealCertificate.source, SealCertificate.valid_from, SealCertificate.role))
            return [_info(r) for r in rows]

    def has_seals(self) -> bool:
        """Whether exports are sealed (the office has created its seal CA)."""
        with self.db.session_scope(write=False) as s:
            return own_root(s) is not None

    def root_certificate(self) -> bytes | None:
        """Our current seal root (DER), for the trust file."""
        with self.db.session_scope(write=False) as s:
            root = own_root(s)
            return bytes(root.certificate) if root is not None else None

    def signing_material(self, passphrase: str) -> Sealing:
        """Unlock every seal for one export or batch (the CRL refreshed if a day old). The
        result holds private keys in memory: use it for one job and drop it."""
        self.require("certificate.print")
        if not passphrase:
            raise InvalidInput("key_passphrase_required", field="passphrase")
        with self.db.session_scope() as s:
            return sealing_material(s, passphrase)

    def renew_seal(self, role: str, passphrase: str) -> list[SealInfo]:
        """``keys renew-seal``: new certificates for a seal (after a revocation, or before its
        certificate ends), see :mod:`app.services.seal_renewal`."""
        from app.services.seal_renewal import renew_seal_in_session  # it imports this module

        self.require("keys.manage")
        with self.db.session_scope() as s:
            return [_info(r) for r in renew_seal_in_session(s, self.actor, role, passphrase)]

    def revoke_seal(self, role: str, passphrase: str) -> SealInfo:
        """A seal's key is compromised: its PDF certificate goes on the office CRL at once
        (re-issued now); files it sealed then show as revoked at every help desk holding the
        new CRL. The seal signs again once renewed (:meth:`renew_seal`)."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            root = own_root(s)
            row = seal_rows(s, root).get(role) if root is not None else None
            if root is None or row is None:
                raise NotFound("seal_not_found", field="seal", seal=role)
            row.revoked_at = utcnow().replace(microsecond=0)
            # Its OFD (SM2) twin goes with it: one seal, two algorithms.
            for twin in s.scalars(select(SealCertificate).where(
                    SealCertificate.role == role, SealCertificate.algorithm == sm2.SM2,
                    SealCertificate.source == "own", SealCertificate.revoked_at.is_(None))):
                twin.revoked_at = row.revoked_at
            s.flush()
            # A new CRL now, listing it; its number follows the last one (readers keep the
            # highest number they have seen, so it must never restart).
            current_crl(s, root, passphrase, force=True)
            append_audit(s, self.actor, "seal_revoked", "seal_certificate", row.cert_id,
                         {"seal": role})
            return _info(row)

    def check_pdf(self, data: bytes) -> list[object]:
        """The seals of a PDF (``app.printing.pdf_seals.FileSignature`` each); ``[]`` = none."""
        from app.printing.pdf_seals import check_pdf_signatures

        self.require("verify.run")
        with self.db.session_scope(write=False) as s:
            roots = trusted_roots(s)
            crls = [bytes(r.crl) for r in s.scalars(select(SealCertificate).where(
                SealCertificate.role == ca.ROOT, SealCertificate.crl.is_not(None)))
                if r.crl is not None]
        return list(check_pdf_signatures(data, roots, crls))

    def check_file(self, path: Path) -> list[object]:
        """The seals of a PDF (or OFD) file dropped at the help desk; other files have none."""
        suffix = path.suffix.lower()
        if suffix not in SEALABLE_SUFFIXES:
            return []
        try:
            if path.stat().st_size > SEALED_FILE_MAX_BYTES:
                raise InvalidInput("image_file_too_big", size_mb=path.stat().st_size // 2**20,
                                   limit_mb=SEALED_FILE_MAX_BYTES // 2**20)
            data = path.read_bytes()
        except OSError:
            raise InvalidInput("source_unreadable", path=str(path)) from None
        if suffix == ".ofd":
            return self.check_ofd(data)
        return self.check_pdf(data)

    def check_ofd(self, data: bytes) -> list[object]:
        """The seals of an OFD (``FileSignature`` each), against our SM2 roots."""
        from app.printing.ofd_seals import check_ofd_signatures

        self.require("verify.run")
        with self.db.session_scope(write=False) as s:
            roots = trusted_roots(s, sm2.SM2)
            revoked = frozenset(bytes(c) for c in s.scalars(select(SealCertificate.certificate).where(
                SealCertificate.algorithm == sm2.SM2, SealCertificate.revoked_at.is_not(None))))
            # Other offices' revocations: their SM2 CRLs, imported with their revocation lists.
            listed = frozenset(
                (sm2.subject_key(bytes(r.certificate)), serial)
                for r in s.scalars(select(SealCertificate).where(
                    SealCertificate.role == ca.ROOT, SealCertificate.algorithm == sm2.SM2,
                    SealCertificate.crl.is_not(None)))
                if r.crl is not None for serial in sm2.crl_serials(bytes(r.crl)))
        return list(check_ofd_signatures(data, roots, revoked, listed))


def sealing_material(s: Session, passphrase: str) -> Sealing:
    """``SealService.signing_material`` inside the caller's transaction, without its role
    check: the sync export (issue 12) seals the certificates it sends to field offices."""
    from app.printing.pdf_seals import SealKey

    root = own_root(s)
    if root is None:
        raise RuleViolation("seals_missing")
    keys: dict[str, Any] = {}
    for role, row in seal_rows(s, root).items():
        assert row.private_key_encrypted is not None
        key = ca.decrypt_key(bytes(row.private_key_encrypted), passphrase)
        raw = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        keys[role] = SealKey(role, row.subject, bytes(row.certificate), raw)
    crl = current_crl(s, root, passphrase)
    key_row = active_own_key(s)
    location = key_row.office_name if key_row is not None else ""
    sm2_keys, maker = _sm2_material(s, passphrase)
    return Sealing(keys, bytes(root.certificate), crl, location, sm2_keys, maker)
