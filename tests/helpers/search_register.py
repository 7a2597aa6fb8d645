"""A small register of persons, employers and registrations for the search tests (both databases)."""

from __future__ import annotations

import uuid
from datetime import date

from app.models import Employer, Person, Registration
from app.models.db import Database
from app.services.base import Actor
from app.services.name_index import refresh_name_keys

CLERK = Actor("clerk", "clerk")

# (name, id_number, employer index, [(kind, specialty, registration number)])
PEOPLE = [
    ("张三", "110101199001011237", 0, [("engineer", "structural", "S174101880")]),
    ("张三丰", "110101198003070016", 0, [("constructor", "building", "京111050700001"),
                                          ("constructor", "municipal", "京111050700001")]),
    ("曾国藩", "440106197512120011", 1, [("architect", "architecture", "1101012345")]),
    ("单田芳", "51010419761203415X", 1, []),
    ("刘䶮", "320102198808080012", 2, [("engineer", "geotechnical", "AY184100123")]),
    ("王堃", "330106199102020014", 2, []),
    ("王𠇔明", "350102198505050017", None, []),
    ("欧阳修", "420106197001010019", 0, [("engineer", "structural", "S174101999")]),
    ("李玥", "110108198805120316", 1, []),
    ("吕布", "440106199508172628", None, [("architect", "architecture", "1101099999")]),
]
EMPLOYERS = [
    ("91350100M000100Y43", "中建三局第一建设工程有限责任公司"),
    ("91110108MA01KQ7E79", "北京城建建设集团有限公司"),
    ("51440300MJL1234A5A", "中铁二局集团第五工程有限公司"),
]


def fill(db: Database) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    with db.session_scope() as s:
        employers = []
        for uscc, name in EMPLOYERS:
            e = Employer(uscc=uscc, name=name)
            s.add(e)
            employers.append(e)
        s.flush()
        for name, number, emp, regs in PEOPLE:
            p = Person(id_number=number, name=name, gender="M", birth_date=date(1980, 1, 1),
                       employer_id=employers[emp].id if emp is not None else None)
            s.add(p)
            s.flush()
            refresh_name_keys(s, p.id, name)
            for kind, spec, reg in regs:
                s.add(Registration(person_id=p.id, kind=kind, specialty=spec, registration_number=reg,
                                   valid_from=date(2024, 1, 1), valid_until=date(2027, 1, 1),
                                   first_registered_on=date(2024, 1, 1)))
            ids[name] = p.id
    return ids
