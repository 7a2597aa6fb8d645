"""OFD seals (GB/T 33190 signatures with GB/T 38540 SM2 seals): every XML part of a sealed
package validates against the shipped schemas, the seals verify with our verifier (and the SM2
certificates with OpenSSL), and a changed or added content file is detected."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from app.codes import seal_sm2 as sm2
from app.codes import ses
from app.models.db import Database
from app.services.base import Actor
from app.services.seal_service import SealService
from tests.helpers.certificates import PASSPHRASE
from tests.helpers.printing import SCHEMA_DIR, validate_ofd
from tests.helpers.seals import office_with_certificates, sealed

EXPECTED_SEALS = {"constructor": ["office"], "architect": ["committee", "chairman"]}


@pytest.fixture
def office(db: Database, actors: dict[str, Actor]) -> tuple[dict, object]:
    views = office_with_certificates(db, actors["admin"], actors["clerk"])
    return views, SealService(db, actors["clerk"]).signing_material(PASSPHRASE)


def _validate_signature_parts(ofd: bytes) -> dict[str, list[str]]:
    schemas = {name: etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))
               for name in ("Signatures.xsd", "Signature.xsd")}
    errors: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(ofd)) as z:
        for name in z.namelist():
            base = name.rsplit("/", 1)[-1]
            if base in ("Signatures.xml", "Signature.xml"):
                schema = schemas[base.replace(".xml", ".xsd")]
                ok = schema.validate(etree.fromstring(z.read(name)))
                errors[name] = [] if ok else [str(e) for e in schema.error_log]
    return errors


def _replace(ofd: bytes, name: str, body: bytes | None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(ofd))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for n in src.namelist():
            out.writestr(n, body if n == name and body is not None else src.read(n))
        for n, b in (add or {}).items():
            out.writestr(n, b)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["constructor", "architect"])
def test_sealed_ofd_validates_and_verifies(kind: str, office: tuple, db: Database,
                                           actors: dict[str, Actor]) -> None:
    views, sealing = office
    ofd = sealed(views[kind], sealing, "ofd")
    sig_errors = _validate_signature_parts(ofd)
    assert len(sig_errors) == 1 + len(EXPECTED_SEALS[kind])  # the index and one per seal
    assert all(not e for e in sig_errors.values()), sig_errors
    assert all(not e for e in validate_ofd(ofd).values())  # OFD.xml with <Signatures> too
    found = SealService(db, actors["helpdesk"]).check_ofd(ofd)
    assert [f.seal for f in found] == EXPECTED_SEALS[kind]  # type: ignore[attr-defined]
    assert [f.state for f in found] == ["unmodified"] * len(found)  # type: ignore[attr-defined]
    # The SES_Signature: a v4 GB/T 38540 structure whose dataHash is SM3 of Signature.xml.
    z = zipfile.ZipFile(io.BytesIO(ofd))
    value = ses.SESSignature.load(z.read("Doc_0/Signs/Sign_0/SignedValue.dat"))
    assert value["to_sign"]["version"].native == 4
    assert value["to_sign"]["data_hash"].native == sm2.sm3(z.read("Doc_0/Signs/Sign_0/Signature.xml"))
    assert value["to_sign"]["eseal"]["eseal_info"]["header"]["id"].native == "ES"


def test_a_changed_content_file_is_detected(office: tuple, db: Database,
                                            actors: dict[str, Actor]) -> None:
    views, sealing = office
    ofd = sealed(views["architect"], sealing, "ofd")
    content = "Doc_0/Pages/Page_0/Content.xml"
    body = zipfile.ZipFile(io.BytesIO(ofd)).read(content)
    bad = _replace(ofd, content, body.replace("张".encode(), "李".encode(), 1) if "张".encode() in body
                   else body + b" ")
    svc = SealService(db, actors["helpdesk"])
    assert [f.state for f in svc.check_ofd(bad)] == ["modified", "modified"]  # type: ignore[attr-defined]
    # A page added after sealing is detected too, though no signed file changed.
    added = _replace(ofd, "", None, {"Doc_0/Pages/Page_1/Content.xml": body})
    assert [f.state for f in svc.check_ofd(added)] == ["modified", "modified"]  # type: ignore[attr-defined]
    # A forged Signature.xml (a reference dropped) breaks the seal's own signature.
    sig = zipfile.ZipFile(io.BytesIO(ofd)).read("Doc_0/Signs/Sign_0/Signature.xml")
    forged = _replace(ofd, "Doc_0/Signs/Sign_0/Signature.xml", sig.replace(b"SHA1", b"SHA1 ", 1))
    assert svc.check_ofd(forged)[0].state == "modified"  # type: ignore[attr-defined]


def test_unsealed_and_foreign_ofd(office: tuple, db: Database, actors: dict[str, Actor]) -> None:
    from app.printing.sealed_files import render_file

    views, _ = office
    svc = SealService(db, actors["helpdesk"])
    assert svc.check_ofd(render_file(views["engineer"], "ofd")) == []
    assert svc.check_ofd(b"PK not a zip") == []


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl")
def test_openssl_verifies_the_sm2_certificates(office: tuple, tmp_path: Path) -> None:
    """A third-party check of our SM2 signatures: OpenSSL verifies each seal certificate
    against the SM2 root (default SM2 ID 1234567812345678)."""
    _, sealing = office
    root = tmp_path / "root.pem"
    subprocess.run(["openssl", "x509", "-inform", "der", "-out", str(root)],
                   input=sealing.sm2_maker.certificate, check=True, capture_output=True)
    for seal, key in sealing.sm2_keys.items():
        leaf = tmp_path / f"{seal}.pem"
        subprocess.run(["openssl", "x509", "-inform", "der", "-out", str(leaf)],
                       input=key.certificate, check=True, capture_output=True)
        r = subprocess.run(["openssl", "verify", "-vfyopt", "distid:1234567812345678",
                            "-CAfile", str(root), str(leaf)], capture_output=True, text=True)
        assert r.returncode == 0 and ": OK" in r.stdout, r.stderr


def test_a_revoked_seal_shows_as_revoked_in_ofd(office: tuple, db: Database,
                                                actors: dict[str, Actor]) -> None:
    views, sealing = office
    ofd = sealed(views["constructor"], sealing, "ofd")
    SealService(db, actors["admin"]).revoke_seal("office", PASSPHRASE)
    assert [f.state for f in SealService(db, actors["helpdesk"]).check_ofd(ofd)] == ["revoked"]  # type: ignore[attr-defined]
