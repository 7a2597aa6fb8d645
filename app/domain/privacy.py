"""Showing identity numbers only where a task needs them (issue 10, docs/security.md).

Lists (search hits, the dashboard's expiring registrations, a person's certificates) show an
identity number masked; the full number appears only on the person's full record, whose every
viewing is audited, and where staff type or check it (intake, corrections, the filing form).
"""

from __future__ import annotations


def mask_id_number(number: str) -> str:
    """110101********1234: enough for a clerk to confirm, not enough to copy."""
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)
