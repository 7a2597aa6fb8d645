"""Declarative base, naming convention and column types shared by all models."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.clock import utcnow
from app.store.types import UTCDateTime  # defined without the ORM: Core handles use it too

__all__ = ["NAMING_CONVENTION", "Base", "Timestamps", "UTCDateTime", "UuidPk", "utcnow"]

# A fixed naming convention keeps constraint names identical on SQLite and PostgreSQL, which
# Alembic's batch mode needs to find them again when it rebuilds SQLite tables.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UuidPk:
    """Records that travel between offices get UUID keys, never local sequence numbers."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
