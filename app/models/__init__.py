"""SQLAlchemy models of the register. Import from here so every table is registered."""

from app.models.base import Base, utcnow
from app.models.certificates import Certificate, IssuerKey, VerificationRecord
from app.models.files import Attachment
from app.models.filings import (
    Appeal,
    CorrectionRequest,
    Filing,
    FilingEvent,
    InfoCorrection,
    ReviewMessage,
)
from app.models.people import Employer, Person, PersonNameKey, Qualification, Registration
from app.models.print_records import CertificatePrint, PrintBatch
from app.models.revocations import RevocationEntryRecord, RevocationListRecord
from app.models.seals import SealCertificate
from app.models.staff import AppSetting, AuditEntry, AuditHead, CliSession, Sequence, StaffUser
from app.models.sync import (
    OfficeEncryptionKey,
    SyncAlias,
    SyncCertificateFile,
    SyncConflict,
    SyncEvent,
    SyncOffice,
    SyncRowState,
    SyncVerificationSummary,
)

__all__ = [
    "AppSetting",
    "Appeal",
    "Attachment",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Certificate",
    "CertificatePrint",
    "CliSession",
    "CorrectionRequest",
    "Employer",
    "Filing",
    "FilingEvent",
    "InfoCorrection",
    "IssuerKey",
    "OfficeEncryptionKey",
    "Person",
    "PersonNameKey",
    "PrintBatch",
    "Qualification",
    "Registration",
    "ReviewMessage",
    "RevocationEntryRecord",
    "RevocationListRecord",
    "SealCertificate",
    "Sequence",
    "StaffUser",
    "SyncAlias",
    "SyncCertificateFile",
    "SyncConflict",
    "SyncEvent",
    "SyncOffice",
    "SyncRowState",
    "SyncVerificationSummary",
    "VerificationRecord",
    "utcnow",
]
