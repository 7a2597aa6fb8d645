"""The input boundary: every byte that comes from outside passes one of these checks first.

Files, standard input, JSON documents, free text and dates handed in by a user (CLI argument,
dropped file, trust file from a USB stick) are checked here *before* anything expensive happens:

- sizes before reading: :func:`read_file` refuses what is not a regular file (a directory, a
  device such as ``/dev/zero``, a FIFO) and reads at most ``limit + 1`` bytes, so a file that
  grows or lies about its size (``/proc``) is refused too; :func:`read_stream` does the same
  for standard input;
- text: :func:`check_text` refuses undecodable bytes (an argument that was not UTF-8 arrives
  as lone surrogates), NUL and other control characters, and over-long values;
- JSON: :func:`load_json` measures the nesting depth before the parser recurses;
- dates: :func:`parse_instant` / :func:`parse_day` keep to years the program can compute with
  (``9999-12-31T23:59:59-12:00`` overflows in UTC).

Every refusal is an :class:`~app.errors.InvalidInput` (exit 2 on the CLI) whose code names the
rule and whose ``field`` names the input, so the message says which input broke which rule.
The limits per kind of input are :data:`LIMITS` (program settings; the office-wide ones, such
as the attachment size and the image pixel count, are in ``app.services.office_settings``).
This module imports nothing heavy: the CLI loads it for every command.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from app.errors import InvalidInput

_MIB = 1024 * 1024
# One limit per kind of input. Why these values: a signed code is a few KB and a text file of
# codes a few hundred of them; a trust file holds a handful of keys; a phone photo or scanned
# page is a few MB; a CLI argument is a name, a number or an opinion of a few pages.
LIMITS: dict[str, int] = {
    "text_file_bytes": 1 * _MIB,  # text with codes: files and standard input (`verify -`)
    "trust_file_bytes": 1 * _MIB,  # keys import-trust
    "picture_file_bytes": 50 * _MIB,  # images and PDFs given to verify / scan / the frame sources
    "argument_chars": 20_000,  # one command-line argument
    "json_depth": 32,  # nesting of any JSON document read from outside
}
CHINA_TZ = timezone(timedelta(hours=8))  # dates without a zone are China time (as on certificates)
MIN_YEAR, MAX_YEAR = 1900, 9998  # 9999 overflows as soon as a time zone is applied


def limit(kind: str) -> int:
    return LIMITS[kind]


def _mb(n: int) -> str:
    return f"{n / _MIB:.1f}" if n < 10 * _MIB else str(n // _MIB)


def too_big(field: str, path: str, limit_bytes: int) -> InvalidInput:
    return InvalidInput("input_too_big", field=field, path=path, limit_mb=_mb(limit_bytes),
                        limit_bytes=limit_bytes)


def check_regular_file(path: Path, field: str, limit_bytes: int | None = None) -> int:
    """The size of ``path`` if it is an existing regular file within the limit, else a refusal.

    For callers that hand the path to a library (pdfium, OpenCV's video reader) rather than
    reading the bytes themselves."""
    try:
        st = path.stat()
    except OSError:
        raise InvalidInput("input_file_missing", field=field, path=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        what = "directory" if stat.S_ISDIR(st.st_mode) else "device"
        raise InvalidInput("input_not_a_file", field=field, path=str(path), what=what)
    if limit_bytes is not None and st.st_size > limit_bytes:
        raise too_big(field, str(path), limit_bytes)
    return st.st_size


def read_file(path: Path | str, field: str, limit_bytes: int) -> bytes:
    """The whole file, or a refusal: missing, not a regular file, or over ``limit_bytes``.

    The size is checked before reading, and the read stops one byte past the limit, so neither a
    huge file nor one whose size the system does not report (``/proc/...``) is read through."""
    path = Path(path)
    check_regular_file(path, field, limit_bytes)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit_bytes + 1)
    except OSError as exc:
        raise InvalidInput("file_unreadable", field=field, path=str(path),
                           detail=exc.strerror or type(exc).__name__) from None
    if len(data) > limit_bytes:
        raise too_big(field, str(path), limit_bytes)
    return data


def read_stream(stream: IO[bytes], field: str, limit_bytes: int, name: str = "-") -> bytes:
    """All of a stream (standard input) up to ``limit_bytes``; more is refused, never cut off."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 << 16, limit_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit_bytes:
            raise too_big(field, name, limit_bytes)
    return b"".join(chunks)


# --- text ----------------------------------------------------------------------------------------
def check_text(value: str, field: str, max_chars: int | None = None, multiline: bool = True) -> str:
    """``value`` if it is clean text: valid Unicode (no lone surrogates, which is how bytes
    that were not UTF-8 arrive in ``sys.argv``), no NUL or other control characters (tab and,
    if ``multiline``, line breaks are fine), at most ``max_chars`` characters."""
    if max_chars is not None and len(value) > max_chars:
        raise InvalidInput("text_too_long", field=field, max=max_chars, length=len(value))
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise InvalidInput("input_not_utf8", field=field)
        if code < 0x20 and ch != "\t" and not (multiline and ch in "\r\n"):
            raise InvalidInput("input_control_char", field=field, char=f"U+{code:04X}")
        if code == 0x7F:
            raise InvalidInput("input_control_char", field=field, char="U+007F")
    return value


# --- JSON ----------------------------------------------------------------------------------------
def json_depth(text: str | bytes) -> int:
    """The deepest nesting of ``[`` / ``{`` in a JSON text, counted without parsing it (brackets
    inside strings do not count), so a hostile file cannot make the parser recurse."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def load_json(data: str | bytes, field: str, max_depth: int | None = None) -> Any:
    """Parsed JSON, or ``json_invalid`` / ``json_too_deep`` naming ``field``."""
    max_depth = max_depth or LIMITS["json_depth"]
    if json_depth(data) > max_depth:
        raise InvalidInput("json_too_deep", field=field, max=max_depth)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("json_invalid", field=field, detail=str(exc)[:120]) from None


# --- dates ---------------------------------------------------------------------------------------
def _year_ok(value: datetime | date, field: str, text: str) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput("date_out_of_range", field=field, value=text, low=MIN_YEAR, high=MAX_YEAR)


def parse_instant(text: str | None, field: str) -> datetime | None:
    """An ISO date-time (a bare date means its midnight); no zone means China time. Years
    outside 1900-9998 are refused, so no later computation can overflow."""
    if text is None or not text.strip():
        return None
    check_text(text, field, 64, multiline=False)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("cli_datetime_invalid", field=field, option=f"--{field.replace('_', '-')}",
                           value=text) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CHINA_TZ)
    _year_ok(parsed, field, text)
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise InvalidInput("date_out_of_range", field=field, value=text, low=MIN_YEAR,
                           high=MAX_YEAR) from None
    return parsed


def parse_day(text: str, field: str) -> date:
    """A YYYY-MM-DD date within the years the program computes with."""
    check_text(text, field, 32, multiline=False)
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("bad_date", field=field, value=text) from None
    _year_ok(parsed, field, text)
    return parsed


def is_device_path(path: Path) -> bool:
    """True for an existing path that is not a regular file (device, directory, FIFO, socket)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode)


# --- output files ------------------------------------------------------------------------------
def check_output_path(path: Path, field: str) -> Path:
    """``path`` if a file may be written there: it is not itself a directory or a device
    (``/dev/full`` must be refused, never replaced by a file), and its folder exists or can be
    made (as before: ``--out usb/trust.json`` makes ``usb``). The temporary file of
    :func:`write_atomic` goes into that same folder, so the final rename is atomic."""
    if is_device_path(path):
        raise InvalidInput("output_not_a_file", field=field, path=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise InvalidInput("output_dir_missing", field=field, path=str(path),
                               folder=str(parent)) from None
    return path


def write_atomic(path: Path, data: bytes | None = None, field: str = "out",
                 write: Any = None) -> Path:
    """Write ``data`` (or call ``write(fh)`` on a binary file) to a temporary file in the same
    folder, flush it to disk and rename it over ``path``: a crash leaves the old file or none,
    never half a file, and a device or directory at ``path`` is refused, not replaced."""
    import tempfile

    check_output_path(path, field)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise InvalidInput("output_not_writable", field=field, path=str(path),
                           detail=exc.strerror or type(exc).__name__) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if write is not None:
                write(fh)
            else:
                fh.write(data or b"")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput("output_not_writable", field=field, path=str(path),
                           detail=exc.strerror or type(exc).__name__) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


# --- pictures ----------------------------------------------------------------------------------
DEFAULT_MAX_PIXELS = 100_000_000  # as the office setting imaging.max_pixels' default


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(head: bytes) -> tuple[int, int] | None:
    """A PNG's size from its IHDR chunk, which the format requires first (the very fields
    every decoder, OpenCV's included, allocates by); None for anything else."""
    if len(head) >= 24 and head[:8] == _PNG_SIGNATURE and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return None


def image_pixels(source: Path | bytes) -> tuple[int, int] | None:
    """Width and height from an image's header, without decoding a pixel; None when Pillow
    cannot identify the file (the decoder then reports it). A size beyond Pillow's own bomb
    limit is read from the exception, so it is still known. A PNG's header is read directly:
    Pillow then need not load (issue 16: ~10 ms of a `verify FILE` run)."""
    if isinstance(source, bytes | bytearray):
        png = _png_size(bytes(source[:24]))
    else:
        try:
            with source.open("rb") as fh:
                png = _png_size(fh.read(24))
        except OSError:
            png = None
    if png is not None:
        return png
    import io
    import re
    import warnings

    from PIL import Image, UnidentifiedImageError

    opened = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(opened) as image:
                return image.size
    except Image.DecompressionBombError as exc:
        digits = re.search(r"\((\d+) pixels\)", str(exc))
        n = int(digits.group(1)) if digits else 1 << 40
        return n, 1
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return None


def check_image_pixels(source: Path | bytes, max_pixels: int = DEFAULT_MAX_PIXELS,
                       field: str = "file") -> None:
    """Refuse an image whose header announces more than ``max_pixels`` (a decompression bomb:
    a few hundred KB on disk, gigabytes once decoded) before anything decodes it."""
    size = image_pixels(source)
    if size is not None and size[0] * size[1] > max_pixels:
        shown = f"{size[0]}×{size[1]}" if size[1] > 1 else f"{size[0] // 1_000_000}M"
        raise InvalidInput("image_too_large", field=field, size=shown,
                           limit_mp=max(1, round(max_pixels / 1_000_000)))
