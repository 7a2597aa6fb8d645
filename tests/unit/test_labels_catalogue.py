"""resources/messages/labels.toml names every code the domain defines, in Chinese and English,
and app.messages.label reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.codes import seal_ca
from app.codes import verify as code_verify
from app.domain import filing_rules as fr
from app.domain import sync_freeze
from app.domain.kinds import KINDS, kind_rules
from app.domain.roles import Role
from app.messages import label, label_table
from app.printing import pdf_seals
from app.services import (
    audit_service,
    certificate_queries,
    certificate_supersede,
    office_role,
    office_settings,
    sync_conflicts,
    sync_tables,
    verification_service,
)

ROOT = Path(__file__).resolve().parents[2]


def _warnings() -> set[str]:
    """The warnings a verification can carry (verify_core appends them by name)."""
    source = (ROOT / "app" / "services" / "verify_core.py").read_text("utf-8")
    return (set(re.findall(r'warnings\.append\("([a-z_]+)"\)', source)) | set(code_verify.CODE_WARNINGS)
            | set(sync_freeze.SYNC_WARNINGS))  # issue 12: a field office out of sync


# table -> the codes it must name, exactly
DOMAIN_CODES: dict[str, set[str]] = {
    "audit_finding": set(audit_service.FINDING_CODES),
    "filing_type": set(fr.FILING_TYPES),
    "filing_state": set(fr.STATES),
    # edit and discard: changes to a draft that filing_service refuses in other states
    "filing_action": set(fr.EVENT_ACTIONS) | {"edit", "discard"},
    **{f"reason.{filing_type}": set(codes) for filing_type, codes in fr.REASONS.items()},
    "appeal_subject": set(fr.APPEAL_SUBJECTS),
    "certificate_state": set(certificate_queries.STATES),
    "verification_status": set(verification_service.STATUSES),
    "verification_warning": _warnings(),
    "key_state": {"active", "retired", "trusted", "compromised", "reserved"},  # KeyInfo.state
    "role": {r.value for r in Role},
    "kind": set(KINDS),
    "certificate_field": set(certificate_supersede.LABELLED),
    "seal": {seal_ca.ROOT, *seal_ca.SEAL_ROLES},
    # a file's seals (pdf_seals.FileSignature.state), and a file that carries none
    "seal_state": set(pdf_seals.SIGNATURE_STATES) | {"unsigned"},
    # issue 12: field-office sync
    "office_role": set(office_settings.OFFICE_ROLES),
    "sync_direction": set(sync_tables.DIRECTIONS),
    "sync_resolution": set(sync_conflicts.CHOICES),
    "sync_entity": set(sync_tables.ENTITIES),
    "field_office_action": set(office_role.FIELD_OFFICE_REFUSED),
}


def _tables(node: dict[str, object], prefix: str = "") -> dict[str, dict[str, object]]:
    """Every table of the file whose entries are {zh, en} (``reason`` holds one per type)."""
    found: dict[str, dict[str, object]] = {}
    for key, value in node.items():
        assert isinstance(value, dict), f"{prefix}{key} is not a table"
        if all(isinstance(v, dict) and "zh" in v for v in value.values()):
            found[f"{prefix}{key}"] = value
        else:
            found.update(_tables(value, f"{prefix}{key}."))
    return found


def test_every_table_names_exactly_the_domain_codes() -> None:
    from app.resources import load_toml

    tables = _tables(load_toml("messages", "labels.toml"))
    assert set(tables) == set(DOMAIN_CODES)
    for table, codes in DOMAIN_CODES.items():
        assert codes, f"no codes found for {table}"
        assert set(label_table(table)) == codes, table


@pytest.mark.parametrize("table", sorted(DOMAIN_CODES))
def test_every_code_has_chinese_and_english(table: str) -> None:
    for code, entry in label_table(table).items():
        assert set(entry) == {"zh", "en"}, (table, code)
        assert entry["zh"].strip() and entry["en"].strip(), (table, code)
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), (table, code)


def test_verification_statuses_of_the_codes_are_a_subset_of_the_service_statuses() -> None:
    # The service adds revoked / superseded / no_code_found to what the code itself can say.
    assert set(code_verify.STATUSES) <= set(verification_service.STATUSES)


def test_kind_names_are_those_of_the_rules_data() -> None:
    for kind in KINDS:
        rules = kind_rules(kind)
        assert (label("kind", kind, "zh"), label("kind", kind, "en")) == (rules.name_zh, rules.name_en)


def test_label_reads_the_language_and_falls_back_to_the_code() -> None:
    assert label("filing_state", "submitted", "zh") == "个人已上报"
    assert label("filing_state", "submitted", "en") == "Submitted by the person"
    assert label("reason.cancellation", "retired", "en") == "Retired"
    assert label("filing_state", "from_a_newer_register", "zh") == "from_a_newer_register"
    assert label("no_such_table", "draft", "en") == "draft"
