"""The per-frame path of the help desk: decode a frame, check the code, report each code once.

Runs in the camera thread for every analysed frame, so it touches no database: the trust store
comes in as a ``lookup_key`` snapshot (see :meth:`VerificationService.key_lookup`), and the
cryptographic check is :func:`app.codes.verify.check_code`. What the register knows (revoked,
superseded, the photo) and the log entry are added once per presentation by the verification
service, not per frame.

A certificate held up to the camera is seen in many consecutive frames; it is reported once,
and again only after it has been out of sight for ``hold_seconds``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np

from app.codes.verify import NOT_A_CERTIFICATE, CodeCheck, KeyLookup, check_code
from app.domain.clock import utcnow
from app.scanner.decoders import DecodedCode
from app.scanner.guidance import Guidance, HintFilter
from app.scanner.live_reader import LiveReader


class Reader(Protocol):
    def read(self, frame: np.ndarray) -> list[DecodedCode]: ...


@dataclass(frozen=True)
class FrameHit:
    """A code seen in a frame and its offline check."""

    code: DecodedCode
    check: CodeCheck
    at: datetime

    @property
    def text(self) -> str:
        return self.code.text


def best_hit(codes: list[DecodedCode], lookup: KeyLookup, at: datetime) -> FrameHit | None:
    """Check every code in the frame; prefer one of our certificates over a foreign code."""
    hits = [FrameHit(code, check_code(code.text, lookup, at), at) for code in codes]
    if not hits:
        return None
    ours = [h for h in hits if h.check.status != NOT_A_CERTIFICATE]
    return (ours or hits)[0]


class FrameVerifier:
    """Callable ``frame -> FrameHit | None`` for :class:`app.ui.common.camera_worker.CameraWorker`.

    The default reader is :class:`app.scanner.live_reader.LiveReader` (region tracking and the
    enhancement steps). With ``guidance=True`` a frame with a code in sight but not read
    returns a :class:`app.scanner.guidance.Guidance` when the hint for the operator changes
    (请靠近一些, 请保持不动, ...), and ``Guidance(None)`` to clear it.
    """

    def __init__(self, lookup: KeyLookup, reader: Reader | None = None,
                 hold_seconds: float = 3.0,
                 clock: Callable[[], datetime] = utcnow,
                 monotonic: Callable[[], float] = time.monotonic,
                 guidance: bool = False) -> None:
        self.lookup = lookup
        self.reader: Reader = reader or LiveReader()
        self.hints = HintFilter() if guidance else None
        self.hold_seconds = hold_seconds
        self._clock = clock
        self._monotonic = monotonic
        self._last_text: str | None = None
        self._last_seen = -1e9

    def check_frame(self, frame: np.ndarray) -> FrameHit | None:
        """Decode and check, without the once-per-presentation filter (benchmark, files)."""
        return best_hit(self.reader.read(frame), self.lookup, self._clock())

    def __call__(self, frame: np.ndarray) -> FrameHit | Guidance | None:
        codes = self.reader.read(frame)
        if not codes:
            if self.hints is None:
                return None
            sighting = getattr(self.reader, "sighting", None)
            return self.hints.update(sighting.cause if sighting is not None else None)
        if self.hints is not None:
            self.hints.read()  # the view clears its hint with the verdict
        now = self._monotonic()
        texts = {c.text for c in codes}
        if self._last_text in texts and now - self._last_seen < self.hold_seconds:
            self._last_seen = now  # still held up: keep quiet, extend the hold
            return None
        hit = best_hit(codes, self.lookup, self._clock())
        if hit is not None:
            self._last_text, self._last_seen = hit.text, now
        return hit

    def forget(self) -> None:
        """Report the next code even if it is the same one (operator pressed 'scan again')."""
        self._last_text = None
