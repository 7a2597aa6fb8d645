"""Print records on SQLite and PostgreSQL, without a print system: a batch is resumed while
unfinished, a finished one is not, every printed certificate is audited, roles are checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import PermissionDenied
from app.models import AuditEntry, Certificate
from app.models.db import Database
from app.services.base import Actor
from app.services.print_records import PrintRecordService
from tests.helpers.certificates import init_office_key
from tests.helpers.cups import annotate_each_kind


def test_unfinished_batch_resumes_and_finished_one_starts_again(db: Database,
                                                                actors: dict[str, Actor]) -> None:
    init_office_key(db, actors["admin"])
    serials = annotate_each_kind(db, actors["clerk"])
    svc = PrintRecordService(db, actors["clerk"])
    first = svc.open_batch(serials, "office-a4")
    assert not first.resumed and first.remaining == tuple(serials)
    svc.record_printed(first.id, serials[0], "office-a4", 41)
    stopped = svc.close_batch(first.id, "printer_stopped")
    assert stopped.finished_at is None and stopped.last_fault == "printer_stopped"
    assert stopped.remaining == tuple(serials[1:])

    again = svc.open_batch(serials, "office-b")  # another printer: still the same batch
    assert again.resumed and again.id == first.id and again.remaining == tuple(serials[1:])
    other = svc.open_batch(serials[:2], "office-a4")  # another selection: its own batch
    assert other.id != first.id and not other.resumed
    for serial in serials[1:]:
        svc.record_printed(again.id, serial, "office-b", None)
    done = svc.close_batch(again.id)
    assert done.finished_at is not None and done.remaining == ()
    fresh = svc.open_batch(serials, "office-a4")
    assert fresh.id != first.id and fresh.remaining == tuple(serials)
    restarted = svc.open_batch(serials, "office-a4", restart=True)
    assert restarted.id != fresh.id

    history = svc.history(serials[0])
    assert [(h.printer, h.job_id, h.printed_by) for h in history] == [("office-a4", 41, "clerk")]
    with db.session_scope(write=False) as s:
        cert_id = s.scalars(select(Certificate.id).where(Certificate.serial == serials[0])).one()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "certificate_printed",
                                                   AuditEntry.entity_id == str(cert_id))).one()
        assert entry.details["serial"] == serials[0] and entry.details["job"] == 41


def test_printing_needs_the_print_permission(db: Database, actors: dict[str, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        PrintRecordService(db, actors["reviewer"]).open_batch(["x"], "office-a4")
