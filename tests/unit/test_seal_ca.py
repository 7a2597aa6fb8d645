"""The seal CA without a database: certificate profiles, the CRL, and the trust file's
``seal_root_certificate`` part (the function issue 10's trust file version 2 plugs in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509

from app.codes import seal_ca as ca
from app.errors import InvalidInput

CODE, OFFICE, PASS = "11100000000013338W", "测试省注册管理中心", "a passphrase 123"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def office() -> tuple[ca.Issued, object, ca.Issued]:
    root, key = ca.create_root(CODE, OFFICE, PASS, NOW)
    seal = ca.issue_seal(ca.COMMITTEE_SEAL, "全国注册建筑师管理委员会", CODE, OFFICE,
                         root.certificate, key, PASS, NOW)
    return root, key, seal


def test_profiles(office: tuple) -> None:
    root, _, seal = office
    r, s = x509.load_der_x509_certificate(root.certificate), x509.load_der_x509_certificate(seal.certificate)
    assert r.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not s.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert s.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment
    assert s.issuer == r.subject and s.not_valid_after_utc <= r.not_valid_after_utc
    s.verify_directly_issued_by(r)
    assert s.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)[0].value == "全国注册建筑师管理委员会"
    with pytest.raises(InvalidInput):
        ca.decrypt_key(seal.private_key_encrypted, "not the passphrase")


def test_crl_lists_revoked_seals(office: tuple) -> None:
    root, key, seal = office
    der = ca.issue_crl(root.certificate, key, [(seal.certificate, NOW)], NOW, 7)
    crl = x509.load_der_x509_crl(der)
    assert crl.is_signature_valid(x509.load_der_x509_certificate(root.certificate).public_key())
    serial = x509.load_der_x509_certificate(seal.certificate).serial_number
    assert crl.get_revoked_certificate_by_serial_number(serial) is not None
    assert ca.crl_number(der) == 7 and ca.crl_fresh(der, NOW, timedelta(days=1))


def test_trust_file_field_round_trip(office: tuple) -> None:
    root, _, seal = office
    body = {"format": "registry-office-trust-store", "version": 2}
    assert ca.add_seal_root(body, None) == body  # an office without seals adds nothing
    doc = ca.add_seal_root(body, root.certificate)
    assert str(doc[ca.TRUST_FIELD]).startswith("-----BEGIN CERTIFICATE-----")
    assert ca.read_seal_root(doc, CODE) == root.certificate
    assert ca.read_seal_root(body, CODE) is None
    with pytest.raises(InvalidInput):
        ca.read_seal_root(doc, "12100000400012342E")  # another office's code
    with pytest.raises(InvalidInput):
        ca.read_seal_root(ca.add_seal_root(body, seal.certificate), CODE)  # not a CA
    with pytest.raises(InvalidInput):
        ca.read_seal_root({ca.TRUST_FIELD: "-----BEGIN CERTIFICATE-----\nnope"}, CODE)


def test_a_long_office_name_fits_the_x509_bounds() -> None:
    """A certificate's common name holds 64 UTF-8 bytes (21 Chinese characters); an office
    may well have a longer name: it is cut, the seal's own words are kept."""
    long_name = "某某省住房和城乡建设厅执业资格注册中心" * 2  # 38 characters, 114 bytes
    root, _ = ca.create_root(CODE, long_name, PASS, NOW)
    cert = x509.load_der_x509_certificate(root.certificate)
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert len(cn.encode("utf-8")) <= ca.NAME_MAX
    seal = ca.seal_names(long_name, "全国注册建筑师管理委员会")[ca.OFFICE_SEAL]
    assert len(seal.encode("utf-8")) <= ca.NAME_MAX and seal.endswith("…电子证书专用章")
    assert ca.fit_name("测试省注册管理中心") == "测试省注册管理中心"  # short names stay whole
