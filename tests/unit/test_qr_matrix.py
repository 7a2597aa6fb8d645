"""The numpy mask choice gives exactly segno's symbol (same mask, same modules) for the payload
shapes we print: if a segno release changes its scoring, this fails rather than the QR drifting."""

from __future__ import annotations

import random

import segno

from app.codes.payload import qr_symbol
from app.printing.qr import qr_matrix_fast
from app.printing.samples import sample_view

BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def payloads() -> list[str]:
    rng = random.Random(20261123)
    out = [sample_view(kind).payload for kind in ("architect", "constructor", "engineer")]
    out += ["RO1:" + "".join(rng.choice(BASE45) for _ in range(rng.randint(10, 600)))
            for _ in range(40)]
    return out


def test_same_symbol_as_segno_with_automatic_mask() -> None:
    masks = set()
    for text in payloads():
        ref = qr_symbol(text)
        matrix, version = qr_matrix_fast(text)
        assert version == ref.version
        assert matrix == tuple(tuple(bool(v) for v in row) for row in ref.matrix), (len(text), ref.mask)
        masks.add(ref.mask)
    assert len(masks) >= 4  # the comparison covered several different mask choices


def test_a_different_mask_would_be_noticed() -> None:
    text = payloads()[0]
    ref = qr_symbol(text)
    other = segno.make_qr(text, error="q", boost_error=False, mask=(ref.mask + 1) % 8)
    assert qr_matrix_fast(text)[0] != tuple(tuple(bool(v) for v in r) for r in other.matrix)
