"""`verify`, `scan` and `verify-log` as subprocesses, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.models.db import Database
from app.scanner.footage import clip_frames, write_video
from app.scanner.sources import render_pdf
from app.services import users_service
from app.services.base import Actor
from app.services.users_service import UsersService
from tests.helpers.verification import AT, certificate_pdf, issue_all

pytestmark = pytest.mark.slow  # a dozen interpreter starts
PASSWORD = "desk-pass-123"
AT_ARG = "2026-03-01T10:00"  # China time = AT


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REGISTRY_USER="desk1", REGISTRY_PASSWORD=PASSWORD, REGISTRY_LANG="zh")
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120)


@pytest.fixture
def register(db_url: str):  # type: ignore[no-untyped-def]
    db = Database(db_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", PASSWORD, "helpdesk", "赵核验")
    issued = issue_all(db)
    db.dispose()
    return db_url, issued


def test_verify_files_of_every_kind(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, issued = register
    valid_pdf = certificate_pdf(issued["valid"], tmp_path / "valid.pdf")
    expired_png = tmp_path / "expired.png"
    expired_page = render_pdf(certificate_pdf(issued["expired"], tmp_path / "expired.pdf"))[0]
    cv2.imwrite(str(expired_png), expired_page)
    text_file = tmp_path / "code.txt"
    text_file.write_text(issued["superseded"].payload + "\n", "utf-8")
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((300, 400, 3), 255, np.uint8))

    r = run_cli("--db", url, "verify", str(valid_pdf), "--at", AT_ARG, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["status"] == "valid" and doc["raw"] == issued["valid"].payload
    assert doc["certificate"]["name"] == "张伟"
    assert doc["certificate"]["serial"] == issued["valid"].serial
    assert doc["use_window"] == {"start": "2026-01-05", "end": "2026-07-03"}
    assert doc["issuer"]["office_name"] == "样本办公室" and doc["warnings"] == []

    r = run_cli("--db", url, "verify", str(expired_png), str(text_file), "-", "--at", AT_ARG,
                "--json", stdin=issued["invalid_signature"].payload)
    assert r.returncode == 1, r.stderr
    docs = json.loads(r.stdout)
    assert [d["status"] for d in docs] == ["expired", "superseded", "invalid_signature"]
    assert docs[2]["certificate"] is None and docs[2]["file"] == "-"

    r = run_cli("--db", url, "verify", "-", stdin="https://example.com/x")
    assert r.returncode == 1 and "非本系统证书" in r.stdout

    r = run_cli("--db", url, "verify", str(blank), "--json")
    assert r.returncode == 3 and json.loads(r.stdout)["status"] == "no_code_found"

    r = run_cli("--db", url, "verify", str(tmp_path / "absent.pdf"))
    assert r.returncode == 2 and "找不到文件" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("--db", url, "verify", str(text_file), "--at", "yesterday")
    assert r.returncode == 2 and "--at" in r.stderr

    log = tmp_path / "log.csv"
    r = run_cli("--db", url, "verify-log", "--csv", str(log))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(log.read_text("utf-8-sig").splitlines()))
    assert [row["status"] for row in rows] == ["valid", "expired", "superseded",
                                               "invalid_signature", "not_a_certificate",
                                               "no_code_found"]
    assert {row["source"] for row in rows} == {"cli"}


def test_scan_video_source(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, issued = register
    rng = np.random.default_rng(5)
    page = render_pdf(certificate_pdf(issued["revoked"], tmp_path / "r.pdf"))[0]
    clip = write_video(tmp_path / "r.avi", clip_frames(page, 6, rng, difficulty=0.3), fps=10)
    r = run_cli("--db", url, "scan", "--source", str(clip), "--timeout", "30", "--at", AT_ARG,
                "--json")
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert doc["status"] == "revoked" and doc["certificate"]["serial"] == issued["revoked"].serial
    empty = write_video(tmp_path / "empty.avi", [np.full((240, 320, 3), 128, np.uint8)] * 3)
    r = run_cli("--db", url, "scan", "--source", str(empty), "--json")
    assert r.returncode == 3 and json.loads(r.stdout)["status"] == "no_code_found"
    assert AT.tzinfo is not None
