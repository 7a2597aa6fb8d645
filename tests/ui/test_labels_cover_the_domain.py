"""app/ui/common/labels.py names the same codes as resources/messages/labels.toml (which
tests/unit/test_labels_catalogue.py holds to the domain), with the same Chinese words, so the
screens and the command line never drift apart."""

from __future__ import annotations

import pytest

from app.domain import filing_rules as fr
from app.messages import label_table
from app.ui.common import labels

# catalogue table -> the UI's table of the same codes
TABLES: dict[str, dict[str, str]] = {
    "filing_type": labels.FILING_TYPE_NAMES,
    "filing_state": labels.FILING_STATE_NAMES,
    **{f"reason.{filing_type}": labels.REASON_NAMES.get(filing_type, {}) for filing_type in fr.REASONS},
    "appeal_subject": labels.APPEAL_SUBJECT_NAMES,
    "certificate_state": labels.CERTIFICATE_STATE_NAMES,
    "verification_status": labels.VERIFICATION_STATUS_NAMES,
    "role": labels.ROLE_NAMES,
    "kind": labels.KIND_NAMES,
}
# The CLI prints a longer verdict (it has no banner to explain it); the words differ on purpose.
OWN_WORDING = {"verification_status"}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_ui_names_the_codes_of_the_catalogue(table: str) -> None:
    ui, catalogue = TABLES[table], label_table(table)
    assert set(ui) == set(catalogue)
    if table not in OWN_WORDING:
        assert {code: source for code, source in ui.items()} == \
            {code: entry["zh"] for code, entry in catalogue.items()}


def test_the_ui_names_every_action_of_a_filings_timeline() -> None:
    # edit and discard appear only inside error messages, never on a screen.
    assert set(labels.ACTION_NAMES) == set(fr.EVENT_ACTIONS)
    catalogue = label_table("filing_action")
    assert {code: catalogue[code]["zh"] for code in fr.EVENT_ACTIONS} == labels.ACTION_NAMES
    assert set(labels.REASON_NAMES) == set(fr.REASONS)


def test_a_code_the_ui_does_not_know_is_shown_as_it_is(qapp: object) -> None:
    assert labels.state_name("from_a_newer_register") == "from_a_newer_register"
    assert labels.appeal_subjects() == [(code, labels.appeal_subject_name(code))
                                        for code in fr.APPEAL_SUBJECTS]


@pytest.mark.parametrize("kind", sorted(labels.KIND_NAMES))
def test_kind_names_are_the_rules_datas_in_both_languages(qapp, kind: str) -> None:  # type: ignore[no-untyped-def]
    from app.domain.kinds import kind_rules
    from app.ui.common.i18n import set_language

    rules = kind_rules(kind)
    try:
        set_language(qapp, "en")
        assert labels.kind_name(kind) == rules.name_en
    finally:
        set_language(qapp, "zh")
    assert labels.kind_name(kind) == rules.name_zh
