"""OFD signatures (GB/T 33190-2016 section 18) with GB/T 38540 electronic seals (SM2/SM3).

Layout in the package, one signature per seal, in signing order (architects: the committee
seal, then the chairman's):

- ``OFD.xml`` DocBody gets ``<Signatures>Doc_0/Signs/Signatures.xml</Signatures>`` before the
  first signature, so every signature covers it;
- ``Doc_0/Signs/Signatures.xml`` lists ``<Signature ID="sN" Type="Seal" BaseLoc=...>``; it is the
  one file no signature covers (each new seal adds a line). No ``MaxSignId``: its xs:ID type
  would collide with the newest signature's ID;
- ``Doc_0/Signs/Sign_N/Signature.xml``: SignedInfo (provider, SM2-with-SM3 OID, time), one
  Reference per other file of the package with its SHA-1 (the schema's CheckMethod allows only
  MD5 and SHA1; SM3 is not in the 2016 enumeration), a StampAnnot on the drawn seal box;
- ``Doc_0/Signs/Sign_N/SignedValue.dat``: the SES_Signature (:mod:`app.codes.ses`) whose
  dataHash is the SM3 of Signature.xml, signed with the seal's SM2 key; inside it the SES_Seal
  made (signed) by the office's SM2 root.
A later seal's references include the earlier seals' files, as the PDF's incremental updates do.
"""

from __future__ import annotations

import base64
import hashlib
import io
import weakref
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import x509
from lxml import etree

from app.codes import seal_sm2 as sm2
from app.codes import ses
from app.codes.seal_ca import CHAIRMAN_SEAL, seals_for_kind
from app.errors import RuleViolation
from app.printing.pdf_seals import FileSignature, seal_boxes_mm

NS = "http://www.ofdspec.org/2016"
OFD = f"{{{NS}}}"
SIGNS_DIR = "Doc_0/Signs"
INDEX = f"{SIGNS_DIR}/Signatures.xml"
MAX_PACKAGE_BYTES = 50 * 1024 * 1024  # uncompressed: a certificate is well under 1 MB
SEAL_TYPES = {CHAIRMAN_SEAL: 2}       # GB/T 38540 seal type: 1 official, 2 personal


@dataclass(frozen=True)
class Sm2Key:
    seal: str
    name: str
    certificate: bytes
    private_hex: str
    public_hex: str


@dataclass(frozen=True)
class Sm2Maker:
    """The seal maker (制章者): the office's SM2 root, which signs the SES_Seal."""

    certificate: bytes
    private_hex: str
    public_hex: str


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _e(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = (etree.Element(OFD + tag, nsmap={"ofd": NS}) if parent is None
          else etree.SubElement(parent, OFD + tag))
    for k, v in attrs.items():
        el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _read_package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if sum(i.file_size for i in z.infolist()) > MAX_PACKAGE_BYTES:
            raise ValueError("package too large")
        return {i.filename: z.read(i.filename) for i in z.infolist() if not i.is_dir()}


# Already-compressed members are stored, not deflated again, and the rest deflated at level 1:
# rewriting the package was a third of an OFD seal's time (the pictures gain nothing; level 1
# makes the XML a few percent larger than level 6 at a third of the time).
_STORED_SUFFIXES = (".png", ".jpg", ".jpeg")


def _write_package(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            stored = name.lower().endswith(_STORED_SUFFIXES)
            z.writestr(name, body, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
                       compresslevel=None if stored else 1)
    return buf.getvalue()


def _ensure_index(files: dict[str, bytes]) -> etree._Element:
    ofd = etree.fromstring(files["OFD.xml"])
    body = ofd.find(OFD + "DocBody")
    assert body is not None
    if body.find(OFD + "Signatures") is None:
        sig = etree.Element(OFD + "Signatures")
        sig.text = INDEX
        body.find(OFD + "DocRoot").addnext(sig)  # type: ignore[union-attr]  # schema order
        files["OFD.xml"] = _xml(ofd)
    if INDEX in files:
        return etree.fromstring(files[INDEX])
    return _e(None, "Signatures")


def _page_id(files: dict[str, bytes]) -> str:
    doc = etree.fromstring(files["Doc_0/Document.xml"])
    page = doc.find(f"{OFD}Pages/{OFD}Page")
    return page.get("ID", "1") if page is not None else "1"


def _gt(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(microsecond=0)


def make_seal(key: Sm2Key, maker: Sm2Maker, picture_png: bytes, es_id: str) -> ses.SESeal:
    """The SES_Seal for one seal: its signer certificate listed, the picture, made by the root."""
    cert = x509.Certificate.load(key.certificate)
    info = ses.SESSealInfo({
        "header": {"id": "ES", "version": 4, "vid": "RegistryOffice"},
        "es_id": es_id,
        "property": {"type": SEAL_TYPES.get(key.seal, 1), "name": key.name, "cert_list_type": 1,
                     "cert_list": [key.certificate],
                     "create_date": _gt(cert.not_valid_before), "valid_start": _gt(cert.not_valid_before),
                     "valid_end": _gt(cert.not_valid_after)},
        "picture": {"type": "PNG", "data": picture_png, "width": 40, "height": 40},
    })
    # The maker signs esealInfo, its certificate and the algorithm, in that order (our reading
    # of GB/T 38540-2020 7.2; not checked against a third-party reader).
    tbs = info.dump() + core_octets(maker.certificate) + core_oid(sm2.SM2_SM3_OID)
    return ses.SESeal({"eseal_info": info, "cert": maker.certificate, "sign_alg_id": sm2.SM2_SM3_OID,
                       "signed_value": sm2.sign(maker.private_hex, maker.public_hex, tbs)})


# GB/T 38540's seal is made once by the seal maker and then used for many documents: one
# SES_Seal per (seal, maker, picture) for a job, not one per file (it was half the SM2 work of
# an OFD seal). Weak keys: the cache goes with the job's unlocked Sm2Key objects.
# Kept as DER: a freshly loaded (unparsed) value is embedded in each file's TBS_Sign without
# asn1crypto walking the whole seal again to encode it.
_SEALS: weakref.WeakKeyDictionary[Sm2Key, dict[tuple[bytes, bytes], bytes]] = \
    weakref.WeakKeyDictionary()


def seal_for(key: Sm2Key, maker: Sm2Maker, picture_png: bytes) -> ses.SESeal:
    made = _SEALS.setdefault(key, {})
    ident = (hashlib.sha256(maker.certificate).digest(), hashlib.sha256(picture_png).digest())
    if ident not in made:
        made[ident] = bytes(make_seal(key, maker, picture_png,
                                      f"{key.seal}-{cert_serial(key.certificate)}").dump())
    seal: ses.SESeal = ses.SESeal.load(made[ident])  # asn1crypto's load() is untyped
    return seal


def cert_serial(der: bytes) -> str:
    return f"{x509.Certificate.load(der).serial_number:x}"


def core_octets(data: bytes) -> bytes:
    from asn1crypto import core

    return bytes(core.OctetString(data).dump())


def core_oid(oid: str) -> bytes:
    from asn1crypto import core

    return bytes(core.ObjectIdentifier(oid).dump())


def seal_ofd(data: bytes, kind: str, keys: dict[str, Sm2Key], maker: Sm2Maker,
             pictures: dict[str, bytes], layout_name: str | None = None,
             now: datetime | None = None) -> bytes:
    """Sign the OFD ``data`` with each seal of ``kind``, in order."""
    files = _read_package(data)
    boxes = dict(seal_boxes_mm(kind, layout_name))
    for seal in seals_for_kind(kind):
        key = keys.get(seal)
        if key is None:  # revoked and not renewed: no file goes out without all its seals
            raise RuleViolation("seal_not_found", seal=seal)
        index = _ensure_index(files)
        n = len(index.findall(OFD + "Signature"))
        base = f"{SIGNS_DIR}/Sign_{n}"
        when = _gt(now or datetime.now(UTC))
        root = _e(None, "Signature")
        info = _e(root, "SignedInfo")
        _e(info, "Provider", ProviderName="Registry Office", Version="1.0", Company="Registry Office")
        _e(info, "SignatureMethod", sm2.SM2_SM3_OID)
        _e(info, "SignatureDateTime", when.strftime("%Y%m%d%H%M%SZ"))
        refs = _e(info, "References", CheckMethod="SHA1")
        for name in sorted(files):
            if name == INDEX:
                continue
            ref = _e(refs, "Reference", FileRef=f"/{name}")
            _e(ref, "CheckValue", base64.b64encode(hashlib.sha1(files[name]).digest()).decode())
        box = boxes.get(seal)
        if box is not None:
            _e(info, "StampAnnot", ID=f"stamp_{n}", PageRef=_page_id(files),
               Boundary=" ".join(f"{v:g}" for v in box))
        _e(root, "SignedValue", f"/{base}/SignedValue.dat")
        sig_xml = _xml(root)
        eseal = seal_for(key, maker, pictures.get(seal, b""))
        tbs = ses.TBSSign({"version": 4, "eseal": eseal, "time_info": when,
                           "data_hash": sm2.sm3(sig_xml), "property_info": f"/{base}/Signature.xml"})
        value = ses.SESSignature({
            "to_sign": tbs, "cert": key.certificate, "signature_alg_id": sm2.SM2_SM3_OID,
            "signature": sm2.sign(key.private_hex, key.public_hex, tbs.dump())})
        files[f"{base}/Signature.xml"] = sig_xml
        files[f"{base}/SignedValue.dat"] = bytes(value.dump())
        _e(index, "Signature", ID=f"s{n + 1}", Type="Seal", BaseLoc=f"/{base}/Signature.xml")
        files[INDEX] = _xml(index)
    return _write_package(files)


def _verdict(files: dict[str, bytes], entry: etree._Element, own_files: set[str],
             roots: list[bytes], revoked: frozenset[bytes],
             listed: frozenset[tuple[bytes, int]] = frozenset()) -> FileSignature:
    loc = entry.get("BaseLoc", "").lstrip("/")
    sig_xml = files.get(loc)
    if sig_xml is None:
        return FileSignature(loc, None, "", "", "invalid", False, None, False, False, "missing")
    root = etree.fromstring(sig_xml)
    value_loc = (root.findtext(OFD + "SignedValue") or "").lstrip("/")
    value = ses.SESSignature.load(files.get(value_loc, b""))
    tbs = value["to_sign"]
    cert = bytes(value["cert"].native)
    parts = sm2.subject_parts(cert)
    seal = parts.get("organizational_unit_name")
    signed_at = tbs["time_info"].native
    out = {"field": loc, "seal": seal, "signer": parts.get("common_name", ""),
           "office": parts.get("organization_name", ""), "signed_at": signed_at,
           "revocation_info": False}
    pub = sm2.certificate_public_hex(cert)
    intact = (bytes(tbs["data_hash"].native) == sm2.sm3(sig_xml)
              and sm2.verify(pub, bytes(value["signature"].native), tbs.dump()))
    covered: set[str] = set()
    for ref in root.iter(OFD + "Reference"):
        name = (ref.get("FileRef") or "").lstrip("/")
        covered.add(name)
        body = files.get(name)
        check = base64.b64decode(ref.findtext(OFD + "CheckValue") or "")
        if body is None or hashlib.sha1(body).digest() != check:
            intact = False
    # Files added after signing: only later signatures' own files and the index may appear.
    extra = set(files) - covered - {INDEX, loc, value_loc} - own_files
    whole = not extra and intact
    if extra:
        intact = False
    trusted = any(sm2.certificate_signed_by(cert, r) for r in roots)
    if trusted:
        eseal = tbs["eseal"]
        maker = bytes(eseal["cert"].native)
        tbs_seal = (eseal["eseal_info"].dump() + core_octets(maker) + core_oid(sm2.SM2_SM3_OID))
        trusted = (maker in roots and sm2.verify(sm2.certificate_public_hex(maker),
                                                  bytes(eseal["signed_value"].native), tbs_seal))
    state = ("modified" if not intact
             else "revoked" if cert in revoked or sm2.issuer_serial(cert) in listed
             else "unmodified" if trusted else "unknown_signer")
    return FileSignature(covers_whole_file=whole, state=state, trusted=trusted,
                         detail=", ".join(sorted(extra))[:200], **out)


def check_ofd_signatures(data: bytes, roots: list[bytes],
                         revoked: frozenset[bytes] = frozenset(),
                         listed: frozenset[tuple[bytes, int]] = frozenset()) -> list[FileSignature]:
    """Every seal of an OFD file, against the trusted SM2 office roots; ``[]`` = unsealed.
    ``revoked``: our own revoked SM2 seal certificates; ``listed``: (issuer name DER, serial)
    of the seal certificates other offices' SM2 CRLs list as revoked."""
    try:
        files = _read_package(data)
        ofd = etree.fromstring(files["OFD.xml"])
        index_loc = (ofd.findtext(f"{OFD}DocBody/{OFD}Signatures") or "").lstrip("/")
        if not index_loc or index_loc not in files:
            return []
        entries = etree.fromstring(files[index_loc]).findall(OFD + "Signature")
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return []
    out: list[FileSignature] = []
    for i, entry in enumerate(entries):
        later: set[str] = set()
        for other in entries[i + 1:]:
            loc = other.get("BaseLoc", "").lstrip("/")
            later.add(loc)
            if loc in files:
                value = etree.fromstring(files[loc]).findtext(OFD + "SignedValue") or ""
                later.add(value.lstrip("/"))
        try:
            out.append(_verdict(files, entry, later, roots, revoked, listed))
        except (ValueError, TypeError, KeyError, etree.XMLSyntaxError) as exc:
            out.append(FileSignature(entry.get("BaseLoc", ""), None, "", "", "invalid", False,
                                     None, False, False, type(exc).__name__))
    return out
