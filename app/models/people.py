"""Persons, employers, qualifications and registrations: the register itself."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamps, UuidPk


def _search_index(name: str, *columns: Any) -> Index:
    """An index in byte ("C") order for prefix search and keyset paging.

    A prefix search is the range ``col >= q AND col < succ(q)`` ordered by ``(col, id)``.
    Under a linguistic collation (zh_CN, ICU) that range is not a prefix and a default index
    cannot serve it, so on PostgreSQL the search service compares ``col COLLATE "C"`` and
    these indexes are built in that order. SQLite's BINARY order already is code-point order.
    The trailing id column makes the index cover the keyset order (app/services/search_service).
    """
    first = columns[0]
    # Written as an operator-class option so the index stays a plain column index that
    # Alembic can reflect and compare (an expression index would not round-trip).
    return Index(name, *columns, postgresql_ops={first.key: 'COLLATE "C"'})


class Employer(UuidPk, Timestamps, Base):
    __tablename__ = "employers"

    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    industry: Mapped[str | None] = mapped_column(String(100))
    # The employer's own enterprise qualification certificate; None means "none".
    qualification_cert_no: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Person(UuidPk, Timestamps, Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("id_type", "id_number"),)

    id_type: Mapped[str] = mapped_column(String(20), default="resident")
    id_number: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    gender: Mapped[str] = mapped_column(String(1))  # "M" / "F"
    birth_date: Mapped[date] = mapped_column(Date)
    mobile: Mapped[str | None] = mapped_column(String(20))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employers.id"), index=True)
    employment_start: Mapped[date | None] = mapped_column(Date)
    employment_end: Mapped[date | None] = mapped_column(Date)  # None: no fixed term
    operator_mobile: Mapped[str | None] = mapped_column(String(20))
    # Flag raised by the social-security check; the applicant may contest it (申辩).
    social_security_flag: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    employer: Mapped[Employer | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class PersonNameKey(Base):
    """Search keys of a person's name: pinyin initials and full pinyin, every reading.

    A separate table because polyphonic characters (曾 zeng/ceng) give several keys per
    person, and a prefix search must use an index on each of them.
    """

    __tablename__ = "person_name_keys"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(120), primary_key=True)

    __table_args__ = (Index("ix_person_name_keys_key", "key"),)


class Qualification(UuidPk, Timestamps, Base):
    __tablename__ = "qualifications"
    __table_args__ = (UniqueConstraint("person_id", "kind", "specialty"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str] = mapped_column(String(40))
    certificate_number: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)


class Registration(UuidPk, Timestamps, Base):
    """One person's registration for one kind and specialty."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("person_id", "kind", "specialty"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str] = mapped_column(String(40))
    # Constructors share one number across their specialties, so it is indexed, not unique.
    registration_number: Mapped[str] = mapped_column(String(40), index=True)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employers.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    # valid_from/valid_until are the latest period granted, so expiry queries stay on one
    # indexed column. A continuation approved before expiry (architects, engineers: seed 004
    # §3.3) keeps the current period in force until it ends: it is kept here, and
    # app.domain.validity.period_in_force picks the period of a given day.
    prior_valid_from: Mapped[date | None] = mapped_column(Date)
    prior_valid_until: Mapped[date | None] = mapped_column(Date)
    seal_number: Mapped[str | None] = mapped_column(String(48))
    state: Mapped[str] = mapped_column(String(20), default="active")  # active / cancelled
    first_registered_on: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship()
    employer: Mapped[Employer | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


# Search indexes (see _search_index); declared here so the models stay the
# single description of the schema and the migration test compares them too.
_search_index("ix_persons_name_c", Person.name, Person.id)
_search_index("ix_persons_id_number_c", Person.id_number, Person.id)
_search_index("ix_person_name_keys_key_c", PersonNameKey.key, PersonNameKey.person_id)
_search_index("ix_registrations_registration_number_c", Registration.registration_number,
              Registration.person_id)
_search_index("ix_employers_uscc_c", Employer.uscc, Employer.id)
_search_index("ix_employers_name_c", Employer.name, Employer.id)
# An employer's staff in id order: the employer search pages through them by key.
Index("ix_persons_employer_id_id", Person.employer_id, Person.id)
