"""`registry-office keys publish-verifier` (issue 18) as a subprocess, on a real register.

The register holds the verification corpus (tests/helpers/verification.py: revoked and
superseded rows among them); the published folder is then opened in Chromium and every
status is what the help desk says, the withdrawals coming from the register through the
signed trust list. Refusals: a foreign non-empty folder (left untouched), a page never built.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.codes.verifier_list import parse_verifier_list
from app.models.db import Database
from app.models.staff import AuditEntry
from tests.helpers.browser import check_pasted, chromium, require_chromium, serve
from tests.helpers.certificates import PASSPHRASE
from tests.helpers.phone_corpus import china_today
from tests.helpers.verification import issue_all
from tests.integration.test_certificate_cli import ADMIN, CLERK, _office, run_cli

pytestmark = pytest.mark.slow
KEY = {**ADMIN, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE}


def test_publish_refuse_and_verify_in_a_browser(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'office.sqlite3').as_posix()}"
    _office(url)
    db = Database(url)
    issued = issue_all(db, china_today())
    db.dispose()
    site = tmp_path / "site" / "verifier"
    r = run_cli("--db", url, "keys", "publish-verifier", "--out", str(site), "--json", env=KEY)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["offices"] == 1 and out["keys"] == 2 and out["revocations"] == 2
    assert {"index.html", "app.js", "decoder.js", "sw.js", "trust.js", "trust.json"} <= set(out["files"])
    listed = parse_verifier_list((site / "trust.json").read_bytes())
    assert listed.signed_by == tuple(out["signed_by"]) and listed.max_age_days == 30
    # The human message, in both languages, names the folder and the fingerprint.
    r = run_cli("--db", url, "keys", "publish-verifier", "--out", str(site), env=KEY)
    assert r.returncode == 0 and "手机验真页已发布" in r.stdout and "指纹" in r.stdout, r.stderr
    r = run_cli("--db", url, "--lang", "en", "keys", "publish-verifier", "--out", str(site), env=KEY)
    assert r.returncode == 0 and "Phone verifier published" in r.stdout
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".")]  # no leftovers

    # A folder with other files is never emptied.
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_text("the office's own website")
    r = run_cli("--db", url, "keys", "publish-verifier", "--out", str(foreign), env=KEY)
    assert r.returncode == 2 and "不是空的" in r.stderr and "Traceback" not in r.stderr
    assert [p.name for p in foreign.iterdir()] == ["index.html"]
    # A page never built: said clearly, before the passphrase is asked for.
    r = run_cli("--db", url, "keys", "publish-verifier", "--out", str(tmp_path / "x"),
                env={**ADMIN, "REGISTRY_VERIFIER_PAGE": str(tmp_path / "nothing")})
    assert r.returncode != 0 and "npm run build" in r.stderr and "Traceback" not in r.stderr
    # Only a key manager may publish.
    r = run_cli("--db", url, "keys", "publish-verifier", "--out", str(tmp_path / "y"),
                env={**CLERK, "REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 1 and not (tmp_path / "y").exists()

    db = Database(url)
    with db.session_scope(write=False) as s:
        actions = s.scalars(select(AuditEntry.action)
                            .where(AuditEntry.action == "verifier_published")).all()
    db.dispose()
    assert len(actions) == 3

    require_chromium()
    with serve(site) as base, chromium() as driver:
        driver.get(base + "index.html")
        for status, item in issued.items():
            got = check_pasted(driver, item.payload)
            assert got["status"] == status, (status, got)
