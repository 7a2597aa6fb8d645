"""Personal data (issue 10, point 8): every viewing of a person's full record is audited, on
both backends and through the CLI; lists show identity numbers masked; the help desk sees none."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import PermissionDenied
from app.models import AuditEntry, Registration
from app.models.db import Database
from app.services.base import Actor
from app.services.register_service import RegisterService
from app.services.search_service import SearchService
from app.services.stats_service import StatsService
from tests.helpers.register import REVIEWER, World, audit_actions


def test_viewing_the_full_record_is_audited_with_who_and_which(db: Database) -> None:
    w = World(db)
    p = w.person()
    before = audit_actions(db, p.id).count("person_record_viewed")
    w.reviewer_reg.person_record(p.id)
    w.reg.person_record(p.id)
    with db.session_scope(write=False) as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "person_record_viewed",
                                                  AuditEntry.entity_id == str(p.id))
                         .order_by(AuditEntry.seq)).all()
    assert len(rows) == before + 2
    assert [r.actor for r in rows[-2:]] == [REVIEWER.username, "clerk"]
    assert rows[-1].entity == "person" and rows[-1].at is not None


def test_the_help_desk_cannot_see_a_record_or_a_list(db: Database) -> None:
    w = World(db)
    p = w.person()
    desk = Actor("desk", "helpdesk")
    with pytest.raises(PermissionDenied):
        RegisterService(db, desk).person_record(p.id)
    with pytest.raises(PermissionDenied):
        SearchService(db, desk).search(p.name)
    assert "person_record_viewed" not in audit_actions(db, p.id)[-1:]


def test_lists_show_identity_numbers_masked(db: Database) -> None:
    w = World(db)
    p = w.person()
    with db.session_scope() as s:
        s.add(Registration(person_id=p.id, kind="engineer", specialty="structural",
                           registration_number="S0001", valid_from=date.today() - timedelta(days=100),
                           valid_until=date.today() + timedelta(days=10), state="active",
                           first_registered_on=date.today() - timedelta(days=100)))
    items = StatsService(db, REVIEWER).expiring("registrations", 30)
    assert [i.id_number_masked for i in items] == [p.id_number[:6] + "********" + p.id_number[-4:]]
    assert not hasattr(items[0], "id_number")


def test_person_show_in_the_cli_is_audited_and_find_masks(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    w = World(db)
    p = w.person(name="李雷")
    from app.services.users_service import UsersService, authenticate, bootstrap_admin
    bootstrap_admin(db, "admin", "admin-pass-1")
    UsersService(db, authenticate(db, "admin", "admin-pass-1")).add_user("clerk1", "clerk-pass-1", "clerk")
    db.dispose()
    env = {**os.environ, "REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "--db", sqlite_url, *args], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)

    shown = cli("person", "show", p.id_number)
    assert shown.returncode == 0, shown.stderr
    assert p.id_number in shown.stdout  # the full record shows it ...
    db = Database(sqlite_url)
    with db.session_scope(write=False) as s:
        last = s.scalars(select(AuditEntry).where(AuditEntry.action == "person_record_viewed")
                         .order_by(AuditEntry.seq.desc())).first()
    db.dispose()
    assert last is not None and (last.actor, last.entity_id) == ("clerk1", str(p.id))  # ... logged
    found = cli("person", "find", "李雷")
    assert found.returncode == 0, found.stderr
    assert p.id_number not in found.stdout and p.id_number[-4:] in found.stdout
