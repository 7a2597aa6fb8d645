"""docs/rules.md names real tests and documents every rule setting: a renamed test or a new
setting without its line breaks this."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.office_settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_every_test_named_exists() -> None:
    checked = 0
    for line in DOC.splitlines():
        current = None  # `::name` refers to the file named before it on the same line
        for m in re.finditer(r"`(?:((?:unit|integration|ui)/[\w/]+\.py))?::(test_\w+)`", line):
            current = m.group(1) or current
            assert current is not None, line
            source = (ROOT / "tests" / current).read_text(encoding="utf-8")
            assert f"def {m.group(2)}(" in source, f"{current}::{m.group(2)}"
            checked += 1
    assert checked > 30


def test_every_rule_setting_is_documented() -> None:
    for key, setting in SETTINGS.items():
        if setting.group == "rules":
            kind, name = key.split(".")[1:]
            documented = (key in DOC or f"rules.{kind}/" in DOC or f"/{kind}." in DOC)
            assert documented and name in DOC, key
