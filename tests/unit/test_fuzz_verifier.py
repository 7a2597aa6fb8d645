"""Issue 10 fuzz test: arbitrary text and arbitrary CBOR/COSE structures to the verifier, arbitrary
JSON and bytes to the trust-file and revocation-list readers and to the importer with a real
register. Nothing may crash, nothing forged may come out ``valid``, nothing may be imported.

Short in CI (150 examples a test); `make fuzz` (``REGISTRY_FUZZ_EXAMPLES=5000``) runs a long campaign.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base45
import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.codes.cose import sign1
from app.codes.payload import PREFIX, encode_payload
from app.codes.revocations import parse_revocation_list
from app.codes.trust_file import build_trust_file, parse_trust_file
from app.codes.verify import STATUSES, VALID, check_code, lookup_from
from app.errors import InvalidInput, RegistryError
from tests.helpers.codes import OFFICE_USCC, claims, fixed_signer, trusted

# Local settings, not a global profile: other test modules keep their own.
FUZZ = settings(max_examples=int(os.environ.get("REGISTRY_FUZZ_EXAMPLES", "150")), deadline=None)

SIGNER = fixed_signer()
KEY = trusted(SIGNER)
LOOKUP = lookup_from([KEY])
AT = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)
GENUINE = encode_payload(claims(), SIGNER)
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

# Any CBOR data item cbor2 can write: scalars, byte and text strings, arrays, maps, tags.
cbor_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**64), max_value=2**64 - 1),
    st.floats(allow_nan=False), st.binary(max_size=80), st.text(max_size=40))
cbor_items = st.recursive(
    cbor_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.one_of(st.integers(-70000, 70000), st.text(max_size=8)), inner,
                        max_size=6),
        st.builds(cbor2.CBORTag, st.sampled_from([0, 1, 18, 24, 100, 1004, 55799]), inner)),
    max_leaves=30)


def _text_of(raw: bytes) -> str:
    return PREFIX + base45.b45encode(zlib.compress(raw, 9)).decode("ascii")


def _judge(text: str) -> str:
    result = check_code(text, LOOKUP, AT)
    assert result.status in STATUSES
    return result.status


@FUZZ
@given(st.text(max_size=600))
def test_arbitrary_text_is_never_valid(text: str) -> None:
    assert _judge(text) != VALID


@FUZZ
@given(st.text(alphabet=B45, max_size=600))
def test_arbitrary_base45_behind_our_prefix_is_never_valid(body: str) -> None:
    assert _judge(PREFIX + body) != VALID


@FUZZ
@given(cbor_items)
def test_arbitrary_cbor_is_never_valid(item: Any) -> None:
    assert _judge(_text_of(cbor2.dumps(item))) != VALID


@FUZZ
@given(protected=cbor_items, unprotected=cbor_items, payload=cbor_items,
       signature=st.binary(min_size=0, max_size=80), tagged=st.booleans())
def test_arbitrary_cose_shapes_are_never_valid(protected: Any, unprotected: Any, payload: Any,
                                               signature: bytes, tagged: bool) -> None:
    header = protected if isinstance(protected, dict) else {1: -8, 4: SIGNER.kid, 99: protected}
    body = [cbor2.dumps(header), unprotected, cbor2.dumps(payload), signature]
    item = cbor2.CBORTag(18, body) if tagged else body
    assert _judge(_text_of(cbor2.dumps(item))) != VALID


@FUZZ
@given(payload=cbor_items)
def test_trusted_key_signing_arbitrary_claims_never_crashes(payload: Any) -> None:
    """Even the key's holder cannot make the verifier crash, and a claim set that is not a
    certificate is never valid."""
    text = _text_of(sign1(cbor2.dumps(payload), SIGNER.kid, SIGNER.private_key))
    assert _judge(text) != VALID


@FUZZ
@given(st.binary(max_size=40), st.integers(0, 400))
def test_genuine_code_with_bytes_spliced_in_is_never_valid(junk: bytes, where: int) -> None:
    raw = zlib.decompress(base45.b45decode(GENUINE[len(PREFIX):]))
    where = min(where, len(raw))
    spliced = raw[:where] + junk + raw[where:]
    if spliced != raw:
        assert _judge(_text_of(spliced)) != VALID


# -- trust file and revocation list -------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=25)
GENUINE_TRUST = build_trust_file(OFFICE_USCC, "测试注册办公室", [KEY], [SIGNER],
                                 datetime(2026, 11, 23, tzinfo=UTC))
TRUST_DOC = json.loads(GENUINE_TRUST)


def _parse_both(data: bytes) -> None:
    for parse in (parse_trust_file, parse_revocation_list):
        # The one way a reader may refuse: a coded, worded error; anything else fails the test.
        with contextlib.suppress(InvalidInput):
            parse(data)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_to_the_readers(data: bytes) -> None:
    _parse_both(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_to_the_readers(value: Any) -> None:
    _parse_both(json.dumps(value).encode())


def _mutate(doc: Any, path: list[int], value: Any) -> Any:
    """Replace the member that ``path`` picks (indices into sorted members) by ``value``."""
    if not path or not isinstance(doc, dict | list) or not doc:
        return value
    if isinstance(doc, dict):
        key = sorted(doc)[path[0] % len(doc)]
        return {**doc, key: _mutate(doc[key], path[1:], value)}
    i = path[0] % len(doc)
    return [*doc[:i], _mutate(doc[i], path[1:], value), *doc[i + 1:]]


@FUZZ
@given(st.lists(st.integers(0, 50), min_size=1, max_size=5), json_values)
def test_edited_trust_file_never_yields_other_keys(path: list[int], value: Any) -> None:
    edited = _mutate(TRUST_DOC, path, value)
    try:
        parsed = parse_trust_file(json.dumps(edited, ensure_ascii=False).encode())
    except InvalidInput:
        return
    # Accepted only if the signed body is what was signed: the same keys, the same dates.
    assert [(k.key_id, k.public_key, k.valid_from, k.retired_at) for k in parsed.keys] == \
        [(KEY.key_id, KEY.public_key, KEY.valid_from, None)]
    assert parsed.signed_by == (SIGNER.key_id,)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path):  # type: ignore[no-untyped-def]
    from app.models.db import Database

    path = tmp_path_factory.mktemp("fuzz") / "register.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path.as_posix()}")
    yield db
    db.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300),
                 json_values.map(lambda v: json.dumps(v).encode()),
                 st.tuples(st.lists(st.integers(0, 50), min_size=1, max_size=4), json_values)
                 .map(lambda pv: json.dumps(_mutate(TRUST_DOC, *pv)).encode())))
def test_importer_with_a_real_register_refuses_cleanly(register, data: bytes) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from app.models import IssuerKey
    from app.services.base import Actor
    from app.services.key_service import KeyService

    svc = KeyService(register, Actor("admin", "admin", "管理员"))
    for op in (lambda: svc.import_trust(data), lambda: svc.import_revocations(data)):
        with contextlib.suppress(RegistryError):
            op()
    with register.session_scope(write=False) as s:
        keys = s.scalars(select(IssuerKey.key_id)).all()
        assert set(keys) <= {KEY.key_id}  # only the genuine key, if the file was intact
        assert s.scalar(select(func.count()).select_from(IssuerKey)) == len(keys)
