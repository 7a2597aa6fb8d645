"""Reading barcodes from frames: zxing-cpp first, ZBar as a throttled second chance. No Qt.

Measured on synthetic webcam footage (``benchmarks/scan_benchmark.py``), zxing-cpp reads the
most codes and is more than ten times faster than ZBar, so every frame goes to zxing-cpp
(QR formats only: each further format family roughly doubles its time). Blur is the main
failure, and an unsharp-masked copy recovers a good share of the misses, so that is the
second attempt. ZBar and the non-QR formats follow only on a throttle (see
:class:`CodeReader`). Files (``thorough=True``) get every attempt.

Non-QR codes are reported too: a help-desk operator who holds a parcel's barcode to the camera
must be told "not one of our certificates", not "no code found".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import zxingcpp

log = logging.getLogger(__name__)

_F = zxingcpp.BarcodeFormat
Formats = tuple[zxingcpp.BarcodeFormat, ...]
# Every frame: QR codes only. Each further format family costs zxing-cpp about as much again
# (measured: QR alone ~2 ms per 1280x720 frame, +3 ms for DataMatrix, +3 ms for Code 128, ...).
QR_FORMATS: Formats = (_F.QRCode, _F.MicroQRCode)
# Frames with no QR code, on the throttle, and files: the other codes a help desk may be shown
# (a parcel label, a product barcode, another system's DataMatrix) so they are reported as
# "not one of our certificates" rather than "no code found".
OTHER_FORMATS: Formats = (_F.DataMatrix, _F.Aztec, _F.PDF417, _F.Code128, _F.Code39, _F.Code93,
                 _F.EAN13, _F.EAN8, _F.UPCA, _F.UPCE, _F.ITF, _F.Codabar)


@dataclass(frozen=True)
class DecodedCode:
    """One code found in a frame."""

    text: str
    format: str        # "QRCode", "Code128", ... (zxing-cpp's names; ZBar's are mapped)
    decoder: str       # "zxing" / "zbar" / "zxing+sharpen" ...
    corners: tuple[tuple[int, int], ...] = ()

    @property
    def is_qr(self) -> bool:
        return self.format in ("QRCode", "MicroQRCode")


def to_gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return frame
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


def _format_name(fmt: zxingcpp.BarcodeFormat) -> str:
    name = getattr(fmt, "name", None) or str(fmt)
    return str(name).split(".")[-1]


def read_zxing(gray: np.ndarray, formats: Formats = QR_FORMATS,
               label: str = "zxing", invert: bool = True, quick: bool = False) -> list[DecodedCode]:
    """zxing-cpp on a grey or BGR frame (the given formats, any orientation; ``invert``: also
    light-on-dark codes, as phone screens in dark mode show them). ``quick``: one global
    threshold at full resolution only — about half the time, reads the evenly lit frames."""
    out: list[DecodedCode] = []
    extra: dict[str, Any] = {}
    if quick:
        extra = {"binarizer": zxingcpp.Binarizer.GlobalHistogram, "try_downscale": False}
    for code in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(formats),
                                       try_invert=invert, **extra):
        if not code.valid or not code.text:
            continue
        p = code.position
        corners = tuple((int(pt.x), int(pt.y)) for pt in
                        (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        out.append(DecodedCode(code.text, _format_name(code.format), label, corners))
    return out


_ZBAR_NAMES = {"QRCODE": "QRCode", "CODE128": "Code128", "CODE39": "Code39", "EAN13": "EAN13",
               "EAN8": "EAN8", "UPCA": "UPCA", "I25": "ITF", "PDF417": "PDF417"}
_zbar_available: bool | None = None
# Named explicitly: ZBar's DataBar reader asserts (and prints to stderr) on noisy frames.
_ZBAR_SYMBOLS: list[Any] = []


def _zbar_symbols() -> list[Any]:
    from pyzbar.pyzbar import ZBarSymbol

    return [ZBarSymbol.QRCODE, ZBarSymbol.CODE128, ZBarSymbol.CODE39, ZBarSymbol.CODE93,
            ZBarSymbol.EAN13, ZBarSymbol.EAN8, ZBarSymbol.UPCA, ZBarSymbol.UPCE,
            ZBarSymbol.I25, ZBarSymbol.CODABAR]


def read_zbar(gray: np.ndarray, label: str = "zbar") -> list[DecodedCode]:
    """ZBar through pyzbar; returns nothing when the zbar library is missing on this machine."""
    global _zbar_available
    if _zbar_available is False:
        return []
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError) as exc:  # the shared library is not installed
        log.warning("ZBar unavailable, using zxing-cpp only: %s", exc)
        _zbar_available = False
        return []
    _zbar_available = True
    if not _ZBAR_SYMBOLS:
        _ZBAR_SYMBOLS.extend(_zbar_symbols())
    out: list[DecodedCode] = []
    for sym in pyzbar.decode(gray, symbols=_ZBAR_SYMBOLS):
        try:
            text = sym.data.decode("utf-8")
        except UnicodeDecodeError:
            text = sym.data.decode("latin-1")
        if not text:
            continue
        corners = tuple((int(p.x), int(p.y)) for p in (sym.polygon or ()))
        out.append(DecodedCode(text, _ZBAR_NAMES.get(sym.type, sym.type.title()), label, corners))
    return out


def sharpen(gray: np.ndarray, amount: float = 1.5, sigma: float = 2.0) -> np.ndarray:
    """Unsharp mask: restores module edges of a defocused code (blur is the main failure)."""
    soft = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1.0 + amount, soft, -amount, 0)


def equalize(gray: np.ndarray) -> np.ndarray:
    """CLAHE: evens out a glare or a shadow. Measured in the benchmark's ablation only: it
    recovered no frame there, so the reader does not use it."""
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray)


def _unique(codes: list[DecodedCode]) -> list[DecodedCode]:
    seen: set[str] = set()
    out: list[DecodedCode] = []
    for code in codes:
        if code.text not in seen:
            seen.add(code.text)
            out.append(code)
    return out


class CodeReader:
    """The production decoder. One instance per camera thread (it keeps the throttle's count).

    Live path (``read(frame)``), in the order ``benchmarks/scan_benchmark.py`` found worth
    their time:

    1. zxing-cpp, QR formats, dark-on-light only, on the frame as it is: a quick global
       threshold at full resolution, then zxing-cpp's default local-average binarizer
       (~2-3 ms together; reads most frames);
    2. on a miss, zxing-cpp on a sharpened copy: blur is the main failure, and the unsharp
       mask recovered about a quarter of zxing-cpp's misses (CLAHE recovered none, so it is
       not used);
    3. on every ``second_every``-th miss only: zxing-cpp for every format, inverted codes
       included (so a foreign barcode or a dark-mode phone screen is reported as such), and
       ZBar. On the benchmark corpus ZBar recovered no
       certificate that the sharpened zxing-cpp pass had missed, at ~10x its cost, so it stays
       a rare second opinion rather than a per-frame step.

    ``read(frame, thorough=True)`` is for files: every attempt, no throttle.
    """

    def __init__(self, second_every: int = 4, use_zbar: bool = True,
                 use_sharpen: bool = True) -> None:
        self.second_every = max(1, second_every)
        self.use_zbar = use_zbar
        self.use_sharpen = use_sharpen
        self._misses = 0

    def read(self, frame: np.ndarray, thorough: bool = False) -> list[DecodedCode]:
        # zxing-cpp takes the BGR frame as it is (it reads luminance itself): no grey copy on
        # the common path. The copy is made only for the second chances, which need it.
        # A printed certificate is dark on light: the inverted search (~15% of zxing-cpp's
        # time) waits for the throttled pass, which reads phone screens in dark mode. A quick
        # global-threshold pass first, then the local-average one (measured: same success,
        # ~0.4 ms lower median per frame than the local-average pass alone).
        view = _zxing_view(frame)
        found = read_zxing(view, invert=False, quick=True) or read_zxing(view, invert=False)
        if found:
            self._misses = 0
            return _unique(found)
        gray = to_gray(frame)
        for attempt in self._second_chances(gray, thorough):
            found = attempt()
            if found:
                self._misses = 0
                return _unique(found)
        self._misses += 1
        return []

    def _second_chances(self, gray: np.ndarray,
                        thorough: bool) -> Iterator[Callable[[], list[DecodedCode]]]:
        if self.use_sharpen:
            yield lambda: read_zxing(sharpen(gray), label="zxing+sharpen", invert=False)
        # self._misses counts the misses before this frame: the throttle lets 1 in N through.
        if not thorough and (self._misses + 1) % self.second_every:
            return
        yield lambda: read_zxing(gray, QR_FORMATS + OTHER_FORMATS, label="zxing")
        if self.use_zbar:
            yield lambda: read_zbar(gray)
        if thorough and self.use_zbar:
            yield lambda: read_zbar(sharpen(gray), label="zbar+sharpen")


def _zxing_view(frame: np.ndarray) -> np.ndarray:
    """What zxing-cpp accepts directly: grey or 3-channel BGR, C-contiguous."""
    if frame.ndim == 3 and frame.shape[2] == 4:
        return to_gray(frame)
    return frame if frame.flags.c_contiguous else np.ascontiguousarray(frame)


def read_codes(frame: np.ndarray, thorough: bool = True) -> list[DecodedCode]:
    """One-shot helper for a still picture (an image file, a PDF page)."""
    return CodeReader().read(frame, thorough=thorough)
