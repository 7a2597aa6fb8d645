"""Staff roles and what each may do. Services check these; the UI only hides what is refused."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    REVIEWER = "reviewer"
    HELPDESK = "helpdesk"


# Permission names are "<area>.<verb>". The admin manages users, keys and settings; it does
# not silently gain the reviewer's power to approve (separation of duties).
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.CLERK: frozenset({
        "person.read", "person.write", "filing.read", "filing.write", "filing.submit",
        "filing.withdraw", "filing.answer_correction", "appeal.create", "info_correction.create",
        "attachment.write", "certificate.read", "certificate.annotate", "certificate.print",
        "verify.run",
    }),
    Role.REVIEWER: frozenset({
        "person.read", "filing.read", "filing.accept", "filing.request_correction",
        "filing.approve", "filing.reject", "appeal.decide", "info_correction.decide",
        "certificate.read", "certificate.revoke", "verify.run",
    }),
    Role.HELPDESK: frozenset({"verify.run", "verify.log"}),
    Role.ADMIN: frozenset({
        "person.read", "filing.read", "certificate.read", "user.manage", "keys.manage",
        "settings.manage", "audit.read", "audit.acknowledge", "verify.run", "verify.log", "demo.generate",
    }),
}


def allowed(role: str, permission: str) -> bool:
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False
