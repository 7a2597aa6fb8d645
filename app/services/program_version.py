"""Which version of the program last opened the register (office setting ``program.version``).

Written when a register is opened or upgraded (the GUI's start, ``init``, ``db upgrade``, the
self-test) so that an office — or the help desk on the phone — can see which program its
register was last used with; a change is written to the audit log (``program_version_changed``),
which dates every upgrade of the installed program.
"""

from __future__ import annotations

from app.models.db import Database
from app.services.audit import append_audit
from app.services.base import SYSTEM
from app.services.office_settings import PROGRAM_VERSION, put_setting, read_setting
from app.version import program_version


def register_version(db: Database) -> str:
    """The version recorded in the register ('' when no program has recorded one yet)."""
    with db.session_scope(write=False) as s:
        return read_setting(s, PROGRAM_VERSION)


def record_program_version(db: Database) -> str:
    """Record this program's version; returns the one recorded before ('' if none)."""
    current = program_version()
    with db.session_scope(write=False) as s:
        before = read_setting(s, PROGRAM_VERSION)
    if before == current:
        return before
    with db.session_scope() as s:
        put_setting(s, PROGRAM_VERSION, current)
        append_audit(s, SYSTEM, "program_version_changed", "register", None,
                     {"before": before or None, "after": current})
    return before
