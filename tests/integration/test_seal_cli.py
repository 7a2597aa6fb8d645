"""The seals from the command line, as subprocesses: an office whose key predates the seals
exports unsealed files (and says so), ``keys create-seals`` makes the seal CA once, exports are
then sealed, ``pdfsig`` lists the signers, and ``verify FILE --json`` reports
``file_signatures`` next to the QR result; OFD likewise (seals checked, no QR read)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import today_in_china
from tests.helpers.certificates import (
    OFFICE_NAME,
    OFFICE_USCC,
    PASSPHRASE,
    add_holder,
    init_office_key,
)
from tests.integration.test_certificate_cli import ADMIN, CLERK, run_cli

NUMBER = "2011110012"
WITH_KEY = {"REGISTRY_KEY_PASSPHRASE": PASSPHRASE}


@pytest.mark.slow
def test_create_seals_export_verify(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'office.sqlite3').as_posix()}"
    r = run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--json")  # no key yet
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "user", "add", "clerk1", "--role", "clerk",
                env={**ADMIN, "REGISTRY_NEW_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 0, r.stderr
    today = today_in_china()
    db = Database(url)
    # An office set up before issue 13: a signing key without seals (`keys init` and `init`
    # now make both; test_init_makes_the_seals_with_the_key checks that).
    init_office_key(db, Actor("admin", "admin", "管理员"), since=None)
    add_holder(db, kind="architect", number=NUMBER, specialties=("architecture",),
               valid_from=today - timedelta(days=365), valid_until=today + timedelta(days=3 * 365))
    db.dispose()
    r = run_cli("--db", url, "certificate", "annotate", NUMBER, "--json", env={**CLERK, **WITH_KEY})
    assert r.returncode == 0, r.stderr
    serial = json.loads(r.stdout)["serial"]

    plain = tmp_path / "plain.pdf"
    r = run_cli("--db", url, "certificate", "export", serial, "--out", str(plain), env=CLERK)
    assert r.returncode == 0 and "未加电子签章" in r.stdout, r.stderr  # said plainly

    r = run_cli("--db", url, "keys", "create-seals", env={**CLERK, **WITH_KEY})
    assert r.returncode != 0  # a clerk may not
    r = run_cli("--db", url, "keys", "create-seals", "--json",
                env={**ADMIN, "REGISTRY_KEY_PASSPHRASE": "wrong passphrase!!"})
    assert r.returncode == 2 and "口令不正确" in r.stderr
    r = run_cli("--db", url, "keys", "create-seals", "--json", env={**ADMIN, **WITH_KEY})
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    assert sorted((m["role"], m["algorithm"]) for m in made) == sorted(
        (role, alg) for role in ("root", "office", "committee", "chairman")
        for alg in ("ecdsa-p256", "sm2"))
    r = run_cli("--db", url, "keys", "create-seals", env={**ADMIN, **WITH_KEY})
    assert r.returncode != 0 and "已有电子签章证书" in r.stderr
    r = run_cli("--db", url, "keys", "seals", env=ADMIN)
    assert r.returncode == 0 and "主任委员个人印章" in r.stdout

    sealed = tmp_path / "sealed.pdf"
    r = run_cli("--db", url, "certificate", "export", serial, "--out", str(sealed), "--json",
                env={**CLERK, **WITH_KEY})
    assert r.returncode == 0 and json.loads(r.stdout)["sealed"] is True, r.stderr
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(sealed)], capture_output=True, text=True, timeout=60).stdout
        assert [ln.split(":", 1)[1].strip() for ln in out.splitlines() if "Common Name" in ln] == [
            "全国注册建筑师管理委员会", "全国注册建筑师管理委员会主任委员"]

    r = run_cli("--db", url, "verify", str(sealed), "--json", env=ADMIN)
    doc = json.loads(r.stdout)
    assert doc["status"] == "valid", r.stderr
    assert [(s["seal"], s["state"], s["trusted"], s["revocation_info"]) for s in doc["file_signatures"]] == [
        ("committee", "unmodified", True, True), ("chairman", "unmodified", True, True)]
    r = run_cli("--db", url, "verify", str(plain), "--json", env=ADMIN)
    assert json.loads(r.stdout)["file_signatures"] == []
    r = run_cli("--db", url, "verify", str(sealed), env=ADMIN)
    assert "签章有效，签章后未被修改" in r.stdout

    ofd = tmp_path / "sealed.ofd"
    r = run_cli("--db", url, "certificate", "export", serial, "--format", "ofd", "--out", str(ofd),
                env={**CLERK, **WITH_KEY})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "verify", str(ofd), "--json", env=ADMIN)
    doc = json.loads(r.stdout)
    assert doc["status"] == "no_code_found"  # the QR of an OFD is not read (vector paths)
    assert [s["state"] for s in doc["file_signatures"]] == ["unmodified", "unmodified"]

    r = run_cli("--db", url, "keys", "revoke-seal", "chairman", env={**ADMIN, **WITH_KEY})
    assert r.returncode == 0 and "已吊销" in r.stdout, r.stderr
    r = run_cli("--db", url, "verify", str(sealed), "--json", env=ADMIN)
    assert [s["state"] for s in json.loads(r.stdout)["file_signatures"]] == ["unmodified", "revoked"]

    # Until renewed, no architect file goes out with one seal missing; then it does again.
    again = tmp_path / "again.pdf"
    r = run_cli("--db", url, "certificate", "export", serial, "--out", str(again),
                env={**CLERK, **WITH_KEY})
    assert r.returncode != 0 and not again.exists()
    r = run_cli("--db", url, "keys", "renew-seal", "chairman", env={**ADMIN, **WITH_KEY})
    assert r.returncode == 0 and "新的签章证书" in r.stdout, r.stderr
    r = run_cli("--db", url, "certificate", "export", serial, "--out", str(again),
                env={**CLERK, **WITH_KEY})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "verify", str(again), "--json", env=ADMIN)
    assert [s["state"] for s in json.loads(r.stdout)["file_signatures"]] == ["unmodified"] * 2


def test_init_makes_the_seals_with_the_key(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'office.sqlite3').as_posix()}"
    r = run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--json")
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "keys", "init", "--office-code", OFFICE_USCC, "--office-name", OFFICE_NAME,
                env={**ADMIN, **WITH_KEY})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "keys", "seals", "--json", env=ADMIN)
    assert r.returncode == 0, r.stderr
    roles = {s["role"] for s in json.loads(r.stdout)}
    assert {"root", "committee", "chairman", "office"} <= roles, roles
