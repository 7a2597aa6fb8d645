"""Filings: the filing wizard per filing type, the filing list and the filing page with its timeline, messages and actions."""
