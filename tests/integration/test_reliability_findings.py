"""What the full reliability run (``make reliability``) found after issue 11 first landed, one
test each: the CLI as a subprocess on a real register; a clear refusal (exit 2, a sentence
naming the input, no traceback, not the last resort's "internal error") and, for the device,
a peak memory under 200 MB (before the fix `audit verify --checkpoint /dev/zero` read until
the kernel's OOM killer stopped it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models.db import Database
from app.services import users_service
from tests.integration.test_input_boundary import MEMORY_CAP_MB, measured, run_cli

BIG = "99999999999999999999999999"


@pytest.fixture
def admin_register(sqlite_url: str) -> str:
    db = Database(sqlite_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    db.dispose()
    return sqlite_url


def _clean(err: str, *words: str) -> None:
    assert "Traceback" not in err and "程序内部出错" not in err and err.strip(), err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("device", ["/dev/zero", "/proc/self/mem", "."])
def test_an_audit_checkpoint_file_goes_through_the_input_boundary(admin_register: str,
                                                                  device: str) -> None:
    code, peak_mb, err = measured("--db", admin_register, "audit", "verify", "--checkpoint", device)
    assert code == 2, err
    _clean(err, device)
    assert peak_mb < MEMORY_CAP_MB, peak_mb


@pytest.mark.parametrize("args,words", [
    (["employer", "find", "x", "--limit", BIG], ["1 到 1000"]),
    (["registration", "list", "--limit", BIG], ["1 到 100000"]),
    (["scan", "--source", BIG], ["找不到文件"]),
    (["keys", "compromise", "K1", "--since", "", "--reason", "x"], ["--since"]),
    (["keys", "compromise", "K1", "--since", "   ", "--reason", "x"], ["--since"]),
    (["backup", "schedule", "--directory", "", "--every-hours", BIG], ["backup.interval_hours"]),
    (["backup", "create", "--out", "/proc/self/mem"], ["备份失败"]),
    (["audit", "acknowledge", BIG, "--note", "x"], [BIG]),
])
def test_out_of_range_numbers_and_empty_dates_are_refused(admin_register: str, args: list[str],
                                                          words: list[str]) -> None:
    r = run_cli("--db", admin_register, *args)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err
    _clean(err, *words)


def test_a_batch_report_names_an_unreadable_proc_file(tmp_path: Path) -> None:
    r = run_cli("photo", "crop", "/proc/self/mem", "--out-dir", str(tmp_path))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 1 and "/proc/self/mem" in out and "无法读取" in out
    assert "Traceback" not in r.stderr.decode("utf-8")


def test_a_certificate_batch_limit_is_bounded_in_the_service(admin_register: str) -> None:
    from app.errors import InvalidInput
    from app.services.base import Actor
    from app.services.certificate_service import CertificateService

    db = Database(admin_register)
    try:
        with pytest.raises(InvalidInput) as err:
            CertificateService(db, Actor("admin", "admin")).find(limit=int(BIG))
        assert err.value.code == "search_limit"
    finally:
        db.dispose()
