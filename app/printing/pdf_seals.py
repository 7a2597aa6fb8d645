"""PAdES signatures on certificate PDFs (pyHanko), and their check at the help desk.

Signing is separate from rendering: :func:`seal_pdf` takes finished PDF bytes, so a stored
sealed file can be printed or handed out unchanged (field offices print central's files as
they are, without keys). Each seal is one signature in its own incremental update, its widget
on the layout's drawn seal box (element ``seal``; the architect's second seal on
``chairman_seal`` when the layout has one, else an invisible field). The appearance is empty:
the drawn seal stays visible and clicking it in a reader shows the signature.

Level reached: PAdES **B-B** signatures (ETSI EN 319 142-1, CAdES-detached, signing
certificate attribute) with the validation data of B-LT in a DSS (the office root and the
office CRL): the file validates offline. With no time-stamp server, there is no signature
time-stamp, so formally neither B-T nor B-LT nor B-LTA is reached: the signing time is the
signer's claim (the office's clock).
"""

from __future__ import annotations

import io
import logging
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.codes.seal_ca import FIELD_NAMES, seals_for_kind
from app.errors import RuleViolation
from app.printing.layout import load_layout

MM = 72.0 / 25.4
FIELD_TO_SEAL = {v: k for k, v in FIELD_NAMES.items()}
SIGNATURE_BYTES = 8192
BOX_ELEMENTS = {"first": "seal", "second": "chairman_seal"}
# The verdicts the help desk and ``verify --json`` show for one signature.
SIGNATURE_STATES = ("unmodified", "modified", "unknown_signer", "revoked", "invalid")
# pyHanko logs every validation problem it then reports in its result; the result is ours to show.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class SealKey:
    """An unlocked seal: its certificate and key (DER), for one signing session."""

    seal: str                 # office / committee / chairman
    name: str                 # the seal's name (certificate CN)
    certificate: bytes        # DER
    private_key_pkcs8: bytes  # unencrypted DER, kept in memory only


@dataclass(frozen=True)
class FileSignature:
    """One signature found in a file, as the help desk shows it."""

    field: str
    seal: str | None          # office / committee / chairman, from the field name
    signer: str               # the certificate's CN
    office: str               # the certificate's O
    state: str                # one of SIGNATURE_STATES
    trusted: bool             # chains to a trusted office root
    signed_at: datetime | None
    covers_whole_file: bool   # no changes after it at all
    revocation_info: bool     # a CRL for the chain is embedded (validates offline)
    detail: str = ""


def _layout_box_mm(layout_name: str, element: str) -> tuple[float, float, float, float] | None:
    spec = load_layout(layout_name)
    for el in spec.get("element", []):
        if el.get("name") == element:
            x, y, w, h = (float(el[k]) for k in ("x", "y", "w", "h"))
            return x, y, w, h
    return None


def seal_boxes_mm(kind: str, layout_name: str | None = None,
                  ) -> list[tuple[str, tuple[float, float, float, float] | None]]:
    """(seal, its drawn box in mm from the top left, or None: no box, an invisible signature)
    for each seal the kind carries, in signing order. Found by element name, so a layout that
    gains ``chairman_seal`` (issue 9) gets the chairman's signature on it."""
    seals = seals_for_kind(kind)
    name = layout_name or kind
    boxes = [_layout_box_mm(name, BOX_ELEMENTS["first"])]
    if len(seals) > 1:
        boxes.append(_layout_box_mm(name, BOX_ELEMENTS["second"]))
    return list(zip(seals, boxes, strict=True))


def seal_boxes(kind: str, layout_name: str | None = None,
               ) -> list[tuple[str, tuple[int, int, int, int] | None]]:
    """As :func:`seal_boxes_mm`, as PDF widget rectangles (points from the bottom left)."""
    page_h = float(load_layout(layout_name or kind)["page"]["height_mm"])
    out: list[tuple[str, tuple[int, int, int, int] | None]] = []
    for seal, box in seal_boxes_mm(kind, layout_name):
        if box is None:
            out.append((seal, None))
            continue
        x, y, w, h = box
        out.append((seal, (round(x * MM), round((page_h - y - h) * MM),
                           round((x + w) * MM), round((page_h - y) * MM))))
    return out


def _validation_context(roots: list[bytes], crls: list[bytes]) -> Any:
    from asn1crypto import crl as a_crl
    from asn1crypto import x509 as a_x509
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    # The office CRL is the only revocation source; nothing is fetched (offline help desks).
    policy = CertRevTrustPolicy(RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.NO_CHECK))
    return ValidationContext(
        trust_roots=[a_x509.Certificate.load(r) for r in roots],
        crls=[a_crl.CertificateList.load(c) for c in crls],
        allow_fetching=False, revinfo_policy=policy)


# One pyHanko signer per unlocked seal, reused for every file of a job (a batch worker seals
# hundreds): loading the key and certificate once. Weak keys: the cache goes with the job's
# SealKey objects, so no unlocked key outlives its job here.
_SIGNERS: weakref.WeakKeyDictionary[SealKey, Any] = weakref.WeakKeyDictionary()


def _signer(key: SealKey) -> Any:
    from asn1crypto import keys as a_keys
    from asn1crypto import x509 as a_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = _SIGNERS.get(key)
    if signer is None:
        # The CMS carries the signing certificate only; the office root travels in the DSS
        # (added once per file below) and is the verifier's trust anchor anyway. Measured: with
        # the root in the CMS too, pyHanko's second signature of a file sometimes took 4x as
        # long (re-encoding the certificate set), which broke the two-seal time target.
        signer = signers.SimpleSigner(
            signing_cert=a_x509.Certificate.load(key.certificate),
            signing_key=a_keys.PrivateKeyInfo.load(key.private_key_pkcs8),
            cert_registry=SimpleCertificateStore.from_certs([]))  # type: ignore[no-untyped-call]
        _SIGNERS[key] = signer
    return signer


def seal_pdf(pdf: bytes, kind: str, keys: dict[str, SealKey], root: bytes, crl: bytes,
             location: str, layout_name: str | None = None) -> bytes:
    """Sign ``pdf`` with each seal of ``kind``, one incremental update each, in order, with the
    office root and CRL embedded for offline validation."""
    return seal_placements(pdf, [(seal, 0, box) for seal, box in seal_boxes(kind, layout_name)],
                           keys, root, crl, location)


def combined_placements(kinds_layouts: list[tuple[str, str]],
                        ) -> list[tuple[str, int, tuple[int, int, int, int] | None]]:
    """Where the seals of a multi-certificate file (证书合集.pdf, page i = certificate i) go:
    each seal the file's kinds carry, once, in the document order of the sources (architects:
    committee, then chairman), its widget on the drawn seal of the first page that carries it.
    Each signature covers the whole file, so every page is sealed by the seal of its kind."""
    out: list[tuple[str, int, tuple[int, int, int, int] | None]] = []
    seen: set[str] = set()
    for page, (kind, layout) in enumerate(kinds_layouts):
        for seal, box in seal_boxes(kind, layout):
            if seal not in seen:
                seen.add(seal)
                out.append((seal, page, box))
    return out


def seal_placements(pdf: bytes, placements: list[tuple[str, int, tuple[int, int, int, int] | None]],
                    keys: dict[str, SealKey], root: bytes, crl: bytes, location: str) -> bytes:
    """Sign ``pdf`` once per (seal, page, widget box), one incremental update each, in order,
    then add the office root, the seal certificates and the CRL in a DSS."""
    from asn1crypto import x509 as a_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    root_cert = a_x509.Certificate.load(root)
    data = pdf
    for seal, page, box in placements:
        key = keys.get(seal)
        if key is None:  # revoked and not renewed: no file goes out without all its seals
            raise RuleViolation("seal_not_found", seal=seal)
        signer = _signer(key)
        field = FIELD_NAMES[seal]
        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            name=key.name, location=location, reason="电子证书有效签章")
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=page, box=box))
        # No border, no text: the drawn seal under the widget is the visible appearance.
        style = TextStampStyle(border_width=0, stamp_text=" ")
        out = io.BytesIO()
        # A fixed reservation (the CMS is ~1.5 KB) spares pyHanko a trial signature to size it.
        signers.PdfSigner(meta, signer, stamp_style=style).sign_pdf(
            writer, output=out, bytes_reserved=SIGNATURE_BYTES)
        data = out.getvalue()
    # The validation data, once after the last seal (it serves every signature of the file): the
    # office root, each seal's certificate and the office CRL, in the DSS (PAdES B-LT's place
    # for it). Written directly: the chain is ours and known, so pyHanko need not search and
    # validate it again while signing (a third of the sealing time).
    from asn1crypto import crl as a_crl
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    out = io.BytesIO(data)
    certs = [root_cert] + [a_x509.Certificate.load(keys[s].certificate) for s, _, _ in placements]
    DocumentSecurityStore.add_dss(out, None, certs=certs, crls=[a_crl.CertificateList.load(crl)],
                                  strict=False)
    return out.getvalue()


def _name_part(cert: Any, oid_name: str) -> str:
    try:
        return str(cert.subject.native.get(oid_name) or "")
    except (ValueError, KeyError):
        return ""


def check_pdf_signatures(pdf: bytes, roots: list[bytes],
                         known_crls: list[bytes] | None = None) -> list[FileSignature]:
    """Every signature in ``pdf``, checked against the trusted office roots; ``[]`` = unsigned.

    The CRLs come from the file itself (its DSS) and from ``known_crls`` (the newest CRLs this
    office holds: a seal revoked after the file was sealed shows as revoked): no fetching, the
    help desk is offline."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return []
    crls: list[bytes] = []
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        crls = [c.get_object().data for c in dss.crls] if dss is not None else []
    except Exception:  # no or a broken DSS: validate without embedded CRLs
        crls = []
    embedded = bool(crls)
    crls = crls + list(known_crls or [])
    out: list[FileSignature] = []
    for sig in sigs:
        field = sig.field_name
        cert = sig.signer_cert
        try:
            status = validate_pdf_signature(sig, _validation_context(roots, crls))
        except Exception as exc:
            out.append(FileSignature(field, FIELD_TO_SEAL.get(field), _name_part(cert, "common_name"),
                                     _name_part(cert, "organization_name"), "invalid", False,
                                     None, False, embedded, type(exc).__name__))
            continue
        intact = bool(status.intact and status.valid)
        level = status.modification_level
        untouched = level is not None and level <= ModificationLevel.FORM_FILLING and bool(status.docmdp_ok)
        revoked = status.revocation_details is not None
        if not intact or not untouched:
            state = "modified"
        elif revoked:
            state = "revoked"
        elif not status.trusted:
            state = "unknown_signer"
        else:
            state = "unmodified"
        out.append(FileSignature(
            field=field, seal=FIELD_TO_SEAL.get(field), signer=_name_part(cert, "common_name"),
            office=_name_part(cert, "organization_name"), state=state, trusted=bool(status.trusted),
            signed_at=status.signer_reported_dt,
            covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
            revocation_info=embedded,
            detail=level.name if level is not None else ""))
    return out
