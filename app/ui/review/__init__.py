"""Review: the reviewer's queues (filings, 申辩, 信息更正) and the dashboard of expiring registrations."""
