"""Shared by the screenshot scripts: make sure there is a display to render real windows on.

Without ``DISPLAY`` the calling script re-executes itself under ``xvfb-run -a``; the
environment marker stops a second re-execution inside Xvfb.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

_MARKER = "SCREENSHOTS_UNDER_XVFB"


def ensure_display(screen: str = "1400x900x24", offscreen_fallback: bool = False) -> None:
    """Return if a display exists; otherwise re-run this script under Xvfb (never returns).

    With no Xvfb installed: fall back to Qt's offscreen platform if allowed, else exit with
    a message saying what to install.
    """
    if os.environ.get("DISPLAY") or os.environ.get(_MARKER) \
            or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        if offscreen_fallback:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            return
        sys.exit("No DISPLAY and no xvfb-run: install Xvfb (apt-get install xvfb)")
    env = {**os.environ, _MARKER: "1"}
    cmd = [xvfb, "-a", "-s", f"-screen 0 {screen}", sys.executable, *sys.argv]
    raise SystemExit(subprocess.call(cmd, env=env))
