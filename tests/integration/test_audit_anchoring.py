"""Attacks on the audit log by someone who holds the database (SQLite file or PostgreSQL), and
the anchors that expose them: signed checkpoints, external checkpoint files, the triggers.

The attacker here knows the chain's algorithm and can run any SQL; what they lack is the
office key's passphrase and the checkpoint files kept away from the database."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.codes.audit_checkpoint import parse_checkpoint, sign_checkpoint
from app.codes.keys import Signer, generate_private_key
from app.errors import NotFound
from app.models import AuditEntry
from app.models.db import Database, guard_problems, upgrade
from app.models.staff import AuditCheckpoint
from app.services.audit import append_audit, entry_hash, verify_chain
from app.services.audit_service import AuditService
from app.services.base import Actor
from app.services.users_service import authenticate, bootstrap_admin
from tests.helpers.certificates import PASSPHRASE, init_office_key

ADMIN = Actor("admin", "admin", "管理员")


def _fill(db: Database, n: int, start: int = 0) -> None:
    with db.session_scope() as s:
        for i in range(start, start + n):
            append_audit(s, Actor("clerk1", "clerk"), "person_viewed", "person", f"p{i}", {"i": i})


@pytest.fixture
def anchored(db: Database) -> tuple[Database, bytes]:
    """A register with an office key, 10 entries, a checkpoint file, then 3 more entries."""
    init_office_key(db, ADMIN)
    _fill(db, 10)
    cp_file = AuditService(db, ADMIN).checkpoint(PASSPHRASE)
    _fill(db, 3, start=10)
    return db, cp_file


def _codes(db: Database, external: dict[str, bytes] | None = None) -> list[str]:
    return [f.code for f in AuditService(db, ADMIN).verify(external).findings]


def _drop_guards(db: Database) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            for name in ("audit_log_no_update", "audit_log_no_delete",
                         "audit_checkpoints_no_update", "audit_checkpoints_no_delete"):
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            conn.execute(text("ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only"))
            conn.execute(text("DROP TRIGGER audit_log_no_truncate ON audit_log"))


def _recompute(db: Database, edit_seq: int | None = None, drop_checkpoint_entries: bool = False) -> None:
    """Rewrite the log as a file-level attacker would: edit, renumber, rehash, fix the head."""
    with db.engine.begin() as conn:
        rows = conn.execute(text(
            "SELECT seq, at, actor, action, entity, entity_id, details FROM audit_log ORDER BY seq")).all()
        conn.execute(text("DELETE FROM audit_log"))
        prev, seq = "0" * 64, 0
        for row in rows:
            details = row.details if isinstance(row.details, dict) else json.loads(row.details)
            if drop_checkpoint_entries and row.action == "audit_checkpoint":
                continue
            if row.seq == edit_seq:
                details = {**details, "i": "forged"}
            seq += 1
            at = row.at if isinstance(row.at, datetime) else datetime.fromisoformat(row.at)
            if at.tzinfo is None:
                from datetime import UTC
                at = at.replace(tzinfo=UTC)
            digest = entry_hash(prev, seq, at, row.actor, row.action, row.entity, row.entity_id, details)
            conn.execute(AuditEntry.__table__.insert().values(
                seq=seq, at=at, actor=row.actor, action=row.action, entity=row.entity,
                entity_id=row.entity_id, details=details, prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": seq, "h": prev})


def test_an_untouched_anchored_log_verifies(anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    report = AuditService(db, ADMIN).verify({"usb": cp_file})
    assert report.ok, report.findings
    cp = parse_checkpoint(cp_file)
    assert cp.signature_ok() and cp.seq == 11  # key_created + 10
    assert report.checkpoints == 1 and report.anchored_seq == 11
    assert report.unanchored == report.entries - 11 == 4  # the checkpoint's own entry + 3
    assert report.newest_checkpoint is not None
    again = AuditService(db, ADMIN).checkpoint(PASSPHRASE)
    assert parse_checkpoint(again).seq == report.entries  # the head as it stood
    assert AuditService(db, ADMIN).checkpoint(PASSPHRASE) == again  # nothing new: the same one


def test_wiping_log_and_head_is_detected(anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
        conn.execute(text("DELETE FROM audit_head"))
    assert "checkpoint_beyond_chain" in _codes(db)
    with db.engine.begin() as conn:  # and the checkpoints too: the file kept outside still tells
        conn.execute(text("DELETE FROM audit_checkpoints"))
    codes = _codes(db, {"usb": cp_file})
    assert "external_beyond_chain" in codes


def test_truncation_with_a_rewritten_head_is_detected(anchored: tuple[Database, bytes]) -> None:
    db, _ = anchored
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq > 6"))  # the checkpoint is at 11
        last = conn.execute(text("SELECT hash FROM audit_log WHERE seq = 6")).scalar_one()
        conn.execute(text("UPDATE audit_head SET seq = 6, hash = :h"), {"h": last})
    with db.session_scope(write=False) as s:
        assert verify_chain(s).ok  # the chain alone cannot tell
    assert "checkpoint_beyond_chain" in _codes(db)


def test_full_recomputation_is_detected_by_the_signed_checkpoint(anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    _drop_guards(db)
    _recompute(db, edit_seq=4)
    with db.session_scope(write=False) as s:
        assert verify_chain(s).ok  # a recomputed chain is consistent in itself
    assert "checkpoint_mismatch" in _codes(db)
    assert "external_mismatch" in _codes(db, {"usb": cp_file})


def test_recomputation_that_also_removes_the_checkpoints_is_caught_by_the_file(
        anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoints"))
    _recompute(db, edit_seq=4, drop_checkpoint_entries=True)
    assert _codes(db) == ["guard_missing"]  # nothing left inside the database to compare with
    assert "external_mismatch" in _codes(db, {"usb": cp_file})


def test_removing_a_checkpoint_row_alone_is_detected(anchored: tuple[Database, bytes]) -> None:
    db, _ = anchored
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoints"))
    assert "checkpoint_row_missing" in _codes(db)


def test_a_checkpoint_signed_with_the_attackers_own_key_is_refused(anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    _drop_guards(db)
    _recompute(db, edit_seq=4)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoints"))
        head = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
        forged = sign_checkpoint(Signer.from_private_key(generate_private_key()),
                                 parse_checkpoint(cp_file).office_code, head.seq, head.hash,
                                 datetime.fromisoformat("2026-12-06T10:00:00+00:00"))
        conn.execute(AuditCheckpoint.__table__.insert().values(
            seq=forged.seq, hash=forged.hash, at=forged.at, office_code=forged.office_code,
            key_id=forged.key_id, public_key=forged.public_key, signature=forged.signature))
    codes = _codes(db)
    assert "checkpoint_key_unknown" in codes
    forged_file = forged.to_file()
    assert "external_key_unknown" in _codes(db, {"usb": forged_file})


def test_an_edited_checkpoint_file_is_refused(anchored: tuple[Database, bytes]) -> None:
    db, cp_file = anchored
    doc = json.loads(cp_file)
    doc["seq"] = 5
    assert "external_forged" in _codes(db, {"usb": json.dumps(doc).encode()})


def test_dropped_triggers_are_reported_and_restored_by_upgrade(db: Database) -> None:
    _fill(db, 3)
    _drop_guards(db)
    assert guard_problems(db.engine)
    assert _codes(db) == ["guard_missing"]
    upgrade(db.engine)
    assert guard_problems(db.engine) == []
    assert _codes(db) == []
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def test_a_redefined_trigger_counts_as_missing(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("SQLite: a trigger of the same name that does nothing")
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                          "WHEN 0 BEGIN SELECT 1; END"))
    assert guard_problems(db.engine) == ["audit_log_no_delete"]


def test_truncate_is_refused_on_postgresql(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("TRUNCATE bypasses row triggers only on PostgreSQL")
    _fill(db, 2)
    for table in ("audit_log", "audit_checkpoints"):
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {table}"))


def test_a_missing_head_is_tampering_not_a_sign_in_failure(db: Database) -> None:
    bootstrap_admin(db, "admin", "correct-horse-1")
    _fill(db, 4)
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_head"))
    assert "head_missing" in _codes(db)
    actor = authenticate(db, "admin", "correct-horse-1")  # signing in still works
    report = AuditService(db, actor).verify()
    incident = [f for f in report.findings if f.code == "head_restored"]
    assert incident and not report.ok
    with pytest.raises(NotFound):
        AuditService(db, actor).acknowledge(1, "not an incident")
    AuditService(db, actor).acknowledge(incident[0].seq or 0, "investigated: restore test")
    after = AuditService(db, actor).verify()
    assert [f.code for f in after.findings] == ["guard_missing"]
    assert after.acknowledged == (incident[0].seq,)


def test_signing_certificates_makes_checkpoints_but_not_more_than_one_per_interval(db: Database) -> None:
    from app.services.audit_service import auto_checkpoint
    from app.services.key_service import current_signer

    init_office_key(db, ADMIN)
    _fill(db, 2)
    for _ in range(3):
        with db.session_scope() as s:
            signer, row = current_signer(s, PASSPHRASE)
            auto_checkpoint(s, signer, row.office_code, ADMIN)
            append_audit(s, ADMIN, "certificate_annotated", "certificate", "x")
    with db.session_scope(write=False) as s:
        assert len(s.scalars(select(AuditCheckpoint)).all()) == 1
    assert AuditService(db, ADMIN).verify().ok


def test_after_a_wipe_the_office_keeps_working_and_the_wipe_stays_reported(
        anchored: tuple[Database, bytes]) -> None:
    from app.errors import RuleViolation

    db, _ = anchored
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
        conn.execute(text("DELETE FROM audit_head"))
    _fill(db, 10)  # the incident entry + 10: the head is at the old checkpoint's seq (11) again
    with pytest.raises(RuleViolation) as err:
        AuditService(db, ADMIN).checkpoint(PASSPHRASE)
    assert err.value.code == "audit_checkpoint_conflict"
    _fill(db, 2)
    assert parse_checkpoint(AuditService(db, ADMIN).checkpoint(PASSPHRASE)).seq == 13
    codes = _codes(db)
    assert "checkpoint_mismatch" in codes and "head_restored" in codes


def test_a_checkpoint_signed_by_a_stolen_key_after_its_compromise_anchors_nothing(
        anchored: tuple[Database, bytes]) -> None:
    """The thief of an old key recomputes the chain and signs a fresh checkpoint with it: once
    the office marked that key compromised, such a checkpoint is a finding, not an anchor."""
    from datetime import UTC, timedelta

    from app.codes.keys import decrypt_private_key
    from app.models.certificates import IssuerKey
    from app.services.key_service import KeyService

    db, cp_file = anchored
    stolen_id = parse_checkpoint(cp_file).key_id
    keys = KeyService(db, ADMIN)
    keys.rotate(PASSPHRASE)  # the office moves on to a new key...
    keys.compromise(stolen_id, datetime.now(UTC) - timedelta(hours=1), "stolen laptop")
    with db.session_scope(write=False) as s:
        row = s.get(IssuerKey, stolen_id)
        assert row is not None and row.private_key_encrypted is not None
        stolen = Signer.from_private_key(decrypt_private_key(bytes(row.private_key_encrypted),
                                                             PASSPHRASE))
    _drop_guards(db)
    _recompute(db, edit_seq=4, drop_checkpoint_entries=True)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoints"))
        head = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
        forged = sign_checkpoint(stolen, parse_checkpoint(cp_file).office_code, head.seq,
                                 head.hash, datetime.now(UTC))
        conn.execute(AuditCheckpoint.__table__.insert().values(
            seq=forged.seq, hash=forged.hash, at=forged.at, office_code=forged.office_code,
            key_id=forged.key_id, public_key=forged.public_key, signature=forged.signature))
    assert "checkpoint_key_compromised" in _codes(db)
    assert "external_key_compromised" in _codes(db, {"usb": forged.to_file()})
