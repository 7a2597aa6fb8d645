"""Helpers shared by the test folders (the only test code imported across folders)."""
