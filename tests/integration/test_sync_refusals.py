"""Issue 12: bad bundles are refused with a clear message and change nothing; conflicts queue.

Corrupted, truncated, replayed, re-ordered, foreign (an office never paired), wrong-receiver
and gap bundles; each refusal leaves both registers exactly as they were (every synced table,
the sync state, the partner's counters). Then the conflicts queue: a person changed in both
offices is kept in both versions and resolved by theirs / ours / merge, audited.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.codes.sync_bundle import MAGIC
from app.errors import InvalidInput, RegistryError
from app.messages import describe
from app.models import AuditEntry, Person, SyncOffice
from tests.helpers.register import resident_id, uscc
from tests.helpers.sync_offices import (
    CENTRAL_NAME,
    CENTRAL_USCC,
    FIELD_NAME,
    FIELD_USCC,
    PASSPHRASE,
    Office,
    make_office,
    pair,
    send,
)
from tests.integration.test_sync_round import file_initial

DAY = date.today() - timedelta(days=20)
THIRD_USCC, THIRD_NAME = uscc("330100", 990003), "测试省另一受理点"
TABLES = ("persons", "employers", "filings", "filing_events", "attachments", "qualifications",
          "registrations", "certificates", "sync_row_state", "sync_conflicts", "sync_events",
          "issuer_keys", "audit_log")


def _sqlite(template: Path, tmp: Path, name: str) -> str:
    path = tmp / f"{name}.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture
def offices(db_url: str, sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    central = make_office(db_url, CENTRAL_USCC, CENTRAL_NAME, "central", DAY)
    field = make_office(_sqlite(sqlite_template, tmp_path, "field"), FIELD_USCC, FIELD_NAME,
                        "field", DAY)
    pair(field, central)
    yield field, central
    field.db.dispose()
    central.db.dispose()


def snapshot(office: Office) -> dict[str, object]:
    """Every synced table's rows and the partners' counters: equal before and after a refusal."""
    out: dict[str, object] = {}
    with office.db.session_scope(write=False) as s:
        for table in TABLES:
            rows = s.execute(text(f"SELECT * FROM {table}")).all()
            out[table] = sorted(repr(tuple(r)) for r in rows)
        out["offices"] = sorted((o.code, o.last_sent_seq, o.last_received_seq, o.acked_seq,
                                 o.last_received_digest) for o in s.scalars(select(SyncOffice)))
    return out


def refused(office: Office, path: Path, code: str) -> RegistryError:
    before = snapshot(office)
    with pytest.raises(RegistryError) as err:
        office.admin.sync.import_bundle(path, PASSPHRASE)
    assert err.value.code == code, describe(err.value, "en")
    assert snapshot(office) == before  # nothing changed
    for lang in ("zh", "en"):  # a sentence in both languages, never a code or a traceback
        sentence = describe(err.value, lang)
        assert code not in sentence and "Traceback" not in sentence and len(sentence) >= 10
    return err.value


def _frames(data: bytes) -> tuple[bytes, list[bytes]]:
    """(magic + header, [frames with their length prefix]) of a bundle."""
    pos = len(MAGIC)
    (n,) = struct.unpack(">I", data[pos:pos + 4])
    head, pos = data[:pos + 4 + n], pos + 4 + n
    frames = []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        frames.append(data[pos:pos + 4 + n])
        pos += 4 + n
    return head, frames


def test_corrupted_truncated_and_reordered_frames(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    for n in range(1, 4):
        file_initial(field, n)
    good = tmp_path / "good.rosync"
    field.admin.sync.export_bundle(CENTRAL_USCC, good, PASSPHRASE)
    data = good.read_bytes()
    head, frames = _frames(data)
    assert len(frames) >= 2

    flipped = bytearray(data)
    flipped[len(head) + 100] ^= 0x01
    (tmp_path / "flipped.rosync").write_bytes(bytes(flipped))
    refused(central, tmp_path / "flipped.rosync", "sync_bundle_corrupted")

    for cut_at in (len(data) - 1, len(head) + 10, len(head), 20, 3):
        (tmp_path / "cut.rosync").write_bytes(data[:cut_at])
        refused(central, tmp_path / "cut.rosync", "sync_bundle_truncated")

    if len(frames) >= 3:
        swapped = head + frames[1] + frames[0] + b"".join(frames[2:])
    else:  # the records frame after the final one
        swapped = head + frames[1] + frames[0]
    (tmp_path / "swapped.rosync").write_bytes(swapped)
    refused(central, tmp_path / "swapped.rosync", "sync_bundle_corrupted")

    (tmp_path / "extra.rosync").write_bytes(data + b"\0")
    refused(central, tmp_path / "extra.rosync", "sync_bundle_corrupted")
    (tmp_path / "other.rosync").write_bytes(b"PK\x03\x04 not a bundle at all")
    refused(central, tmp_path / "other.rosync", "sync_bundle_not_bundle")

    # Re-signing is impossible without the key: a changed header (seq) breaks its checksum
    # or, with the checksum recomputed, the signature.
    import json

    (n,) = struct.unpack(">I", head[len(MAGIC):len(MAGIC) + 4])
    doc = json.loads(head[len(MAGIC) + 4:])
    doc["seq"] = 7
    from app.codes import signed_json as sj
    from app.codes.sync_bundle import HEADER_MEMBERS

    doc["sha256"] = hashlib.sha256(sj.canonical({k: doc[k] for k in HEADER_MEMBERS})).hexdigest()
    raw = json.dumps(doc).encode()
    forged = MAGIC + struct.pack(">I", len(raw)) + raw + b"".join(frames)
    (tmp_path / "forged.rosync").write_bytes(forged)
    refused(central, tmp_path / "forged.rosync", "sync_bundle_signature")

    # The good file still imports afterwards.
    assert central.admin.sync.import_bundle(good, PASSPHRASE).counts["person"] == 3


def test_replayed_reordered_and_gap(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    file_initial(field, 1)
    first = tmp_path / "1.rosync"
    field.admin.sync.export_bundle(CENTRAL_USCC, first, PASSPHRASE)
    file_initial(field, 2)
    second = tmp_path / "2.rosync"
    field.admin.sync.export_bundle(CENTRAL_USCC, second, PASSPHRASE)

    # Bundle 2 first: it carries bundle 1's content too (nothing acknowledged yet).
    report = central.admin.sync.import_bundle(second, PASSPHRASE)
    assert (report.seq, report.skipped, report.counts["person"]) == (2, 1, 2)
    # Bundle 1 arriving after it (re-ordered, or replayed by someone) is refused.
    err = refused(central, first, "sync_bundle_replayed")
    assert err.params["seq"] == 1 and err.params["last"] == 2
    # The same bundle again is harmless: reported as already applied.
    before = snapshot(central)
    assert central.admin.sync.import_bundle(second, PASSPHRASE).already_applied
    assert snapshot(central) == before

    # Acknowledge: central -> field carries "I have your 2".
    send(central, field, tmp_path)
    file_initial(field, 3)
    third = tmp_path / "3.rosync"
    assert field.admin.sync.export_bundle(CENTRAL_USCC, third, PASSPHRASE).counts["person"] == 1
    # A central register restored from an old backup has not got bundles 1-2: bundle 3 starts
    # after them, so its import is refused as a gap rather than half-applied.
    with central.db.session_scope() as s:
        s.get(SyncOffice, FIELD_USCC).last_received_seq = 0
        s.get(SyncOffice, FIELD_USCC).last_received_digest = None
    err = refused(central, third, "sync_bundle_gap")
    assert (err.params["first"], err.params["last"]) == (1, 2)


def test_foreign_and_wrong_receiver(offices, sqlite_template: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    third = make_office(_sqlite(sqlite_template, tmp_path, "third"), THIRD_USCC, THIRD_NAME,
                        "field", DAY)
    try:
        # The third office knows the central office's encryption key (it imported its trust
        # file), but the central office never paired with it: foreign.
        trust = central.admin.keys.export_trust(PASSPHRASE)
        third.admin.sync.pair(trust, third.admin.sync.pairing_preview(trust).fingerprint)
        file_initial(third, 5)
        foreign = tmp_path / "foreign.rosync"
        third.admin.sync.export_bundle(CENTRAL_USCC, foreign, PASSPHRASE)
        refused(central, foreign, "sync_bundle_foreign")

        # A bundle from the field office for the central one, taken to the third office.
        pair(third, field)
        file_initial(field, 6)
        for_central = tmp_path / "for-central.rosync"
        field.admin.sync.export_bundle(CENTRAL_USCC, for_central, PASSPHRASE)
        err = refused(third, for_central, "sync_bundle_wrong_receiver")
        assert err.params["receiver"] == CENTRAL_USCC
    finally:
        third.db.dispose()


def test_pairing_needs_the_fingerprint_read_out(offices) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    trust = central.admin.keys.export_trust(PASSPHRASE)
    shown = field.admin.sync.pairing_preview(trust)
    assert shown.role == "central" and len(shown.fingerprint_words) == 8
    with pytest.raises(RegistryError) as err:
        field.admin.sync.pair(trust, "0000 1111 2222 3333 4444 5555 6666 7777")
    assert err.value.code == "sync_fingerprint_mismatch"
    with pytest.raises(InvalidInput):
        field.admin.sync.pairing_preview(b'{"format": "something else"}')
    # Spaces and case do not matter when typing it in.
    field.admin.sync.pair(trust, shown.fingerprint.lower().replace(" ", ""))
    # A clerk may not pair.
    with pytest.raises(RegistryError):
        field.clerk.sync.pair(trust, shown.fingerprint)


def _mobile(office: Office, person_id: object) -> str | None:
    with office.db.session_scope(write=False) as s:
        person = s.get(Person, person_id)
        assert person is not None
        return person.mobile


@pytest.mark.parametrize("choice", ["theirs", "ours", "merge"])
def test_conflict_kept_both_then_resolved(offices, tmp_path: Path, choice: str) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    person, _ = file_initial(field)
    send(field, central, tmp_path)
    send(central, field, tmp_path)
    field.clerk.register.update_person(person.id, {"mobile": "13900000001"})
    central.clerk.register.update_person(person.id, {"mobile": "13900000002",
                                                     "operator_mobile": "13700000002"})
    _, got = send(field, central, tmp_path)
    assert got.conflicts == 1
    assert _mobile(central, person.id) == "13900000002"  # ours kept in the register ...
    [c] = central.reviewer.sync.conflicts()
    assert (c.entity, c.entity_key, c.from_office) == ("person", person.id_number, FIELD_USCC)
    assert c.ours["mobile"] == "13900000002" and c.theirs["mobile"] == "13900000001"  # ... theirs queued
    assert central.admin.sync.status()[0].open_conflicts == 1

    fields = {"mobile": "13900000001"} if choice == "merge" else None
    central.reviewer.sync.resolve_conflict(c.id, choice, fields)
    expected = {"theirs": ("13900000001", None), "ours": ("13900000002", "13700000002"),
                "merge": ("13900000001", "13700000002")}[choice]
    with central.db.session_scope(write=False) as s:
        row = s.get(Person, person.id)
        assert (row.mobile, row.operator_mobile) == expected
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "sync_conflict_resolved")).one()
        assert audit.details["choice"] == choice and "mobile" in audit.details["fields"]
    assert central.reviewer.sync.conflicts() == []
    assert central.reviewer.sync.conflicts(open_only=False)[0].resolution == choice
    with pytest.raises(RegistryError):
        central.reviewer.sync.resolve_conflict(c.id, "ours")

    # The resolution travels: both registers end with the same person.
    send(central, field, tmp_path)
    send(field, central, tmp_path)
    assert _mobile(field, person.id) == _mobile(central, person.id) == expected[0]
    assert field.admin.sync.conflicts() == []


def test_merge_refuses_a_value_neither_side_had(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    person, _ = file_initial(field)
    send(field, central, tmp_path)
    send(central, field, tmp_path)
    field.clerk.register.update_person(person.id, {"mobile": "13900000001"})
    central.clerk.register.update_person(person.id, {"mobile": "13900000002"})
    send(field, central, tmp_path)
    [c] = central.admin.sync.conflicts()
    with pytest.raises(InvalidInput):
        central.admin.sync.resolve_conflict(c.id, "merge", {"mobile": "13000000000"})
    with pytest.raises(InvalidInput):
        central.admin.sync.resolve_conflict(c.id, "merge", {"gender": "F"})
    with pytest.raises(RegistryError):
        central.clerk.sync.resolve_conflict(c.id, "ours")


def test_employer_created_in_both_offices_is_one_employer_with_a_conflict(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same USCC registered independently in both offices: no second employer, no refusal;
    the field's person points at the central office's employer there; both versions queued."""
    from app.models import Employer

    field, central = offices
    code = uscc("110108", 4242)
    mine = field.clerk.register.add_employer(uscc=code, name="北京某设计院有限公司")
    theirs = central.clerk.register.add_employer(uscc=code, name="北京某设计院")
    assert mine.id != theirs.id
    person = field.clerk.register.create_person(id_number=resident_id(date(1990, 1, 1), 7),
                                                name="王五", employer_id=mine.id)
    _, got = send(field, central, tmp_path)
    assert got.conflicts == 1 and got.counts["person"] == 1
    with central.db.session_scope(write=False) as s:
        assert s.scalars(select(Employer).where(Employer.uscc == code)).one().id == theirs.id
        assert s.get(Person, person.id).employer_id == theirs.id  # mapped to the centre's row
    [c] = central.admin.sync.conflicts()
    assert (c.entity, c.entity_key) == ("employer", code)
    assert (c.ours["name"], c.theirs["name"]) == ("北京某设计院", "北京某设计院有限公司")
    # The other way the same: the field keeps its row, the centre's waits in its queue.
    _, back = send(central, field, tmp_path)
    assert back.conflicts == 1
    with field.db.session_scope(write=False) as s:
        assert s.scalars(select(Employer).where(Employer.uscc == code)).one().id == mine.id
        assert s.get(Person, person.id).employer_id == mine.id
    # Resolved at the centre (theirs), it reaches the field, which resolves its own entry.
    central.admin.sync.resolve_conflict(c.id, "theirs")
    send(central, field, tmp_path)
    [fc] = field.admin.sync.conflicts()
    field.admin.sync.resolve_conflict(fc.id, "ours")
    for _ in range(2):
        send(field, central, tmp_path)
        send(central, field, tmp_path)
    names = []
    for office in (field, central):
        with office.db.session_scope(write=False) as s:
            names.append(s.scalars(select(Employer.name).where(Employer.uscc == code)).one())
    assert names == ["北京某设计院有限公司", "北京某设计院有限公司"]
