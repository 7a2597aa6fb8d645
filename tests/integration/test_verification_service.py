"""The verification service on a real register (SQLite and PostgreSQL): every status, warnings,
the photo, the log and its export, roles."""

from __future__ import annotations

import csv
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
import segno
from sqlalchemy import func, select

from app.errors import InvalidInput, PermissionDenied
from app.models.certificates import IssuerKey, VerificationRecord
from app.models.db import Database
from app.models.staff import AuditEntry
from app.scanner.sources import render_pdf
from app.services.audit import verify_chain
from app.services.base import Actor
from app.services.office_settings import NEWEST_SEEN_AT, TRUST_REFRESHED_AT
from app.services.verification_service import VerificationService
from tests.helpers.verification import (
    AT,
    STRANGER_KEY,
    add_trusted_key,
    certificate_pdf,
    issue_all,
)

HELPDESK = Actor("desk1", "helpdesk", "赵核验")
CLERK = Actor("clerk1", "clerk", "王办事")
ADMIN = Actor("admin", "admin", "管理员")


@pytest.fixture
def issued(db: Database):  # type: ignore[no-untyped-def]
    return issue_all(db)


def test_every_status_with_register_facts(db: Database, issued) -> None:  # type: ignore[no-untyped-def]
    svc = VerificationService(db, HELPDESK)
    for status, cert in issued.items():
        result = svc.verify_text(cert.payload, "camera", at=AT)
        assert result.status == status, (status, result)
        assert result.log_id is not None
        if status in ("invalid_signature", "unknown_issuer"):
            assert result.certificate is None  # unproven data is never shown as the holder's
        else:
            assert result.certificate is not None
            assert result.certificate.serial == cert.serial and result.certificate.name == "张伟"
            assert result.issuer is not None and result.issuer.office_name == "样本办公室"
        if status == "unknown_issuer":
            assert result.issuer is None
    valid = svc.verify_text(issued["valid"].payload, "camera", at=AT)
    assert valid.ok and valid.days_remaining == (issued["valid"].claims.window_end
                                                 - datetime(2026, 3, 1).date()).days
    assert valid.photo == issued["valid"].photo and valid.photo_media_type == "image/jpeg"
    # The employer's name did not fit into the code; the register knows it by its USCC.
    assert valid.certificate.employer_name is None  # type: ignore[union-attr]
    assert valid.employer_name_in_register == "北京市示例建筑工程有限公司"
    forged = svc.verify_text(issued["invalid_signature"].payload, "camera", at=AT)
    assert forged.issuer is None  # a failed signature names no office
    assert valid.warnings == ()
    revoked = svc.verify_text(issued["revoked"].payload, "camera", at=AT)
    assert revoked.revoke_reason == "注销注册" and revoked.revoked_at is not None
    # Before the revocation the same certificate was valid: dates of register facts count.
    earlier = svc.verify_text(issued["revoked"].payload, "camera",
                              at=datetime(2026, 1, 20, tzinfo=UTC))
    assert earlier.status == "valid"


def test_foreign_codes_and_garbage(db: Database, issued) -> None:  # type: ignore[no-untyped-def]
    svc = VerificationService(db, HELPDESK)
    for text in ("https://example.com/pay?id=1", "6901234567892", "", "RO9:ABC", "ro1:abc"):
        assert svc.verify_text(text, "wedge", at=AT).status == "not_a_certificate", text
    damaged = issued["valid"].payload[:-5]
    assert svc.verify_text(damaged, "wedge", at=AT).status == "invalid_signature"


def test_single_byte_changes_never_valid(db: Database, issued) -> None:  # type: ignore[no-untyped-def]
    svc = VerificationService(db, HELPDESK)
    payload = issued["valid"].payload
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    statuses = set()
    # Every position, one substitution each (cycled through the alphabet), no logging.
    for i in range(len(payload)):
        repl = alphabet[(alphabet.index(payload[i]) + 1 + i) % len(alphabet)] \
            if payload[i] in alphabet else "A"
        changed = payload[:i] + repl + payload[i + 1:]
        if changed == payload:
            continue
        result = svc.verify_text(changed, "manual", at=AT, log=False)
        assert result.status != "valid", (i, changed)
        statuses.add(result.status)
    assert statuses <= {"invalid_signature", "not_a_certificate", "unknown_issuer"}


def test_warnings_trust_store_age_and_clock(db: Database, issued) -> None:  # type: ignore[no-untyped-def]
    svc = VerificationService(db, HELPDESK)
    with db.session_scope() as s:  # only our own key, created long ago: no list to go stale
        s.scalars(select(IssuerKey)).one().imported_at = datetime.now(UTC) - timedelta(days=400)
    assert svc.verify_text(issued["valid"].payload, at=AT).warnings == ()
    # Another office's keys, imported 120 days ago (default limit 90 days).
    add_trusted_key(db, STRANGER_KEY, source="imported",
                    imported_at=datetime.now(UTC) - timedelta(days=120))
    assert "trust_store_stale" in svc.verify_text(issued["valid"].payload, at=AT).warnings
    VerificationService(db, ADMIN).update_settings(trust_max_age_days=365)
    assert VerificationService(db, ADMIN).settings().trust_max_age_days == 365
    assert "trust_store_stale" not in svc.verify_text(issued["valid"].payload, at=AT).warnings
    VerificationService(db, ADMIN).update_settings(trust_max_age_days=30)
    assert "trust_store_stale" in svc.verify_text(issued["valid"].payload, at=AT).warnings
    from app.models.staff import AppSetting
    with db.session_scope() as s:  # a refresh that changed no key still counts
        s.add(AppSetting(key=TRUST_REFRESHED_AT.key, value=datetime.now(UTC).isoformat()))
    assert "trust_store_stale" not in svc.verify_text(issued["valid"].payload, at=AT).warnings
    # Another workstation (or this one, before its clock was turned back) saw a later time.
    with db.session_scope() as s:
        s.get(AppSetting, NEWEST_SEEN_AT.key).value = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    result = svc.verify_text(issued["valid"].payload, at=AT)
    assert "clock_behind" in result.warnings and result.status == "valid"


def test_log_export_and_roles(db: Database, issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    desk = VerificationService(db, HELPDESK)
    desk.verify_text(issued["valid"].payload, "camera", at=AT)
    desk.verify_text("not ours", "wedge", at=AT)
    desk.record_no_code("file", "blank.png")
    VerificationService(db, CLERK).verify_text(issued["expired"].payload, "file", at=AT)
    with pytest.raises(PermissionDenied):
        VerificationService(db, CLERK).export_log_csv(tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        VerificationService(db, CLERK).recent()
    mine = VerificationService(db, CLERK).recent(operator="clerk1")
    assert [e.status for e in mine] == ["expired"]
    entries = desk.recent()
    assert [e.status for e in entries][:3] == ["expired", "no_code_found", "not_a_certificate"]
    target = tmp_path / "log.csv"
    assert desk.export_log_csv(target) == 4
    text = target.read_text("utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["status"] for r in rows] == ["valid", "not_a_certificate", "no_code_found", "expired"]
    assert rows[0]["holder_name"] == "张伟" and rows[0]["operator"] == "desk1"
    assert rows[3]["operator"] == "clerk1" and rows[3]["source"] == "file"
    with db.session_scope(write=False) as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions.count("certificate_verified") == 4
        assert actions[-1] == "verification_log_exported"
        assert verify_chain(s).ok
        assert s.scalar(select(VerificationRecord).where(VerificationRecord.status == "valid")).serial \
            == issued["valid"].serial


def test_refusals(db: Database, issued) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        VerificationService(db, Actor("x", "nobody")).verify_text(issued["valid"].payload)
    svc = VerificationService(db, HELPDESK)
    with pytest.raises(InvalidInput):
        svc.verify_text(issued["valid"].payload, at=datetime(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        svc.update_settings(trust_max_age_days=10)
    with pytest.raises(InvalidInput):
        VerificationService(db, ADMIN).update_settings(trust_max_age_days=0)


def _png_header(width: int, height: int) -> bytes:
    """A PNG announcing ``width`` x ``height`` pixels, with no pixels in it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def _records(db: Database) -> int:
    with db.session_scope(write=False) as s:
        return s.scalar(select(func.count()).select_from(VerificationRecord)) or 0


def test_verify_file_reads_every_code_once_and_logs_each(db: Database, issued,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    svc = VerificationService(db, HELPDESK)
    page = render_pdf(certificate_pdf(issued["expired"], tmp_path / "expired.pdf"))[0]
    foreign = np.array([list(r) for r in segno.make("https://example.com/x", error="m").matrix],
                       np.uint8)
    foreign = cv2.resize(np.pad(np.where(foreign > 0, 0, 255).astype(np.uint8), 4,
                                constant_values=255), None, fx=8, fy=8,
                         interpolation=cv2.INTER_NEAREST)
    beside = np.full((page.shape[0], foreign.shape[1], 3), 255, np.uint8)
    beside[:foreign.shape[0]] = cv2.cvtColor(foreign, cv2.COLOR_GRAY2BGR)
    both = tmp_path / "both.png"
    cv2.imwrite(str(both), np.hstack([beside, page]))
    found = svc.verify_file(both, at=AT)
    assert sorted(r.status for r in found.results) == ["expired", "not_a_certificate"]
    assert found.verdict.status == "expired"  # ours wins over a foreign code on the page
    assert {r.source for r in found.results} == {"file"} and all(r.log_id for r in found.results)

    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((300, 400, 3), 255, np.uint8))
    (empty,) = svc.verify_file(blank, "cli").results
    assert empty.status == "no_code_found" and empty.detail == str(blank) and empty.log_id
    text = tmp_path / "codes.txt"
    text.write_text(f"\ufeff{issued['valid'].payload}\n\n  not ours  \n", "utf-8")
    assert [r.status for r in svc.verify_file(text, "cli", at=AT).results] == \
        ["valid", "not_a_certificate"]
    assert svc.verify_data(issued["revoked"].payload.encode(), "stdin", "cli",
                           at=AT).verdict.status == "revoked"
    assert _records(db) == 6


def test_verify_file_checks_sizes_before_reading(db: Database, tmp_path: Path) -> None:
    svc = VerificationService(db, HELPDESK)
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:  # sparse: 60 MB that were never written
        fh.truncate(60 * 1024 * 1024)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(11_000, 11_000))  # 121 megapixels of nothing
    worse = tmp_path / "worse.png"
    worse.write_bytes(_png_header(20_000, 20_000))  # beyond Pillow's own limit
    wide = tmp_path / "wide.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14_400, 14_400)  # 200 inches square: 1.6 gigapixels at the scanner's 200 dpi
    pdf.save(str(wide))
    pdf.close()
    refusals = {}
    for path in (big, bomb, worse, wide, tmp_path / "absent.png"):
        with pytest.raises(InvalidInput) as err:
            svc.verify_file(path)
        refusals[path.name] = err.value.code
    assert refusals == {"big.pdf": "image_file_too_big", "bomb.png": "image_too_large",
                        "worse.png": "image_too_large", "wide.pdf": "image_too_large",
                        "absent.png": "source_not_found"}
    with pytest.raises(InvalidInput) as err:
        svc.verify_data(b"\x00\x01binary", "stdin")
    assert err.value.code == "source_unreadable"
    with pytest.raises(PermissionDenied):
        VerificationService(db, Actor("x", "nobody")).verify_file(bomb)
    assert _records(db) == 0  # nothing was judged, so nothing was logged
