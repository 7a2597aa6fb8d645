"""Extract UI strings into the English .ts file and compile it to .qm (Qt's own tools).

    .venv/bin/python scripts/update_translations.py            # lupdate + lrelease
    .venv/bin/python scripts/update_translations.py --check    # fail if anything is unfinished

Chinese is the source language of every ``tr()`` string; the .ts holds the English translations.
``pyside6-lupdate`` keeps existing translations and marks new strings unfinished; ``--fill``
takes translations from ``resources/translations/en_glossary.tsv`` (source<TAB>translation),
which is how this project keeps them reviewable in a diff.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "registry_office_en.ts"
QM = TS.with_suffix(".qm")
GLOSSARY = ROOT / "resources" / "translations" / "en_glossary.tsv"


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (install PySide6)")
    return found


def ui_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "app" / "ui").rglob("*.py") if p.name != "__init__.py")


def lupdate(ts: Path = TS) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    cmd = [tool("pyside6-lupdate"), *map(str, ui_sources()), "-source-language", "zh_CN",
           "-target-language", "en_US", "-no-obsolete", "-ts", str(ts)]
    subprocess.run(cmd, check=True, capture_output=True)


def load_glossary() -> dict[str, str]:
    if not GLOSSARY.exists():
        return {}
    out: dict[str, str] = {}
    for line in GLOSSARY.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, _, dst = line.partition("\t")
        out[unescape(src)] = unescape(dst)
    return out


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def fill(glossary: dict[str, str]) -> list[str]:
    """Put glossary translations into unfinished entries; return sources still missing."""
    tree = ET.parse(TS)
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if translation.get("type") == "unfinished":
            context = message_context(tree, message)
            text = glossary.get(f"{context}::{source}") or glossary.get(source)
            if text:
                translation.text = text
                del translation.attrib["type"]
            else:
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return missing


def message_context(tree: ET.ElementTree, message: ET.Element) -> str:
    """The <name> of the <context> holding ``message`` (a glossary line may name it:
    ``Context::source``, for a word that translates differently in two places)."""
    for context in tree.iter("context"):
        if any(m is message for m in context.iter("message")):
            return context.findtext("name") or ""
    return ""


def unfinished(ts: Path = TS) -> list[str]:
    tree = ET.parse(ts)
    return [m.findtext("source") or "" for m in tree.iter("message")
            if (t := m.find("translation")) is not None
            and (t.get("type") == "unfinished" or not (t.text or "").strip())]


def lrelease() -> None:
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True,
                   capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report unfinished entries")
    parser.add_argument("--missing", type=Path, help="write sources without translation here (TSV)")
    args = parser.parse_args()
    if args.check:
        # Extract afresh into a copy: a string added to the code but not yet translated counts.
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / TS.name
            shutil.copy(TS, copy)
            lupdate(copy)
            left = unfinished(copy)
        for s in left:
            print("unfinished:", escape(s))
        return 1 if left else 0
    lupdate()
    missing = fill(load_glossary())
    if args.missing:
        args.missing.write_text("".join(f"{escape(s)}\t\n" for s in dict.fromkeys(missing)), "utf-8")
    lrelease()
    print(f"{TS.relative_to(ROOT)}: {len(missing)} unfinished; {QM.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
