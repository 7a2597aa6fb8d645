"""Frame sources: where the help desk's pictures come from. No Qt.

One factory, :func:`open_source`, turns what the operator (or a test) names into a
:class:`FrameSource`:

- an ``int`` (or a string of digits) -> a local camera by index (``cv2.VideoCapture(i)``);
- a URL (``rtsp://``, ``http://``, ...) -> an IP camera or stream, read like a video file;
- a path ending in ``.pdf`` -> the pages of the PDF, rasterized with pypdfium2;
- a path to an image (``.png``, ``.jpg``, ...) -> that one picture;
- any other path -> a video file (the tests' way in: footage from :mod:`app.scanner.footage`).

Every source hands out BGR ``uint8`` arrays (OpenCV's layout) that the caller owns, and
``None`` once it has nothing more. Sources are not thread-safe: open, read and close one in the
same thread (the Qt camera worker does exactly that).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from app import inputs
from app.errors import InvalidInput
from app.platforms import camera_backend

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"})
PDF_SUFFIXES = frozenset({".pdf"})  # (the CLI keeps a copy of both, to avoid importing cv2)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# 200 dpi: a 25 mm QR code of version ~15 gets ~2.5 px per module, comfortably decodable, and
# an A4 page stays below 2400 px in height (a few tens of ms to render).
PDF_DPI = 200

Frame = np.ndarray


class FrameSource:
    """Base class: ``read()`` the next BGR frame or ``None`` at the end; ``close()`` when done."""

    #: True for cameras and streams (no end, real-time); False for files.
    live: bool = False
    #: Frames per second the source is meant to be played at (0: as fast as it reads).
    fps: float = 0.0

    def __init__(self, description: str) -> None:
        self.description = description

    def read(self) -> Frame | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Release the device or file. Safe to call more than once."""

    def frames(self) -> Iterator[Frame]:
        """Iterate until the source is exhausted (never ends for a live camera)."""
        while (frame := self.read()) is not None:
            yield frame

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CaptureSource(FrameSource):
    """A camera, a stream URL or a video file, all through ``cv2.VideoCapture``."""

    def __init__(self, target: int | str, description: str, live: bool) -> None:
        super().__init__(description)
        self.live = live
        self._cap = (cv2.VideoCapture(target, capture_api()) if isinstance(target, int)
                     else cv2.VideoCapture(target))
        if not self._cap.isOpened():
            self._cap.release()
            if isinstance(target, int):
                raise InvalidInput("camera_unavailable", index=target)
            raise InvalidInput("source_unreadable", path=description)
        fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 0.0 < fps < 240.0 else (30.0 if live else 0.0)
        # A camera that buffers frames shows the operator a picture from seconds ago; keep one.
        if live:
            self._cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)

    def read(self) -> Frame | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        if not ok or frame is None:
            return None
        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None  # type: ignore[assignment]


class StillsSource(FrameSource):
    """A fixed list of pictures (one image file, or the pages of a PDF), read once each."""

    def __init__(self, frames: list[Frame], description: str) -> None:
        super().__init__(description)
        self._frames = frames
        self._next = 0

    def read(self) -> Frame | None:
        if self._next >= len(self._frames):
            return None
        frame = self._frames[self._next]
        self._next += 1
        return frame.copy()

    def __len__(self) -> int:
        return len(self._frames)


def read_image(path: Path, max_pixels: int = inputs.DEFAULT_MAX_PIXELS) -> Frame:
    """Load an image file as BGR; works with non-ASCII paths (``cv2.imread`` does not on Windows).

    The file's size is checked before it is read and the pixel count its header announces
    before anything decodes it (a 30000 x 30000 PNG of 875 KB would take 8 GB)."""
    data_bytes = inputs.read_file(path, "source", inputs.limit("picture_file_bytes"))
    inputs.check_image_pixels(data_bytes, max_pixels, "source")
    data = np.frombuffer(data_bytes, dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        # GIF and some TIFF variants: OpenCV cannot, Pillow can.
        image = _read_with_pillow(path)
    if image is None:
        raise InvalidInput("source_unreadable", path=str(path))
    return image


def _read_with_pillow(path: Path) -> Frame | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:  # (its pixel count was checked by read_image)
            rgb = np.asarray(img.convert("RGB"))
    # Pillow reports a broken chunk in a damaged PNG as SyntaxError, a cut-off one as EOFError
    # (both found by the reliability suite's fuzzing); a damaged image is "unreadable", no more.
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError):
        return None
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def render_pdf(path: Path, dpi: int = PDF_DPI, max_pages: int = 50,
               max_pixels: int = inputs.DEFAULT_MAX_PIXELS) -> list[Frame]:
    """Rasterize the pages of a PDF (pypdfium2) as BGR arrays, white behind transparency.

    The file's size is checked before pdfium opens it and every page's size at ``dpi`` before
    it is rendered: a page of 5 x 5 metres is a few bytes of PDF and gigabytes of pixels."""
    import pypdfium2 as pdfium

    inputs.check_regular_file(path, "source", inputs.limit("picture_file_bytes"))
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InvalidInput("source_unreadable", path=str(path)) from exc
    pages: list[Frame] = []
    try:
        scale = dpi / 72.0
        count = min(len(pdf), max_pages)
        for index in range(count):
            width, height = pdf.get_page_size(index)
            if width * scale * height * scale > max_pixels:
                raise InvalidInput("image_too_large", field="source",
                                   size=f"{round(width * scale)}×{round(height * scale)}",
                                   limit_mp=max(1, round(max_pixels / 1_000_000)))
        for index in range(count):
            page = pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72.0)
                rgb = np.asarray(bitmap.to_pil().convert("RGB"))
                pages.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:  # a damaged page (found by the fuzz suite)
        raise InvalidInput("source_unreadable", path=str(path)) from exc
    finally:
        pdf.close()
    return pages


def capture_api(platform: str = sys.platform) -> int:
    """The OpenCV backend constant for cameras on ``platform`` (app.platforms says which)."""
    return {"dshow": cv2.CAP_DSHOW, "any": cv2.CAP_ANY}[camera_backend(platform)]


MAX_CAMERA_INDEX = 99  # a longer number is no camera (OpenCV overflows on one past C int)


def is_camera_spec(spec: int | str | Path) -> bool:
    if isinstance(spec, int):
        return 0 <= spec <= MAX_CAMERA_INDEX
    return isinstance(spec, str) and spec.strip().isdigit() and len(spec.strip()) <= 2


def open_source(spec: int | str | Path, pdf_dpi: int = PDF_DPI,
                max_pixels: int = inputs.DEFAULT_MAX_PIXELS) -> FrameSource:
    """The frame-source factory (see the module docstring for what each kind of spec opens).

    Pictures and PDFs are checked before decoding (size, pixel count: ``max_pixels``); a
    directory or a device named as a file is refused."""
    if is_camera_spec(spec):
        index = int(spec) if isinstance(spec, int) else int(str(spec).strip())
        return CaptureSource(index, f"camera {index}", live=True)
    text = str(spec)
    if _URL.match(text) and not text.lower().startswith("file://"):
        return CaptureSource(text, text, live=True)
    if text.lower().startswith("file://"):
        text = text[len("file://"):]
    path = Path(text)
    if not path.exists():
        raise InvalidInput("source_not_found", path=text)
    inputs.check_regular_file(path, "source")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return StillsSource(render_pdf(path, pdf_dpi, max_pixels=max_pixels), str(path))
    if suffix in IMAGE_SUFFIXES:
        return StillsSource([read_image(path, max_pixels)], str(path))
    return CaptureSource(str(path), str(path), live=False)


def probe_cameras(max_index: int = 5) -> list[int]:
    """Indices of the cameras that open (for the camera chooser). Slow-ish: call off the GUI thread."""
    found: list[int] = []
    # Absent indices make OpenCV print warnings on stderr; silence them during the probe.
    log = cv2.utils.logging
    previous = log.getLogLevel()
    log.setLogLevel(log.LOG_LEVEL_SILENT)
    try:
        for index in range(max_index):
            cap = cv2.VideoCapture(index, capture_api())
            try:
                if cap.isOpened() and cap.read()[0]:
                    found.append(index)
            finally:
                cap.release()
    finally:
        log.setLogLevel(previous)
    return found
