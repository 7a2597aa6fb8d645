"""Electronic seals (issue 13): what sealing adds to rendering, against the unsigned file
rendered in the same run.

Targets (issue 13): one seal adds at most 1x the unsigned rendering time, two seals (the
architects) at most 1.5x; a batch of 1,000 sealed PDFs uses both cores and stays under 90 s.
Measures, each a median of N runs after a warm-up:
* unsigned PDF render, per kind (the baseline);
* render + seal: constructor (one seal), architect (two seals, two incremental updates);
* the same for OFD (SM2 seals, gmssl's arithmetic);
* a batch of --batch sealed PDFs over every core (app.printing.sealed_files.render_many), and the
  unsigned batch the same way, so the ratio is of this machine at this load.
Single files are judged on the CPU time of this process (the machine may be shared; wall
time is printed beside it); the batch on wall time, with its workers' CPU time beside it.

Run: .venv/bin/python benchmarks/seal_benchmark.py [--batch 1000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

# This checkout's app, not whichever checkout the shared virtual environment was installed from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives import serialization

from app.codes import seal_ca as ca
from app.codes import seal_sm2 as sm2
from app.printing.ofd_seals import Sm2Key, Sm2Maker
from app.printing.pdf_seals import SealKey
from app.printing.samples import sample_view
from app.printing.sealed_files import Sealing, render_file, render_many, render_sealed

OFFICE, CODE, PASS = "基准测试办公室", "91110000MA01ABCD2X", "benchmark passphrase"


def sealing() -> Sealing:
    """An office CA made in memory (no database): what signing_material hands a batch."""
    now = datetime.now(UTC).replace(microsecond=0)
    root, root_key = ca.create_root(CODE, OFFICE, PASS, now)
    names = ca.seal_names(OFFICE, "全国注册建筑师管理委员会")
    keys, sm2_keys = {}, {}
    r_priv, r_pub = sm2.generate()
    subject = (CODE, OFFICE, "制章者", ca.ROOT)
    sm2_root = sm2.make_certificate(subject, r_pub, subject, r_priv, r_pub, now,
                                    now + timedelta(days=3650), ca=True)
    for role in ca.SEAL_ROLES:
        issued = ca.issue_seal(role, names[role], CODE, OFFICE, root.certificate, root_key, PASS, now)
        raw = ca.decrypt_key(issued.private_key_encrypted, PASS).private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        keys[role] = SealKey(role, names[role], issued.certificate, raw)
        priv, pub = sm2.generate()
        cert = sm2.make_certificate((CODE, OFFICE, names[role], role), pub, subject, r_priv, r_pub,
                                    now, now + timedelta(days=3650), ca=False)
        sm2_keys[role] = Sm2Key(role, names[role], cert, priv, pub)
    crl = ca.issue_crl(root.certificate, root_key, [], now, 1)
    return Sealing(keys, root.certificate, crl, OFFICE, sm2_keys, Sm2Maker(sm2_root, r_priv, r_pub))


def median_ms(fn, n: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """(median CPU ms of this process, its minimum, median wall ms) over ``n`` runs after a
    warm-up. The median CPU time is the figure the targets are judged on: the machine is shared,
    and wall time counts whatever else ran meanwhile (the minimum shows the uncontended cost)."""
    fn()  # warm-up
    cpu, wall = [], []
    for _ in range(n):
        c, t = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return statistics.median(cpu), min(cpu), statistics.median(wall)


def children_cpu() -> float:
    """CPU seconds of finished child processes (the batch's workers, once their pool closed)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    s = sealing()
    verdicts = []
    for fmt, runs in (("pdf", args.runs), ("ofd", args.runs)):
        for kind, limit in (("constructor", 1.0), ("architect", 1.5)):
            view = sample_view(kind)
            plain, plain_min, plain_wall = median_ms(lambda v=view, f=fmt: render_file(v, f), runs)
            sealed, sealed_min, sealed_wall = median_ms(lambda v=view, f=fmt: render_sealed(v, f, s),
                                                        runs)
            added = (sealed - plain) / plain
            seals = 2 if kind == "architect" else 1
            ok = added <= limit
            verdicts.append(ok)
            print(f"{fmt.upper()} {kind:<11} CPU: unsigned {plain:6.1f} ms, sealed ({seals}) "
                  f"{sealed:6.1f} ms: adds {added:4.2f}x the unsigned time (target <= {limit}x) "
                  f"{'OK' if ok else 'MISSED'}   [min CPU {plain_min:.1f} / {sealed_min:.1f} ms: "
                  f"{(sealed_min - plain_min) / plain_min:.2f}x; wall {plain_wall:.1f} / "
                  f"{sealed_wall:.1f} ms]")
    base = sample_view("constructor")
    views = [replace(sample_view(("architect", "constructor", "engineer")[i % 3]), name=f"张伟{i}")
             for i in range(args.batch)]
    del base
    workers = os.cpu_count() or 1
    c0, t = children_cpu(), time.perf_counter()
    render_many(views, "pdf", None, workers)
    plain_s, plain_cpu = time.perf_counter() - t, children_cpu() - c0
    sizes: list[int] = []
    c0, m0, t = children_cpu(), time.process_time(), time.perf_counter()
    render_many(views, "pdf", s, workers, lambda _i, _v, data: sizes.append(len(data)))
    sealed_s, sealed_cpu = time.perf_counter() - t, children_cpu() - c0
    main_cpu = time.process_time() - m0  # collecting the files: the batch's third process
    ok = sealed_s < 90 and len(sizes) == args.batch
    verdicts.append(ok)
    print(f"batch of {args.batch} PDFs on {workers} workers: unsigned {plain_s:6.1f} s wall "
          f"({plain_cpu:.1f} s worker CPU), sealed {sealed_s:6.1f} s wall ({sealed_cpu:.1f} s "
          f"worker CPU + {main_cpu:.1f} s main; {(sealed_cpu + main_cpu) / workers:.1f} s per "
          f"core if the cores were ours) "
          f"(ratio {sealed_s / plain_s:.2f}x; target < 90 s wall) {'OK' if ok else 'MISSED'}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print("all targets met" if all(verdicts) else "SOME TARGETS MISSED")


if __name__ == "__main__":
    main()
