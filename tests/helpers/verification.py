"""Certificates of every verification status, signed for real and stored in a real register.

Shared by the verification service, CLI, scanner and help-desk screen tests. The register rows
are written through the ORM, not by annotating, because the statuses must hold at fixed
instants (windows long past, forged and foreign signatures); what is stored is what the
annotation service stores (the payload as printed, the photo as an attachment).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from app.codes.keys import Signer, TrustedKey, public_raw
from app.codes.payload import CertificateClaims, SpecialtyClaim, encode_payload
from app.models.certificates import Certificate, IssuerKey
from app.models.db import Database
from app.models.files import Attachment
from app.models.people import Employer, Person, Registration
from app.printing.samples import SAMPLE_OFFICE_USCC, sample_photo, sample_view

# The instant every status below is judged at (10:00 in China, 1 March 2026).
AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
OFFICE = SAMPLE_OFFICE_USCC


def _key(seed: str) -> Signer:
    return Signer.from_private_key(
        Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest()))


OUR_KEY = _key("our-office-key")
STRANGER_KEY = _key("some-other-office")  # never imported into the trust store


@dataclass(frozen=True)
class Issued:
    status: str        # the status expected at AT
    payload: str
    claims: CertificateClaims
    photo: bytes | None
    serial: str


def add_trusted_key(db: Database, signer: Signer = OUR_KEY, source: str = "own",
                    imported_at: datetime | None = None) -> TrustedKey:
    trusted = TrustedKey(signer.key_id, OFFICE, "样本办公室", public_raw(signer.private_key),
                         datetime(2020, 1, 1, tzinfo=UTC), source=source)
    with db.session_scope() as s:
        s.add(IssuerKey(key_id=trusted.key_id, office_code=OFFICE, office_name="样本办公室",
                        public_key=trusted.public_key, valid_from=trusted.valid_from,
                        source=source, imported_at=imported_at or datetime.now(UTC)))
    return trusted


def make_claims(serial: int, window: tuple[date, date], reg_until: date = date(2027, 2, 28),
                name: str = "张伟", photo: bytes | None = None,
                today: date | None = None) -> CertificateClaims:
    photo = photo if photo is not None else sample_photo()
    return CertificateClaims(
        serial_number=str(serial), version=1, kind="constructor",
        registration_number="京1112021202100001", name=name, gender="M",
        birth_date=date(1988, 5, 12), employer_uscc="91110108MA01KQ7E79",
        employer_name="北京市示例建筑工程有限公司",
        specialties=(SpecialtyClaim("building", date(2024, 3, 1), reg_until),),
        photo_hash=hashlib.sha256(photo).digest()[:8], issuer=OFFICE,
        # Annotated on the window's first day (09:00 China time), as every verifier requires
        # (issue 10: nbf is 00:00 of the annotation day). So a certificate can be "not yet
        # valid" only when judged before its annotation: at an earlier --at, or on a clock
        # that is behind (which the help desk then also warns about).
        issued_at=datetime.combine(window[0], datetime.min.time(), UTC).replace(hour=1),
        window_start=window[0], window_end=window[1])


# serial, window, registration expiry -> status at AT
PLAN: tuple[tuple[str, int, tuple[date, date], date], ...] = (
    ("valid", 2026000101, (date(2026, 1, 5), date(2026, 7, 3)), date(2027, 2, 28)),
    ("expired", 2026000102, (date(2025, 3, 1), date(2025, 8, 27)), date(2027, 2, 28)),
    ("not_yet_valid", 2026000103, (date(2026, 4, 1), date(2026, 9, 27)), date(2027, 2, 28)),
    ("registration_expired", 2026000104, (date(2025, 9, 1), date(2026, 2, 10)), date(2026, 2, 10)),
    ("revoked", 2026000105, (date(2026, 1, 5), date(2026, 7, 3)), date(2027, 2, 28)),
    ("superseded", 2026000106, (date(2026, 1, 5), date(2026, 7, 3)), date(2027, 2, 28)),
)


def plan_for(today: date) -> tuple[tuple[str, int, tuple[date, date], date], ...]:
    """The same statuses judged today (for the screen, which always checks at 'now')."""
    d = timedelta
    return (
        # 180-day windows (issue 10: a longer one is refused as forged).
        ("valid", 2026000201, (today - d(30), today + d(149)), today + d(400)),
        ("expired", 2026000202, (today - d(400), today - d(221)), today + d(400)),
        ("not_yet_valid", 2026000203, (today + d(20), today + d(199)), today + d(400)),
        ("registration_expired", 2026000204, (today - d(200), today - d(21)), today - d(21)),
        ("revoked", 2026000205, (today - d(30), today + d(149)), today + d(400)),
        ("superseded", 2026000206, (today - d(30), today + d(149)), today + d(400)),
    )


def _person(db: Database, name: str, photo: bytes | None) -> uuid.UUID:
    with db.session_scope() as s:
        # Numbered in the register (a random suffix collided now and then).
        n = (s.scalar(select(func.count()).select_from(Person)) or 0) + 1
        person = Person(id_number=f"11010819880512{n:04d}", name=name,
                        gender="M", birth_date=date(1988, 5, 12))
        s.add(person)
        s.flush()
        if photo is not None:
            s.add(Attachment(person_id=person.id, purpose="photo", filename="photo.jpg",
                             media_type="image/jpeg", size=len(photo),
                             sha256=hashlib.sha256(photo).hexdigest(), data=photo,
                             created_by="clerk"))
        s.add(Registration(person_id=person.id, kind="constructor", specialty="building",
                           registration_number="京1112021202100001", valid_from=date(2024, 3, 1),
                           valid_until=date(2027, 2, 28), first_registered_on=date(2024, 3, 1)))
        return person.id


def store_certificate(db: Database, claims: CertificateClaims, payload: str,
                      person_id: uuid.UUID, revoked_at: datetime | None = None,
                      superseded_at: datetime | None = None) -> None:
    with db.session_scope() as s:
        s.add(Certificate(
            serial=claims.serial, person_id=person_id, kind=claims.kind,
            registration_number=claims.registration_number, annotated_on=claims.window_start,
            window_start=claims.window_start, window_end=claims.window_end,
            issued_at=claims.issued_at, issued_by="clerk", key_id=claims.key_id or OUR_KEY.key_id,
            payload=payload, photo_sha256=claims.photo_hash.hex(), revoked_at=revoked_at,
            revoke_reason="注销注册" if revoked_at else None, superseded_at=superseded_at))


def _facts(status: str, today: date | None) -> dict[str, datetime]:
    base = datetime(2026, 2, 1, tzinfo=UTC) if today is None else \
        datetime.combine(today - timedelta(days=10), datetime.min.time(), UTC)
    if status == "revoked":
        return {"revoked_at": base}
    if status == "superseded":
        return {"superseded_at": base + timedelta(days=5)}
    return {}


def build_all(today: date | None = None) -> dict[str, Issued]:
    """One signed payload per status, without a database (Ed25519 is deterministic, so these
    are the same payloads :func:`issue_all` stores). ``today``: statuses as of that day
    instead of at AT."""
    out: dict[str, Issued] = {}
    photo = sample_photo()
    for status, serial, window, reg_until in (PLAN if today is None else plan_for(today)):
        claims = make_claims(serial, window, reg_until, photo=photo, today=today)
        out[status] = Issued(status, encode_payload(claims, OUR_KEY), claims, photo, claims.serial)
    # Forged: our key id in the header, signed by someone else's private key.
    window = (PLAN if today is None else plan_for(today))[0][2]
    forged_claims = make_claims(2026000107, window, photo=photo, today=today)
    forger = Signer(OUR_KEY.key_id, STRANGER_KEY.private_key)
    out["invalid_signature"] = Issued("invalid_signature", encode_payload(forged_claims, forger),
                                      forged_claims, None, forged_claims.serial)
    unknown_claims = make_claims(2026000108, window, photo=photo, today=today)
    out["unknown_issuer"] = Issued("unknown_issuer", encode_payload(unknown_claims, STRANGER_KEY),
                                   unknown_claims, None, unknown_claims.serial)
    return out


EMPLOYER = ("91110108MA01KQ7E79", "北京市示例建筑工程有限公司")


def issue_all(db: Database, today: date | None = None) -> dict[str, Issued]:
    """Every status, with the register rows; the trust store holds OUR_KEY."""
    add_trusted_key(db)
    with db.session_scope() as s:
        s.add(Employer(uscc=EMPLOYER[0], name=EMPLOYER[1]))
    out = build_all(today)
    for status, _serial, _window, _until in PLAN:
        issued = out[status]
        person = _person(db, issued.claims.name, issued.photo)
        store_certificate(db, issued.claims, issued.payload, person, **_facts(status, today))
    return out


def certificate_pdf(issued: Issued, path: Path) -> Path:
    """Print the certificate as the printing part does (the real PDF renderer)."""
    from app.printing.pdf_renderer import render_pdf
    from app.printing.samples import SampleKey

    c = issued.claims
    view = sample_view(serial=int(c.serial_number), annotated_on=c.window_start,
                       window_end=c.window_end,
                       key=SampleKey(OUR_KEY, TrustedKey(OUR_KEY.key_id, OFFICE, "样本办公室",
                                                         public_raw(OUR_KEY.private_key),
                                                         datetime(2020, 1, 1, tzinfo=UTC))))
    view = replace(view, payload=issued.payload, window_start=c.window_start)
    path.write_bytes(render_pdf(view))
    return path
