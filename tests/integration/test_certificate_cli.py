"""The certificate and keys commands as subprocesses: init with a key, annotate, list, export
to PDF/OFD (QR read back from the rendered page), trust files between two offices, rotation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from app.models.db import Database
from app.services.certificate_service import today_in_china
from tests.helpers.certificates import OFFICE_NAME, OFFICE_USCC, PASSPHRASE, add_holder

ADMIN = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
CLERK = {"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "REGISTRY_KEY_PASSPHRASE"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full_env, timeout=180)


def _office(url: str, code: str = OFFICE_USCC, name: str = OFFICE_NAME, passphrase: str = PASSPHRASE) -> None:
    r = run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--office-code", code,
                "--office-name", name, "--json", env={"REGISTRY_KEY_PASSPHRASE": passphrase})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["signing_key_created"]
    r = run_cli("--db", url, "user", "add", "clerk1", "--role", "clerk",
                env={**ADMIN, "REGISTRY_NEW_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 0, r.stderr


@pytest.mark.slow
def test_annotate_list_export(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'office.sqlite3').as_posix()}"
    _office(url)
    # Dates relative to today: export refuses certificates whose window is over.
    today = today_in_china()
    db = Database(url)
    add_holder(db, valid_from=today - timedelta(days=365), valid_until=today + timedelta(days=3 * 365))
    db.dispose()
    r = run_cli("--db", url, "certificate", "annotate", "京1112026000012345", "--on", today.isoformat(), "--json",
                env=CLERK)
    assert r.returncode == 2 and "口令" in r.stderr and "Traceback" not in r.stderr  # no passphrase, no tty
    r = run_cli("--db", url, "certificate", "annotate", "京1112026000012345", "--on", today.isoformat(), "--json",
                env={**CLERK, "REGISTRY_KEY_PASSPHRASE": "wrong passphrase!!"})
    assert r.returncode == 2 and "口令不正确" in r.stderr
    r = run_cli("--db", url, "certificate", "annotate", "京1112026000012345", "--on", today.isoformat(), "--json",
                env={**CLERK, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    cert = json.loads(r.stdout)
    assert cert["window_end"] == (today + timedelta(days=179)).isoformat()
    r = run_cli("--db", url, "certificate", "list", "110108198805120316", "--json", env=CLERK)
    assert r.returncode == 0 and [c["serial"] for c in json.loads(r.stdout)] == [cert["serial"]]

    pdf = tmp_path / "out" / "cert.pdf"
    # The office has seals (made by init with the key): exporting unlocks them (issue 13).
    r = run_cli("--db", url, "certificate", "export", cert["serial"], "--format", "pdf", "--out", str(pdf),
                env=CLERK)
    assert r.returncode == 2 and "口令" in r.stderr and not pdf.exists()
    r = run_cli("--db", url, "certificate", "export", cert["serial"], "--format", "pdf", "--out", str(pdf),
                "--json", env={**CLERK, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sealed"] is True
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    import zxingcpp
    from PIL import Image

    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    db = Database(url)
    from sqlalchemy import select

    from app.models import Certificate

    with db.session_scope(write=False) as s:
        payload = s.scalars(select(Certificate.payload)).one()
    db.dispose()
    assert payload in [c.text for c in codes]

    ofd = tmp_path / "out" / "cert.ofd"
    r = run_cli("--db", url, "certificate", "export", cert["serial"], "--format", "ofd", "--out", str(ofd),
                env={**CLERK, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    assert "OFD.xml" in zipfile.ZipFile(ofd).namelist()

    r = run_cli("--db", url, "certificate", "batch", "--out-dir", str(tmp_path / "batch"), "--state", "valid",
                "--json", env={**CLERK, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0 and json.loads(r.stdout)["count"] == 1
    assert len(list((tmp_path / "batch").glob("*.pdf"))) == 1


@pytest.mark.slow
def test_keys_between_two_offices(tmp_path: Path) -> None:
    ours = f"sqlite:///{(tmp_path / 'ours.sqlite3').as_posix()}"
    theirs = f"sqlite:///{(tmp_path / 'theirs.sqlite3').as_posix()}"
    _office(ours)
    _office(theirs, "12100000400012342E", "邻省注册中心", "their passphrase 123")
    trust = tmp_path / "usb" / "theirs.json"
    r = run_cli("--db", theirs, "keys", "export-trust", "--out", str(trust),
                env={**ADMIN, "REGISTRY_KEY_PASSPHRASE": "their passphrase 123"})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", ours, "keys", "import-trust", str(trust), env=ADMIN)
    assert r.returncode == 0 and "指纹" in r.stdout, r.stderr
    r = run_cli("--db", ours, "keys", "import-trust", str(trust), "--json", env=ADMIN)
    assert r.returncode == 0 and json.loads(r.stdout)["added"] == []
    broken = tmp_path / "broken.json"
    broken.write_text(trust.read_text("utf-8").replace("邻省", "冒充"), "utf-8")
    r = run_cli("--db", ours, "keys", "import-trust", str(broken), env=ADMIN)
    assert r.returncode == 2 and "已损坏或被改动" in r.stderr
    r = run_cli("--db", ours, "keys", "rotate", "--json", env={**ADMIN, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", ours, "keys", "list", "--json", env=ADMIN)
    states = sorted((k["source"], k["state"]) for k in json.loads(r.stdout))
    assert states == [("imported", "trusted"), ("own", "active"), ("own", "retired")]
    r = run_cli("--db", ours, "keys", "list", env=CLERK)
    assert r.returncode == 1
