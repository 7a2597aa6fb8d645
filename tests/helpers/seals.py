"""An office with seals and one annotated certificate per kind, rendered and sealed; a foreign
office's seals for the "untrusted" cases; tampering helpers."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import serialization

from app.codes import seal_ca as ca
from app.models.db import Database
from app.printing.pdf_seals import SealKey
from app.printing.sealed_files import Sealing, render_file, seal_file
from app.services.base import Actor
from app.services.certificate_service import CertificateService, today_in_china
from app.services.seal_service import SealService
from tests.helpers.certificates import PASSPHRASE, add_holder, init_office_key

HOLDERS = {
    "constructor": ("京1112026000012345", ("building",), "110108198805120316"),
    "architect": ("2011110012", ("architecture",), "110108197901020012"),
    "engineer": ("S174101880", ("structural",), "11010819750305003X"),
}


def office_with_certificates(db: Database, admin: Actor, clerk: Actor) -> dict[str, object]:
    """Office key + seals, one valid certificate per kind; returns the views by kind."""
    init_office_key(db, admin)
    SealService(db, admin).create_seals(PASSPHRASE)
    today = today_in_china()
    views = {}
    svc = CertificateService(db, clerk)
    for kind, (number, specialties, id_number) in HOLDERS.items():
        add_holder(db, kind=kind, number=number, specialties=specialties, id_number=id_number,
                   valid_from=today - timedelta(days=365), valid_until=today + timedelta(days=3 * 365))
        serial = svc.annotate(number, PASSPHRASE, on=today).serial
        views[kind] = svc.printable_view(serial)
    return views


def sealed(view: object, sealing: Sealing, fmt: str = "pdf") -> bytes:
    return seal_file(render_file(view, fmt), fmt, view, sealing)  # type: ignore[arg-type]


def foreign_sealing(passphrase: str = "another office passphrase", office: str = "伪造办公室",
                    code: str = "91110000MA01XYZ12K") -> Sealing:
    """Seals of an office nobody here trusts (until its root is imported), made with our CA code."""
    now = datetime.now(UTC).replace(microsecond=0)
    root, root_key = ca.create_root(code, office, passphrase, now)
    names = ca.seal_names(office, "全国注册建筑师管理委员会")
    keys = {}
    for role in ca.SEAL_ROLES:
        issued = ca.issue_seal(role, names[role], code, office,
                               root.certificate, root_key, passphrase, now)
        key = ca.decrypt_key(issued.private_key_encrypted, passphrase)
        keys[role] = SealKey(role, names[role], issued.certificate, key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    crl = ca.issue_crl(root.certificate, root_key, [], now, 1)
    return Sealing(keys, root.certificate, crl, office)


def append_page_change(pdf: bytes) -> bytes:
    """An incremental update drawing a rectangle over the page (as a forger would)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 100 500 200 60 re f Q")
    w.add_stream_to_page(0, w.add_object(stream))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
