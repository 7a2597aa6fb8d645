"""Display names of filing types, states, actions and reasons in the UI's language.

The codes and their zh/en names belong to the domain (:mod:`app.domain.filing_rules`), so the
CLI, the UI and printed receipts use the same words; this module only picks the language.
"""

from __future__ import annotations

from app.domain import filing_rules as fr
from app.ui.common.errors import current_language

TYPES = fr.FILING_TYPES


def type_name(code: str) -> str:
    return fr.type_label(code, current_language())


def state_name(code: str) -> str:
    return fr.state_label(code, current_language())


def action_name(code: str) -> str:
    if code in fr.TRANSITIONS:
        return fr.action_label(code, current_language())
    extra = {"create": ("创建", "Created")}
    zh, en = extra.get(code, (code, code))
    return en if current_language() == "en" else zh


def reasons(filing_type: str) -> list[tuple[str, str]]:
    """(code, label) of the reasons a type offers; empty for types without a reason."""
    table = {fr.MODIFICATION: fr.MODIFICATION_REASONS, fr.CANCELLATION: fr.CANCELLATION_REASONS}
    choices = table.get(filing_type, {})
    lang = current_language()
    return [(code, en if lang == "en" else zh) for code, (zh, en) in choices.items()]


def reason_name(filing_type: str, code: str) -> str:
    return dict(reasons(filing_type)).get(code, code)
