"""The central office's sealed certificate files, carried to its field offices (issue 12).

A field office cannot sign or seal (it holds neither the office key nor the seals). When the
central office sends a certificate that is in force, it also sends the PDF it renders and
seals itself, exactly as its own export would; the field office keeps it
(``sync_certificate_files``) and prints or hands out that file as it is (``sync
certificate-file``), so the holder gets the central office's sealed document. A central office
without seals sends none: the field office then renders from the signed QR payload, unsealed,
as any office without seals does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import signed_json as sj
from app.models.certificates import Certificate
from app.models.sync import SyncCertificateFile
from app.printing.sealed_files import render_sealed
from app.services.certificate_service import certificate_view
from app.services.seal_service import own_root, sealing_material

FORMAT = "pdf"


def sealed_files(s: Session, passphrase: str, serials: list[str]
                 ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(record id, row) of the sealed PDF of each certificate in force among ``serials``."""
    if not serials or own_root(s) is None:
        return
    sealing = sealing_material(s, passphrase)
    for serial in serials:
        cert = s.scalars(select(Certificate).where(Certificate.serial == serial)).one()
        if cert.revoked_at is not None or cert.superseded_at is not None or cert.specimen:
            continue
        data = render_sealed(certificate_view(s, cert), FORMAT, sealing)
        yield f"{serial}/{FORMAT}", {"serial": serial, "format": FORMAT,
                                     "sha256": hashlib.sha256(data).hexdigest(),
                                     "data": sj.b64(data)}


def row_digest(row: dict[str, Any]) -> str:
    return str(row["sha256"])


def apply_file(s: Session, row_id: str, row: dict[str, Any], note: str) -> None:
    data = sj.unb64(row["data"])
    if hashlib.sha256(data).hexdigest() != row["sha256"] or row_id != f"{row['serial']}/{row['format']}":
        raise ValueError("certificate file does not match its hash")
    known = s.get(SyncCertificateFile, (row["serial"], row["format"]))
    if known is None:
        s.add(SyncCertificateFile(serial=row["serial"], format=row["format"], sha256=row["sha256"],
                                  data=data, note=note))
    else:
        known.sha256, known.data, known.note = row["sha256"], data, note
    s.flush()


def stored_file(s: Session, serial: str, fmt: str = FORMAT) -> bytes | None:
    row = s.get(SyncCertificateFile, (serial, fmt))
    return bytes(row.data) if row is not None else None
