"""Every statement a search issues is served by an index, on SQLite and PostgreSQL.

The statements are captured while the service runs (so the test checks what really runs, not
a copy of it) and explained on the same database. On PostgreSQL sequential scans are switched
off for the EXPLAIN: on a tiny table the planner would rightly prefer them, and what matters
is that an index path exists. A database with a Chinese ICU collation shows that the prefix
ranges do not depend on the database's locale.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app.models.db import Database, upgrade
from app.services.base import Actor
from app.services.search_service import SearchService
from tests.helpers.search_register import fill

QUERIES = ["", "zs", "zhang", "110101", "1101011990", "S1741", "京1110", "AY18", "张", "中建",
           "91350100M", "北京城建"]


def _captured_selects(db: Database) -> list[tuple[str, Any]]:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any,
               _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        svc = SearchService(db, Actor("clerk", "clerk"))
        for q in QUERIES:
            svc.search(q, limit=2)
            svc.search(q, limit=2, offset=2)  # the keyset continuation
            SearchService(db, Actor("clerk", "clerk")).search(q, limit=2, offset=3)  # cold jump
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    unique: dict[str, Any] = {}
    for statement, params in statements:
        unique.setdefault(statement, params)
    return list(unique.items())


def assert_plans_use_indexes(db: Database) -> int:
    statements = _captured_selects(db)
    with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, params in statements:
            flat = " ".join(statement.split())
            if db.dialect == "sqlite":
                plan = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
                for line in plan:
                    if line.startswith(("SCAN", "SEARCH")):
                        assert "INDEX" in line or "PRIMARY KEY" in line, (flat, plan)
                    assert "TEMP B-TREE" not in line, (flat, plan)
            else:
                plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params)]
                assert not any("Seq Scan" in line for line in plan), (flat, plan)
                if " LIMIT " in flat:  # a stream read: rows come off the index in order
                    assert not any(line.strip().lstrip("-> ").startswith("Sort") for line in plan), (
                        flat, plan)
        conn.rollback()
    return len(statements)


def test_every_search_statement_uses_an_index(db: Database) -> None:
    fill(db)
    assert assert_plans_use_indexes(db) >= 15


@pytest.fixture
def zh_collated_pg() -> Iterator[Database]:
    base = os.environ.get("REGISTRY_TEST_PG_URL")
    if not base:
        pytest.skip("no PostgreSQL server (set REGISTRY_TEST_PG_URL)")
    name = f"registry_zh_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 '
                          "LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' LOCALE 'C.UTF-8'"))
    db = Database(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(db.engine)
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_prefix_search_under_a_chinese_collation(zh_collated_pg: Database) -> None:
    db = zh_collated_pg
    fill(db)
    svc = SearchService(db, Actor("clerk", "clerk"))
    # Under zh-CN collation "张三丰" sorts by pinyin; the search still means "starts with".
    assert [h.name for h in svc.search("张三").hits] == ["张三", "张三丰"]
    assert [h.name for h in svc.search("京1110").hits] == ["张三丰"]
    listed = [h.name for h in svc.search("").hits]
    assert listed == sorted(listed)  # code-point order, whatever the locale
    assert assert_plans_use_indexes(db) >= 15
