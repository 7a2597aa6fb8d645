"""The register through SQLAlchemy Core, without the ORM (issue 16).

What a short command needs to reach the register without importing the declarative models
(``app.models`` costs ~0.15 s of CPU to import, more than a ``verify FILE`` run may spend):
the engine and the schema check (:mod:`app.store.engine`, also used by ``app.models.db``),
lightweight handles of the tables it touches (:mod:`app.store.tables`), the audit log's
append (:mod:`app.store.audit_append`) and the verification's read-only repository
(:mod:`app.store.verify_reads`). Services import from here; the CLI holds a
:class:`~app.store.engine.Store` as it holds a ``Database``.
"""
