"""Start-up: opening the register on a fresh machine, an older and a newer database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from app.models.db import Database, head_revision, schema_status, upgrade
from app.ui.shell import application


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


def test_run_gui_first_run_login_main_window(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The composition root end to end: fresh register, first admin, login, main window."""
    from PySide6.QtWidgets import QApplication

    from app.services.base import Actor
    from app.ui.shell.main_window import MainWindow

    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{(tmp_path / 'r.sqlite3').as_posix()}")
    created: list[str] = []

    def first_run(db, parent=None):  # type: ignore[no-untyped-def]
        from app.services import users_service
        created.append("admin")
        return users_service.bootstrap_admin(db, "admin", "long-password-1")

    shown: list[MainWindow] = []

    def exec_() -> int:
        shown.extend(w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible())
        for w in shown:
            w.close()
        return 0

    monkeypatch.setattr(application.FirstStartWizard, "run", staticmethod(first_run))
    monkeypatch.setattr(application.LoginDialog, "ask",
                        staticmethod(lambda db, parent=None, office_name="": Actor("admin", "admin", "管理员")))
    monkeypatch.setattr(QApplication.instance(), "exec", exec_)
    assert application.run_gui(settings_file=tmp_path / "settings.toml") == 0
    assert created == ["admin"] and len(shown) == 1
    assert (tmp_path / "settings.toml").exists()  # geometry remembered on close
