"""Writing the results: the photo as a JPEG inside a byte range, signatures as 300 dpi PNGs.

Systems that receive the photo accept only files within a size range (and the ranges differ,
hence a setting). :func:`encode_jpeg_in_range` searches the JPEG quality for the best image
that fits under the maximum; if even the best quality stays under the minimum it switches off
chroma subsampling before it gives up and says so (it never pads the file with junk bytes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class EncodedJpeg:
    data: bytes
    quality: int
    in_range: bool


def _jpeg(rgb: np.ndarray, quality: int, dpi: int, subsampling: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True,
                              subsampling=subsampling)
    return buf.getvalue()


def encode_jpeg_in_range(rgb: np.ndarray, min_bytes: int, max_bytes: int, dpi: int = 300,
                         best: int = 95, worst: int = 30) -> EncodedJpeg:
    """The highest quality whose size is <= ``max_bytes`` (binary search, ~6 encodes)."""
    lo, hi = worst, best
    fallback = _jpeg(rgb, worst, dpi, 2)
    chosen: tuple[int, bytes] | None = None
    while lo <= hi:
        q = (lo + hi) // 2
        data = _jpeg(rgb, q, dpi, 2)
        if len(data) <= max_bytes:
            chosen, lo = (q, data), q + 1
        else:
            hi = q - 1
    if chosen is None:
        return EncodedJpeg(fallback, worst, False)
    q, data = chosen
    if len(data) < min_bytes:
        # Very plain pictures compress too well: 4:4:4 colour and top quality add real detail.
        for quality in (best, 100):
            richer = _jpeg(rgb, quality, dpi, 0)
            if len(richer) > max_bytes:
                break
            q, data = quality, richer
            if len(data) >= min_bytes:
                break
    return EncodedJpeg(data, q, min_bytes <= len(data) <= max_bytes)


def encode_png(rgba_or_rgb: np.ndarray, dpi: int = 300) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba_or_rgb)).save(buf, "PNG", dpi=(dpi, dpi), compress_level=4)
    return buf.getvalue()
