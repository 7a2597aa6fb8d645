"""The self-test's Qt steps (``registry-office --self-test``, see app/cli/selftest.py).

What a frozen build most easily loses are Qt's plugins and add-ons: the platform plugin, the
image-format plugins, QtCharts (the dashboard), QtPrintSupport (printing certificates), and our
translations and fonts. Each is exercised here for real, on the offscreen platform unless the
caller chose another (so it runs headless, in CI and over SSH).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol


class SelfTest(Protocol):
    """What a step gets from the self-test runner (app/cli/selftest.py): its temporary folder."""

    work: Path


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.shell.application import make_application

    return QApplication.instance() or make_application(["registry-office", "--self-test"])


def _qt_core(t: SelfTest) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFontDatabase, QGuiApplication, QImageReader

    from app.fonts import cjk_font_families
    from app.ui.common.i18n import set_language

    app = _app()
    assert isinstance(app, QCoreApplication)
    missing = [f for f in cjk_font_families() if f not in QFontDatabase.families()]
    if missing:
        raise RuntimeError(f"bundled fonts not loaded: {missing}")
    if not set_language(app, "en"):
        raise RuntimeError("English translation (.qm) not found")
    english = QCoreApplication.translate("Application", "数据库已升级")
    set_language(app, "zh")
    if english == "数据库已升级":
        raise RuntimeError("the .qm file loaded but translates nothing")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if not {"jpeg", "png"} <= formats:
        raise RuntimeError(f"image format plugins missing: {sorted(formats)}")
    return (f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}, "
            f"fonts and translations loaded, {len(formats)} image formats")


def _qt_charts(t: SelfTest) -> str:
    from PySide6.QtCharts import QChart, QChartView, QPieSeries
    from PySide6.QtGui import QColor

    _app()
    series = QPieSeries()
    for label, value in (("有效", 8), ("已注销", 2)):
        series.append(label, value)
    chart = QChart()
    chart.addSeries(series)
    chart.legend().hide()
    view = QChartView(chart)
    view.resize(320, 240)
    image = view.grab().toImage()  # renders a hidden widget too: no window, no screen
    white = QColor("white").rgb()
    inked = sum(1 for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)
                if image.pixel(x, y) != white)
    if not inked:
        raise RuntimeError("QtCharts drew nothing")
    return f"pie chart rendered ({inked} sampled pixels inked)"


def _qt_print(t: SelfTest) -> str:
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    _app()
    target = t.work / "qt-print.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("cannot start printing")
    painter.drawText(200, 200, "注册证书打印自检 / print self-test")
    painter.end()
    size = target.stat().st_size if target.exists() else 0
    if size < 500:
        raise RuntimeError("print-to-PDF produced no page")
    printers = len(QPrinterInfo.availablePrinterNames())
    return f"QPrinter page {size // 1024} KB, {printers} system printer(s) visible"


QT_STEPS = (("qt", _qt_core), ("qtcharts", _qt_charts), ("print", _qt_print))
