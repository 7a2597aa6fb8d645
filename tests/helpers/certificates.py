"""Register data for certificate tests: a person with registration, photo, signature, mobile."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from app.models import Attachment, Employer, IssuerKey, Person, Registration
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_demo import synthetic_photo, synthetic_signature
from app.services.key_service import KeyService

PASSPHRASE = "test passphrase for the office key"
OFFICE_USCC = "11100000000013338W"
OFFICE_NAME = "测试省注册管理中心"


# The tests annotate on fixed days of 2024-2027 (``on=``); an annotation's iat must lie inside
# its key's period (issue 10), so the test office has been using its key since then.
KEY_IN_USE_SINCE = datetime(2024, 1, 1, tzinfo=UTC)


def init_office_key(db: Database, admin: Actor, since: datetime | None = KEY_IN_USE_SINCE,
                    seals: bool = False) -> str:
    # Without seals by default: exports stay unsealed and ask for no passphrase; the seal
    # tests create them (issue 13).
    key_id = KeyService(db, admin).init_office_key(PASSPHRASE, OFFICE_USCC, OFFICE_NAME,
                                                   seals=seals).key_id
    if since is not None:
        with db.session_scope() as s:
            row = s.get(IssuerKey, key_id)
            assert row is not None
            row.valid_from = since
    return key_id


def add_holder(db: Database, *, kind: str = "constructor", number: str = "京1112026000012345",
               specialties: tuple[str, ...] = ("building",), valid_from: date = date(2025, 1, 1),
               valid_until: date = date(2027, 12, 31), birth_date: date = date(1980, 5, 12),
               id_number: str = "110108198805120316", photo: bool = True, signature: bool = True,
               mobile: str | None = "13800138000", employer_name: str = "中建一局集团第三建筑有限公司",
               employer_uscc: str = "91110108MA01KQ7E79", state: str = "active") -> uuid.UUID:
    with db.session_scope() as s:
        employer = s.query(Employer).filter_by(uscc=employer_uscc).first()
        if employer is None:
            employer = Employer(uscc=employer_uscc, name=employer_name)
            s.add(employer)
            s.flush()
        person = Person(id_type="resident", id_number=id_number, name="张三丰", gender="M",
                        birth_date=birth_date, mobile=mobile, employer_id=employer.id)
        s.add(person)
        s.flush()
        for sp in specialties:
            s.add(Registration(person_id=person.id, kind=kind, specialty=sp, registration_number=number,
                               employer_id=employer.id, valid_from=valid_from, valid_until=valid_until,
                               state=state, first_registered_on=valid_from))
        if photo:
            add_image(s, person.id, "photo", synthetic_photo(id_number), "image/jpeg")
        if signature:
            add_image(s, person.id, "signature", synthetic_signature(id_number)[0], "image/png")
        return person.id


def add_image(s: Session, person_id: uuid.UUID, purpose: str, data: bytes, media_type: str) -> None:
    s.add(Attachment(person_id=person_id, purpose=purpose, filename=f"{purpose}.bin",
                     media_type=media_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     data=data, created_by="test"))
