"""Languages: installing Qt translators and the application font (CJK fallback).

Chinese is the source language of every UI string (``self.tr("人员")``); English comes from
``resources/translations/registry_office_en.qm``. Qt's own ``qtbase_zh_CN.qm`` translates the
standard dialogs (file chooser, message box buttons) when the language is Chinese.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.fonts import cjk_font_paths
from app.platforms import ui_font_families
from app.resources import resource_path

log = logging.getLogger(__name__)
QM_NAME = "registry_office_en"
_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Mark ``source`` for extraction in ``context``; translate it later with
    ``QCoreApplication.translate(context, source)``. PySide's own returns ``object`` to mypy."""
    return source


def translations_dir() -> Path:
    return resource_path("translations")


def set_language(app: QCoreApplication, lang: str) -> bool:
    """Install the translators for ``lang`` (replacing earlier ones). False if a file is missing."""
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    ok = True
    if lang == "en":
        ours = QTranslator(app)
        if ours.load(QM_NAME, str(translations_dir())):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("English translation %s.qm not found", QM_NAME)
            ok = False
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qtbase)
            _installed.append(qtbase)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    app.setProperty("registry_language", lang if lang in ("zh", "en") else "zh")
    return ok


def load_cjk_fonts(app: QApplication) -> list[str]:
    """Register the bundled CJK font(s) and put them behind the default UI font.

    A fresh machine may have no Chinese font at all; without this every name would be boxes.
    Family substitution keeps the platform's Latin font for ASCII and falls back to ours.
    """
    families: list[str] = []
    for path in cjk_font_paths():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
        else:  # a missing or damaged font must not stop the office: log and go on
            log.warning("CJK font unavailable: %s", path)
    if families:
        base = app.font()
        for name in {base.family(), *ui_font_families()}:
            QFont.insertSubstitutions(name, families)
        font = QFont(base)
        font.setFamilies([base.family(), *families])
        app.setFont(font)
    return families
