"""Locating bundled resources, also inside a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any


def resource_root() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, under ``_MEIPASS`` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


@cache
def load_toml(*parts: str) -> dict[str, Any]:
    with resource_path(*parts).open("rb") as fh:
        return tomllib.load(fh)


def verifier_page_root() -> Path:
    """The built phone verifier page (issue 18): ``web/verifier/dist`` in a checkout (made by
    ``npm ci && npm run build``), ``verifier/`` under ``_MEIPASS`` in the frozen build.
    REGISTRY_VERIFIER_PAGE names another folder (a distribution that ships the page apart)."""
    import os

    override = os.environ.get("REGISTRY_VERIFIER_PAGE")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "verifier"
    return Path(__file__).resolve().parent.parent / "web" / "verifier" / "dist"
