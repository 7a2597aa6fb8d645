"""PAdES seals on certificate PDFs, checked with pyHanko's own validator and with poppler's
``pdfsig``: every kind signed (architects twice, committee then chairman), the chain ends at
the office root, the office CRL is embedded; a changed byte, an appended page change and a
foreign office's seal are each reported."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import crl as a_crl
from asn1crypto import x509 as a_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

from app.models.db import Database
from app.services.base import Actor
from app.services.seal_service import SealService
from tests.helpers.certificates import PASSPHRASE
from tests.helpers.seals import (
    append_page_change,
    foreign_sealing,
    office_with_certificates,
    sealed,
)

EXPECTED = {"constructor": ["OfficeSeal"], "engineer": ["OfficeSeal"],
            "architect": ["CommitteeSeal", "ChairmanSeal"]}


@pytest.fixture
def office(db: Database, actors: dict[str, Actor]) -> tuple[dict, object, bytes]:
    views = office_with_certificates(db, actors["admin"], actors["clerk"])
    sealing = SealService(db, actors["clerk"]).signing_material(PASSPHRASE)
    return views, sealing, sealing.root


def _crl_only_context(root: bytes, crls: list[bytes]) -> ValidationContext:
    # Revocation must be checked, from the file's own CRLs only: nothing may be fetched.
    return ValidationContext(
        trust_roots=[a_x509.Certificate.load(root)],
        crls=[a_crl.CertificateList.load(c) for c in crls], allow_fetching=False,
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(
            ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
            intermediate_ca_cert_rule=RevocationCheckingRule.NO_CHECK)))


def _dss_crls(reader: PdfFileReader) -> list[bytes]:
    dss = DocumentSecurityStore.read_dss(reader)
    return [c.get_object().data for c in dss.crls]


@pytest.mark.parametrize("kind", ["constructor", "architect", "engineer"])
def test_pyhanko_validates_each_kind_to_the_office_root_offline(kind: str, office: tuple) -> None:
    views, sealing, root = office
    pdf = sealed(views[kind], sealing)
    reader = PdfFileReader(io.BytesIO(pdf))
    sigs = reader.embedded_signatures
    assert [s.field_name for s in sigs] == EXPECTED[kind]  # committee first, then the chairman
    crls = _dss_crls(reader)
    assert len(crls) >= 1
    root_cert = a_x509.Certificate.load(root)
    assert all(a_crl.CertificateList.load(c).issuer == root_cert.subject for c in crls)
    for i, sig in enumerate(sigs):
        status = validate_pdf_signature(sig, _crl_only_context(root, crls))
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line
        assert status.validation_path.trust_anchor.authority.certificate.dump() == root  # type: ignore[union-attr]
        assert status.modification_level <= ModificationLevel.FORM_FILLING
        assert status.signer_reported_dt is not None
        assert sig.signer_cert.subject.native["organization_identifier"] == "11100000000013338W"
        if i == 0 and len(sigs) == 2:
            # The chairman's seal is an incremental update after the committee's.
            assert sig.signed_revision < sigs[1].signed_revision
    # Without the embedded CRLs, the same check cannot confirm revocation: the CRL is what
    # makes it pass offline.
    status = validate_pdf_signature(sigs[0], _crl_only_context(root, []))
    assert not status.bottom_line


def test_a_changed_byte_in_the_signed_range_is_reported(office: tuple, db: Database,
                                                        actors: dict[str, Actor]) -> None:
    views, sealing, root = office
    pdf = sealed(views["constructor"], sealing)
    pos = pdf.index(b"Registry Office")  # the /Creator, inside the signed byte range
    bad = pdf[:pos] + b"Registry 0ffice" + pdf[pos + 15:]
    sig = PdfFileReader(io.BytesIO(bad)).embedded_signatures[0]
    status = validate_pdf_signature(sig, _crl_only_context(root, _dss_crls(PdfFileReader(io.BytesIO(bad)))))
    assert not status.intact and not status.bottom_line
    found = SealService(db, actors["helpdesk"]).check_pdf(bad)
    assert [f.state for f in found] == ["modified"]  # type: ignore[attr-defined]
    assert [f.state for f in SealService(db, actors["helpdesk"]).check_pdf(pdf)] == ["unmodified"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["constructor", "architect"])
def test_an_appended_update_altering_the_page_is_reported(kind: str, office: tuple, db: Database,
                                                          actors: dict[str, Actor]) -> None:
    views, sealing, root = office
    bad = append_page_change(sealed(views[kind], sealing))
    reader = PdfFileReader(io.BytesIO(bad))
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, _crl_only_context(root, _dss_crls(reader)))
        assert status.intact  # the signed bytes are untouched ...
        assert status.modification_level == ModificationLevel.OTHER  # ... but the page changed
        assert not status.bottom_line
    found = SealService(db, actors["helpdesk"]).check_pdf(bad)
    assert [f.state for f in found] == ["modified"] * len(EXPECTED[kind])  # type: ignore[attr-defined]


def test_a_foreign_office_seal_is_an_unknown_signer(office: tuple, db: Database,
                                                    actors: dict[str, Actor]) -> None:
    views, _, root = office
    pdf = sealed(views["architect"], foreign_sealing())
    reader = PdfFileReader(io.BytesIO(pdf))
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, _crl_only_context(root, _dss_crls(reader)))
        assert status.intact and not status.trusted and not status.bottom_line
    found = SealService(db, actors["helpdesk"]).check_pdf(pdf)
    assert [(f.state, f.office) for f in found] == [("unknown_signer", "伪造办公室")] * 2  # type: ignore[attr-defined]


def test_unsigned_and_broken_files_have_no_seals(office: tuple, db: Database,
                                                 actors: dict[str, Actor]) -> None:
    from app.printing.sealed_files import render_file

    views, _, _ = office
    svc = SealService(db, actors["helpdesk"])
    assert svc.check_pdf(render_file(views["engineer"], "pdf")) == []
    assert svc.check_pdf(b"%PDF-1.7\nnot really a pdf") == []


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils' pdfsig is missing")
def test_pdfsig_lists_the_expected_signers(office: tuple, tmp_path: Path) -> None:
    views, sealing, _ = office
    path = tmp_path / "architect.pdf"
    path.write_bytes(sealed(views["architect"], sealing))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    names = [line.split(":", 1)[1].strip() for line in out.splitlines()
             if "Signer Certificate Common Name" in line]
    assert names == ["全国注册建筑师管理委员会", "全国注册建筑师管理委员会主任委员"]
    assert out.count("Signature is Valid.") == 2
    assert "ETSI.CAdES.detached" in out  # PAdES, not adbe.pkcs7
    path = tmp_path / "constructor.pdf"
    path.write_bytes(sealed(views["constructor"], sealing))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    names = [line.split(":", 1)[1].strip() for line in out.splitlines()
             if "Signer Certificate Common Name" in line]
    assert names == ["测试省注册管理中心电子证书专用章"]


def test_a_revoked_seal_shows_as_revoked(office: tuple, db: Database,
                                         actors: dict[str, Actor]) -> None:
    views, sealing, _ = office
    pdf = sealed(views["constructor"], sealing)
    svc = SealService(db, actors["admin"])
    svc.revoke_seal("office", PASSPHRASE)
    found = SealService(db, actors["helpdesk"]).check_pdf(pdf)
    assert [f.state for f in found] == ["revoked"]  # type: ignore[attr-defined]
    # The revoked seal signs no more: an export now fails plainly.
    from app.errors import RegistryError

    with pytest.raises(RegistryError):
        from app.printing.sealed_files import render_sealed

        render_sealed(views["constructor"], "pdf", SealService(db, actors["clerk"]).signing_material(PASSPHRASE))
