"""SM2 for the OFD seals (app.codes.seal_sm2): keys whose x starts with "04" (gmssl's lstrip bug),
the SM2 root's CRL, the trust-file check of an SM2 root."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.codes import seal_sm2 as sm2

# A key found by search whose public x begins with "04": gmssl 3.2.2's ``lstrip("04")`` would
# have eaten those digits, and every signature of the key failed to verify (1 key in ~256).
PRIVATE_04 = "d9cc14a8ffb5f1f75ebcf3cebf5743465101efa2a646e8a6e4417becdb4d62eb"
PUBLIC_04 = ("041ac0497589a305ef15ff785843c4c4b358eea3f080511b06fde68e3373bd21"
             "9682593e566bd1fc1778eedf3424acfba509b8abb18ab27d8013657ff9c92553")
CODE = "91110000MA01ABCD2X"


def test_a_public_key_starting_with_04_signs_and_verifies() -> None:
    assert sm2._crypt(PRIVATE_04, "")._kg(int(PRIVATE_04, 16), sm2.sm2.default_ecc_table["g"]) \
        == PUBLIC_04
    for i in range(5):
        message = b"seal %d" % i
        signature = sm2.sign(PRIVATE_04, PUBLIC_04, message)
        assert sm2.verify(PUBLIC_04, signature, message)
        assert not sm2.verify(PUBLIC_04, signature, message + b"!")


def _root(now: datetime) -> tuple[bytes, str]:
    private, public = sm2.generate()
    subject = (CODE, "测试办公室", "测试办公室电子印章制章者", "root")
    return sm2.make_certificate(subject, public, subject, private, public, now,
                                now + timedelta(days=365), ca=True), private


def test_sm2_crl_lists_a_revoked_seal_and_is_checked_against_its_root() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    root, root_private = _root(now)
    other_root, _ = _root(now)
    _private, public = sm2.generate()
    seal = sm2.make_certificate((CODE, "测试办公室", "测试办公室电子证书专用章", "office"), public,
                                (CODE, "测试办公室", "测试办公室电子印章制章者", "root"),
                                root_private, sm2.certificate_public_hex(root), now,
                                now + timedelta(days=30), ca=False)
    empty = sm2.issue_crl(root, root_private, [], now, 1)
    listing = sm2.issue_crl(root, root_private, [(seal, now)], now, 2)
    assert sm2.crl_serials(empty) == frozenset()
    assert sm2.crl_serials(listing) == {sm2.issuer_serial(seal)[1]}
    assert sm2.crl_number(listing) == 2
    assert sm2.crl_signed_by(listing, root)
    assert not sm2.crl_signed_by(listing, other_root)  # same names, another key
    assert not sm2.crl_signed_by(listing[:-3] + b"\0\0\0", root)
    # The trust file's SM2 root: a self-signed CA of that office; a seal certificate is not.
    assert sm2.is_ca_of(root, CODE)
    assert not sm2.is_ca_of(root, "12100000400012342E")
    assert not sm2.is_ca_of(seal, CODE)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_openssl_reads_the_sm2_crl(tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    root, root_private = _root(now)
    path = tmp_path / "sm2.crl"
    path.write_bytes(sm2.issue_crl(root, root_private, [], now, 7))
    out = subprocess.run(["openssl", "crl", "-inform", "DER", "-in", str(path), "-noout", "-text"],
                         capture_output=True, text=True, check=True).stdout
    assert "SM2-with-SM3" in out and "CRL Number" in out
