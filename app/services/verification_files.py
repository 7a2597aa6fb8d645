"""The codes in a file handed to the help desk or to ``registry-office verify``: an image, the
pages of a PDF, or a text file with one code a line.

Sizes are checked before anything is decoded: a picture file over :data:`FILE_MAX_BYTES`, an
image whose header announces more than :data:`MAX_PIXELS`, or a PDF page that would render to
more, is refused with the imaging part's error codes (a dropped file must not exhaust the
help desk's memory). Text files are read only up to :data:`TEXT_MAX_BYTES`: a code is a few KB.

OpenCV, zxing-cpp and pdfium load only when a picture is read: the CLI imports this module
(through the verification service) for every command and must not pay for them.
"""

from __future__ import annotations

from pathlib import Path

from app import inputs
from app.errors import InvalidInput

# The same sets as app.scanner.sources (which imports cv2 at once; this module must not).
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"})
PDF_SUFFIXES = frozenset({".pdf"})
OFD_SUFFIXES = frozenset({".ofd"})
# Files that may carry electronic seals (issue 13: app.services.seal_service checks them).
SEALABLE_SUFFIXES = PDF_SUFFIXES | OFD_SUFFIXES
# The limits are the input boundary's (app.inputs.LIMITS), one per kind of input.
FILE_MAX_BYTES = inputs.limit("picture_file_bytes")
MAX_PIXELS = inputs.DEFAULT_MAX_PIXELS  # as app.imaging's default: more is a decompression bomb
TEXT_MAX_BYTES = inputs.limit("text_file_bytes")
# Every code found is verified and logged; a document full of codes is no certificate, and
# the scanner renders at most 50 pages of a PDF anyway.
MAX_CODES_PER_FILE = 50
_MB = 1024 * 1024


def codes_in_file(path: Path, max_pixels: int = MAX_PIXELS) -> list[str]:
    """The distinct texts of the codes in ``path``, in page order; empty if it holds none."""
    if not path.exists():
        raise InvalidInput("source_not_found", path=str(path))
    size = inputs.check_regular_file(path, "input")  # a directory or a device is refused
    suffix = path.suffix.lower()
    if suffix in OFD_SUFFIXES:
        # Issue 13: an OFD's seals are checked (seal_service); its QR code is drawn as vector
        # paths, which this module does not rasterise: no code is read from it.
        return []
    if suffix not in IMAGE_SUFFIXES and suffix not in PDF_SUFFIXES:
        try:
            data = inputs.read_file(path, "input", TEXT_MAX_BYTES)  # all of it, or refused
        except InvalidInput as exc:
            if exc.code == "file_unreadable":  # /proc/self/mem and the like
                raise InvalidInput("source_unreadable", path=str(path)) from None
            raise
        return codes_in_text(data, str(path))
    if size > FILE_MAX_BYTES:
        raise InvalidInput("image_file_too_big", size_mb=size // _MB, limit_mb=FILE_MAX_BYTES // _MB)
    if suffix in PDF_SUFFIXES:
        _check_pdf_pages(path, max_pixels)
        return _codes_in_pictures(path, max_pixels)
    return _codes_in_image(path, max_pixels)


def codes_in_text(data: bytes, name: str) -> list[str]:
    """Non-empty lines of a text (UTF-8, with or without BOM); binary data is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("source_unreadable", path=name) from None
    if "\x00" in text:
        raise InvalidInput("source_unreadable", path=name)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _too_large(size: str, max_pixels: int = MAX_PIXELS) -> InvalidInput:
    return InvalidInput("image_too_large", size=size, limit_mp=max(1, max_pixels // 1_000_000))


def _check_pdf_pages(path: Path, max_pixels: int = MAX_PIXELS) -> None:
    import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

    from app.scanner.sources import PDF_DPI

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return  # the scanner reports it as unreadable
    try:
        scale = PDF_DPI / 72.0
        for index in range(len(pdf)):
            width, height = pdf.get_page_size(index)
            if width * scale * height * scale > max_pixels:
                raise _too_large(f"{round(width * scale)}×{round(height * scale)}", max_pixels)
    except pdfium.PdfiumError:
        raise InvalidInput("source_unreadable", path=str(path)) from None
    finally:
        pdf.close()


def _codes_in_image(path: Path, max_pixels: int = MAX_PIXELS) -> list[str]:
    """One picture file: read once (size-checked), its header's pixel count checked on the
    very bytes that are decoded, decoded straight to grey (zxing-cpp reads luminance; a
    colour copy of a scanned page is ~12 MB more to fill and twice the decoder's work)."""
    import cv2
    import numpy as np

    from app.scanner.decoders import read_codes
    from app.scanner.sources import read_image

    data = inputs.read_file(path, "input", FILE_MAX_BYTES)
    inputs.check_image_pixels(data, max_pixels, "input")
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE) \
        if data else None
    if image is None:  # GIF and some TIFF variants: the scanner's reader falls back to Pillow
        image = read_image(path, max_pixels)
    texts: list[str] = []
    for code in read_codes(image, thorough=True):
        if code.text not in texts:
            texts.append(code.text)
    return texts


def _codes_in_pictures(path: Path, max_pixels: int = MAX_PIXELS) -> list[str]:
    from app.scanner.decoders import read_codes
    from app.scanner.sources import open_source

    texts: list[str] = []
    with open_source(path, max_pixels=max_pixels) as source:
        for frame in source.frames():
            for code in read_codes(frame, thorough=True):
                if code.text not in texts:
                    texts.append(code.text)
    return texts
