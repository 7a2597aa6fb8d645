"""A seal's new certificate (issue 13): after a revocation, or before its certificate expires.

A revoked seal (``keys revoke-seal``) leaves its kind without a usable seal, and exports of that
kind are refused (``seal_not_found``) until the seal has a new certificate. Renewal issues one
under the office's current roots, for both algorithms (ECDSA P-256 for PDF, SM2 for OFD), with
a fresh key each, encrypted with the office passphrase. A still-current certificate of the seal
is retired (it signs nothing more; what it sealed stays valid, the root is unchanged). Files
already sealed keep checking: verifiers trust the root, not the seal certificate. A compromised
*root* is not renewed here: that is a new seal CA (the key life cycle of issue 10).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.codes import seal_ca as ca
from app.codes import seal_sm2 as sm2
from app.domain.kinds import kind_rules
from app.errors import InvalidInput, RuleViolation
from app.models.base import utcnow
from app.models.seals import SealCertificate
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.key_service import current_signer
from app.services.seal_service import _row, own_root, own_sm2_root, seal_rows


def renew_seal_in_session(s: Session, actor: Actor, role: str,
                          passphrase: str) -> list[SealCertificate]:
    """New certificates of ``role`` (PDF, and OFD when the office has an SM2 root)."""
    if role not in ca.SEAL_ROLES:
        raise InvalidInput("seal_not_found", field="seal", seal=role)
    root = own_root(s)
    if root is None or root.private_key_encrypted is None:
        raise RuleViolation("seals_missing")
    # The office key must unlock with this passphrase, as for creating the seals.
    _, key_row = current_signer(s, passphrase)
    code, name = key_row.office_code, key_row.office_name
    now = utcnow().replace(microsecond=0)
    names = ca.seal_names(name, kind_rules("architect").authority_zh)
    root_key = ca.decrypt_key(bytes(root.private_key_encrypted), passphrase)
    old = seal_rows(s, root).get(role)
    if old is not None:
        old.retired_at = now
    issued = ca.issue_seal(role, names[role], code, name, bytes(root.certificate), root_key,
                           passphrase, now)
    rows = [_row(issued, code, root.cert_id)]
    sm2_root = own_sm2_root(s)
    if sm2_root is not None and sm2_root.private_key_encrypted is not None:
        root_private = sm2.decrypt_private(bytes(sm2_root.private_key_encrypted), passphrase)
        root_der = bytes(sm2_root.certificate)
        old_sm2 = seal_rows(s, sm2_root, sm2.SM2).get(role)
        if old_sm2 is not None:
            old_sm2.retired_at = now
        until = min(now + timedelta(days=365 * ca.SEAL_YEARS), sm2_root.valid_until)
        private, public = sm2.generate()
        subject = sm2.subject_parts(root_der)
        issuer = (code, subject.get("organization_name", name),
                  subject.get("common_name", ""), ca.ROOT)
        der = sm2.make_certificate((code, name, names[role], role), public, issuer, root_private,
                                   sm2.certificate_public_hex(root_der), now, until, ca=False)
        rows.append(SealCertificate(
            cert_id=ca.cert_id(der), role=role, algorithm=sm2.SM2, office_code=code,
            subject=names[role], certificate=der,
            private_key_encrypted=sm2.encrypt_private(private, passphrase),
            issuer_id=sm2_root.cert_id, valid_from=now, valid_until=until, source="own"))
    s.add_all(rows)
    s.flush()
    append_audit(s, actor, "seal_renewed", "seal_certificate", rows[0].cert_id,
                 {"seal": role, "certificates": {r.algorithm: r.cert_id for r in rows},
                  "replaced": old.cert_id if old is not None else None})
    return rows
