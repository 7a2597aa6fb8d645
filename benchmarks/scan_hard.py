"""Hard footage, presentation clips and the CLI's start-up, for ``scan_benchmark.py`` (issue 16).

- :func:`conditions`: per condition of :mod:`app.scanner.footage_conditions` (clear, small,
  motion, defocus, glare, dim, off-frame), bursts of consecutive frames of one held
  certificate; per frame: ours (the live path, :class:`FrameVerifier` over
  :class:`LiveReader`, signature check included), today's path (:class:`FrameVerifier`
  over :class:`CodeReader`, the live path before issue 16, signature check included alike),
  raw zxing-cpp, pyzbar and OpenCV; success, median and 95th
  percentile time per frame; and the operator hints against the footage's labels.
- :func:`clips`: 3-second presentations at 30 fps (approach, shake, settle) played in
  simulated real time: the analyser takes the newest frame whenever it is free (as the camera
  worker's mailbox does), frames that arrive meanwhile are dropped and counted; the time to
  verdict runs from the frame where the code first appears to the end of the analysis that
  returned the valid verdict.
- :func:`verify_cli`: the whole ``registry-office verify FILE`` process against
  ``python -c "import cv2, zxingcpp, sqlalchemy"``, run in turn (A B A B ...), CPU time of the
  child processes from the operating system, median of the pairwise ratios.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

from app.codes.verify import KeyLookup
from app.scanner.decoders import CodeReader
from app.scanner.footage_conditions import (
    CLIP_KINDS,
    CONDITIONS,
    condition_frames,
    presentation_clip,
)
from app.scanner.frame_verifier import FrameHit, FrameVerifier
from app.scanner.guidance import Guidance
from app.scanner.live_reader import LiveReader

Page = tuple[np.ndarray, np.ndarray, str]  # page, code corners, payload
METHODS = ("ours", "today", "zxing-cpp", "pyzbar", "opencv")


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def conditions(pages: list[Page], lookup: KeyLookup, at: datetime, per_condition: int,
               seed: int) -> dict[str, dict[str, object]]:
    """Per condition: success and CPU time per frame of every method; hints against labels."""
    rng = np.random.default_rng(seed)
    detector = cv2.QRCodeDetector()
    qr = zxingcpp.BarcodeFormats((zxingcpp.BarcodeFormat.QRCode,))
    # Today's live path as it was before issue 16: the same FrameVerifier (so the same
    # signature and date check per read) with the reader it had then.
    today = FrameVerifier(lookup, CodeReader(), clock=lambda: at)

    def today_read(frame: np.ndarray) -> list[str]:
        hit = today.check_frame(frame)
        return [hit.text] if hit is not None and hit.check.status == "valid" else []

    raw: dict[str, Callable[[np.ndarray], list[str]]] = {
        "today": today_read,
        "zxing-cpp": lambda f: [b.text for b in zxingcpp.read_barcodes(f, formats=qr)],
        "pyzbar": lambda f: [s.data.decode("utf-8", "replace") for s in pyzbar.decode(f)],
        "opencv": lambda f: [t] if (t := detector.detectAndDecode(f)[0]) else [],
    }
    report: dict[str, dict[str, object]] = {}
    print(f"\nper condition ({per_condition} frames each, bursts of 8 of one held certificate; "
          "CPU ms per frame, median / p95):")
    print(f"{'condition':<10}" + "".join(f"{m:>22}" for m in METHODS) + f"{'hint right':>12}")
    for cond in CONDITIONS:
        reader = LiveReader()
        ours = FrameVerifier(lookup, reader, clock=lambda: at)
        hits: Counter[str] = Counter()
        cpu: dict[str, list[float]] = {m: [] for m in METHODS}
        hinted = right = 0
        frames: list[tuple[np.ndarray, str]] = []
        for j in range(0, per_condition, 8):
            page, code, payload = pages[(j // 8) % len(pages)]
            frames += [(f, payload) for f in condition_frames(page, code, cond, min(8, per_condition - j), rng)]
        for i, (frame, payload) in enumerate(frames):
            order = METHODS[i % len(METHODS):] + METHODS[:i % len(METHODS)]
            for name in order:
                start = time.thread_time()
                if name == "ours":
                    hit = ours.check_frame(frame)
                    ok = hit is not None and hit.text == payload and hit.check.status == "valid"
                else:
                    ok = payload in raw[name](frame)
                cpu[name].append(time.thread_time() - start)
                hits[name] += ok
                if name == "ours" and not ok and reader.sighting is not None:
                    hinted += 1
                    right += reader.sighting.cause == cond.cause
        n = len(frames)
        report[cond.name] = {"n": n, "hits": dict(hits), "cpu": cpu, "hinted": hinted,
                             "right": right, "cause": cond.cause, "readable": cond.readable}
        cells = "".join(f"{hits[m] / n:>7.0%} {statistics.median(cpu[m]) * 1e3:>6.1f}/"
                        f"{_pct(cpu[m], 0.95) * 1e3:<6.1f}" for m in METHODS)
        hint = f"{right}/{hinted}" if hinted else "-"
        print(f"{cond.name:<10}{cells}{hint:>12}")
    return report


def clips(pages: list[Page], lookup: KeyLookup, at: datetime, per_kind: int,
          seed: int, kinds: tuple[str, ...] = CLIP_KINDS) -> dict[str, list[float | None]]:
    """Time from first appearance to the valid verdict per clip, in simulated real time.

    Each kind has its own random stream (seeded by the seed and the kind's place in
    CLIP_KINDS), so kinds can be run in separate processes (``--clip-kinds``) and still film
    the same clips as a run of all of them."""
    out: dict[str, list[float | None]] = {}
    dropped_total = analysed_total = 0
    hint_delays: list[float] = []
    print(f"\npresentation clips (3 s at 30 fps: approach, shake, settle; {per_kind} per kind):")
    for kind in kinds:
        rng = np.random.default_rng((seed + 1, CLIP_KINDS.index(kind)))
        times: list[float | None] = []
        for k in range(per_kind):
            page, code, payload = pages[k % len(pages)]
            clip = presentation_clip(page, code, rng, kind=kind)
            verifier = FrameVerifier(lookup, LiveReader(), clock=lambda: at,
                                     guidance=True)
            t = 0.0  # the analyser's clock, in seconds of the clip
            verdict: float | None = None
            first_hint: float | None = None
            i = 0
            while i < len(clip.frames):
                arrive = i / clip.fps
                t = max(t, arrive)
                # The frames that came while the analyser was busy: only the newest is read.
                newest = max(i, min(len(clip.frames) - 1, int(t * clip.fps + 1e-9)))
                dropped_total += newest - i
                i = newest
                start = time.thread_time()
                result = verifier(clip.frames[i])
                t += time.thread_time() - start
                analysed_total += 1
                if isinstance(result, Guidance) and result.cause and first_hint is None:
                    first_hint = t
                if isinstance(result, FrameHit) and result.text == payload \
                        and result.check.status == "valid":
                    verdict = t - clip.first_visible / clip.fps
                    break
                i += 1
            times.append(verdict)
            shown = clip.first_visible / clip.fps
            if first_hint is not None and (verdict is None or first_hint < verdict + shown):
                # Before the code is in view, a hint was about the page entering the frame.
                hint_delays.append(first_hint - shown)
        out[kind] = times
        got = [x for x in times if x is not None]
        within = sum(1 for x in got if x <= 1.0)
        med = f"{statistics.median(got):.2f} s" if got else "-"
        worst = f"{max(got):.2f} s" if got else "-"
        print(f"  {kind:<8} verdict within 1 s: {within}/{len(times)}   median {med}   "
              f"slowest {worst}   no verdict: {len(times) - len(got)}")
    print(f"  frames analysed {analysed_total}, dropped while busy {dropped_total}")
    after = [d for d in hint_delays if d >= 0]
    if hint_delays:
        print(f"  a hint before the verdict in {len(hint_delays)} clips ({len(hint_delays) - len(after)}"
              " while only the page's edge was in view)"
              + (f"; median {statistics.median(after):.2f} s after the code appeared" if after else ""))
    return out


def hint_latency(pages: list[Page], lookup: KeyLookup, at: datetime, seed: int,
                 bursts: int = 6) -> dict[str, float]:
    """On unreadable bursts: time from the first frame to the first hint, at 30 fps."""
    rng = np.random.default_rng(seed + 2)
    delays: dict[str, float] = {}
    for cond in CONDITIONS:
        if cond.cause is None:
            continue
        worst = 0.0
        for b in range(bursts):
            page, code, _ = pages[b % len(pages)]
            verifier = FrameVerifier(lookup, LiveReader(), clock=lambda: at,
                                     guidance=True)
            t = 0.0
            for i, frame in enumerate(condition_frames(page, code, cond, 8, rng)):
                t = max(t, i / 30)
                start = time.thread_time()
                result = verifier(frame)
                t += time.thread_time() - start
                if isinstance(result, (Guidance, FrameHit)):
                    break  # a hint, or read after all (no hint needed)
            worst = max(worst, t)
        delays[cond.name] = worst
    print(f"\nhint latency (slowest of {bursts} bursts, first frame to hint or verdict): "
          + ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in delays.items()))
    return delays


def _child_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:  # a run that failed early would look fast
        raise SystemExit(f"{cmd[3:6]} failed ({run.returncode}): {run.stderr.decode()[-300:]}")
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime), wall


def verify_cli(runs: int = 7) -> float:
    """Whole-process ratio of `verify FILE` (one PNG) to importing cv2, zxing-cpp, SQLAlchemy,
    for an operator signed in with `registry-office login` (the help desk's way: no password
    per run). The same run with a password sign-in per process is measured and printed too."""
    from app.models.db import Database, upgrade
    from app.scanner.sources import render_pdf
    from app.services import users_service
    from app.services.base import Actor
    from app.services.users_service import UsersService
    from tests.helpers.verification import certificate_pdf, issue_all

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'reg.sqlite3'}"
        db = Database(url)
        upgrade(db.engine)
        users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
        UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-123", "helpdesk", "赵核验")
        issued = issue_all(db)
        db.dispose()
        png = Path(tmp) / "valid.png"
        cv2.imwrite(str(png), render_pdf(certificate_pdf(issued["valid"], Path(tmp) / "v.pdf"))[0])
        root = str(Path(__file__).resolve().parent.parent)
        env = {k: v for k, v in os.environ.items()
               if k not in ("REGISTRY_USER", "REGISTRY_PASSWORD", "REGISTRY_SESSION")}
        env.update(PYTHONPATH=root, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
                   REGISTRY_DATA_DIR=str(Path(tmp) / "data"))
        # Bytecode as an installed program has it: with PYTHONDONTWRITEBYTECODE (set on the
        # shared machine) every run of `verify` compiled ~60 of our modules from source while
        # the yardstick's libraries came precompiled from site-packages. Both now read their
        # bytecode from one cache, written by the warm-up runs below.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        with_password = dict(env, REGISTRY_USER="desk1", REGISTRY_PASSWORD="desk-pass-123")
        cli = [sys.executable, "-m", "app", "--db", url]
        subprocess.run([*cli, "login"], env=with_password, check=True, capture_output=True)
        a = [*cli, "verify", str(png), "--at", "2026-03-01T10:00"]
        b = [sys.executable, "-c", "import cv2, zxingcpp, sqlalchemy"]
        _child_cpu(a, env), _child_cpu(a, with_password), _child_cpu(b, env)  # warm the caches
        cpu: dict[str, list[float]] = {"session": [], "password": [], "imports": []}
        ratios: dict[str, list[float]] = {"session": [], "password": [], "wall": []}
        for _ in range(runs):
            ca, wa = _child_cpu(a, env)
            cp, _ = _child_cpu(a, with_password)
            cb, wb = _child_cpu(b, env)
            cpu["session"].append(ca), cpu["password"].append(cp), cpu["imports"].append(cb)
            ratios["session"].append(ca / cb), ratios["password"].append(cp / cb)
            ratios["wall"].append(wa / wb)
    ratio = statistics.median(ratios["session"])
    med = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"\nverify FILE (one PNG), whole process, {runs} triples run in turn, CPU: "
          f"signed in with `login` {med['session']:.3f} s, with a password sign-in per run "
          f"{med['password']:.3f} s, import cv2, zxingcpp, sqlalchemy {med['imports']:.3f} s: "
          f"ratio {ratio:.2f} (password per run {statistics.median(ratios['password']):.2f}; "
          f"wall ratio {statistics.median(ratios['wall']):.2f})")
    return ratio
