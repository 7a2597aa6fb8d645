"""The office's seal certificate authority: an X.509 root, one ECDSA P-256 certificate per seal,
the office CRL, and the trust-file field that carries the root to other offices.

Why a separate CA next to the Ed25519 office key: PDF readers (and PAdES) validate X.509
certificates with RSA or ECDSA, not Ed25519, and a reader that trusts the office *root* keeps
trusting the seals across a seal certificate's renewal. The root signs only certificates and
CRLs; the seal keys sign documents.

Names (assumption, the source documents give none for the certificates): the subject's O is
the office's name, its CN the seal's name, built from the kind rules' authority (the layouts
draw that authority's seal): ``{office}电子证书专用章`` for the office seal of constructors and
engineers, ``{authority}`` for the architects' committee seal and ``{authority}主任委员`` for
the chairman's personal seal. Private keys are PKCS#8 encrypted with the office passphrase.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.errors import InvalidInput

ROOT = "root"
OFFICE_SEAL, COMMITTEE_SEAL, CHAIRMAN_SEAL = "office", "committee", "chairman"
SEAL_ROLES = (OFFICE_SEAL, COMMITTEE_SEAL, CHAIRMAN_SEAL)
ROOT_YEARS = 20
SEAL_YEARS = 10
CRL_DAYS = 30   # a CRL's next update: a verifier offline longer than that sees an old CRL
ECDSA = "ecdsa-p256"
# The trust file's field (version 2, issue 10) holding the office's seal root, PEM.
TRUST_FIELD = "seal_root_certificate"
# The PDF signature field names, one per seal: the verifier maps a field back to its seal.
FIELD_NAMES = {OFFICE_SEAL: "OfficeSeal", COMMITTEE_SEAL: "CommitteeSeal",
               CHAIRMAN_SEAL: "ChairmanSeal"}
# Document-signing extended key usage (RFC 9336): tells readers what the key is for.
_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


def seals_for_kind(kind: str) -> tuple[str, ...]:
    """The seals a kind's certificate carries, in signing order (source document 003: the
    architect e-certificate carries the committee seal and the chairman's personal seal)."""
    return (COMMITTEE_SEAL, CHAIRMAN_SEAL) if kind == "architect" else (OFFICE_SEAL,)


def seal_names(office_name: str, architect_authority: str) -> dict[str, str]:
    suffix = "电子证书专用章"  # kept whole: a long office name is what gets cut
    short = fit_name(office_name, NAME_MAX - len(suffix.encode("utf-8")))
    return {OFFICE_SEAL: f"{short}{suffix}",
            COMMITTEE_SEAL: architect_authority,
            CHAIRMAN_SEAL: f"{architect_authority}主任委员"}


def cert_id(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


@dataclass(frozen=True)
class Issued:
    """A new certificate with its private key (PKCS#8, encrypted)."""

    role: str
    algorithm: str
    subject: str
    certificate: bytes          # DER
    private_key_encrypted: bytes
    valid_from: datetime
    valid_until: datetime

    @property
    def cert_id(self) -> str:
        return cert_id(self.certificate)


# The bound of a certificate's common name: RFC 5280's ub-common-name, which the
# cryptography package counts in UTF-8 bytes (a Chinese character is 3), so 21 characters.
NAME_MAX = 64


def fit_name(text: str, limit: int = NAME_MAX) -> str:
    """``text`` within ``limit`` UTF-8 bytes: a long name is cut and marked with an ellipsis
    (the certificate's identity is the office code; the name is for people reading it)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len("…".encode())
    while len(text.encode("utf-8")) > room:
        text = text[:-1]
    return text + "…"


def _name(office_code: str, office_name: str, common_name: str, role: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role),
        # The office's unified social credit code: the same issuer identity as the QR payload.
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, office_code),
        x509.NameAttribute(NameOID.COMMON_NAME, fit_name(common_name)),
    ])


def encrypt_key(key: ec.EllipticCurvePrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def decrypt_key(blob: bytes, passphrase: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_der_private_key(blob, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise InvalidInput("key_passphrase_wrong", field="passphrase") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise InvalidInput("seal_key_unusable", field="passphrase")
    return key


def _serial() -> int:
    return int.from_bytes(os.urandom(16), "big") >> 1  # positive, 127 bits (RFC 5280: <= 20 bytes)


def create_root(office_code: str, office_name: str, passphrase: str, now: datetime) -> tuple[Issued, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(office_code, office_name, f"{office_name}电子签章根证书", ROOT)
    until = now + timedelta(days=365 * ROOT_YEARS)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(_serial())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    return Issued(ROOT, ECDSA, name.rfc4514_string(), der, encrypt_key(key, passphrase), now, until), key


def issue_seal(role: str, common_name: str, office_code: str, office_name: str,
               root_der: bytes, root_key: ec.EllipticCurvePrivateKey, passphrase: str,
               now: datetime) -> Issued:
    """A seal's signing certificate under the office root (never beyond the root's life)."""
    root = x509.load_der_x509_certificate(root_der)
    key = ec.generate_private_key(ec.SECP256R1())
    until = min(now + timedelta(days=365 * SEAL_YEARS), root.not_valid_after_utc)
    name = _name(office_code, office_name, common_name, role)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(_serial())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            # digitalSignature + nonRepudiation (content commitment): a seal on a document.
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    return Issued(role, ECDSA, common_name, der, encrypt_key(key, passphrase), now, until)


def issue_crl(root_der: bytes, root_key: ec.EllipticCurvePrivateKey,
              revoked: list[tuple[bytes, datetime]], now: datetime, number: int) -> bytes:
    """The office CRL (DER): every revoked seal certificate, valid for :data:`CRL_DAYS`."""
    root = x509.load_der_x509_certificate(root_der)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(root.subject)
               .last_update(now).next_update(now + timedelta(days=CRL_DAYS))
               .add_extension(x509.CRLNumber(number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                              critical=False))
    for der, when in revoked:
        serial = x509.load_der_x509_certificate(der).serial_number
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build())
    return builder.sign(root_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def crl_fresh(crl_der: bytes | None, now: datetime, max_age: timedelta) -> bool:
    if not crl_der:
        return False
    crl = x509.load_der_x509_crl(crl_der)
    return now - crl.last_update_utc < max_age and (crl.next_update_utc is None or crl.next_update_utc > now)


def crl_number(crl_der: bytes | None) -> int:
    if not crl_der:
        return 0
    ext = x509.load_der_x509_crl(crl_der).extensions.get_extension_for_class(x509.CRLNumber)
    return int(ext.value.crl_number)


# -- the trust file's part (issue 10 plugs these two into its version 2) --------------------

def add_seal_root(body: dict[str, object], root_der: bytes | None) -> dict[str, object]:
    """The trust file body with the office's seal root (PEM) added, when the office has one."""
    if root_der is None:
        return body
    pem = x509.load_der_x509_certificate(root_der).public_bytes(serialization.Encoding.PEM)
    return {**body, TRUST_FIELD: pem.decode("ascii")}


def read_seal_root(doc: dict[str, object], office_code: str) -> bytes | None:
    """The seal root (DER) a trust file carries, checked to be a CA certificate of that office;
    ``None`` when the file has none (version 1, or an office without seals)."""
    pem = doc.get(TRUST_FIELD)
    if pem is None:
        return None
    try:
        cert = x509.load_pem_x509_certificate(str(pem).encode("ascii"))
        ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (ValueError, x509.ExtensionNotFound):
        raise InvalidInput("trust_file_invalid", field="trust_file",
                           reason=f"{TRUST_FIELD}: not a CA certificate") from None
    ids = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    if not ca or not ids or ids[0].value != office_code:
        raise InvalidInput("trust_file_invalid", field="trust_file",
                           reason=f"{TRUST_FIELD}: not this office's root")
    return cert.public_bytes(serialization.Encoding.DER)
