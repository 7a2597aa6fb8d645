"""Use cases. Each public method owns one transaction, checks the actor's role itself, writes
an audit entry for every change and returns frozen dataclasses (never live ORM rows)."""
