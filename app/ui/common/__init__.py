"""Shared UI plumbing: the UI context (services, change notifications), background work, lazy tables, error boxes, translated labels, the camera worker."""
