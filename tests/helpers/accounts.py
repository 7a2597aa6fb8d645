"""The password every test account gets (the UI fixtures create admin, clerk, reviewer, helpdesk)."""

PASSWORD = "secret-pass-1"
