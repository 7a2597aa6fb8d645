"""Every error code raised by the register and filing code has a Chinese and an English sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.resources import load_toml

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "app/domain/filing_rules.py", "app/services/register_service.py", "app/services/register_common.py",
    "app/services/filing_service.py", "app/services/filing_apply.py", "app/services/filing_queries.py",
    "app/services/attachment_service.py", "app/services/appeal_service.py",
    "app/services/info_correction_service.py", "app/cli/register_commands.py", "app/cli/filing_commands.py",
]
RAISE = re.compile(r"(?:RuleViolation|InvalidInput|NotFound|PermissionDenied|ConcurrentEdit)\(\s*\"([a-z0-9_]+)\"")
# Built at run time from a prefix (filing_rules._reason).
DYNAMIC = ["modification_reason_required", "cancellation_reason_required"]


def raised_codes() -> list[str]:
    codes = set(DYNAMIC)
    for module in MODULES:
        codes.update(RAISE.findall((ROOT / module).read_text("utf-8")))
    return sorted(codes)


def test_the_scan_finds_codes() -> None:
    assert len(raised_codes()) > 40


@pytest.mark.parametrize("code", raised_codes())
def test_code_has_both_sentences(code: str) -> None:
    entry = load_toml("messages", "errors.toml")["errors"].get(code)
    assert entry is not None, f"{code} has no sentence in resources/messages/errors.toml"
    assert entry["zh"].strip() and entry["en"].strip()


FIELD = re.compile(r"field=\"([a-z_]+)\"")


@pytest.mark.parametrize("field", sorted({f for m in MODULES for f in FIELD.findall((ROOT / m).read_text("utf-8"))}))
def test_field_has_a_label(field: str) -> None:
    assert field in load_toml("messages", "errors.toml")["fields"], f"no label for field {field}"
