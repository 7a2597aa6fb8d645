"""Keeps ``person_name_keys`` in step with a person's name.

Called inside the caller's transaction by whatever creates a person or changes a name (the
person service, an approved 信息更正, the demo generator), so the search keys can never disagree
with the name that was committed beside them.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from app.domain.name_keys import name_search_keys
from app.models.people import PersonNameKey


def refresh_name_keys(session: Session, person_id: uuid.UUID, name: str) -> None:
    """Replace the person's search keys with those of ``name`` (no commit; caller's transaction)."""
    if person_id is None:
        # The UUID default is applied at flush: pass person.id after session.flush().
        raise ValueError("person_id is None: flush the new person before indexing its name")
    # Flush first so a person added in this session exists before its keys reference it.
    session.flush()
    session.execute(delete(PersonNameKey).where(PersonNameKey.person_id == person_id))
    keys = sorted(name_search_keys(name))
    if keys:
        session.execute(
            insert(PersonNameKey), [{"person_id": person_id, "key": key} for key in keys]
        )
