"""Printers for UI tests: a QPrinter writing PDF, and one that jams on a chosen page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

DPI = 300


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(DPI)
    return printer


class JammingPrinter(QPrinter):
    """A printer that refuses the n-th new page (a paper jam), like a real one can."""

    def __init__(self, path: Path, fail_on_page: int) -> None:
        super().__init__(QPrinter.PrinterMode.HighResolution)
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(path))
        self.setResolution(DPI)
        self.pages = 1
        self.fail_on_page = fail_on_page

    def newPage(self) -> bool:
        self.pages += 1
        if self.pages == self.fail_on_page:
            return False
        return super().newPage()
