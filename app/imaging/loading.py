"""Loading photos and scans safely: formats, EXIF orientation, decompression bombs, clear refusals.

Everything an office receives passes through :func:`load_image`: phone photos (JPEG, often
rotated by an EXIF tag), scanner pages (TIFF, BMP, PNG), web downloads (WebP). The function
either returns pixels the rest of :mod:`app.imaging` can trust (RGB ``uint8``, upright,
transparency flattened onto white) or raises :class:`~app.errors.InvalidInput` with a code that
says what is wrong in words a clerk understands. Nothing is stored here.

Safety: the pixel count is read from the file header and checked *before* any pixel is
decoded, so a 50,000 x 50,000 PNG of a few hundred kilobytes is refused without allocating
gigabytes. The byte size is checked before the file is read.

Speed: a 12-megapixel JPEG takes ~100-170 ms to decode at full size, more than the whole crop
budget. Callers that need less resolution pass ``reduce_to`` and JPEG's DCT scaling
(Pillow's ``draft``) decodes at 1/2, 1/4 or 1/8 size for a fraction of the cost.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from app import inputs
from app.errors import InvalidInput

ACCEPTED_FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "WEBP")
# 100 megapixels covers every phone camera's default mode (12-50 MP) and 600 dpi A4 scans
# (35 MP); offices can lower or raise it in the settings (imaging.max_pixels).
DEFAULT_MAX_PIXELS = 100_000_000
MAX_FILE_BYTES = 200 * 1024 * 1024
MIN_SIDE = 32

# Leading bytes of files people mistake for images, so the refusal can name what they sent.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\xd0\xcf\x11\xe0", "Office (doc/xls)"),
    (b"GIF8", "GIF"),
    (b"<?xml", "XML/SVG"),
    (b"<svg", "SVG"),
    (b"{\\rtf", "RTF"),
)


@dataclass(frozen=True)
class LoadedImage:
    """Upright RGB pixels plus what the file said about itself."""

    rgb: np.ndarray  # H x W x 3, uint8, C-contiguous
    format: str  # JPEG / PNG / BMP / TIFF / WEBP
    source_size: tuple[int, int]  # (width, height) of the full image, orientation applied
    scale: float  # rgb pixels per source pixel (< 1 when decoded reduced)
    dpi: float | None  # from the file, if it said (scans do, phone photos usually not)
    exif_orientation: int  # 1 = upright as stored; 2-8 = was rotated/flipped on load
    had_alpha: bool

    @property
    def size(self) -> tuple[int, int]:
        return self.rgb.shape[1], self.rgb.shape[0]


def sniff_kind(head: bytes) -> str | None:
    """What a non-image file looks like, from its first bytes (for the error message)."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return "HEIC"
    if head[4:8] == b"ftyp":
        return "MP4/MOV"
    return None


def read_source(source: bytes | str | Path) -> bytes:
    """The file's bytes, refusing missing, empty and absurdly large files up front."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            # Size checked before reading, and never more than the limit read: a device
            # (/dev/zero) or a directory is refused, /proc files are cut off at the limit.
            data = inputs.read_file(path, "file", MAX_FILE_BYTES)
        except InvalidInput as exc:
            if exc.code == "input_too_big":
                size = path.stat().st_size
                raise InvalidInput("image_file_too_big", size_mb=size // (1024 * 1024),
                                   limit_mb=MAX_FILE_BYTES // (1024 * 1024)) from None
            if exc.code in ("input_file_missing", "file_unreadable"):
                raise InvalidInput("image_unreadable", path=str(path),
                                   detail=str(exc.params.get("detail", "not found"))) from None
            raise
    if not data:
        raise InvalidInput("image_empty")
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("image_file_too_big", size_mb=len(data) // (1024 * 1024),
                           limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    return data


def _open(data: bytes) -> Image.Image:
    kind = sniff_kind(data[:16])
    if kind == "HEIC":
        raise InvalidInput("image_heic")
    if kind is not None and kind != "GIF":
        raise InvalidInput("image_not_image", kind=kind)
    try:
        with warnings.catch_warnings():
            # Our own limit (checked right after) replaces Pillow's bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow's own last-resort limit (2 x 89 MP) fired first; report the size we can tell.
        raise InvalidInput("image_too_large", size=_bomb_size(data, str(exc)),
                           limit_mp=DEFAULT_MAX_PIXELS // 1_000_000) from exc
    except UnidentifiedImageError as exc:
        raise InvalidInput("image_not_image", kind=_generic_kind(data)) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput("image_corrupt", detail=_short(exc)) from exc
    if im.format not in ACCEPTED_FORMATS:
        raise InvalidInput("image_format_unsupported", format=im.format or "?",
                           allowed="JPEG、PNG、BMP、TIFF、WebP")
    return im


def _bomb_size(data: bytes, message: str) -> str:
    if data.startswith(b"\x89PNG") and data[12:16] == b"IHDR":
        return f"{int.from_bytes(data[16:20], 'big')}×{int.from_bytes(data[20:24], 'big')}"
    digits = re.search(r"\((\d+) pixels\)", message)
    return f"{int(digits.group(1)) // 1_000_000}M" if digits else "?"


def _generic_kind(data: bytes) -> str:
    sample = data[:512]
    try:
        sample.decode("utf-8")
        return "文本 / text"
    except UnicodeDecodeError:
        return "未知 / unknown"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:120]


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block must not make a good photo unreadable
        return 1


def _dpi(im: Image.Image) -> float | None:
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    # JFIF files without density say 1 or 72 "dpi" meaning nothing; only believe scanner-like values.
    return value if value and value >= 100 else None


def _to_rgb(im: Image.Image) -> tuple[np.ndarray, bool]:
    """RGB uint8; alpha composited onto white (a transparent PNG signature stays readable)."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or arr.max() > 255 else 255.0
        gray = np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.dstack([gray] * 3)), False
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        mode == "P" and "transparency" in im.info)
    if has_alpha:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    rgb = np.asarray(im.convert("RGB"))
    return np.ascontiguousarray(rgb), has_alpha


def load_image(source: bytes | str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS,
               reduce_to: int | None = None) -> LoadedImage:
    """Decode ``source`` (bytes or a path) or raise :class:`InvalidInput` saying why not.

    ``reduce_to``: the caller needs at most this many pixels on the long side; JPEGs may then be
    decoded at 1/2, 1/4 or 1/8 size (never below ``reduce_to``). Other formats decode in full.
    """
    data = read_source(source)
    im = _open(data)
    width, height = im.size
    if width * height > max_pixels:
        raise InvalidInput("image_too_large", size=f"{width}×{height}",
                           limit_mp=round(max_pixels / 1_000_000))
    if min(width, height) < MIN_SIDE:
        raise InvalidInput("image_too_small", width=width, height=height, min=MIN_SIDE)
    orientation = _orientation(im)
    dpi = _dpi(im)
    fmt = str(im.format)
    if fmt == "JPEG" and _complete_jpeg(data):
        fast = _decode_jpeg_cv2(data, width, height, reduce_to, orientation)
        if fast is not None:
            rgb, scale = fast
            if orientation in (5, 6, 7, 8):
                width, height = height, width
            return LoadedImage(rgb, fmt, (width, height), scale, dpi, orientation, False)
    try:
        if getattr(im, "n_frames", 1) > 1:
            im.seek(0)  # multi-page TIFF / animated WebP: the first page is the picture
        if reduce_to and fmt == "JPEG" and max(width, height) > reduce_to:
            factor = max(width, height) / reduce_to
            im.draft("RGB", (int(width / factor), int(height / factor)))
        im.load()
    except OSError as exc:
        if "truncated" in str(exc).lower():
            raise InvalidInput("image_truncated") from exc
        raise InvalidInput("image_corrupt", detail=_short(exc)) from exc
    except (ValueError, SyntaxError, MemoryError) as exc:
        raise InvalidInput("image_corrupt", detail=_short(exc)) from exc
    scale = im.size[0] / width
    if orientation != 1:
        im = ImageOps.exif_transpose(im) or im
        if orientation in (5, 6, 7, 8):  # 90-degree turns swap the sides
            width, height = height, width
    rgb, had_alpha = _to_rgb(im)
    return LoadedImage(rgb, fmt, (width, height), scale, dpi, orientation, had_alpha)


def _complete_jpeg(data: bytes) -> bool:
    """Ends with the end-of-image marker. libjpeg (in OpenCV) silently pads a cut-off file
    with grey, so only complete files take the fast path; the rest go through Pillow, which
    reports truncation (and copes with data appended after the image, e.g. motion photos)."""
    return data.rstrip(b"\x00")[-2:] == b"\xff\xd9"


# EXIF orientation -> how to turn the stored pixels upright (as Pillow's exif_transpose does).
_ORIENT = {
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.transpose(1, 0, 2),
    6: lambda a: np.rot90(a, -1),
    7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),
    8: lambda a: np.rot90(a, 1),
}


def _decode_jpeg_cv2(data: bytes, width: int, height: int, reduce_to: int | None,
                     orientation: int) -> tuple[np.ndarray, float] | None:
    """libjpeg-turbo straight into numpy, with DCT scaling: about twice as fast as Pillow's
    decode plus its two copies into an array, on the 12 MP photos offices receive."""
    factor = max(width, height) / reduce_to if reduce_to else 1.0
    flags = {8: cv2.IMREAD_REDUCED_COLOR_8, 4: cv2.IMREAD_REDUCED_COLOR_4,
             2: cv2.IMREAD_REDUCED_COLOR_2}
    flag = next((f for k, f in flags.items() if factor >= k), cv2.IMREAD_COLOR)
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), flag | cv2.IMREAD_IGNORE_ORIENTATION)
    if bgr is None or bgr.ndim != 3:
        return None
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    if orientation in _ORIENT:
        rgb = np.ascontiguousarray(_ORIENT[orientation](rgb))
    return rgb, bgr.shape[1] / width


def from_array(rgb: np.ndarray, fmt: str = "RAW") -> LoadedImage:
    """Wrap pixels that did not come from a file (a camera frame, a test image)."""
    if rgb.ndim == 2:
        rgb = np.dstack([rgb] * 3)
    rgb = np.ascontiguousarray(rgb[:, :, :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    return LoadedImage(rgb, fmt, (w, h), 1.0, None, 1, False)
