"""Schema migrations: one head, models match migrations, old databases upgrade with their rows."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.errors import DatabaseProblem
from app.models import Base, Person
from app.models.db import Database, alembic_config, head_revision, schema_status, upgrade

FIRST = "0001"


def test_migrations_form_one_linear_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == FIRST


def test_models_match_the_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def _empty_url(db_url: str, tmp_path: Path) -> str:
    """An empty database on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{(tmp_path / 'old.sqlite3').as_posix()}"
    name = f"registry_old_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(db_url).set(database=name).render_as_string(hide_password=False)


def test_database_from_first_migration_with_rows_upgrades_to_newest(db_url: str, tmp_path: Path) -> None:
    url = _empty_url(db_url, tmp_path)
    old = Database(url)
    upgrade(old.engine, FIRST)
    assert schema_status(old.engine) == "old"
    person_id = uuid.uuid4()
    with old.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO employers (id, uscc, name, version, created_at, updated_at) "
                 "VALUES (:id, '91350100M000100Y43', '福州测试建设有限公司', 1, :now, :now)"),
            {"id": uuid.uuid4().hex if old.dialect == "sqlite" else uuid.uuid4(), "now": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text("INSERT INTO persons (id, id_type, id_number, name, gender, birth_date, "
                 "social_security_flag, version, created_at, updated_at) VALUES "
                 "(:id, 'resident', '110108198805120316', '张三', 'M', '1988-05-12', false, 1, :now, :now)"),
            {"id": person_id.hex if old.dialect == "sqlite" else person_id, "now": "2026-01-01 00:00:00"},
        )
    backup = upgrade(old.engine)
    assert schema_status(old.engine) == "current"
    if old.dialect == "sqlite":
        assert backup is not None and backup.exists()
        with sqlite3.connect(backup) as conn:  # the copy is the old schema with the old rows
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == FIRST
            assert conn.execute("SELECT name FROM persons").fetchone()[0] == "张三"
    with old.session_scope(write=False) as s:
        person = s.scalars(select(Person)).one()
        assert (person.id, person.name, person.birth_date) == (person_id, "张三", date(1988, 5, 12))
        assert s.execute(text("SELECT count(*) FROM certificates")).scalar() == 0
    old.dispose()


def test_database_from_a_newer_program_is_refused(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(DatabaseProblem) as err:
        upgrade(db.engine)
    assert err.value.code == "db_newer"
    with pytest.raises(DatabaseProblem):
        db.ensure_current()
    db.dispose()


def test_empty_and_current_states(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'new.sqlite3').as_posix()}")
    assert schema_status(db.engine) == "empty"
    with pytest.raises(DatabaseProblem) as err:
        db.ensure_current()
    assert err.value.code == "db_not_initialised"
    assert upgrade(db.engine) is None  # nothing to back up on a new file
    assert schema_status(db.engine) == "current"
    assert head_revision()
    db.dispose()


def test_sqlite_pragmas_are_set(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_constraint_violation_becomes_a_clear_error_and_nothing_is_kept(db: Database) -> None:
    from app.errors import ConcurrentEdit
    from app.models import Employer

    with db.session_scope() as s:
        s.add(Employer(uscc="91350100M000100Y43", name="甲公司"))
    with pytest.raises(ConcurrentEdit) as err, db.session_scope() as s:
        s.add(Employer(uscc="11100000000013338W", name="乙公司"))
        s.flush()
        s.add(Employer(uscc="91350100M000100Y43", name="重复"))
    assert err.value.code == "integrity_conflict"
    with db.session_scope(write=False) as s:
        assert sorted(e.name for e in s.scalars(select(Employer))) == ["甲公司"]
