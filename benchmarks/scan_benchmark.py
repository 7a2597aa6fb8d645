"""Help-desk scanning: success rate and time per 1280x720 webcam frame, against the baselines.

Corpus: specimen certificates printed by the real PDF renderer, rasterized with pypdfium2,
filmed by :mod:`app.scanner.footage` (perspective, blur, noise, uneven light, glare, JPEG loss)
at difficulties spread evenly from easy to hard. Every frame holds one certificate.

Measured in the same run, frame by frame, with the order of the methods rotated per frame so
machine load hits them alike:

- ``zxing-cpp``       raw ``zxingcpp.read_barcodes(frame, formats=QRCode)``
- ``zxing-cpp all``   raw zxing-cpp with every format (what a default call costs)
- ``pyzbar``          raw ``pyzbar.decode(frame)``
- ``opencv``          ``cv2.QRCodeDetector().detectAndDecode(frame)``
- ``ours``            the whole live path: :class:`FrameVerifier.check_frame` with the camera's
                      :class:`LiveReader`, then the signature and date check (``check_code``)
                      against the trust store. Success = status "valid" with exactly the printed
                      payload. The corpus's frames are unrelated (each another certificate in
                      another pose), so each is the first frame of its presentation: a fresh
                      reader per frame, made outside the timing. (One reader carried across
                      these unrelated frames would track a code that is no longer there; that
                      figure is printed too, for information: streams are measured by the hard
                      footage and the clips below.)

Then an ablation on the frames raw zxing-cpp missed (which second chance earns its time), and
the once-per-presentation register step (``VerificationService.verify_text`` on SQLite).

Targets (issue): success >= the best baseline; median < 5 ms; median <= 1.5 x raw zxing-cpp.

Two clocks: wall time, and the CPU time of the measuring thread (``time.thread_time``, with
OpenCV held to one thread so all work is on it). On a shared, loaded machine wall time mostly
measures the wait for a core; CPU time is the cost of the work itself. Both are printed and
the targets are checked on both.

Issue 16 adds (``benchmarks/scan_hard.py``): hard footage per condition (small, motion,
defocus, glare, dim, off-frame; ours, today's reader, raw zxing-cpp, pyzbar, OpenCV), the
operator hints against the footage's labels and their latency, 3-second presentation clips in
simulated real time (time to verdict, dropped frames), and the whole ``verify FILE`` process
against ``import cv2, zxingcpp, sqlalchemy``. Targets: hard footage >= 1.5x raw zxing-cpp's
frames at a median <= 2x its time and a p95 < 33 ms; clear footage no lower and no slower
(<= 1.1x median) than today's reader; a verdict within 1 s in >= 99 % of readable clips;
``verify FILE`` <= 1.3x. Times of the new parts are CPU time of the measuring thread.

Run: .venv/bin/python benchmarks/scan_benchmark.py [--frames 300] [--seed 1]
     [--part all|frames|hard|clips|cli] [--per-condition 48] [--clips 20]
     (``make bench-scan``: everything)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from app.codes.verify import lookup_from
from app.printing.pdf_renderer import render_pdf as print_pdf
from app.printing.samples import sample_key, sample_view
from app.scanner import decoders
from app.scanner.footage import locate_code, random_degradation, render_frame
from app.scanner.footage_conditions import CLIP_KINDS
from app.scanner.frame_verifier import FrameVerifier
from app.scanner.live_reader import LiveReader
from app.scanner.sources import render_pdf

NAMES = ("张伟", "欧阳明华", "李娜", "王建国", "赵丽颖")
AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def build_corpus(frames: int, seed: int) -> list[tuple[np.ndarray, str]]:
    rng = np.random.default_rng(seed)
    key = sample_key()
    pages = []
    for i, name in enumerate(NAMES):
        view = sample_view("constructor" if i % 2 == 0 else "architect", name=name,
                           serial=2026000001 + i, key=key, annotated_on=date(2026, 1, 5))
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "c.pdf"
            pdf.write_bytes(print_pdf(view))
            page = render_pdf(pdf)[0]
        pages.append((page, locate_code(page), view.payload))
    corpus = []
    for i in range(frames):
        page, code, payload = pages[i % len(pages)]
        difficulty = (i * 0.618034) % 1.0  # evenly spread, not clustered by page
        corpus.append((render_frame(page, code, random_degradation(rng, difficulty), rng), payload))
    return corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--part", choices=("all", "frames", "hard", "clips", "cli"), default="all")
    parser.add_argument("--per-condition", type=int, default=48)
    parser.add_argument("--clips", type=int, default=20, help="clips per kind")
    parser.add_argument("--clip-kinds", default=",".join(CLIP_KINDS),
                        help="comma-separated kinds of clips (default: all); runs of separate "
                             "kinds film the same clips as one run of all")
    args = parser.parse_args()
    if args.part != "frames":
        hard_ok = hard_parts(args)
        if args.part != "all":
            return 0 if hard_ok else 1
    else:
        hard_ok = True

    t0 = time.perf_counter()
    corpus = build_corpus(args.frames, args.seed)
    print(f"corpus: {len(corpus)} frames 1280x720 of {len(NAMES)} certificates "
          f"({time.perf_counter() - t0:.0f} s to generate)")

    # One thread: the per-frame work happens on the measuring thread (see the docstring).
    cv2.setNumThreads(1)
    trusted = sample_key().trusted
    lookup = lookup_from([trusted])
    carried = FrameVerifier(lookup, LiveReader(), clock=lambda: AT)  # see the docstring
    carried_hits = 0
    detector = cv2.QRCodeDetector()
    qr = (zxingcpp.BarcodeFormat.QRCode,)

    def raw_zxing(frame: np.ndarray) -> list[str]:
        return [b.text for b in zxingcpp.read_barcodes(frame, formats=qr)]

    def raw_zxing_all(frame: np.ndarray) -> list[str]:
        return [b.text for b in zxingcpp.read_barcodes(frame)]

    def raw_zbar(frame: np.ndarray) -> list[str]:
        return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(frame)]

    def raw_opencv(frame: np.ndarray) -> list[str]:
        text, _, _ = detector.detectAndDecode(frame)
        return [text] if text else []

    methods: dict[str, Callable[[np.ndarray], list[str]]] = {
        "zxing-cpp": raw_zxing, "zxing-cpp all": raw_zxing_all, "pyzbar": raw_zbar,
        "opencv": raw_opencv,
    }
    names = [*methods, "ours"]
    wall: dict[str, list[float]] = {m: [] for m in names}
    cpu: dict[str, list[float]] = {m: [] for m in names}
    hits: dict[str, int] = dict.fromkeys(names, 0)
    zxing_missed: list[int] = []
    via: dict[str, int] = {}
    for i, (frame, payload) in enumerate(corpus):
        order = names[i % len(names):] + names[:i % len(names)]
        verifier = FrameVerifier(lookup, LiveReader(), clock=lambda: AT)  # first sight
        for name in order:
            start, start_cpu = time.perf_counter(), time.thread_time()
            if name == "ours":
                hit = verifier.check_frame(frame)
                ok = hit is not None and hit.text == payload and hit.check.status == "valid"
            else:
                ok = payload in methods[name](frame)
            cpu[name].append(time.thread_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
            if name == "ours" and ok and hit is not None:
                via[hit.code.decoder] = via.get(hit.code.decoder, 0) + 1
            if name == "zxing-cpp" and not ok:
                zxing_missed.append(i)
            hits[name] += ok
        found = carried.check_frame(frame)
        carried_hits += found is not None and found.text == payload and found.check.status == "valid"

    n = len(corpus)
    print(f"\n{'method':<15}{'success':>9}{'wall median':>13}{'mean':>8}{'p90':>8}{'x zxing':>9}"
          f"{'cpu median':>12}{'x zxing':>9}")
    base_wall, base_cpu = statistics.median(wall["zxing-cpp"]), statistics.median(cpu["zxing-cpp"])
    for name in names:
        t = sorted(wall[name])
        med, cmed = statistics.median(t), statistics.median(cpu[name])
        print(f"{name:<15}{hits[name] / n:>8.1%}{med * 1e3:>10.2f} ms{statistics.fmean(t) * 1e3:>8.2f}"
              f"{t[int(0.9 * (n - 1))] * 1e3:>8.2f}{med / base_wall:>9.2f}"
              f"{cmed * 1e3:>9.2f} ms{cmed / base_cpu:>9.2f}")
    print(f"ours with one reader carried across the unrelated frames: {carried_hits / n:.1%}")
    print("ours decoded by: " + ", ".join(f"{k} {v}" for k, v in sorted(via.items())))

    best = max(hits[m] for m in methods)
    checks = [(f"success {hits['ours'] / n:.1%} >= best baseline {best / n:.1%}",
               hits["ours"] >= best)]
    for clock, times, base in (("wall", wall, base_wall), ("cpu", cpu, base_cpu)):
        ours_med = statistics.median(times["ours"])
        checks += [
            (f"{clock}: median {ours_med * 1e3:.2f} ms < 5 ms", ours_med < 0.005),
            (f"{clock}: median ratio to raw zxing-cpp {ours_med / base:.2f} <= 1.5",
             ours_med / base <= 1.5),
        ]
    print("\ntargets:")
    for text, ok in checks:
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}")

    ablation(corpus, zxing_missed)
    register_step(corpus[0][1])
    return 0 if all(ok for _, ok in checks) and hard_ok else 1


def certificate_pages(seed_names: tuple[str, ...] = NAMES) -> list[tuple[np.ndarray, np.ndarray, str]]:
    key = sample_key()
    pages = []
    for i, name in enumerate(seed_names):
        view = sample_view("constructor" if i % 2 == 0 else "architect", name=name,
                           serial=2026000001 + i, key=key, annotated_on=date(2026, 1, 5))
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "c.pdf"
            pdf.write_bytes(print_pdf(view))
            page = render_pdf(pdf)[0]
        pages.append((page, locate_code(page), view.payload))
    return pages


def hard_parts(args: argparse.Namespace) -> bool:
    """Issue 16's parts (see benchmarks/scan_hard.py); prints its targets, True if all met."""
    import scan_hard

    cv2.setNumThreads(1)
    pages = certificate_pages()
    lookup = lookup_from([sample_key().trusted])
    checks: list[tuple[str, bool]] = []
    if args.part in ("all", "hard"):
        rep = scan_hard.conditions(pages, lookup, AT, args.per_condition, args.seed)
        hard = [r for r in rep.values() if r["readable"] and r["cause"] is not None]
        ours = sum(r["hits"].get("ours", 0) for r in hard)  # type: ignore[union-attr]
        raw = sum(r["hits"].get("zxing-cpp", 0) for r in hard)  # type: ignore[union-attr]
        t_ours = [t for r in hard for t in r["cpu"]["ours"]]  # type: ignore[index]
        t_raw = [t for r in hard for t in r["cpu"]["zxing-cpp"]]  # type: ignore[index]
        med_o, med_r = statistics.median(t_ours), statistics.median(t_raw)
        p95 = sorted(t_ours)[int(0.95 * (len(t_ours) - 1))]
        clear = rep["clear"]
        c_o, c_t = clear["hits"].get("ours", 0), clear["hits"].get("today", 0)  # type: ignore[union-attr]
        cm_o = statistics.median(clear["cpu"]["ours"])  # type: ignore[index]
        cm_t = statistics.median(clear["cpu"]["today"])  # type: ignore[index]
        hinted = sum(int(r["hinted"]) for r in rep.values() if r["cause"])  # type: ignore[call-overload]
        right = sum(int(r["right"]) for r in rep.values() if r["cause"])  # type: ignore[call-overload]
        checks += [
            (f"hard footage: ours {ours} frames vs raw zxing-cpp {raw}: "
             f"{ours / max(raw, 1):.2f}x >= 1.5x", ours >= 1.5 * raw),
            (f"hard footage: median {med_o * 1e3:.1f} ms vs raw zxing-cpp {med_r * 1e3:.1f} ms: "
             f"{med_o / med_r:.2f}x <= 2x", med_o <= 2 * med_r),
            (f"hard footage: p95 {p95 * 1e3:.1f} ms < 33 ms", p95 < 0.033),
            (f"clear footage: ours {c_o} >= today {c_t}", c_o >= c_t),
            (f"clear footage: median {cm_o * 1e3:.2f} ms vs today {cm_t * 1e3:.2f} ms: "
             f"{cm_o / cm_t:.2f}x <= 1.1x", cm_o <= 1.1 * cm_t),
            (f"hints: {right}/{hinted} right on unread frames with a sighting",
             hinted > 0 and right >= 0.9 * hinted),
        ]
        delays = scan_hard.hint_latency(pages, lookup, AT, args.seed)
        checks.append((f"hint latency: slowest {max(delays.values()) * 1e3:.0f} ms <= 200 ms",
                       max(delays.values()) <= 0.2))
    if args.part in ("all", "clips"):
        kinds = tuple(k for k in args.clip_kinds.split(",") if k)
        unknown = [k for k in kinds if k not in CLIP_KINDS]
        if unknown:
            raise SystemExit(f"unknown clip kinds {unknown}; known: {CLIP_KINDS}")
        res = scan_hard.clips(pages, lookup, AT, args.clips, args.seed, kinds)
        every = [t for times in res.values() for t in times]
        within = sum(1 for t in every if t is not None and t <= 1.0)
        checks.append((f"clips: verdict within 1 s in {within}/{len(every)} = "
                       f"{within / len(every):.1%} >= 99 %", within >= 0.99 * len(every)))
    if args.part in ("all", "cli"):
        ratio = scan_hard.verify_cli()
        checks.append((f"verify FILE whole process {ratio:.2f}x <= 1.3x", ratio <= 1.3))
    print("\nissue 16 targets:")
    for text, ok in checks:
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}")
    return all(ok for _, ok in checks)


def ablation(corpus: list[tuple[np.ndarray, str]], missed: list[int]) -> None:
    """On raw zxing-cpp's misses: what each second chance recovers and what it costs."""
    if not missed:
        return
    print(f"\nsecond chances on the {len(missed)} frames raw zxing-cpp missed:")
    chances: dict[str, Callable[[np.ndarray], list[decoders.DecodedCode]]] = {
        "zxing sharpened": lambda g: decoders.read_zxing(decoders.sharpen(g)),
        "zxing CLAHE": lambda g: decoders.read_zxing(decoders.equalize(g)),
        "pyzbar": decoders.read_zbar,
        "pyzbar sharpened": lambda g: decoders.read_zbar(decoders.sharpen(g)),
    }
    recovered: dict[str, set[int]] = {}
    for name, fn in chances.items():
        got, spent = set(), []
        for i in missed:
            frame, payload = corpus[i]
            gray = decoders.to_gray(frame)
            start = time.perf_counter()
            texts = [c.text for c in fn(gray)]
            spent.append(time.perf_counter() - start)
            if payload in texts:
                got.add(i)
        recovered[name] = got
        print(f"  {name:<18} recovers {len(got):>3} ({len(got) / len(missed):.0%})"
              f"  median {statistics.median(spent) * 1e3:.1f} ms per missed frame")
    sharp = recovered["zxing sharpened"]
    extra = recovered["pyzbar"] - sharp
    print(f"  pyzbar after sharpening adds {len(extra)} more; CLAHE adds "
          f"{len(recovered['zxing CLAHE'] - sharp - recovered['pyzbar'])} more")


def register_step(payload: str) -> None:
    """The once-per-presentation part: register lookup, warnings, log entry (SQLite file)."""
    from app.codes.keys import public_raw
    from app.models.certificates import IssuerKey
    from app.models.db import Database, upgrade
    from app.services.base import Actor
    from app.services.verification_service import VerificationService

    key = sample_key()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(db.engine)
        with db.session_scope() as s:
            s.add(IssuerKey(key_id=key.signer.key_id, office_code=key.trusted.office_code,
                            office_name="样本办公室", public_key=public_raw(key.signer.private_key),
                            valid_from=key.trusted.valid_from, source="own"))
        svc = VerificationService(db, Actor("bench", "helpdesk"))
        spent = []
        for _ in range(30):
            start = time.perf_counter()
            svc.verify_text(payload, "camera", at=AT)
            spent.append(time.perf_counter() - start)
        db.dispose()
    print(f"\nregister step per presentation (lookup + warnings + log, SQLite, synchronous=FULL): "
          f"median {statistics.median(spent) * 1e3:.1f} ms — once per certificate shown, not per frame")


if __name__ == "__main__":
    sys.exit(main())
