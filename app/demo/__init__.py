"""The demo register: realistic identities (names), rows (generator, timeline), bulk writing.

Used by :mod:`app.services.demo_service`, which owns the transactions, the refusal rules and
the audit entry.
"""
