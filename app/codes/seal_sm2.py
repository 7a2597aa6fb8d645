"""SM2/SM3 for the OFD seals (GB/T 38540): keys, signatures, certificates, key storage.

The SM2 arithmetic is gmssl's (pure Python, maintained on PyPI); SM3 comes from OpenSSL via
hashlib. Two things gmssl does not do safely by itself are done here:

- **Nonces and keys come from ``secrets``.** gmssl's default random values use the ``random``
  module (Mersenne Twister, predictable): a predictable SM2 nonce gives away the private key.
  Every call passes its own nonce from the OS's CSPRNG.
- **Private keys at rest**: the 32-byte scalar is encrypted with the office passphrase
  (scrypt n=2^14, r=8, p=1 -> AES-256-GCM from ``cryptography``), since ``cryptography`` cannot
  serialise SM2 keys as PKCS#8. Layout: ``b"SM2K1" | salt(16) | nonce(12) | ciphertext+tag``.

Certificates are X.509 v3 (asn1crypto builds them): public key algorithm id-ecPublicKey with
the sm2p256v1 curve OID, signed with SM2-with-SM3 (GB/T 35276 OIDs), user ID the default
"1234567812345678" (GM/T 0009).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from asn1crypto import algos, core, keys, x509
from asn1crypto import crl as a_crl
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from gmssl import sm2

from app.codes.seal_ca import fit_name
from app.errors import InvalidInput

SM2 = "sm2"
SM2_CURVE_OID = "1.2.156.10197.1.301"
SM2_SM3_OID = "1.2.156.10197.1.501"
SM3_OID = "1.2.156.10197.1.401"
_N = int(sm2.default_ecc_table["n"], 16)
_MAGIC = b"SM2K1"
SCRYPT_N = 2**14  # 16 MB, ~0.1 s: an unlock per export or batch, four keys at a time
DEFAULT_ID = b"1234567812345678"  # GM/T 0009's default user ID, as OpenSSL uses


def sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def _crypt(private_hex: str, public_hex: str) -> sm2.CryptSM2:
    crypt = sm2.CryptSM2(private_key=private_hex, public_key=public_hex, asn1=True)
    # gmssl 3.2.2 drops a leading "04" with ``lstrip("04")``, which also eats the key's own
    # leading 0 and 4 digits: about one key in 256 (x starting "04") then never verified. Our
    # keys are always the bare 128-digit x||y, so set it as it is.
    crypt.public_key = public_hex
    return crypt


def generate() -> tuple[str, str]:
    """(private scalar hex, public key hex x||y) from the OS's CSPRNG."""
    d = secrets.randbelow(_N - 2) + 1
    private_hex = f"{d:064x}"
    public_hex = _crypt(private_hex, "")._kg(d, sm2.default_ecc_table["g"])
    return private_hex, public_hex


def _digest(public_hex: str, data: bytes) -> bytes:
    """e = SM3(Z || M), Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) (GB/T 32918.2),
    with OpenSSL's SM3: gmssl's pure-Python SM3 takes ~0.1 s for a seal with its picture."""
    table = sm2.default_ecc_table
    z = sm3(bytes.fromhex("0080") + DEFAULT_ID + bytes.fromhex(
        table["a"] + table["b"] + table["g"] + public_hex))
    return sm3(z + data)


def sign(private_hex: str, public_hex: str, data: bytes) -> bytes:
    """SM2 signature over SM3(Z || data), DER ``SEQUENCE {r, s}``."""
    crypt = _crypt(private_hex, public_hex)
    digest = _digest(public_hex, data)
    for _ in range(8):  # sign() returns None for the rare unusable nonce: draw another
        k = f"{secrets.randbelow(_N - 2) + 1:064x}"
        value = crypt.sign(digest, k)
        if value:
            return bytes.fromhex(value)
    raise RuntimeError("SM2 signing failed repeatedly")  # pragma: no cover - probability ~0


def verify(public_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        return bool(_crypt("", public_hex).verify(signature.hex(), _digest(public_hex, data)))
    except (ValueError, TypeError, IndexError):
        return False


def encrypt_private(private_hex: str, passphrase: str) -> bytes:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode("utf-8"))
    return _MAGIC + salt + nonce + AESGCM(key).encrypt(nonce, bytes.fromhex(private_hex), _MAGIC)


def decrypt_private(blob: bytes, passphrase: str) -> str:
    if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 28 + 32:
        raise InvalidInput("seal_key_unusable", field="passphrase")
    salt, nonce, body = blob[5:21], blob[21:33], blob[33:]
    key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode("utf-8"))
    try:
        return AESGCM(key).decrypt(nonce, body, _MAGIC).hex()
    except InvalidTag:
        raise InvalidInput("key_passphrase_wrong", field="passphrase") from None


def _spki(public_hex: str) -> keys.PublicKeyInfo:
    return keys.PublicKeyInfo({
        "algorithm": {"algorithm": "1.2.840.10045.2.1",
                      "parameters": core.ObjectIdentifier(SM2_CURVE_OID)},
        "public_key": b"\x04" + bytes.fromhex(public_hex)})


def _name(office_code: str, office_name: str, common_name: str, role: str) -> x509.Name:
    return x509.Name.build({"country_name": "CN", "organization_name": office_name,
                            "organizational_unit_name": role,
                            "organization_identifier": office_code,
                            "common_name": fit_name(common_name)}, use_printable=False)


def _time(when: datetime) -> x509.Time:
    # RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
    return x509.Time({"utc_time" if when.year < 2050 else "general_time": when})


def make_certificate(subject: tuple[str, str, str, str], public_hex: str,
                     issuer: tuple[str, str, str, str], issuer_private: str, issuer_public: str,
                     valid_from: datetime, valid_until: datetime, ca: bool) -> bytes:
    """An SM2 X.509 certificate (DER); ``subject``/``issuer`` are (code, office, CN, role)."""
    sig_alg = algos.SignedDigestAlgorithm({"algorithm": SM2_SM3_OID})
    key_usage = {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": secrets.randbits(127),
        "signature": sig_alg,
        "issuer": _name(*issuer),
        "validity": {"not_before": _time(valid_from), "not_after": _time(valid_until)},
        "subject": _name(*subject),
        "subject_public_key_info": _spki(public_hex),
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True,
             "extn_value": {"ca": ca, "path_len_constraint": 0 if ca else None}},
            {"extn_id": "key_usage", "critical": True, "extn_value": key_usage},
        ],
    })
    signature = sign(issuer_private, issuer_public, tbs.dump())
    cert = x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": sig_alg,
                             "signature_value": signature})
    return bytes(cert.dump())


def certificate_public_hex(der: bytes) -> str:
    point = x509.Certificate.load(der)["tbs_certificate"]["subject_public_key_info"]["public_key"].native
    return bytes(point)[1:].hex()


def certificate_signed_by(der: bytes, issuer_der: bytes) -> bool:
    """Whether ``issuer_der``'s key signed ``der`` (and the names chain)."""
    cert, issuer = x509.Certificate.load(der), x509.Certificate.load(issuer_der)
    if cert.issuer != issuer.subject:
        return False
    tbs = cert["tbs_certificate"].dump()
    return verify(certificate_public_hex(issuer_der), bytes(cert["signature_value"].native), tbs)


def subject_parts(der: bytes) -> dict[str, str]:
    return {k: str(v) for k, v in x509.Certificate.load(der).subject.native.items()}


# -- the SM2 root's CRL (RFC 5280 v2, signed SM2-with-SM3) -----------------------------------
# The OFD seals' twin of the office CRL: it carries a revoked SM2 seal certificate to other
# offices (in the signed revocation list's ``seal_crls``), authenticated by the SM2 root alone.

def issue_crl(root_der: bytes, root_private: str, revoked: list[tuple[bytes, datetime]],
              now: datetime, number: int, days: int = 30) -> bytes:
    """A CRL of the SM2 root listing every revoked seal certificate (DER)."""
    sig_alg = algos.SignedDigestAlgorithm({"algorithm": SM2_SM3_OID})
    root = x509.Certificate.load(root_der)
    tbs = a_crl.TbsCertList({
        "version": "v2", "signature": sig_alg, "issuer": root.subject,
        "this_update": _time(now), "next_update": _time(now + timedelta(days=days)),
        "revoked_certificates": [
            {"user_certificate": x509.Certificate.load(der).serial_number,
             "revocation_date": _time(when)} for der, when in revoked] or None,
        "crl_extensions": [{"extn_id": "crl_number", "critical": False, "extn_value": number}],
    })
    signature = sign(root_private, certificate_public_hex(root_der), tbs.dump())
    return bytes(a_crl.CertificateList({"tbs_cert_list": tbs, "signature_algorithm": sig_alg,
                                        "signature": signature}).dump())


def crl_signed_by(crl_der: bytes, root_der: bytes) -> bool:
    """Whether ``root_der`` (an SM2 root) issued and signed ``crl_der``."""
    try:
        crl = a_crl.CertificateList.load(crl_der)
        tbs = crl["tbs_cert_list"]
        if tbs["issuer"] != x509.Certificate.load(root_der).subject:
            return False
        return verify(certificate_public_hex(root_der), bytes(crl["signature"].native), tbs.dump())
    except (ValueError, TypeError, KeyError):
        return False


def crl_number(crl_der: bytes | None) -> int:
    if not crl_der:
        return 0
    ext = a_crl.CertificateList.load(crl_der).crl_number_value
    return int(ext.native) if ext is not None else 0


def crl_serials(crl_der: bytes) -> frozenset[int]:
    """The serial numbers a CRL (SM2 or ECDSA, DER) lists as revoked."""
    entries = a_crl.CertificateList.load(crl_der)["tbs_cert_list"]["revoked_certificates"]
    return frozenset(int(e["user_certificate"].native) for e in entries)


def is_ca_of(der: bytes, office_code: str) -> bool:
    """An SM2 CA certificate of ``office_code`` that signed itself (a trust-file seal root)."""
    try:
        cert = x509.Certificate.load(der)
        spki = cert["tbs_certificate"]["subject_public_key_info"]["algorithm"]
        if spki["parameters"].native != SM2_CURVE_OID or not cert.ca:
            return False
        if cert.subject.native.get("organization_identifier") != office_code:
            return False
        return certificate_signed_by(der, der)
    except (ValueError, TypeError, KeyError):
        return False


def subject_key(der: bytes) -> bytes:
    """The certificate's subject name (DER): with a serial, what a CRL entry identifies."""
    return bytes(x509.Certificate.load(der).subject.dump())


def issuer_serial(der: bytes) -> tuple[bytes, int]:
    cert = x509.Certificate.load(der)
    return bytes(cert.issuer.dump()), int(cert.serial_number)
