"""Our electronic seals' roots and CRLs in the trust file and the revocation list, both ways.

Another office (and its help desk) checks our sealed files with what these carry:

- **Out**: the trust file's ``office.seal_root`` (docs/payload.md section 5) holds our ECDSA
  seal root (PDF seals) and, in its member ``sm2``, our SM2 root (OFD seals; the GB/T 38540
  seal maker). The signed revocation list (section 8) carries ``seal_crls``: the current CRL of
  each root, so that a revoked seal reaches other offices with the list they refresh anyway.
- **In**: a trust file's roots are stored as imported roots of that office once its keys were
  accepted (each must be a CA certificate in that office's name that signed itself); a list's
  CRLs are stored on the office's imported root that signed them, newest CRL number wins (an
  older or forged CRL changes nothing).

The CRLs ride beside the list's signed body, not in it: each is signed by the office's seal
root, which the reader checks against the root it imported from the office's signed trust file.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import seal_ca as ca
from app.codes import seal_sm2 as sm2
from app.codes.trust_file import SealRoot, TrustFile
from app.errors import InvalidInput
from app.models.seals import SealCertificate
from app.services.seal_service import current_crl, own_root, own_sm2_root, store_imported_root


def own_seal_root(s: Session) -> SealRoot | None:
    """Our seal roots for the trust file; None for an office without seals."""
    root = own_root(s)
    if root is None:
        return None
    der = bytes(root.certificate)
    sm2_root = own_sm2_root(s)
    return SealRoot(der, hashlib.sha256(der).hexdigest(),
                    bytes(sm2_root.certificate) if sm2_root is not None else None)


def own_seal_crls(s: Session, passphrase: str) -> list[tuple[str, bytes]]:
    """(algorithm, DER) of our current seal CRLs, refreshed when a day old (the passphrase that
    unlocked the office key normally unlocks the seal roots too; if not, the stored ones go)."""
    root = own_root(s)
    if root is None:
        return []
    # Seals under another passphrase: the stored CRLs are still genuine, if older.
    with contextlib.suppress(InvalidInput):
        current_crl(s, root, passphrase)
    out = [(ca.ECDSA, bytes(root.crl))] if root.crl is not None else []
    sm2_root = own_sm2_root(s)
    if sm2_root is not None and sm2_root.crl is not None:
        out.append((sm2.SM2, bytes(sm2_root.crl)))
    return out


def _bad(reason: str) -> InvalidInput:
    return InvalidInput("trust_file_invalid", field="trust_file", reason=reason)


def store_seal_roots(s: Session, parsed: TrustFile) -> bool:
    """Trust the office's seal roots once its keys were accepted; True when one was new."""
    if parsed.seal_root is None:
        return False
    try:
        cert = x509.load_der_x509_certificate(parsed.seal_root.certificate)
    except ValueError:
        raise _bad("seal_root: not an X.509 certificate") from None
    pem = cert.public_bytes(Encoding.PEM).decode("ascii")
    der = ca.read_seal_root({ca.TRUST_FIELD: pem}, parsed.office_code)
    added = der is not None and store_imported_root(s, der, parsed.office_code)
    sm2_der = parsed.seal_root.sm2_certificate
    if sm2_der is not None:
        if not sm2.is_ca_of(sm2_der, parsed.office_code):
            raise _bad("seal_root sm2: not this office's SM2 seal root")
        added = store_imported_root(s, sm2_der, parsed.office_code, sm2.SM2) or added
    return added


def _ecdsa_signed(crl_der: bytes, root_der: bytes) -> bool:
    try:
        crl = x509.load_der_x509_crl(crl_der)
        key = x509.load_der_x509_certificate(root_der).public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        return crl.issuer == x509.load_der_x509_certificate(root_der).subject \
            and crl.is_signature_valid(key)
    except (ValueError, InvalidSignature):
        return False


def store_seal_crls(s: Session, office_code: str, crls: tuple[tuple[str, bytes], ...]) -> int:
    """Keep each CRL that one of the office's imported roots signed and that is newer than the
    one held; returns how many were stored. Never one of our own roots: our register is the
    authority on our seals."""
    stored = 0
    roots = list(s.scalars(select(SealCertificate).where(
        SealCertificate.role == ca.ROOT, SealCertificate.office_code == office_code,
        SealCertificate.source == "imported")))
    for algorithm, der in crls:
        for root in roots:
            if root.algorithm != algorithm:
                continue
            if algorithm == sm2.SM2:
                ok, number, held = (sm2.crl_signed_by(der, bytes(root.certificate)),
                                    _number(sm2.crl_number, der), _number(sm2.crl_number, root.crl))
            else:
                ok, number, held = (_ecdsa_signed(der, bytes(root.certificate)),
                                    _number(ca.crl_number, der), _number(ca.crl_number, root.crl))
            if ok and number > held:
                root.crl = der
                stored += 1
    return stored


def _number(read: Callable[[bytes], int], der: bytes | None) -> int:
    try:
        return int(read(bytes(der))) if der else 0
    except (ValueError, TypeError, KeyError):
        return -1
