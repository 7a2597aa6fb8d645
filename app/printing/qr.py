"""The QR module matrix for a payload: segno's symbol, with the mask chosen in numpy.

segno (pure Python) spends ~80 % of an encode choosing the data mask: it applies each of the 8
masks and scores the result module by module. Here segno encodes once with mask 0, and the 8
candidates are scored with numpy using exactly segno's rules (ISO/IEC 18004 7.8.3, including
its way of counting the 1:1:3:1:1 pattern), so the chosen mask and the resulting symbol are
identical to ``segno.make_qr(...)`` with automatic masking (tests compare them) at a quarter of
the cost. It relies on segno's encoder helpers; a test pins the equivalence per segno version.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import segno
from segno import encoder as _enc

ERROR = "q"   # the codes package's level (app.codes.payload.QR_ERROR)
_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


@cache
def _mask_arrays(size: int) -> list[np.ndarray]:
    i, j = np.indices((size, size))
    return [((i + j) % 2 == 0), (i % 2 == 0), (j % 3 == 0), ((i + j) % 3 == 0),
            ((i // 2 + j // 3) % 2 == 0), ((i * j) % 2 + (i * j) % 3 == 0),
            (((i * j) % 2 + (i * j) % 3) % 2 == 0), ((((i + j) % 2) + (i * j) % 3) % 2 == 0)]


@cache
def _function_matrix(size: int) -> np.ndarray:
    m = _enc.make_matrix(size, size)
    _enc.add_finder_patterns(m, size, size)
    _enc.add_alignment_patterns(m, size, size)
    fm = np.array([list(r) for r in m], dtype=np.uint8)
    fm[-8, 8] = 1  # the dark module is not data (segno does the same)
    fm.setflags(write=False)
    return fm


def _n1(a: np.ndarray) -> int:
    """Runs of 5+ equal modules in rows: each scores (length - 2)."""
    rows, n = a.shape
    padded = np.full((rows, n + 2), 9, dtype=np.int16)
    padded[:, 1:-1] = a
    flat = padded.ravel()
    edges = np.flatnonzero(np.diff(flat) != 0)
    runs = np.diff(edges)
    starts = flat[edges[:-1] + 1]
    runs = runs[starts != 9]
    long_runs = runs[runs >= 5]
    return int((long_runs - 2).sum())


def _n3_line(seq: bytes, size: int) -> int:
    """segno's own 1:1:3:1:1 counting (find, then skip 7 or 4), kept byte for byte."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(seq[max(idx - 4, 0):min(idx, size)]) \
                or not any(seq[max(offset, 0):min(offset + 4, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count


def _score(a: np.ndarray) -> int:
    size = a.shape[0]
    n1 = _n1(a) + _n1(a.T)
    n2 = 3 * int(((a[:-1, :-1] == a[1:, :-1]) & (a[:-1, :-1] == a[:-1, 1:])
                  & (a[:-1, :-1] == a[1:, 1:])).sum())
    rows = a.astype(np.uint8)
    cols = np.ascontiguousarray(rows.T)
    n3 = sum(_n3_line(rows[k].tobytes(), size) + _n3_line(cols[k].tobytes(), size)
             for k in range(size))
    percent = float(a.sum()) / (size * size)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def qr_matrix_fast(payload: str) -> tuple[tuple[tuple[bool, ...], ...], int]:
    """(modules without quiet zone, version) for ``payload`` at level Q, no error boosting."""
    code = segno.make_qr(payload, error=ERROR, boost_error=False, mask=0)
    size = len(code.matrix)
    final0 = np.array([list(r) for r in code.matrix], dtype=np.uint8)
    func = _function_matrix(size)
    region = func > 1                     # data/EC modules; everything else is a function module
    masks = _mask_arrays(size)
    unmasked = np.where(region, final0 ^ masks[0], 0).astype(np.uint8)
    # At evaluation time format/version areas and the dark module are still light (0).
    base = np.where(region, 0, np.where(func == 1, func, 0)).astype(np.uint8)
    base[-8, 8] = 0
    best, best_score = 0, None
    for number, mask in enumerate(masks):
        candidate = np.where(region, unmasked ^ mask, base)
        score = _score(candidate)
        if best_score is None or score < best_score:
            best, best_score = number, score
    final = np.where(region, unmasked ^ masks[best], final0).astype(np.uint8)
    rows = tuple(bytearray(r.tobytes()) for r in final)
    _enc.add_format_info(rows, code.version, _enc.normalize_errorlevel(ERROR), best)
    return tuple(tuple(bool(v) for v in r) for r in rows), int(code.version)
