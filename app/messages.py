"""The wording of everything outside the UI, in Chinese and English, from ``resources/messages``.

- ``errors.toml``: a sentence per error code, for the CLI and the UI, so a rule's wording lives
  in exactly one place. Each entry has ``zh`` and ``en`` templates using ``{name}`` placeholders
  filled from the error's params (a ``name_en`` param, when present, fills ``{name}`` in
  English); ``{field}`` is the translated field name from the ``[fields]`` table.
- ``labels.toml``: the names of codes (filing types and states, reasons, certificate states,
  ...) for the CLI and for error parameters: :func:`label`.
- ``cli.toml``: every sentence the command line prints, keyed by name: :func:`cli_text`.

The UI names codes through Qt's translation system instead (``app/ui/common/labels.py``).
Each file is read on first use and kept (:func:`app.resources.load_toml` caches).
"""

from __future__ import annotations

import locale
import os
import sys
from typing import Any

from app.errors import RegistryError
from app.resources import load_toml

SUPPORTED = ("zh", "en")


def default_language() -> str:
    """zh unless the environment clearly asks for another language (LANGUAGE, LC_ALL, LANG)."""
    for var in ("REGISTRY_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and not value.upper().startswith(("C.", "POSIX")) and value.upper() != "C":
            return "en" if value.lower().startswith("en") else "zh"
    if sys.platform == "win32":  # Windows sets no LANG: ask the system locale
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
        return "en" if loc.lower().startswith("en") else "zh"
    return "zh"  # the product's language; C/POSIX locales say nothing about the user


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def field_label(field: str | None, lang: str) -> str:
    if not field:
        return ""
    fields = load_toml("messages", "errors.toml").get("fields", {})
    entry = fields.get(field)
    return entry.get(lang, field) if entry else field


def describe(error: RegistryError, lang: str | None = None) -> str:
    """A complete sentence for ``error`` in ``lang`` (default: :func:`default_language`)."""
    lang = lang if lang in SUPPORTED else default_language()
    catalogue = load_toml("messages", "errors.toml")
    entry = catalogue.get("errors", {}).get(error.code)
    params = _SafeDict({k: _fmt(v) for k, v in error.params.items()})
    # A parameter may come in several languages: ``state`` (zh) beside ``state_en``; the
    # template names ``{state}`` in both languages and gets the one matching ``lang``.
    for key, value in error.params.items():
        base, _, suffix = key.rpartition("_")
        if base and suffix == lang:
            params[base] = _fmt(value)
    params["field"] = field_label(error.field, lang)
    text: str
    if entry is None:
        text = catalogue["errors"]["unknown_error"][lang]
        params["code"] = error.code
    else:
        text = entry[lang]
    sentence = text.format_map(params)
    if error.field and "{field}" not in text:
        sep = "：" if lang == "zh" else ": "
        sentence = f"{params['field']}{sep}{sentence}"
    return sentence


def label(table: str, code: str, lang: str) -> str:
    """The name of ``code`` in ``table`` of labels.toml (``reason.modification`` names a nested
    table); a code the catalogue does not know (from a newer register, say) is shown as it is."""
    entry = label_table(table).get(code)
    if not isinstance(entry, dict):
        return code
    return str(entry.get(lang) or entry.get("zh") or code)


def label_table(table: str) -> dict[str, Any]:
    """One table of labels.toml: code -> {zh, en} (empty if there is no such table)."""
    node: Any = load_toml("messages", "labels.toml")
    for part in table.split("."):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def cli_text(key: str, lang: str, **params: Any) -> str:
    """The CLI sentence ``key`` (``section.name`` in cli.toml) in ``lang``, placeholders filled.

    A missing key is a programming error (tests check every key the CLI uses), so it raises."""
    node: Any = load_toml("messages", "cli.toml")
    for part in key.split("."):
        node = node[part]
    template = node[lang if lang in SUPPORTED else "zh"]
    return str(template).format(**params)


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    return str(value)
