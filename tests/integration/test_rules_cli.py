"""Issue 9's rules through the command line, as subprocesses on a real SQLite register: the
period in force at annotation, the supersede record, the clerk's image steps (photo, signature,
a folder import that resumes) and the ID region warning the clerk confirms."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.validity import anniversary
from app.models.certificates import IssuerKey
from app.models.db import Database
from app.services.base import Actor
from app.services.users_service import UsersService
from tests.helpers.certificates import KEY_IN_USE_SINCE, OFFICE_NAME, OFFICE_USCC, PASSPHRASE
from tests.helpers.imaging_samples import jpeg_bytes, portrait, signature_photo
from tests.helpers.register import PDF, World, resident_id

ADMIN = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
CLERK = {"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1",
         "REGISTRY_KEY_PASSPHRASE": PASSPHRASE}


def run(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    full.update(REGISTRY_LANG="zh", **(env or CLERK))
    r = subprocess.run([sys.executable, "-m", "app", "--db", url, *args], capture_output=True,
                       text=True, env=full, timeout=180)
    assert "Traceback" not in r.stderr, r.stderr
    return r


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{(tmp_path / 'office.sqlite3').as_posix()}"
    r = run(url, "init", "--admin-password", "admin-pass-1", "--office-code", OFFICE_USCC,
            "--office-name", OFFICE_NAME, env={"REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    db = Database(url)
    UsersService(db, Actor("admin", "admin")).add_user("clerk1", "clerk-pass-1", "clerk")
    db.dispose()
    return url


@pytest.mark.slow
def test_annotation_uses_the_period_in_force_and_show_names_what_changed(url: str) -> None:
    db = Database(url)
    with db.session_scope() as s:  # the office's key has signed since 2024, as this history needs
        for key in s.scalars(select(IssuerKey)):
            key.valid_from = KEY_IN_USE_SINCE
    w = World(db)
    expiry = date(2025, 2, 3)  # in the past: annotation is never on a future day (issue 10)
    w.day = anniversary(expiry + timedelta(days=1), -2)
    p, _ = w.registered("architect", "architecture")
    number = w.reg.list_registrations(person_id=p.id)[0].registration_number
    w.day = expiry - timedelta(days=59)  # the reproduction
    w.approve_through(w.file(p.id, "continuation", "architect", "architecture").id)
    db.dispose()
    for day, end in ((w.day, expiry), (expiry + timedelta(days=1), None)):
        r = run(url, "certificate", "annotate", number, "--on", day.isoformat(), "--json")
        assert r.returncode == 0, r.stderr
        cert = json.loads(r.stdout)
        assert cert["window_end"] == (end or day + timedelta(days=179)).isoformat()
    first_serial = json.loads(run(url, "certificate", "list", p.id_number, "--json").stdout)[0]["serial"]
    db = Database(url)
    w2 = World(db)
    w2.day = expiry + timedelta(days=2)
    w2.reg.update_person(p.id, {"employer_id": w2.emp_b.id})
    f = w2.file(p.id, "change", "architect", "architecture")
    w2.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    w2.approve_through(f.id)
    db.dispose()
    shown = run(url, "certificate", "show", first_serial)
    assert shown.returncode == 0, shown.stderr
    assert "注册信息已变更（变更注册" in shown.stdout and "需重新下载电子证书" in shown.stdout
    assert f"聘用企业（统一社会信用代码）：证书上为 {w.emp_a.uscc}，登记库现为 {w.emp_b.uscc}" in shown.stdout


@pytest.mark.slow
def test_photo_signature_and_a_resumable_folder_import(url: str, tmp_path: Path) -> None:
    db = Database(url)
    w = World(db)
    people = [w.person(photo=False, name=n) for n in ("甲", "乙")]
    db.dispose()
    photo = tmp_path / "in.jpg"
    photo.write_bytes(jpeg_bytes(portrait(scale=3.0).rgb))
    r = run(url, "person", "photo", people[0].id_number, str(photo))
    assert r.returncode == 0, r.stderr
    assert "已保存" in r.stdout and people[0].id_number in r.stdout
    sig = tmp_path / "sig.jpg"
    sig.write_bytes(jpeg_bytes(signature_photo(seed=2).rgb))
    assert run(url, "person", "signature", people[0].id_number, str(sig)).returncode == 0
    not_a_photo = tmp_path / "blank.jpg"
    not_a_photo.write_bytes(jpeg_bytes(signature_photo(seed=4).rgb))  # no face in it
    r = run(url, "person", "photo", people[0].id_number, str(not_a_photo))
    assert r.returncode == 1 and "不可用" in r.stdout
    assert run(url, "person", "photo", people[0].id_number, str(tmp_path / "nope.jpg")).returncode == 2
    # a folder named by ID number: one good, one unknown person, one broken file
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / f"{people[1].id_number}.jpg").write_bytes(jpeg_bytes(portrait(scale=2.5).rgb))
    (folder / f"{resident_id(date(1990, 1, 1), 7)}.jpg").write_bytes(jpeg_bytes(portrait().rgb))
    (folder / f"{people[0].id_number}.png").write_bytes(b"not an image at all")
    first = run(url, "person", "photo-import", str(folder), "--json")
    assert first.returncode == 1, first.stderr  # some files failed
    report = json.loads(first.stdout)
    assert (report["stored"], report["unchanged"], report["failed"]) == (1, 0, 2)
    by_status = {e["file"]: e["status"] for e in report["files"]}
    assert by_status[f"{people[1].id_number}.jpg"] == "stored"
    again = json.loads(run(url, "person", "photo-import", str(folder), "--json").stdout)
    assert (again["stored"], again["unchanged"]) == (0, 1)  # a rerun resumes, nothing twice
    text = run(url, "person", "photo-import", str(folder)).stdout
    assert "已是当前照片" in text and "找不到人员" in text


@pytest.mark.slow
def test_unknown_id_region_is_confirmed_not_refused(url: str) -> None:
    number = resident_id(date(1975, 3, 3), 1, region="110199")
    r = run(url, "person", "add", "--id-number", number, "--name", "孙三")
    assert r.returncode == 1 and "GB/T 2260" in r.stderr and "--confirm-region" in r.stderr
    r = run(url, "person", "add", "--id-number", number, "--name", "孙三", "--confirm-region")
    assert r.returncode == 0, r.stderr


def test_rule_settings_from_the_command_line(url: str) -> None:
    r = run(url, "settings", "show", "--json", env=ADMIN)
    assert r.returncode == 0, r.stderr
    values = json.loads(r.stdout)
    assert values["rules.constructor.continuation_deadline_days"] == 30
    assert values["rules.engineer.continuation_after_lapse"] == 0
    r = run(url, "settings", "set", "rules.engineer.continuation_after_lapse=1", "--json", env=ADMIN)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"rules.engineer.continuation_after_lapse": 1}
    assert run(url, "settings", "set", "rules.engineer.continuation_after_lapse=2",
               env=ADMIN).returncode == 2  # a yes/no setting
    assert run(url, "settings", "set", "no.such.key=1", env=ADMIN).returncode == 2
    assert run(url, "settings", "set", "rules.engineer.continuation_after_lapse=0").returncode == 1
