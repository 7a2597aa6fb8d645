"""The typed service boundary: every service, bound to one signed-in staff member.

The composition root builds one :class:`Services` after sign-in (``Services.build(db, actor)``)
and hands it to the UI through its context; the UI calls these methods and nothing else. Each
method is one use case in one transaction, checks the actor's role itself and returns frozen
dataclasses, so no ORM row ever reaches a widget and no widget assembles a use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.models.db import Database
from app.services.audit_service import AuditService
from app.services.backup_schedule import BackupSchedule
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.filing_service import FilingService
from app.services.key_service import KeyService
from app.services.photo_service import PhotoService
from app.services.print_records import PrintRecordService
from app.services.register_service import RegisterService
from app.services.seal_service import SealService
from app.services.search_service import SearchService
from app.services.settings_service import SettingsService
from app.services.stats_service import StatsService
from app.services.sync_service import SyncService
from app.services.users_service import UsersService
from app.services.verification_service import VerificationService
from app.services.verifier_publish import VerifierPublishService


@dataclass(frozen=True)
class Services:
    """One instance per signed-in actor; the fields are the concrete service classes."""

    db: Database
    actor: Actor
    users: UsersService
    register: RegisterService  # persons, employers, qualifications, registrations, 信息更正
    filings: FilingService  # filings and their actions, messages, 申辩
    search: SearchService
    photos: PhotoService
    office: SettingsService  # office-wide settings (the registry in office_settings)
    stats: StatsService
    certificates: CertificateService
    verification: VerificationService
    keys: KeyService
    seals: SealService  # issue 13: the office's electronic seals, file seal checks
    audit: AuditService  # the audit log's check and anchors (issue 10)
    prints: PrintRecordService  # print batches and what was printed (issue 17)
    verifier: VerifierPublishService  # issue 18: publish the phone verifier page
    sync: SyncService  # issue 12: office pairing, sync bundles, conflicts, freeze
    backups: BackupSchedule  # backups now and on the office's schedule (issue 11)

    @classmethod
    def build(cls, db: Database, actor: Actor,
              today: Callable[[], date] = date.today) -> Services:
        return cls(
            db=db, actor=actor,
            users=UsersService(db, actor),
            register=RegisterService(db, actor, today=today),
            filings=FilingService(db, actor, today=today),
            search=SearchService(db, actor),
            photos=PhotoService(db, actor),
            office=SettingsService(db, actor),
            stats=StatsService(db, actor, today=today),
            certificates=CertificateService(db, actor),
            verification=VerificationService(db, actor),
            keys=KeyService(db, actor),
            seals=SealService(db, actor),
            audit=AuditService(db, actor),
            prints=PrintRecordService(db, actor),
            verifier=VerifierPublishService(db, actor),
            sync=SyncService(db, actor, today=today),
            backups=BackupSchedule(db, actor),
        )
