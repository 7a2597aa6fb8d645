"""The program's version, from its one source: ``[project] version`` in pyproject.toml.

A checkout reads the file beside ``app/``; the frozen build carries pyproject.toml at its root
(installer/registry-office.spec), so the same code finds it under ``sys._MEIPASS``; an installed
wheel has no pyproject.toml and asks the package metadata. The About box, ``--version``, the
package file names (scripts/package.py) and the register (``program.version``) all ask here.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

DIST_NAME = "registry-office"
# Only the one line is needed: a regex avoids parsing the whole file at start-up.
_VERSION_LINE = re.compile(r'^version\s*=\s*"([^"]+)"', re.MULTILINE)


def pyproject_path() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "pyproject.toml"
    return Path(__file__).resolve().parent.parent / "pyproject.toml"


def version_from_pyproject(text: str) -> str | None:
    """The ``version`` of the ``[project]`` table (the first table that has one)."""
    project = text.split("[project]", 1)
    if len(project) != 2:
        return None
    body = project[1].split("\n[", 1)[0]
    match = _VERSION_LINE.search(body)
    return match.group(1) if match else None


@cache
def program_version() -> str:
    try:
        found = version_from_pyproject(pyproject_path().read_text("utf-8"))
    except OSError:
        found = None
    if found:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:
        return "0+unknown"
