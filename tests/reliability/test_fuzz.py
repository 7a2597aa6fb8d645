"""Fuzzing with hypothesis: the image loader, the frame sources (image and PDF), the payload
decoder, the validators, the trust-file parser and the input boundary's own parsers.

Each target either returns its normal result or refuses with ``InvalidInput`` (the payload
decoder: a ``CodeCheck`` status); anything else raising is a failure. Inputs are random bytes
and valid samples with bytes flipped, cut or spliced (most bugs hide one byte from valid).
Short form: 40 examples per target; full form (RELIABILITY_FULL=1): 1500. No deadlines.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app import inputs
from app.errors import InvalidInput
from tests.reliability.conftest import FULL

EXAMPLES = 1500 if FULL else 40
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not FULL,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
COUNTS: dict[str, list[int]] = {}  # target -> [tried, refused, failed]


def _png() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((40, 48, 3), 200, np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (48, 40, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 200))
    c.drawString(20, 100, "fuzz")
    c.save()
    return buf.getvalue()


def mutated(sample: bytes) -> st.SearchStrategy[bytes]:
    """``sample`` with a few bytes changed, cut short, or with junk spliced in."""
    def flip(changes: list[tuple[int, int]]) -> bytes:
        b = bytearray(sample)
        for i, value in changes:
            b[i % len(b)] = value
        return bytes(b)

    def cut(n: int) -> bytes:
        return sample[:n]

    def splice(pair: tuple[int, bytes]) -> bytes:
        at, junk = pair
        return sample[:at] + junk + sample[at:]

    return st.one_of(
        st.lists(st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)),
                 min_size=1, max_size=8).map(flip),
        st.integers(0, len(sample)).map(cut),
        st.tuples(st.integers(0, len(sample)), st.binary(max_size=64)).map(splice),
        st.binary(max_size=512),
    )


def judge(target: str, fn: Callable[[], Any], refusals: tuple[type[BaseException], ...] = (InvalidInput,)) -> None:
    counts = COUNTS.setdefault(target, [0, 0, 0])
    counts[0] += 1
    try:
        fn()
    except refusals:
        counts[1] += 1
    except BaseException:
        counts[2] += 1  # reported, and the example fails (hypothesis shrinks it)
        raise


@FUZZ
@given(data=st.one_of(mutated(_png()), mutated(_jpeg())))
def test_image_loader(data: bytes) -> None:
    from app.imaging.loading import load_image

    judge("image loader", lambda: load_image(data, max_pixels=4_000_000))


@FUZZ
@given(data=st.one_of(mutated(_png()), mutated(_jpeg())))
def test_image_frame_source(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    from app.scanner.sources import read_image

    path = tmp_path_factory.mktemp("fuzz") / "frame.png"
    path.write_bytes(data)
    judge("image frame source", lambda: read_image(path, max_pixels=4_000_000))


@FUZZ
@given(data=mutated(_pdf()))
def test_pdf_frame_source(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    from app.scanner.sources import render_pdf

    path = tmp_path_factory.mktemp("fuzz") / "page.pdf"
    path.write_bytes(data)
    judge("PDF frame source", lambda: render_pdf(path, dpi=50, max_pages=2, max_pixels=4_000_000))


def _payload() -> str:
    from app.codes.payload import encode_payload
    from tests.helpers.codes import claims, fixed_signer

    return encode_payload(claims(), fixed_signer())


@FUZZ
@given(text=st.one_of(
    st.text(max_size=400),
    mutated(_payload().encode("ascii")).map(lambda b: b.decode("latin-1")),
))
def test_payload_decoder(text: str) -> None:
    from app.codes.verify import STATUSES, check_code, lookup_from
    from tests.helpers.codes import fixed_signer, trusted

    lookup = lookup_from([trusted(fixed_signer())])
    def decode() -> None:
        check = check_code(text, lookup, datetime(2026, 3, 1, tzinfo=UTC))  # never raises
        assert check.status in STATUSES
        if check.status != "valid":
            raise InvalidInput(check.status)  # counted as a clean refusal

    judge("payload decoder", decode)


@FUZZ
@given(text=st.one_of(st.text(max_size=40), st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
                      st.from_regex(r"[0-9A-HJ-NPQRTUWXY]{18}", fullmatch=True)))
def test_validators(text: str) -> None:
    from app.domain.validators import ID_TYPES, normalise_id, parse_resident_id, parse_uscc

    judge("validators", lambda: parse_resident_id(text))
    judge("validators", lambda: parse_uscc(text))
    for id_type in ID_TYPES:
        judge("validators", lambda id_type=id_type: normalise_id(id_type, text))


def _trust_file() -> bytes:
    from app.codes.trust_file import build_trust_file
    from tests.helpers.codes import OFFICE_USCC, fixed_signer, trusted

    signer = fixed_signer()
    return build_trust_file(OFFICE_USCC, "样本办公室", [trusted(signer)], [signer],
                            datetime(2026, 1, 1, tzinfo=UTC))


@FUZZ
@given(data=st.one_of(mutated(_trust_file()),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                                   lambda c: st.lists(c, max_size=4) | st.dictionaries(
                                       st.text(max_size=6), c, max_size=4), max_leaves=40)
                      .map(lambda v: __import__("json").dumps(v).encode())))
def test_trust_file_parser(data: bytes) -> None:
    from app.codes.trust_file import parse_trust_file

    judge("trust-file parser", lambda: parse_trust_file(data))


@FUZZ
@given(text=st.text(max_size=80))
def test_boundary_parsers(text: str) -> None:
    judge("input boundary", lambda: inputs.parse_instant(text, "at"))
    judge("input boundary", lambda: inputs.parse_day(text, "on"))
    judge("input boundary", lambda: inputs.check_text(text, "name", 40))
    judge("input boundary", lambda: inputs.load_json(text, "file"))


def test_zz_fuzz_counts(record_counts: Callable[[str], None]) -> None:
    """Runs last in this module: the counts of the targets above."""
    for target, (tried, refused, failed) in sorted(COUNTS.items()):
        record_counts(f"fuzz {target}: tried {tried}, refused cleanly {refused}, "
                      f"accepted {tried - refused - failed}, failed {failed}")
    assert COUNTS, "the fuzz targets did not run"


def test_trust_file_sample_is_accepted() -> None:
    """The mutation base is a valid file (else every case would be a refusal)."""
    from app.codes.trust_file import parse_trust_file

    assert parse_trust_file(_trust_file()).office_name == "样本办公室"
