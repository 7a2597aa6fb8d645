"""The register and filing commands as subprocesses: a filing from creation to approval, exit
codes (0 ok, 1 refused by a rule, 2 bad input) and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from app.models.db import Database
from app.services.base import Actor
from app.services.users_service import UsersService, bootstrap_admin
from tests.helpers.register import add_photo_and_signature, jpeg, uscc

CLERK_ENV = {"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"}
REVIEWER_ENV = {"REGISTRY_USER": "rev1", "REGISTRY_PASSWORD": "review-pass-1"}
PERSON_ID = "110108198805120316"


def cli(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, REGISTRY_LANG="zh", **(env or CLERK_ENV))
    r = subprocess.run([sys.executable, "-m", "app", "--db", url, "--json", *args], capture_output=True,
                       text=True, env=full, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def ok(r: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = Database(sqlite_url)
    bootstrap_admin(db, "admin", "admin-pass-1")
    users = UsersService(db, Actor("admin", "admin"))
    users.add_user("clerk1", "clerk-pass-1", "clerk")
    users.add_user("rev1", "review-pass-1", "reviewer")
    db.dispose()
    return sqlite_url


@pytest.mark.slow
def test_a_filing_from_creation_to_approval(url: str, tmp_path: Path) -> None:
    emp = ok(cli(url, "employer", "add", "--uscc", uscc("110108", 9), "--name", "北京建筑设计研究院有限公司"))
    person = ok(cli(url, "person", "add", "--id-number", PERSON_ID, "--name", "李雷",
                    "--employer", emp["uscc"], "--mobile", "13800138000"))
    assert (person["gender"], person["birth_date"]) == ("M", "1988-05-12")
    ok(cli(url, "qualification", "add", PERSON_ID, "--kind", "engineer", "--specialty", "structural",
           "--certificate-number", "S-2018-001", "--issued-on", "2018-10-01"))
    db = Database(url)
    add_photo_and_signature(db, uuid.UUID(person["id"]))  # the photo service's part
    db.dispose()
    f = ok(cli(url, "filing", "create", PERSON_ID, "--type", "initial", "--kind", "engineer",
               "--specialty", "structural"))
    number = f["number"]
    # the commitment is not optional
    r = cli(url, "filing", "submit", number, "--accept-conditions")
    assert r.returncode == 1 and "承诺" in r.stderr
    assert json.loads(r.stdout)["error"]["code"] == "commitment_not_accepted"
    ok(cli(url, "filing", "submit", number, "--accept-conditions", "--accept-commitment"))
    ok(cli(url, "filing", "confirm", number))
    # a clerk cannot accept: refused by the service
    r = cli(url, "filing", "accept", number)
    assert r.returncode == 1 and "无权" in r.stderr
    ok(cli(url, "filing", "accept", number, env=REVIEWER_ENV))
    ok(cli(url, "filing", "request-correction", number, "--content", "补充社保证明", "--reason", "缺少社保证明",
           env=REVIEWER_ENV))
    proof = tmp_path / "社保证明.jpg"
    proof.write_bytes(jpeg(300))
    shown = ok(cli(url, "filing", "answer-correction", number, "--file", str(proof)))
    assert shown["state"] == "accepted"
    done = ok(cli(url, "filing", "approve", number, "--opinion", "同意注册", env=REVIEWER_ENV))
    assert done["state"] == "approved"
    assert [e["action"] for e in done["events"]][-1] == "approve"
    regs = ok(cli(url, "registration", "list", "--person", PERSON_ID))
    assert len(regs) == 1 and regs[0]["registration_number"].startswith("S")
    record = ok(cli(url, "person", "show", PERSON_ID))
    assert record["has_photo"] and record["registrations"][0]["state"] == "active"
    history = ok(cli(url, "filing", "history", PERSON_ID))
    assert [h["number"] for h in history] == [number]
    text = cli(url, "filing", "show", number).stdout
    assert "审批通过" in text


@pytest.mark.slow
def test_bad_input_exits_2_and_rules_exit_1(url: str, tmp_path: Path) -> None:
    # bad ID number: message naming the rule, exit 2
    r = cli(url, "person", "add", "--id-number", "110108198805120317", "--name", "李雷")
    assert r.returncode == 2 and "校验位" in r.stderr
    # bad date: usage error, exit 2
    r = cli(url, "qualification", "add", PERSON_ID, "--kind", "engineer", "--specialty", "structural",
            "--certificate-number", "x", "--issued-on", "2018-13-01")
    assert r.returncode == 2 and r.stderr.strip()
    # unknown person / filing / unreadable file: exit 2
    assert cli(url, "person", "show", PERSON_ID).returncode == 2
    assert cli(url, "filing", "show", "SB2099000001").returncode == 2
    ok(cli(url, "person", "add", "--id-number", PERSON_ID, "--name", "李雷"))
    # a rule refuses: no qualification -> exit 1
    r = cli(url, "filing", "create", PERSON_ID, "--type", "initial", "--kind", "engineer",
            "--specialty", "structural")
    assert r.returncode == 1 and "职业资格" in r.stderr
    # duplicate person -> exit 1, naming who is registered
    r = cli(url, "person", "add", "--id-number", PERSON_ID, "--name", "韩梅梅")
    assert r.returncode == 1 and "李雷" in r.stderr
    r = cli(url, "filing", "attach", "SB2099000001", "--purpose", "judgment", "--file", str(tmp_path / "none.pdf"))
    assert r.returncode == 2
    r = cli(url, "appeal", "decide", "not-a-uuid", "--uphold", "--decision", "x", env=REVIEWER_ENV)
    assert r.returncode == 2


@pytest.mark.slow
def test_withdrawal_needs_employer_consent_from_the_shell(url: str) -> None:
    emp = ok(cli(url, "employer", "add", "--uscc", uscc("110108", 9), "--name", "北京建筑设计研究院有限公司"))
    person = ok(cli(url, "person", "add", "--id-number", PERSON_ID, "--name", "李雷", "--employer", emp["id"]))
    ok(cli(url, "qualification", "add", person["id"], "--kind", "architect", "--specialty", "architecture",
           "--certificate-number", "A1", "--issued-on", "2019-01-01"))
    db = Database(url)
    add_photo_and_signature(db, uuid.UUID(person["id"]))
    db.dispose()
    number = ok(cli(url, "filing", "create", PERSON_ID, "--type", "initial", "--kind", "architect",
                    "--specialty", "architecture"))["number"]
    for step in (["submit", number, "--accept-conditions", "--accept-commitment"], ["confirm", number]):
        ok(cli(url, "filing", *step))
    r = cli(url, "filing", "withdraw", number)
    assert r.returncode == 1 and "需要企业同意后方可撤回" in r.stderr
    ok(cli(url, "filing", "consent", number))
    assert ok(cli(url, "filing", "withdraw", number))["state"] == "withdrawn"
    again = ok(cli(url, "filing", "refile", number))
    assert again["state"] == "draft" and again["number"] != number
