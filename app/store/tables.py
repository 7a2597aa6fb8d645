"""Lightweight Core handles (``sqlalchemy.table``/``column``) of the tables the Core paths use.

Only the columns those paths read or write, with the models' types (so values are bound and
read back exactly as the ORM does: UTC datetimes, UUIDs, JSON). The models in ``app.models``
remain the schema's definition; ``tests/integration/test_store_tables.py`` holds every
handle here to the model's table (names and types), so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, Text, Uuid, column, table
from sqlalchemy.sql.expression import TableClause

from app.store.types import UTCDateTime

staff_users = table(
    "staff_users",
    column("id", Uuid()), column("username", String(64)), column("display_name", String(60)),
    column("role", String(20)), column("password_hash", String(255)), column("active", Boolean()),
    column("failed_logins", Integer()), column("locked_until", UTCDateTime()),
    column("last_login_at", UTCDateTime()), column("updated_at", UTCDateTime()),
)

app_settings = table("app_settings", column("key", String(64)), column("value", JSON()))

audit_log = table(
    "audit_log",
    column("seq", Integer()), column("at", UTCDateTime()), column("actor", String(64)),
    column("action", String(60)), column("entity", String(40)), column("entity_id", String(64)),
    column("details", JSON()), column("prev_hash", String(64)), column("hash", String(64)),
)

audit_head = table("audit_head", column("id", Integer()), column("seq", Integer()),
                   column("hash", String(64)))

audit_checkpoints = table("audit_checkpoints", column("seq", Integer()))

issuer_keys = table(
    "issuer_keys",
    column("key_id", String(64)), column("office_code", String(40)),
    column("office_name", String(200)), column("public_key", LargeBinary()),
    column("valid_from", UTCDateTime()), column("valid_until", UTCDateTime()),
    column("retired_at", UTCDateTime()), column("source", String(20)),
    column("imported_at", UTCDateTime()), column("compromised_at", UTCDateTime()),
    column("compromise_reason", Text()), column("reserved", Boolean()), column("demo", Boolean()),
)

certificates = table(
    "certificates",
    column("serial", String(120)), column("person_id", Uuid()),
    column("superseded_at", UTCDateTime()), column("supersede_reason", Text()),
    column("supersede_changes", JSON()), column("revoked_at", UTCDateTime()),
    column("revoke_reason", Text()),
)

registrations = table(
    "registrations",
    column("person_id", Uuid()), column("kind", String(20)),
    column("registration_number", String(40)), column("state", String(20)),
)

employers = table("employers", column("uscc", String(18)), column("name", String(200)))

revocation_lists = table("revocation_lists", column("office_code", String(40)),
                         column("issued_at", UTCDateTime()))

revocation_entries = table(
    "revocation_entries",
    column("office_code", String(40)), column("serial", String(120)), column("state", String(20)),
    column("at", UTCDateTime()), column("reason", Text()),
)

attachments = table(
    "attachments",
    column("person_id", Uuid()), column("purpose", String(30)), column("media_type", String(100)),
    column("sha256", String(64)), column("data", LargeBinary()),
    column("created_at", UTCDateTime()), column("superseded_at", UTCDateTime()),
)

verification_log = table(
    "verification_log",
    column("id", Uuid()), column("at", UTCDateTime()), column("operator", String(64)),
    column("source", String(40)), column("status", String(40)), column("serial", String(120)),
    column("holder_name", String(60)), column("raw", Text()),
)

# Issue 12: a field office's central office, for the freeze warning at every verification.
sync_offices = table(
    "sync_offices",
    column("code", String(18)), column("role", String(10)), column("paired_at", UTCDateTime()),
    column("last_received_at", UTCDateTime()),
)

# Issue 16: command-line sessions (``registry-office login``); only the token's SHA-256.
cli_sessions = table(
    "cli_sessions",
    column("token_hash", String(64)), column("username", String(64)),
    column("created_at", UTCDateTime()), column("expires_at", UTCDateTime()),
)

ALL: tuple[TableClause, ...] = (
    staff_users, app_settings, audit_log, audit_head, audit_checkpoints, issuer_keys,
    certificates, registrations, employers, revocation_lists, revocation_entries, attachments,
    verification_log, sync_offices, cli_sessions,
)
