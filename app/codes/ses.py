"""GB/T 38540-2020 electronic seal data (v4): SES_Seal and SES_Signature, as asn1crypto types.

Written from the standard's ASN.1 module (sections 7 and 8). No third-party GB/T 38540 reader
was available to check the bytes against (see docs/security.md, "Electronic seals"): what is
checked here is our own round trip, the DER (asn1crypto), and the SM2 signatures, which OpenSSL
verifies too.
"""

from __future__ import annotations

from asn1crypto import core


class SESHeader(core.Sequence):
    _fields = [("id", core.IA5String), ("version", core.Integer), ("vid", core.IA5String)]


class CertInfoList(core.SequenceOf):
    _child_spec = core.OctetString


class SESESPropertyInfo(core.Sequence):
    _fields = [
        ("type", core.Integer),            # 1 = official seal (单位印章), 2 = personal seal
        ("name", core.UTF8String),
        ("cert_list_type", core.Integer),  # 1 = certificates (CertInfoList)
        ("cert_list", CertInfoList),
        ("create_date", core.GeneralizedTime),
        ("valid_start", core.GeneralizedTime),
        ("valid_end", core.GeneralizedTime),
    ]


class SESESPictureInfo(core.Sequence):
    _fields = [("type", core.IA5String), ("data", core.OctetString),
               ("width", core.Integer), ("height", core.Integer)]  # width/height in mm


class SESSealInfo(core.Sequence):
    _fields = [("header", SESHeader), ("es_id", core.IA5String), ("property", SESESPropertyInfo),
               ("picture", SESESPictureInfo)]


class SESeal(core.Sequence):
    """The seal, made and signed by the seal maker (制章者): here the office's SM2 root."""

    _fields = [("eseal_info", SESSealInfo), ("cert", core.OctetString),
               ("sign_alg_id", core.ObjectIdentifier), ("signed_value", core.OctetBitString)]


class TBSSign(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", SESeal),
        ("time_info", core.GeneralizedTime),
        ("data_hash", core.OctetBitString),       # SM3 of the protected data (OFD: Signature.xml)
        ("property_info", core.IA5String),   # the protected data's location
    ]


class SESSignature(core.Sequence):
    _fields = [("to_sign", TBSSign), ("cert", core.OctetString),
               ("signature_alg_id", core.ObjectIdentifier), ("signature", core.OctetBitString)]
