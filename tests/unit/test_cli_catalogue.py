"""The CLI's wording lives in resources/messages/cli.toml: every sentence the CLI says is there in
both languages with the same placeholders, every entry is used, and the JSON documents keep
the label fields the service views used to carry."""

from __future__ import annotations

import ast
import re
import string
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.cli.context import to_jsonable
from app.messages import cli_text, label_table
from app.resources import load_toml
from app.services.filing_views import FilingEventView, FilingSummary

ROOT = Path(__file__).resolve().parents[2]
CLI_SOURCES = sorted((ROOT / "app" / "cli").glob("*.py"))
SAY = re.compile(r"""\b(?:say|cli_text)\(\s*["']([a-z_]+\.[a-z_]+)["']""")
LABEL = re.compile(r"""\.label\(\s*["']([a-z_.]+)["']""")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _entries() -> dict[str, dict[str, str]]:
    return {f"{section}.{key}": entry for section, table in load_toml("messages", "cli.toml").items()
            for key, entry in table.items()}


def _used(pattern: re.Pattern[str]) -> set[str]:
    return {key for path in CLI_SOURCES for key in pattern.findall(path.read_text("utf-8"))}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_the_cli_says_is_in_the_catalogue_and_every_entry_is_used() -> None:
    used, entries = _used(SAY), _entries()
    assert used, "the pattern finds no ctx.say(...) calls"
    assert sorted(used - set(entries)) == []
    assert sorted(set(entries) - used) == [], "entries of cli.toml that nothing says"


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in _entries().items():
        assert set(entry) == {"zh", "en"}, key
        assert CJK.search(entry["zh"]) and not CJK.search(entry["en"]), key
        assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_the_cli_names_codes_from_tables_that_exist() -> None:
    tables = _used(LABEL)
    assert tables
    for table in tables:
        assert label_table(table), table


def _chinese_strings(path: Path) -> list[tuple[int, str]]:
    """String constants (f-string parts too) with Chinese in them, docstrings left out."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CJK.search(node.value) and id(node) not in docstrings]


def test_no_chinese_sentence_is_left_in_the_cli_code() -> None:
    # Help texts carry a Chinese gloss beside the English ("filings / 注册申报"); a string with
    # Chinese and no English word is a sentence, and belongs in cli.toml.
    for path in CLI_SOURCES:
        for line, text in _chinese_strings(path):
            english = re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", text))
            assert english, f"{path.name}:{line}: {text!r}"


def test_cli_text_fills_named_placeholders_with_their_formats() -> None:
    assert cli_text("imaging.geometry", "en", head_ratio=0.6789, eye_angle=-2.04) == \
        "  head ratio 0.68, eye line -2.0°"
    assert cli_text("search.total", "zh", total=3) == "共 3 人"


def _event(action: str, to_state: str) -> FilingEventView:
    return FilingEventView(1, datetime(2026, 1, 1, tzinfo=UTC), "clerk1", action, None, to_state, None)


def test_json_keeps_the_chinese_label_fields_after_their_codes() -> None:
    summary = FilingSummary(uuid.uuid4(), "SB2026000001", uuid.uuid4(), "李雷", "initial", "engineer",
                            "structural", "submitted", datetime(2026, 1, 1, tzinfo=UTC), None, None, 1)
    doc: dict[str, Any] = to_jsonable([summary])[0]
    keys = list(doc)
    assert keys[keys.index("type") + 1] == "type_label" and doc["type_label"] == "初始注册"
    assert keys[keys.index("state") + 1] == "state_label" and doc["state_label"] == "个人已上报"
    event = to_jsonable(_event("create", "draft"))
    assert (event["action_label"], event["to_state_label"]) == ("创建申报", "草稿")
    assert list(event)[list(event).index("action") + 1] == "action_label"
