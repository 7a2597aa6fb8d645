"""Soak: the camera worker fed from a looping video of a real certificate, decoding every
frame it analyses, for 1 minute (full form, RELIABILITY_FULL=1: 10 minutes). Memory and the
number of threads must stay flat; the codes must keep being found. Nothing here is timed:
the duration is how long it runs, the assertions are about growth."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.reliability.conftest import FULL

pytestmark = pytest.mark.slow
SECONDS = 600 if FULL else 60
SAMPLE_EVERY = 5.0


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


def test_camera_worker_soak(qtbot, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                            record_counts: Callable[[str], None]) -> None:
    from app.scanner.decoders import CodeReader
    from app.scanner.footage import clip_frames, write_video
    from app.scanner.frame_verifier import FrameVerifier
    from app.scanner.sources import render_pdf
    from app.services.verification_service import VerificationService
    from app.ui.common.camera_worker import CameraController
    from tests.helpers.verification import certificate_pdf, issue_all

    if db.dialect != "sqlite":
        pytest.skip("the camera thread needs no database: once is enough")
    issued = issue_all(db)
    page = render_pdf(certificate_pdf(issued["valid"], tmp_path / "valid.pdf"))[0]
    rng = np.random.default_rng(5)
    clip = write_video(tmp_path / "desk.avi", clip_frames(page, 20, rng, difficulty=0.3), fps=10)
    from app.services.base import Actor
    lookup = VerificationService(db, Actor("admin", "admin")).key_lookup()
    verifier = FrameVerifier(lookup, CodeReader(), hold_seconds=0)
    hits: list[object] = []
    frames = [0]
    camera = CameraController()
    camera.frame.connect(lambda _f: frames.__setitem__(0, frames[0] + 1))
    camera.analyzed.connect(lambda hit: hits.append(hit) if hit is not None else None)
    camera.start(clip, analyze=verifier, preview_fps=10, analyze_interval=0.05, loop_files=True)
    samples: list[tuple[int, int, int]] = []  # (rss KB, OS threads, Python threads)
    try:
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            qtbot.wait(int(SAMPLE_EVERY * 1000))
            samples.append((_status("VmRSS"), _status("Threads"), threading.active_count()))
    finally:
        camera.stop()
    assert frames[0] > 0 and hits, "the worker must keep reading and finding the code"
    warm = samples[len(samples) // 4:]  # after the decoders' first allocations
    rss = [s[0] for s in warm]
    growth_mb = (np.median(rss[-3:]) - np.median(rss[:3])) / 1024
    threads = {s[1] for s in warm}
    record_counts(f"soak: {SECONDS} s, {frames[0]} frames shown, {len(hits)} codes found, "
                  f"memory {rss[0] // 1024}->{rss[-1] // 1024} MB (growth {growth_mb:.1f} MB), "
                  f"OS threads {min(threads)}-{max(threads)}, failed "
                  f"{int(growth_mb >= 40) + int(max(threads) - min(threads) > 2)}")
    assert growth_mb < 40, samples
    assert max(threads) - min(threads) <= 2, samples
