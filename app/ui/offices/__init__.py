"""Offices & keys screen (issue 12) and its dialogs."""
