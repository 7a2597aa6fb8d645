"""Shared fixtures: a fresh migrated database per test, on SQLite and on PostgreSQL.

`db` is parametrised over both backends. PostgreSQL runs when REGISTRY_TEST_PG_URL names a
server (CI starts one); outside CI a missing server skips those cases, inside CI it fails.
Each test gets its own database: a copy of a migrated SQLite template file, or a PostgreSQL
database created from a migrated template database.
"""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REGISTRY_LANG", "zh")

from app.models.db import Database, upgrade
from app.services.base import Actor

PG_URL = os.environ.get("REGISTRY_TEST_PG_URL")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# One template per xdist worker: workers must not drop each other's template.
PG_TEMPLATE = f"registry_test_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_main_thread_only() -> Iterator[None]:
    """As the application does (app/ui/shell/gc_guard.py): Qt objects left in reference cycles by one
    test must never be destroyed by a collection that a background thread happens to trigger."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real settings or register."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("REGISTRY_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("REGISTRY_DB_URL", raising=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path.as_posix()}")
    upgrade(db.engine)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> str:
    if not PG_URL:
        if IN_CI:
            pytest.fail("REGISTRY_TEST_PG_URL is not set in CI: PostgreSQL tests must run")
        pytest.skip("no PostgreSQL server (set REGISTRY_TEST_PG_URL)")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_TEMPLATE}"'))
    admin.dispose()
    url = make_url(PG_URL).set(database=PG_TEMPLATE).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    return url


def _fresh_pg(template_url: str) -> Iterator[str]:
    name = f"registry_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{PG_TEMPLATE}"'))
    try:
        yield make_url(template_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, migrated, empty register on each backend."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "register.sqlite3"
        shutil.copy(template, path)
        yield f"sqlite:///{path.as_posix()}"
    else:
        yield from _fresh_pg(request.getfixturevalue("pg_template"))


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh register on SQLite only (for tests about files, backups, the CLI's default)."""
    path = tmp_path / "register.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


ADMIN = Actor("admin", "admin", "管理员")
CLERK = Actor("clerk", "clerk", "窗口办事员")
REVIEWER = Actor("reviewer", "reviewer", "审核员")
HELPDESK = Actor("helpdesk", "helpdesk", "核验员")


@pytest.fixture
def actors() -> dict[str, Actor]:
    return {"admin": ADMIN, "clerk": CLERK, "reviewer": REVIEWER, "helpdesk": HELPDESK}
