"""The signed QR payload of an annotated certificate: claims, CBOR/CWT, COSE_Sign1, zlib, Base45.

Built in the manner of the EU digital COVID certificate (HCERT): CWT claims (RFC 8392) in CBOR,
signed as COSE_Sign1 with Ed25519, zlib-compressed, Base45 text (RFC 9285) behind the versioned
prefix ``RO1:``. Every character is in the QR alphanumeric set, so the symbol uses the dense
alphanumeric mode. The exact format, with test vectors, is ``docs/payload.md``.

Space is the constraint: a typical certificate must fit QR version 14 at error correction
level Q (376 alphanumeric characters), so dates are day numbers, kind and gender small
integers, the GB/T 36904 serial is carried as its variable part only (the rest follows from
the kind and ``iss``), and the employer's name is dropped first when the symbol would be too big.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

import base45
import cbor2

from app.codes.cose import CoseFormatError, Sign1, loads_exact, parse_sign1, sign1
from app.codes.keys import Signer
from app.domain.kinds import kind_rules
from app.domain.validators import licence_identifier
from app.errors import RuleViolation

if TYPE_CHECKING:  # segno loads only to draw a symbol (printing), not to check a code
    import segno

PREFIX = "RO1:"
# A typical certificate must fit version 14 (a 73-module symbol that stays readable at the size
# printed on the certificate); the employer's name is dropped to get there. Rare certificates
# (a constructor with many specialties) may grow up to HARD_MAX_QR_VERSION; beyond, refuse.
MAX_QR_VERSION = 14
HARD_MAX_QR_VERSION = 20
QR_ERROR = "q"
# Dates of the use window are calendar days in China (UTC+8, no daylight saving time).
CHINA_TZ = timezone(timedelta(hours=8), "CST")
EPOCH = date(1970, 1, 1)
PHOTO_HASH_BYTES = 8

# CWT claim keys (RFC 8392) and our private claim (IANA: keys below -65536 are private use).
CWT_ISS, CWT_EXP, CWT_NBF, CWT_IAT = 1, 4, 5, 6
CLAIM_CERTIFICATE = -65537
# Keys of the private claim map.
K_SERIAL, K_KIND, K_REG_NO, K_NAME, K_GENDER, K_BIRTH = 1, 2, 3, 4, 5, 6
K_EMPLOYER_USCC, K_EMPLOYER_NAME, K_SPECIALTIES, K_PHOTO, K_SPECIMEN = 7, 8, 9, 10, 11
KIND_CODES = {"architect": 1, "constructor": 2, "engineer": 3}
GENDER_CODES = {"M": 1, "F": 2}  # GB/T 2261.1
# Specialties as small integers (position + 1 in these lists, published in docs/payload.md):
# a text code costs 9-19 bytes, an integer one byte, and a constructor's second specialty would
# otherwise push a typical certificate past version 14. A specialty missing from the table is
# carried as its text code, so a new specialty in the rules files still works. Append only.
SPECIALTY_CODES: dict[str, tuple[str, ...]] = {
    "architect": ("architecture",),
    "constructor": ("building", "highway", "railway", "airport", "port", "hydro", "mining",
                    "mechanical", "municipal", "telecom"),
    "engineer": ("structural", "geotechnical", "water_supply", "power", "hvac",
                 "power_generation", "power_distribution", "chemical"),
}


class PayloadError(ValueError):
    """Text that carries our prefix but cannot be read as a certificate payload."""


class NotOurFormat(ValueError):
    """Text that is not a certificate payload of this product at all (wrong or no prefix)."""


@dataclass(frozen=True)
class SpecialtyClaim:
    code: str          # specialty code from the kind's rules file
    valid_from: date
    valid_until: date  # inclusive


@dataclass(frozen=True)
class CertificateClaims:
    """What the QR code says about a certificate; signed as a whole."""

    serial_number: str             # GB/T 36904 serial part (digits, no leading zero)
    version: int                   # GB/T 36904 version: 1, 2, ... per re-annotation
    kind: str
    registration_number: str
    name: str
    gender: str                    # "M" / "F"
    birth_date: date
    employer_uscc: str | None
    employer_name: str | None      # dropped first when the QR symbol would be too large
    specialties: tuple[SpecialtyClaim, ...]
    photo_hash: bytes              # first 8 bytes of SHA-256 of the photo's bytes
    issuer: str                    # the issuing office's unified social credit code (CWT iss)
    issued_at: datetime            # CWT iat (whole seconds, UTC)
    window_start: date             # 使用有效期, CWT nbf = 00:00 China time of this day
    window_end: date               # inclusive; CWT exp = 00:00 China time of the next day
    key_id: str = ""               # from the COSE header; set by encode/decode
    specimen: bool = False         # demo data: a verifier must say 样本 / SPECIMEN

    @property
    def registration_valid_until(self) -> date:
        """The registration's expiry: the last day any specialty on the certificate is valid."""
        return max(s.valid_until for s in self.specialties)

    @property
    def serial(self) -> str:
        """The full GB/T 36904 licence identifier with its check character."""
        return licence_identifier(kind_rules(self.kind).licence_type_code, self.issuer,
                                  self.serial_number, f"{self.version:03d}")

    @property
    def not_before(self) -> datetime:
        return datetime.combine(self.window_start, time(0), CHINA_TZ)

    @property
    def expires(self) -> datetime:
        """First instant after the use window (exclusive end)."""
        return datetime.combine(self.window_end + timedelta(days=1), time(0), CHINA_TZ)


def china_date(at: datetime) -> date:
    return at.astimezone(CHINA_TZ).date()


def _is_china_midnight(seconds: int) -> bool:
    offset = CHINA_TZ.utcoffset(None)
    return (seconds + int(offset.total_seconds())) % 86400 == 0


def _days(d: date) -> int:
    return (d - EPOCH).days


def _date(n: object) -> date:
    if not isinstance(n, int) or isinstance(n, bool):
        raise PayloadError("date is not an integer day number")
    return EPOCH + timedelta(days=n)


def _specialty_code(kind: str, code: str) -> int | str:
    table = SPECIALTY_CODES.get(kind, ())
    return table.index(code) + 1 if code in table else code


def _specialty_name(kind: str, value: object) -> str:
    if isinstance(value, str) and value:
        return value
    table = SPECIALTY_CODES.get(kind, ())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(table):
        return table[value - 1]
    raise PayloadError("unknown specialty code")


def _claims_map(c: CertificateClaims) -> dict[int, object]:
    if not c.serial_number.isdigit() or c.serial_number.startswith("0"):
        raise ValueError("serial_number must be digits without a leading zero")
    private: dict[int, object] = {
        K_SERIAL: [int(c.serial_number), c.version],
        K_KIND: KIND_CODES[c.kind],
        K_REG_NO: c.registration_number,
        K_NAME: c.name,
        K_GENDER: GENDER_CODES[c.gender],
        K_BIRTH: _days(c.birth_date),
        K_SPECIALTIES: [[_specialty_code(c.kind, s.code), _days(s.valid_from), _days(s.valid_until)]
                        for s in c.specialties],
        K_PHOTO: c.photo_hash[:PHOTO_HASH_BYTES],
    }
    if c.employer_uscc:
        private[K_EMPLOYER_USCC] = c.employer_uscc
    if c.employer_name:
        private[K_EMPLOYER_NAME] = c.employer_name
    if c.specimen:
        private[K_SPECIMEN] = True  # absent (not false) on real certificates: saves two bytes
    return {CWT_ISS: c.issuer, CWT_IAT: int(c.issued_at.timestamp()),
            CWT_NBF: int(c.not_before.timestamp()), CWT_EXP: int(c.expires.timestamp()),
            CLAIM_CERTIFICATE: private}


def qr_symbol(text: str) -> segno.QRCode:
    """The QR symbol for a payload: level Q exactly (no boosting), smallest version that fits."""
    import segno

    return segno.make_qr(text, error=QR_ERROR, boost_error=False)


# Data codewords per version at error correction level Q (ISO/IEC 18004 table 7). Building the
# symbol with segno costs ~70 ms (it scores all eight masks); the version alone is arithmetic.
_Q_DATA_CODEWORDS = (13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367,
                     397, 445, 485, 512, 568, 614, 664, 718, 754, 808, 871, 911, 985, 1033, 1115,
                     1171, 1231, 1286, 1354, 1426, 1502, 1582, 1666)
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def qr_version(text: str) -> int:
    """The version :func:`qr_symbol` will choose (tests check the two agree)."""
    if not set(text) <= _ALNUM:
        return int(qr_symbol(text).version)
    n = len(text)
    payload_bits = 11 * (n // 2) + 6 * (n % 2)
    for version, codewords in enumerate(_Q_DATA_CODEWORDS, start=1):
        count_bits = 9 if version <= 9 else 11 if version <= 26 else 13
        if 4 + count_bits + payload_bits <= codewords * 8:
            return version
    return 41  # does not fit any QR version


def _encode_once(claims: CertificateClaims, signer: Signer) -> str:
    body = cbor2.dumps(_claims_map(claims))
    message = sign1(body, signer.kid, signer.private_key)
    encoded: bytes = base45.b45encode(zlib.compress(message, 9))
    return PREFIX + encoded.decode("ascii")


def encode_payload(claims: CertificateClaims, signer: Signer,
                   max_version: int = MAX_QR_VERSION, hard_max: int = HARD_MAX_QR_VERSION) -> str:
    """Sign and encode; drops the employer's name if the symbol would exceed ``max_version``.

    Raises ``payload_too_large`` only when even without the name it exceeds ``hard_max``.
    """
    if claims.key_id and claims.key_id != signer.key_id:
        raise ValueError("claims name another key than the signer's")
    if not claims.specialties:
        raise ValueError("a certificate needs at least one specialty")
    text = _encode_once(claims, signer)
    if qr_version(text) > max_version and claims.employer_name:
        text = _encode_once(replace(claims, employer_name=None), signer)
    version = qr_version(text)
    if version > max(hard_max, max_version):
        raise RuleViolation("payload_too_large", version=version, max_version=hard_max)
    return text


def payload_text(text: str) -> str:
    """The signed text inside what a scanner read: from ``RO1:`` on. An office may print its
    verifier page's address in front (``https://…/#RO1:…``) so that a phone's camera app opens
    the page; the signature covers only what starts at the prefix (docs/payload.md section 2)."""
    i = text.find(PREFIX)
    return text[i:] if i > 0 else text


def split_prefix(text: str) -> str:
    """The Base45 body after our prefix, or :class:`NotOurFormat`."""
    if not text.startswith(PREFIX):
        # "RO" + a digit + ":" is our family with a version this program does not know.
        if len(text) > 4 and text[:2] == "RO" and text[2].isdigit() and text[3] == ":":
            raise NotOurFormat("unsupported_version")
        raise NotOurFormat("no_prefix")
    return text[len(PREFIX):]


ZLIB_HEADER = b"\x78\xda"  # deflate, 32 KiB window, level 9: what encode_payload writes


def _inflate(compressed: bytes) -> bytes:
    try:
        # A bounded decompressor: a hostile code must not expand into megabytes.
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, 8192)
        if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
            raise PayloadError("zlib stream incomplete, oversized or followed by data")
    except zlib.error as exc:
        raise PayloadError(f"not zlib: {exc}") from exc
    return raw


def _has_padding_bits(compressed: bytes, raw: bytes) -> bool:
    """True when a bit of the last deflate byte can be cleared without changing the stream:
    such a bit is padding after the final block, which zlib writes as zero."""
    last = len(compressed) - 5  # the byte before the 4-byte Adler-32 trailer
    if last < 2:
        return False
    for bit in range(8):
        if compressed[last] & (1 << bit):
            cleared = bytearray(compressed)
            cleared[last] &= ~(1 << bit) & 0xFF
            try:
                if _inflate(bytes(cleared)) == raw:
                    return True
            except PayloadError:
                continue
    return False


def decode_message(text: str) -> Sign1:
    """Prefix, Base45, zlib and COSE layers; no signature check (see :mod:`app.codes.verify`)."""
    body = split_prefix(text)
    try:
        compressed = base45.b45decode(body)
    except (ValueError, KeyError) as exc:
        raise PayloadError(f"not Base45: {exc}") from exc
    raw = _inflate(compressed)
    if compressed[:2] != ZLIB_HEADER or _has_padding_bits(compressed, raw):
        # zlib ignores the level hint in its header and the bits after the last block, so
        # without this check one certificate would have many texts that verify.
        raise PayloadError("zlib stream not in its canonical form")
    try:
        return parse_sign1(raw)
    except CoseFormatError as exc:
        raise PayloadError(str(exc)) from exc


def _text(m: dict[object, object], k: int, optional: bool = False) -> str | None:
    v = m.get(k)
    if v is None and optional:
        return None
    if not isinstance(v, str) or not v:
        raise PayloadError(f"claim {k} must be text")
    return v


def _int(m: dict[object, object], k: int) -> int:
    v = m.get(k)
    if not isinstance(v, int) or isinstance(v, bool):
        raise PayloadError(f"claim {k} must be an integer")
    return v


def claims_from_message(message: Sign1) -> CertificateClaims:
    """Read the claims of a parsed message. Checks types strictly, not the signature."""
    try:
        return _claims_from_message(message)
    except (OverflowError, OSError) as exc:
        # A date or instant beyond what a calendar can hold (day 10**12): not a certificate.
        raise PayloadError(f"date out of range: {exc}") from exc
    except ValueError as exc:
        if isinstance(exc, PayloadError):
            raise
        raise PayloadError(str(exc)) from exc


def _claims_from_message(message: Sign1) -> CertificateClaims:
    try:
        cwt = loads_exact(message.payload)
    except Exception as exc:
        raise PayloadError("claims are not CBOR") from exc
    if not isinstance(cwt, dict) or not isinstance(cwt.get(CLAIM_CERTIFICATE), dict):
        raise PayloadError("no certificate claim")
    p: dict[object, object] = cwt[CLAIM_CERTIFICATE]
    serial = p.get(K_SERIAL)
    if (not isinstance(serial, list | tuple) or len(serial) != 2
            or not all(isinstance(x, int) and x > 0 for x in serial)):
        raise PayloadError("bad serial")
    kinds = {v: k for k, v in KIND_CODES.items()}
    genders = {v: k for k, v in GENDER_CODES.items()}
    kind, gender = kinds.get(_int(p, K_KIND)), genders.get(_int(p, K_GENDER))
    if kind is None or gender is None:
        raise PayloadError("unknown kind or gender code")
    raw_specs = p.get(K_SPECIALTIES)
    if not isinstance(raw_specs, list | tuple) or not raw_specs:
        raise PayloadError("no specialties")
    specs = []
    for s in raw_specs:
        if not isinstance(s, list | tuple) or len(s) != 3:
            raise PayloadError("bad specialty")
        specs.append(SpecialtyClaim(_specialty_name(kind, s[0]), _date(s[1]), _date(s[2])))
    photo = p.get(K_PHOTO)
    if not isinstance(photo, bytes) or len(photo) != PHOTO_HASH_BYTES:
        raise PayloadError("bad photo hash")
    specimen = p.get(K_SPECIMEN, False)
    if not isinstance(specimen, bool):
        raise PayloadError("specimen flag must be a boolean")
    nbf, exp = _int(cwt, CWT_NBF), _int(cwt, CWT_EXP)
    if exp <= nbf:
        raise PayloadError("use window ends before it starts")
    if not (_is_china_midnight(nbf) and _is_china_midnight(exp)):
        # The window is whole China days; any other instant would give one certificate
        # several signed texts that show the same dates.
        raise PayloadError("nbf and exp must be 00:00 China time")
    return CertificateClaims(
        serial_number=str(serial[0]), version=int(serial[1]), kind=kind,
        registration_number=_text(p, K_REG_NO) or "", name=_text(p, K_NAME) or "", gender=gender,
        birth_date=_date(p.get(K_BIRTH)), employer_uscc=_text(p, K_EMPLOYER_USCC, True),
        employer_name=_text(p, K_EMPLOYER_NAME, True), specialties=tuple(specs),
        photo_hash=photo, issuer=_text(cwt, CWT_ISS) or "",
        issued_at=datetime.fromtimestamp(_int(cwt, CWT_IAT), UTC),
        window_start=china_date(datetime.fromtimestamp(nbf, UTC)),
        window_end=china_date(datetime.fromtimestamp(exp, UTC)) - timedelta(days=1),
        key_id=message.kid.hex(), specimen=specimen)


def decode_unverified(text: str) -> CertificateClaims:
    """Claims of a payload WITHOUT checking its signature: for our own stored payloads only."""
    return claims_from_message(decode_message(text))
