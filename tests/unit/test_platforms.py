"""The Windows-specific paths, checked without Windows: where the register lives, which camera
backend opens, which system fonts get our CJK fallback; and that on this machine the answers
are those the first release gave (platformdirs), so an upgrade finds the existing register."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

import cv2
import platformdirs
import pytest

from app import platforms
from app.scanner.sources import capture_api


def test_windows_register_lives_in_local_appdata() -> None:
    env = {"LOCALAPPDATA": r"C:\Users\clerk\AppData\Local", "APPDATA": r"C:\Users\clerk\AppData\Roaming"}
    path = platforms.user_data_dir("win32", env, Path("/home/x"))
    assert PureWindowsPath(str(path)).parts[-4:] == ("clerk", "AppData", "Local", "RegistryOffice")
    # settings beside it (platformdirs' Windows answer for config is the same local folder)
    assert platforms.user_config_dir("win32", env, Path("/home/x")) == path


def test_windows_without_localappdata_falls_back_to_the_profile() -> None:
    path = platforms.user_data_dir("win32", {}, Path("/profiles/clerk"))
    assert path == Path("/profiles/clerk/AppData/Local/RegistryOffice")


def test_linux_and_mac_folders(tmp_path: Path) -> None:
    assert platforms.user_data_dir("linux", {}, tmp_path) == tmp_path / ".local/share/RegistryOffice"
    assert platforms.user_data_dir("linux", {"XDG_DATA_HOME": "/srv/data"}, tmp_path) == Path(
        "/srv/data/RegistryOffice")
    assert platforms.user_data_dir("linux", {"XDG_DATA_HOME": "relative"}, tmp_path) == (
        tmp_path / ".local/share/RegistryOffice")  # the XDG spec: relative values are ignored
    assert platforms.user_config_dir("linux", {}, tmp_path) == tmp_path / ".config/RegistryOffice"
    assert platforms.user_data_dir("darwin", {}, tmp_path) == (
        tmp_path / "Library/Application Support/RegistryOffice")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="compares with this machine")
def test_same_folders_as_the_first_release(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    assert platforms.user_data_dir() == Path(platformdirs.user_data_dir("RegistryOffice", False))
    assert platforms.user_config_dir() == Path(platformdirs.user_config_dir("RegistryOffice", False))


def test_camera_backend_is_directshow_on_windows_only() -> None:
    assert platforms.camera_backend("win32") == "dshow"
    assert capture_api("win32") == cv2.CAP_DSHOW
    assert capture_api("linux") == cv2.CAP_ANY and capture_api("darwin") == cv2.CAP_ANY


def test_cjk_fallback_sits_behind_the_windows_ui_fonts() -> None:
    families = platforms.ui_font_families("win32")
    assert {"Segoe UI", "MS Shell Dlg 2", "Microsoft YaHei"} <= set(families)
    assert "Arial" in families and "DejaVu Sans" in platforms.ui_font_families("linux")
