"""Issue 12: a field office (SQLite) and its central office (PostgreSQL, and SQLite) — a full round.

field files an initial registration with photo and signature → bundle → central accepts,
approves and annotates (on a past day) → bundle → field renders the certificate (as the
central office signed it) and its help desk verifies it valid → central revokes → bundle →
the field's help desk says revoked. Both registers are real databases; the bundle is a real
file; nothing of our own is mocked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import RuleViolation
from app.models import Certificate, Filing, Person, Registration, SyncVerificationSummary
from app.printing.sealed_files import render_file
from tests.helpers.register import add_photo_and_signature, resident_id, uscc
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

DAY = date.today() - timedelta(days=20)  # the filing's day; annotations lie in the past


@pytest.fixture
def offices(db_url: str, sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    """(field on SQLite, central on each backend — PostgreSQL when REGISTRY_TEST_PG_URL is set)."""
    field_path = tmp_path / "field.sqlite3"
    shutil.copy(sqlite_template, field_path)
    central = make_office(db_url, CENTRAL_USCC, CENTRAL_NAME, "central", DAY)
    field = make_office(f"sqlite:///{field_path.as_posix()}", FIELD_USCC, FIELD_NAME, "field", DAY)
    pair(field, central)
    yield field, central
    field.db.dispose()
    central.db.dispose()


def file_initial(field: Office, n: int = 1):  # type: ignore[no-untyped-def]
    reg = field.clerk.register
    employer = reg.add_employer(uscc=uscc("110108", n), name=f"北京建工设计院{n}有限公司")
    person = reg.create_person(id_number=resident_id(date(1985, 6, 1), n), name="张伟",
                               employer_id=employer.id, mobile="13800138000",
                               employment_start=date(2020, 1, 1))
    reg.add_qualification(person.id, kind="engineer", specialty="structural",
                          certificate_number=f"Q{n:06d}", issued_on=date(2018, 10, 1))
    add_photo_and_signature(field.db, person.id)
    filings = field.clerk.filings
    filing = filings.create_filing(person_id=person.id, filing_type="initial", kind="engineer",
                                   specialty="structural")
    filings.submit(filing.id, conditions_accepted=True, commitment_accepted=True,
                   social_security_override=False)
    filings.employer_confirm(filing.id)
    return person, filing


def filing_state(office: Office, filing_id: object) -> str:
    with office.db.session_scope(write=False) as s:
        row = s.get(Filing, filing_id)
        assert row is not None
        return row.state


def test_full_round_field_files_central_decides_field_verifies(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    person, filing = file_initial(field)
    assert filing.number.endswith("-" + FIELD_USCC[8:17])  # never the central counter's number

    # A field office does not decide.
    with pytest.raises(RuleViolation) as refused:
        field.reviewer.filings.accept(filing.id)
    assert refused.value.code == "field_office_cannot_decide"

    sent, got = send(field, central, tmp_path)
    assert sent.counts["person"] == 1 and sent.counts["attachment"] == 3  # photo, signature x2
    assert got.counts == sent.counts and got.conflicts == 0
    with central.db.session_scope() as s:
        assert s.get(Person, person.id) is not None
        central_filing = s.get(Filing, filing.id)
        assert central_filing is not None and central_filing.number == filing.number
        assert central_filing.state == filing_state(field, filing.id)

    # Central decides: accept, approve, annotate on a past day.
    central.reviewer.filings.accept(filing.id)
    decided = central.reviewer.filings.approve(filing.id)
    assert decided.state == "approved"
    with central.db.session_scope() as s:
        number = s.scalars(select(Registration.registration_number)
                           .where(Registration.person_id == person.id)).one()
    central.day = DAY + timedelta(days=1)
    cert = central.clerk.certificates.annotate(number, PASSPHRASE, on=DAY + timedelta(days=1))
    with pytest.raises(RuleViolation):
        field.clerk.certificates.annotate(number, PASSPHRASE, on=DAY + timedelta(days=1))

    sent, got = send(central, field, tmp_path)
    assert got.counts.get("certificate") == 1 and got.counts.get("registration") == 1
    assert filing_state(field, filing.id) == "approved"

    # The field office prints the certificate as the central office signed it ...
    view = field.clerk.certificates.printable_view(cert.serial)
    pdf = render_file(view, "pdf")
    assert pdf.startswith(b"%PDF")
    with field.db.session_scope() as s:
        payload = s.scalars(select(Certificate.payload).where(Certificate.serial == cert.serial)).one()
    # ... and its help desk verifies it (with the central office's key from the pairing).
    result = field.helpdesk.verification.verify_text(payload)
    assert result.status == "valid", result
    assert result.photo is not None  # the photo travelled and matches the signed hash

    # A revocation at the centre reaches the field.
    central.reviewer.certificates.revoke(cert.serial, "证书信息有误")
    send(central, field, tmp_path)
    assert field.helpdesk.verification.verify_text(payload).status == "revoked"

    # The field's help-desk work reaches the centre as a summary (day and result, no names).
    sent, _ = send(field, central, tmp_path)
    assert sent.counts == {"verification_summary": 2}  # one valid, one revoked today
    with central.db.session_scope(write=False) as s:
        summary = {(r.status, r.count) for r in s.scalars(select(SyncVerificationSummary))}
    assert summary == {("valid", 1), ("revoked", 1)}
    # Everything exchanged: both directions now carry nothing.
    assert send(central, field, tmp_path)[0].empty
    assert send(field, central, tmp_path)[0].empty


def test_freeze_warns_then_refuses_new_filings(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    person, _ = file_initial(field)
    today = date.today()
    assert field.admin.sync.freeze_state(today).level == "ok"
    warn = field.admin.sync.freeze_state(today + timedelta(days=7))
    assert (warn.level, warn.days_since_sync, warn.warn_days, warn.freeze_days) == ("warn", 7, 7, 30)
    assert field.admin.sync.freeze_state(today + timedelta(days=30)).level == "frozen"
    assert central.admin.sync.freeze_state(today + timedelta(days=300)).level == "ok"
    field.day = today + timedelta(days=31)
    with pytest.raises(RuleViolation) as frozen:
        field.clerk.filings.create_filing(person_id=person.id, filing_type="initial",
                                          kind="engineer", specialty="structural")
    assert frozen.value.code == "field_office_frozen"
    # A bundle from the central office lifts it (the day is counted from its arrival).
    send(central, field, tmp_path)
    assert field.admin.sync.freeze_state(today).level == "ok"


def test_verification_at_a_stale_field_office_warns(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from app.models import SyncOffice

    field, central = offices
    with field.db.session_scope() as s:
        s.get(SyncOffice, CENTRAL_USCC).paired_at = datetime.now(UTC) - timedelta(days=10)
    result = field.helpdesk.verification.verify_text("not a certificate")
    assert "sync_overdue" in result.warnings
    assert "sync_overdue" not in central.helpdesk.verification.verify_text("x").warnings


def test_cli_pair_export_import_status(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The main commands as a user runs them (subprocess), in Chinese and English."""
    field, central = offices
    file_initial(field)
    for office in (field, central):
        _make_cli_admin(office)
    bundle = tmp_path / "to-central.rosync"
    out = _cli(field, "sync", "export", "--to", CENTRAL_USCC, "--out", str(bundle))
    assert "第 1 号数据包已写入" in out.stdout, out
    # A bundle cut short on the stick: refused, in the user's language, nothing changed.
    cut = tmp_path / "cut.rosync"
    cut.write_bytes(bundle.read_bytes()[:-40])
    refused = _cli(central, "sync", "import", str(cut))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "不完整" in refused.stderr and "未作任何更改" in refused.stderr, refused
    out = _cli(central, "sync", "import", str(bundle), lang="en")
    assert "Imported bundle 1 from" in out.stdout and "persons 1" in out.stdout, out
    again = _cli(central, "sync", "import", str(bundle))
    assert again.returncode == 0 and "已导入过" in again.stdout
    status = _cli(central, "sync", "status")
    assert "已收到第 1 号" in status.stdout, status


def _make_cli_admin(office: Office) -> None:
    from app.services.users_service import UsersService
    from tests.helpers.accounts import PASSWORD
    from tests.helpers.sync_offices import ADMIN

    UsersService(office.db, ADMIN).add_user("syncadmin", PASSWORD, "admin", "同步管理员")


def _cli(office: Office, *args: str, lang: str = "zh") -> subprocess.CompletedProcess[str]:
    import os

    from tests.helpers.accounts import PASSWORD

    env = {**os.environ, "REGISTRY_DB_URL": office.db.url, "REGISTRY_USER": "syncadmin",
           "REGISTRY_PASSWORD": PASSWORD, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE,
           "REGISTRY_LANG": lang}
    return subprocess.run([sys.executable, "-m", "app", "--lang", lang, *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_counts_match_between_registers(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, central = offices
    for n in range(1, 4):
        file_initial(field, n)
    send(field, central, tmp_path)
    with field.db.session_scope() as a, central.db.session_scope() as b:
        for model in (Person, Filing):
            assert a.scalar(select(func.count()).select_from(model)) == \
                b.scalar(select(func.count()).select_from(model))


def test_field_prints_the_central_offices_sealed_file(sqlite_template: Path, tmp_path: Path) -> None:
    """A central office with seals sends its sealed PDF; the field office hands it out as it is,
    and its help desk finds the seals genuine and the QR code valid (rendered with pdftoppm)."""
    paths = {}
    for name in ("field", "central"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.sqlite3")
        paths[name] = f"sqlite:///{(tmp_path / f'{name}.sqlite3').as_posix()}"
    central = make_office(paths["central"], CENTRAL_USCC, CENTRAL_NAME, "central", DAY, seals=True)
    field = make_office(paths["field"], FIELD_USCC, FIELD_NAME, "field", DAY)
    try:
        pair(field, central)
        person, filing = file_initial(field)
        send(field, central, tmp_path)
        central.reviewer.filings.accept(filing.id)
        central.reviewer.filings.approve(filing.id)
        with central.db.session_scope() as s:
            number = s.scalars(select(Registration.registration_number)
                               .where(Registration.person_id == person.id)).one()
        cert = central.clerk.certificates.annotate(number, PASSPHRASE, on=DAY + timedelta(days=1))
        _, got = send(central, field, tmp_path)
        assert got.counts["certificate_file"] == 1
        data = field.clerk.sync.certificate_file(cert.serial)
        assert data is not None and data.startswith(b"%PDF")
        seals = field.helpdesk.seals.check_pdf(data)
        assert seals and all(sig.state == "unmodified" and sig.trusted for sig in seals), seals
        out = tmp_path / "printed.pdf"
        out.write_bytes(data)
        [result] = field.helpdesk.verification.verify_file(out).results
        assert result.status == "valid" and result.certificate.serial == cert.serial
        # A revoked certificate's file is not sent again; the stored one stays as received.
        central.reviewer.certificates.revoke(cert.serial, "证书信息有误")
        _, got = send(central, field, tmp_path)
        assert "certificate_file" not in got.counts
        [result] = field.helpdesk.verification.verify_file(out).results
        assert result.status == "revoked"
    finally:
        field.db.dispose()
        central.db.dispose()
