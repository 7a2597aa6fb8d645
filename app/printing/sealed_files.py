"""Render and seal certificate files, one or many (a batch uses every core).

Rendering (:mod:`app.printing.pdf_renderer`, :mod:`app.printing.ofd_writer`) and sealing
(:mod:`app.printing.pdf_seals`) stay separate steps; this module only chains them. A batch
runs in worker processes: ReportLab renders one document at a time per process (a lock in the
renderer), and signing is CPU-bound, so threads would not help. The unlocked seals travel to
each worker once (its initializer), never through a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from app.codes.claims_view import CertificateView

_material: Any = None  # the worker's unlocked seals (app.services.seal_service.SealMaterial)


@dataclass(frozen=True)
class Sealing:
    """What a worker needs to seal: plain data (picklable), no database."""

    keys: dict[str, Any]   # seal -> pdf_seals.SealKey (ECDSA, PDF)
    root: bytes
    crl: bytes
    location: str
    sm2_keys: dict[str, Any] = field(default_factory=dict)  # seal -> ofd_seals.Sm2Key (OFD)
    sm2_maker: Any = None  # ofd_seals.Sm2Maker: the office's SM2 root, which makes the seals


def render_file(view: CertificateView, fmt: str) -> bytes:
    if fmt == "ofd":
        from app.printing.ofd_writer import render_ofd

        return render_ofd(view)
    from app.printing.pdf_renderer import render_pdf

    return render_pdf(view)


def seal_file(data: bytes, fmt: str, view: CertificateView, sealing: Sealing) -> bytes:
    """Seal rendered bytes (PDF: PAdES; OFD: GB/T 33190 signatures when available)."""
    if fmt == "ofd":
        from app.codes.seal_ca import seals_for_kind
        from app.printing.ofd_seals import seal_ofd
        from app.printing.seal import seal_png

        if sealing.sm2_maker is None:
            return data  # a register whose seals predate the SM2 ones: see seal_service
        # The seal picture is the drawn seal of the certificate's authority (GB/T 38540 needs one).
        pictures = dict.fromkeys(seals_for_kind(view.kind), seal_png(view.authority_zh))
        return seal_ofd(data, view.kind, sealing.sm2_keys, sealing.sm2_maker, pictures,
                        layout_name=view.layout or view.kind)
    from app.printing.pdf_seals import seal_pdf

    return seal_pdf(data, view.kind, sealing.keys, sealing.root, sealing.crl, sealing.location,
                    layout_name=view.layout or view.kind)


def render_combined(views: Sequence[CertificateView], sealing: Sealing | None) -> bytes:
    """One PDF of several certificates (证书合集.pdf, one print run), sealed when ``sealing``
    is given: each seal the certificates carry signs the whole file once."""
    import io

    from app.printing.layout import layout_page
    from app.printing.pdf_renderer import render_pages
    from app.printing.pdf_seals import combined_placements, seal_placements

    buf = io.BytesIO()
    render_pages([layout_page(v) for v in views], buf, title="certificates")
    if sealing is None:
        return buf.getvalue()
    placements = combined_placements([(v.kind, v.layout or v.kind) for v in views])
    return seal_placements(buf.getvalue(), placements, sealing.keys, sealing.root, sealing.crl,
                           sealing.location)


def render_sealed(view: CertificateView, fmt: str, sealing: Sealing | None) -> bytes:
    data = render_file(view, fmt)
    return seal_file(data, fmt, view, sealing) if sealing is not None else data


def _init(sealing: Sealing | None) -> None:
    global _material
    _material = sealing


def _work(args: tuple[CertificateView, str]) -> bytes:
    view, fmt = args
    return render_sealed(view, fmt, _material)


def render_many(views: Sequence[CertificateView], fmt: str, sealing: Sealing | None,
                workers: int | None = None,
                each: Callable[[int, CertificateView, bytes], None] | None = None) -> int:
    """Render (and seal) every view, calling ``each(i, view, data)`` in order as files are
    done; returns how many. ``workers`` defaults to the machine's cores."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(views) < 2:
        for i, view in enumerate(views):
            data = render_sealed(view, fmt, sealing)
            if each:
                each(i, view, data)
        return len(views)
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(sealing,)) as pool:
        for i, data in enumerate(pool.map(_work, [(v, fmt) for v in views], chunksize=8)):
            if each:
                each(i, views[i], data)
    return len(views)
