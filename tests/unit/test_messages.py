"""Every error code raised anywhere in the core has a Chinese and an English sentence."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from app.errors import InvalidInput, RuleViolation
from app.messages import describe
from app.resources import load_toml

ROOT = Path(__file__).resolve().parents[2]
RAISE = re.compile(
    r"\b(?:RuleViolation|InvalidInput|NotFound|PermissionDenied|ConcurrentEdit|DatabaseProblem|"
    r"RegistryError|[A-Z]\w*Error)\(\s*\"([a-z][a-z0-9_]+)\""
)


def _raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        codes.update(RAISE.findall(path.read_text("utf-8")))
    return codes


def test_every_raised_code_has_both_languages() -> None:
    catalogue = load_toml("messages", "errors.toml")["errors"]
    missing = sorted(c for c in _raised_codes() if c not in catalogue)
    assert not missing, f"codes without a message in resources/messages/errors.toml: {missing}"
    for code, entry in catalogue.items():
        assert entry.get("zh") and entry.get("en"), code


def test_templates_use_the_same_placeholders_in_both_languages() -> None:
    catalogue = load_toml("messages", "errors.toml")["errors"]
    fmt = string.Formatter()
    for code, entry in catalogue.items():
        zh = {f for _, f, _, _ in fmt.parse(entry["zh"]) if f}
        en = {f for _, f, _, _ in fmt.parse(entry["en"]) if f}
        assert zh == en, code


def test_describe_names_the_field_and_the_rule() -> None:
    err = InvalidInput("id_check_char", field="id_number", expected="X", actual="1")
    assert describe(err, "zh") == "证件号码校验位错误：应为 X，实际为 1（请核对是否输错）"
    assert describe(err, "en").startswith("ID number: wrong check character")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_code_still_gives_a_sentence(lang: str) -> None:
    text = describe(RuleViolation("no_such_code"), lang)
    assert "no_such_code" in text
