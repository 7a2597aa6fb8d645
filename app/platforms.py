"""What differs between Windows and the Linux desktops, as pure functions of the platform.

Each takes the platform (``sys.platform``) and, where it matters, the environment, so the
Windows paths are unit-tested on Linux (tests/unit/test_platforms.py); the Windows build itself
is not tested here (see installer/README.md). Used by :mod:`app.settings` (where the register
and settings live), the scanner (which camera backend to open) and the UI (which system font
families to put our CJK fonts behind).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "RegistryOffice"


def user_data_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None,
                  home: Path | None = None) -> Path:
    """The per-user folder of the register file, its backups and the settings.

    Windows: ``%LOCALAPPDATA%\\RegistryOffice`` (local, not roaming: a register of hundreds of
    megabytes must not travel with a roaming profile); macOS: ``~/Library/Application
    Support/RegistryOffice``; elsewhere the XDG data folder. The same answers platformdirs gave
    the first release, so existing registers are found after an upgrade.
    """
    env = os.environ if env is None else env
    home = home or Path.home()
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    xdg = env.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share") / APP_DIR_NAME


def user_config_dir(platform: str = sys.platform, env: Mapping[str, str] | None = None,
                    home: Path | None = None) -> Path:
    """Workstation settings: beside the data on Windows and macOS, XDG config elsewhere."""
    env = os.environ if env is None else env
    home = home or Path.home()
    if platform in ("win32", "darwin"):
        return user_data_dir(platform, env, home) if platform == "win32" else (
            home / "Library" / "Application Support" / APP_DIR_NAME)
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".config") / APP_DIR_NAME


def camera_backend(platform: str = sys.platform) -> str:
    """OpenCV capture backend for cameras: DirectShow on Windows, whatever OpenCV picks elsewhere.

    On Windows OpenCV's default (Media Foundation) takes seconds to open many USB document
    cameras and ignores the one-frame buffer the help desk needs; DirectShow opens at once.
    Names, not cv2 constants, so this module needs no OpenCV (the scanner maps them).
    """
    return "dshow" if platform == "win32" else "any"


def ui_font_families(platform: str = sys.platform) -> tuple[str, ...]:
    """System UI font families to put the bundled CJK fonts behind (Qt family substitution),
    so names render even where no Chinese font is installed, whatever the default font is."""
    common = ("Sans Serif", "sans-serif", "Helvetica", "Arial")
    if platform == "win32":
        return ("Segoe UI", "MS Shell Dlg 2", "Microsoft YaHei", "Microsoft YaHei UI", "SimSun",
                *common)
    if platform == "darwin":
        return (".AppleSystemUIFont", "PingFang SC", *common)
    return ("DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", *common)
