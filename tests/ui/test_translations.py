"""The English translation is complete and compiled, and the UI really switches language."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from app.resources import resource_path

TS = resource_path("translations", "registry_office_en.ts")


def test_ts_has_no_unfinished_entries() -> None:
    tree = ET.parse(TS)
    unfinished = [m.findtext("source") for m in tree.iter("message")
                  if (t := m.find("translation")) is not None
                  and (t.get("type") in ("unfinished", "obsolete", "vanished")
                       or not (t.text or "").strip())]
    assert not unfinished, unfinished[:10]
    assert sum(1 for _ in tree.iter("message")) > 300


def test_qm_is_current_with_ts() -> None:
    """Every UI string is in the .ts (lupdate finds nothing new) and the .qm is shipped."""
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_size > 10_000
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, str(root / "scripts" / "update_translations.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_language_switch_rebuilds_window(qtbot, make_context, staff) -> None:
    from app.ui.shell.application import Session

    ctx = make_context(staff["clerk"])
    session = Session(ctx)
    win = session.show()
    qtbot.addWidget(win)
    assert win.nav.item(0).text() == "人员"
    session.change_language("en")
    assert session.window is not win
    qtbot.addWidget(session.window)
    assert session.window.nav.item(0).text() == "Persons"
    assert session.window.menuBar().actions()[0].text() == "&File"
    session.change_language("zh")
    qtbot.addWidget(session.window)
    assert session.window.nav.item(0).text() == "人员"
    session.window.close()
