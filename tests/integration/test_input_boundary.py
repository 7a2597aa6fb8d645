"""The failures of issue 11's report, one test each: the CLI as a subprocess on a real register.

Every refusal is exit 2 (or 1 for a rule), a sentence in the user's language naming the input,
and no traceback. The resource cases (decompression bomb, /dev/zero) also assert that the
command's peak memory stays under 200 MB, measured by a wrapper process with
``resource.getrusage(RUSAGE_CHILDREN)`` (only the command is its child).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.models.db import Database
from app.services import users_service
from app.services.base import Actor
from app.services.users_service import UsersService
from tests.helpers.hostile_files import nested_json, png_bomb
from tests.helpers.verification import issue_all

PASSWORD = "desk-pass-123"
MEMORY_CAP_MB = 200
_MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.buffer.write(r.stdout + r.stderr)\n"
    "print(r.returncode, peak)\n"
)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1",
            "REGISTRY_LANG": "zh", **extra}


def run_cli(*args: str | bytes, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          input=stdin, env=_env(**env), timeout=120)


def measured(*args: str) -> tuple[int, float, str]:
    """(exit code, peak memory in MB, stderr) of one CLI run."""
    r = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "app", *args],
                       capture_output=True, env=_env(), timeout=120)
    code, peak_kb = r.stdout.split()
    return int(code), int(peak_kb) / 1024, r.stderr.decode("utf-8", "replace")


def clean_refusal(r: subprocess.CompletedProcess[bytes], *words: str, code: int = 2) -> str:
    err = r.stderr.decode("utf-8")
    assert r.returncode == code, err
    assert "Traceback" not in err and err.strip()
    for word in words:
        assert word in err, err
    return err


@pytest.fixture
def register(db_url: str) -> str:
    db = Database(db_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", PASSWORD, "helpdesk", "赵核验")
    issue_all(db)
    db.dispose()
    return db_url


@pytest.fixture
def sqlite_register(sqlite_url: str) -> str:
    db = Database(sqlite_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    db.dispose()
    return sqlite_url


NOT_UTF8 = b"\xff\xfe\xb0name"


@pytest.mark.parametrize("args", [
    [b"person", b"add", b"--id-number", b"110101199003074578", b"--name", NOT_UTF8],
    [b"employer", b"find", NOT_UTF8],
    [b"filing", b"show", NOT_UTF8],
    [b"certificate", b"show", NOT_UTF8],
    [b"certificate", b"list", NOT_UTF8],
    [b"certificate", b"annotate", NOT_UTF8],
    [b"certificate", b"revoke", NOT_UTF8, b"--reason", b"x"],
])
def test_arguments_that_are_not_utf8(sqlite_register: str, args: list[bytes]) -> None:
    r = run_cli("--db", sqlite_register, *args)
    clean_refusal(r, "UTF-8")


def test_an_argument_names_its_option_in_english_too(sqlite_register: str) -> None:
    r = run_cli("--db", sqlite_register, "--lang", "en", "person", "add", "--id-number", "1",
                "--name", "a\x07b")
    clean_refusal(r, "control character", "Name")


def test_database_urls_that_name_no_register(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    for url, words in [(f"sqlite:///{pdf}", ("不是登记库",)), (f"sqlite:///{tmp_path}", ("不是登记库",)),
                       ("foo://bar", ("无效",)), ("garbage", ("无效",)),
                       ("postgresql+nosuchdriver://x/y", ("无效",))]:
        r = run_cli("--db", url, "user", "list")
        clean_refusal(r, "数据库地址", *words)
    assert pdf.read_bytes().startswith(b"%PDF")  # and nothing was written into it


def test_verify_refuses_an_overflowing_date_and_devices(register: str, tmp_path: Path) -> None:
    code = tmp_path / "code.txt"
    code.write_text("HC1:whatever\n", "utf-8")
    r = run_cli("--db", register, "verify", "--at", "9999-12-31T23:59:59-12:00", str(code))
    clean_refusal(r, "核验时间", "1900")
    clean_refusal(run_cli("--db", register, "verify", "/proc/self/mem"), "/proc/self/mem")
    clean_refusal(run_cli("--db", register, "verify", str(tmp_path)), "不是普通文件")


def test_verify_log_refuses_a_directory_and_a_device(register: str, tmp_path: Path) -> None:
    clean_refusal(run_cli("--db", register, "verify-log", "--csv", str(tmp_path)), "CSV", "目录或设备")
    clean_refusal(run_cli("--db", register, "verify-log", "--csv", "/dev/full"), "/dev/full")
    assert Path("/dev/full").is_char_device()
    out = tmp_path / "log.csv"
    assert run_cli("--db", register, "verify-log", "--csv", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and not list(tmp_path.glob("*.part"))


def test_output_to_a_device_is_refused_and_the_device_kept(sqlite_register: str) -> None:
    r = run_cli("--db", sqlite_register, "certificate", "export", "X", "--out", "/dev/full")
    clean_refusal(r, "/dev/full", "目录或设备")
    assert Path("/dev/full").is_char_device()


def test_stdin_is_read_whole_or_refused(register: str) -> None:
    # 200 KB of lines: every one is judged (the first 64 KiB only, before), more than the
    # per-file cap of codes is refused rather than cut off
    many = b"".join(b"not-a-code-%05d\n" % i for i in range(12000))
    r = run_cli("--db", register, "verify", "-", stdin=many, REGISTRY_USER="desk1",
                REGISTRY_PASSWORD=PASSWORD)
    clean_refusal(r, "12000", "50")
    few = b"x" * 100_000 + b"\nlast-line\n"  # one long line, then the line after 64 KiB
    r = run_cli("--db", register, "verify", "-", "--json", stdin=few, REGISTRY_USER="desk1",
                REGISTRY_PASSWORD=PASSWORD)
    assert r.returncode == 1, r.stderr
    docs = json.loads(r.stdout)
    assert [d["raw"][-9:] for d in docs][-1] == "last-line" and len(docs) == 2
    r = run_cli("--db", register, "verify", "-", stdin=b"y" * (2 * 1024 * 1024),
                REGISTRY_USER="desk1", REGISTRY_PASSWORD=PASSWORD)
    clean_refusal(r, "标准输入", "1.0 MB")


def test_deeply_nested_trust_file(sqlite_register: str, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(nested_json(200_000))
    r = run_cli("--db", sqlite_register, "keys", "import-trust", str(deep))
    clean_refusal(r, "信任", "32")


def test_broken_pipe_ends_quietly(sqlite_register: str) -> None:
    # the JSON of 600 persons is far more than a pipe holds; the reader goes away after 10 bytes
    r = run_cli("--db", sqlite_register, "demo", "--persons", "600")
    assert r.returncode == 0, r.stderr
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", sqlite_register, "person", "find",
                             "", "--limit", "1000", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == "", err


# --- resources: refused without reading or decoding, under 200 MB -----------------------------
@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return png_bomb(tmp_path_factory.mktemp("bomb") / "bomb.png")  # 30000 x 30000, ~875 KB


def test_verify_and_photo_crop_refuse_a_decompression_bomb(register: str, bomb: Path,
                                                           tmp_path: Path) -> None:
    assert bomb.stat().st_size < 1024 * 1024
    for args in (["--db", register, "verify", str(bomb)],
                 ["--db", register, "scan", "--source", str(bomb), "--timeout", "2"],
                 ["photo", "crop", str(bomb), "--out-dir", str(tmp_path / "out")]):
        code, peak_mb, err = measured(*args)
        assert code in (1, 2), err
        assert "30000×30000" in err or "900M" in err or "30000×30000" in err, err
        assert "Traceback" not in err
        assert peak_mb < MEMORY_CAP_MB, (args, peak_mb)


@pytest.mark.parametrize("args", [
    ["verify", "/dev/zero"],
    ["scan", "--source", "/dev/zero"],
    ["keys", "import-trust", "/dev/zero"],
    ["filing", "attach", "SB1", "--purpose", "other", "--file", "/dev/zero"],
    ["filing", "answer-correction", "SB1", "--file", "/dev/zero"],
    ["photo", "crop", "/dev/zero", "--out-dir", "OUT"],
    ["signature", "clean", "/dev/zero", "--out-dir", "OUT"],
])
def test_dev_zero_is_never_read_through(sqlite_register: str, args: list[str], tmp_path: Path) -> None:
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    code, peak_mb, err = measured("--db", sqlite_register, *args)
    assert code == 2, err
    assert "Traceback" not in err and "/dev/zero" in err
    assert peak_mb < MEMORY_CAP_MB, peak_mb
