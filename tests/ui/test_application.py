"""Start-up: opening the register on a fresh machine, an older and a newer database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from app.models.db import Database, head_revision, schema_status, upgrade
from app.ui import application


def capture(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str]] = []
    for name in ("information", "critical", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            staticmethod(lambda parent, title, body, *a, n=name: seen.append((n, body))))
    return seen


def test_fresh_machine_creates_register(qtbot, tmp_path: Path, monkeypatch) -> None:
    seen = capture(monkeypatch)
    url = f"sqlite:///{(tmp_path / 'new' / 'register.sqlite3').as_posix()}"
    db = application.open_database(url)
    assert db is not None and schema_status(db.engine) == "current"
    assert not seen  # nothing to tell: the first-run dialog follows
    db.dispose()


def test_older_register_backed_up_and_upgraded(qtbot, tmp_path: Path, monkeypatch) -> None:
    seen = capture(monkeypatch)
    path = tmp_path / "register.sqlite3"
    old = Database(f"sqlite:///{path.as_posix()}")
    upgrade(old.engine, "0001")
    old.dispose()
    db = application.open_database(f"sqlite:///{path.as_posix()}")
    assert db is not None and schema_status(db.engine) == "current"
    assert seen and seen[0][0] == "information" and "before-upgrade" in seen[0][1]
    assert list(tmp_path.glob("register.before-upgrade-*.sqlite3"))
    db.dispose()


def test_newer_register_refused_untouched(qtbot, tmp_path: Path, monkeypatch) -> None:
    seen = capture(monkeypatch)
    path = tmp_path / "register.sqlite3"
    db = Database(f"sqlite:///{path.as_posix()}")
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    before = path.read_bytes()
    assert application.open_database(f"sqlite:///{path.as_posix()}") is None
    assert seen and seen[0][0] == "critical"
    assert "更新版本" in seen[0][1] and "没有修改任何数据" in seen[0][1]
    assert path.read_bytes() == before
    assert head_revision() != "9999"


def test_unreachable_database_clear_message(qtbot, monkeypatch) -> None:
    seen = capture(monkeypatch)
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert application.open_database(url) is None
    assert seen and seen[0][0] == "critical" and "无法打开" in seen[0][1]
