"""The office-wide settings (``app_settings``), declared once: key, type, default, validation.

Every service reads and writes office settings through this registry instead of its own
private helpers, and the settings screen lists the editable ones from it. Workstation
settings (database location, language, camera) are not here: they live in :mod:`app.settings`.

A stored value that is damaged (wrong type, out of range) reads as the default, because a bad
setting must never stop an office from working; writing one is refused with
``setting_invalid`` naming the key and the rule. Changes go through :func:`write_settings`,
which validates every value, checks the cross-field rules and writes one audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import select

from app.errors import InvalidInput
from app.services.base import Actor

if TYPE_CHECKING:  # the models load with the first read, not with the settings' definitions:
    # the CLI's `verify FILE` reads settings through Core and loads no model (issue 16); the
    # domain's validators and rules likewise load with the first setting that needs them.
    from sqlalchemy.orm import Session

    from app.domain.validity import ContinuationPolicy

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One office setting, typed by its value (``Setting[int]``, ``Setting[str]``).

    ``editable`` ones are shown on the settings screen; the others are state the program keeps
    for itself (when trust was last refreshed, the demo marker)."""

    key: str
    kind: type[T]  # int, str or dict (JSON)
    default: T
    group: str  # office, uploads, imaging, verification, state
    editable: bool = True
    minimum: int | None = None  # ints: smallest allowed value
    maximum: int | None = None  # ints: largest allowed value (1 for a yes/no setting)
    max_length: int | None = None  # strs: longest allowed text
    parse: Callable[[T], T] | None = None  # normalises or raises InvalidInput

    def check(self, value: Any) -> T:
        """The value as stored, or :class:`InvalidInput` naming this key and the rule."""
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise _invalid(self, value, "integer")
            try:
                value = int(value)
            except ValueError as exc:
                raise _invalid(self, value, "integer") from exc
            if self.minimum is not None and value < self.minimum:
                raise _invalid(self, value, f">= {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise _invalid(self, value, f"<= {self.maximum}")
        elif self.kind is str:
            value = " ".join(str(value if value is not None else "").split())
            if self.max_length is not None and len(value) > self.max_length:
                raise _invalid(self, f"{value[:20]}…", f"<= {self.max_length} characters")
        elif not isinstance(value, self.kind):
            raise _invalid(self, value, self.kind.__name__)
        typed: T = value
        return self.parse(typed) if self.parse is not None and typed != "" else typed


def _invalid(setting: Setting[Any], value: Any, rule: str) -> InvalidInput:
    return InvalidInput("setting_invalid", field=setting.key, key=setting.key, value=value,
                        rule=rule)


def _uscc(value: str) -> str:
    from app.domain.validators import parse_uscc

    return parse_uscc(value, field="office_uscc")


# --- the registry ----------------------------------------------------------------------------
OFFICE_NAME = Setting("office_name", str, "", "office", max_length=100)
OFFICE_USCC = Setting("office_uscc", str, "", "office", max_length=18, parse=_uscc)
OFFICE_CODE = Setting("office_code", str, "", "office", editable=False, max_length=18)  # legacy
OFFICE_ADDRESS = Setting("office_address", str, "", "office", max_length=200)
OFFICE_PHONE = Setting("office_phone", str, "", "office", max_length=40)

# 补正 material: 200-500 KB (seed 004); other uploads up to 10 MB.
CORRECTION_UPLOAD_MIN_BYTES = Setting("correction_upload_min_bytes", int, 200 * 1024, "uploads",
                                      minimum=1)
CORRECTION_UPLOAD_MAX_BYTES = Setting("correction_upload_max_bytes", int, 500 * 1024, "uploads",
                                      minimum=1)
UPLOAD_MAX_BYTES = Setting("upload_max_bytes", int, 10 * 1024 * 1024, "uploads", minimum=1)

# 10-60 KB fits the 1-inch photo at a good JPEG quality and the upload limits of the systems
# offices send it to; images with more pixels are refused before decoding.
PHOTO_MIN_BYTES = Setting("imaging.photo_min_bytes", int, 10 * 1024, "imaging", minimum=1)
PHOTO_MAX_BYTES = Setting("imaging.photo_max_bytes", int, 60 * 1024, "imaging", minimum=1)
MAX_PIXELS = Setting("imaging.max_pixels", int, 100_000_000, "imaging", minimum=1)

# Warn at the help desk when other offices' keys were last imported longer ago than this.
TRUST_MAX_AGE_DAYS = Setting("verify.trust_max_age_days", int, 90, "verification", minimum=1)

# The audit log is anchored by checkpoints signed with the office key whenever the key is
# unlocked anyway (annotating certificates, rotating); at most one automatic checkpoint per
# this many minutes keeps the log from doubling on a busy day. 0: at every unlock. Not on the
# settings screen: an office changes it only on its security officer's advice (issue 10).
AUDIT_CHECKPOINT_MINUTES = Setting("audit.checkpoint_minutes", int, 10, "audit", editable=False,
                                   minimum=0)

# --- filing rules the seeds leave per kind (docs/rules.md quotes the source of each default) ---
# Continuation filing opens N months before expiry; 0: no opening day stated (from the start
# of the period). Seed 004 §3.3 注1 "只有在注册期满前半年内可申报" (architects, engineers);
# seed 002 states no opening day for constructors.
CONTINUATION_OPENS_MONTHS: dict[str, Setting[int]] = {
    kind: Setting(f"rules.{kind}.continuation_opens_months", int, months, "rules", minimum=0,
                  maximum=120)
    for kind, months in (("architect", 6), ("engineer", 6), ("constructor", 0))}
# Continuation filing closes N days before expiry. Seed 002: "应在有效期届满30日前提出延续注册
# 申请" (constructors); seed 004 allows filing up to the expiry day.
CONTINUATION_DEADLINE_DAYS: dict[str, Setting[int]] = {
    kind: Setting(f"rules.{kind}.continuation_deadline_days", int, days, "rules", minimum=0,
                  maximum=366)
    for kind, days in (("architect", 0), ("engineer", 0), ("constructor", 30))}
# 1: a lapsed registration may still file a continuation. Seeds 000 (architects) and 001
# (constructors) answer "证照过期" with "请申请办理'延续注册'业务"; seed 004 gives engineers
# only the half year before expiry, so by default they may not.
CONTINUATION_AFTER_LAPSE: dict[str, Setting[int]] = {
    kind: Setting(f"rules.{kind}.continuation_after_lapse", int, allowed, "rules", minimum=0,
                  maximum=1)
    for kind, allowed in (("architect", 1), ("engineer", 0), ("constructor", 1))}

# The phone verifier (issue 18): the page warns when its trust list is older than this, so an
# office republishes it at least this often (revocations are known only up to the list's date).
# 30 days [assume]: a month-old revocation is the most a site inspector should miss.
VERIFIER_TRUST_MAX_AGE_DAYS = Setting("verifier.trust_max_age_days", int, 30, "verification",
                                      minimum=1, maximum=366)

# Issue 16: how long a command-line sign-in (`registry-office login`) lasts. 8 hours [assume]:
# one working shift at the help desk; the documents say nothing of sessions. `login --hours`
# may ask for less, never more.
CLI_SESSION_HOURS = Setting("cli.session_hours", int, 8, "verification", minimum=1, maximum=24)

# State kept by the program (ISO UTC instants; the demo marker).
TRUST_REFRESHED_AT = Setting("trust.refreshed_at", str, "", "state", editable=False)
NEWEST_SEEN_AT = Setting("verify.newest_seen_at", str, "", "state", editable=False)
# Absent (None) on a real register; the demo generator's run details on a demo register.
DEMO_MARKER: Setting[dict[str, Any] | None] = Setting("demo", dict, None, "state", editable=False)

# The scheduled backup (app/services/backup_schedule.py; set with `registry-office backup
# schedule` or on the settings screen's backup group, run by the system's scheduler with
# `backup scheduled`). Off while the folder is empty. Not in the generic settings form nor
# `settings set`: the folder must exist on the machine that runs the backup, which
# BackupSchedule.set_schedule checks.
BACKUP_DIRECTORY = Setting("backup.directory", str, "", "backup", editable=False, max_length=500)
BACKUP_INTERVAL_HOURS = Setting("backup.interval_hours", int, 24, "backup", editable=False,
                                minimum=1, maximum=24 * 366)  # daily: at most a day's work lost
BACKUP_KEEP = Setting("backup.keep", int, 14, "backup", editable=False, minimum=1,
                      maximum=10_000)  # two weeks of daily copies
BACKUP_LAST_AT = Setting("backup.last_at", str, "", "state", editable=False)  # ISO UTC
# How the last backup attempt ended (scheduled or not): {"at", "ok", "file", and "size",
# "rows" on success or the refusal's "code" and "params" on failure}; None before the first.
BACKUP_LAST_RESULT: Setting[dict[str, Any] | None] = Setting("backup.last_result", dict, None,
                                                             "state", editable=False)

_RULE_SETTINGS: tuple[Setting[Any], ...] = (
    *CONTINUATION_OPENS_MONTHS.values(), *CONTINUATION_DEADLINE_DAYS.values(),
    *CONTINUATION_AFTER_LAPSE.values())
_ALL: tuple[Setting[Any], ...] = (
    OFFICE_NAME, OFFICE_USCC, OFFICE_CODE, OFFICE_ADDRESS, OFFICE_PHONE,
    CORRECTION_UPLOAD_MIN_BYTES, CORRECTION_UPLOAD_MAX_BYTES, UPLOAD_MAX_BYTES,
    PHOTO_MIN_BYTES, PHOTO_MAX_BYTES, MAX_PIXELS, TRUST_MAX_AGE_DAYS,
    TRUST_REFRESHED_AT, NEWEST_SEEN_AT, DEMO_MARKER, *_RULE_SETTINGS,
    AUDIT_CHECKPOINT_MINUTES,
    BACKUP_DIRECTORY, BACKUP_INTERVAL_HOURS, BACKUP_KEEP, BACKUP_LAST_AT, BACKUP_LAST_RESULT,
    VERIFIER_TRUST_MAX_AGE_DAYS, CLI_SESSION_HOURS,
)
SETTINGS: dict[str, Setting[Any]] = {s.key: s for s in _ALL}

# Installers (issue 14): the version of the program that last opened (and upgraded) this
# register, from pyproject via app.version; shown by `db status` and the About box.
PROGRAM_VERSION = Setting("program.version", str, "", "state", editable=False, max_length=40)
SETTINGS[PROGRAM_VERSION.key] = PROGRAM_VERSION

# Cross-field rules: (smaller, larger) pairs that must stay strictly ordered.
ORDERED_PAIRS: tuple[tuple[Setting[int], Setting[int]], ...] = (
    (CORRECTION_UPLOAD_MIN_BYTES, CORRECTION_UPLOAD_MAX_BYTES),
    (PHOTO_MIN_BYTES, PHOTO_MAX_BYTES),
)


def setting(key: str) -> Setting[Any]:
    try:
        return SETTINGS[key]
    except KeyError:
        raise InvalidInput("setting_unknown", field=key, key=key) from None


def group(name: str) -> tuple[Setting[Any], ...]:
    return tuple(s for s in SETTINGS.values() if s.group == name)


# --- reading and writing ---------------------------------------------------------------------
def read_setting(session: Session, item: Setting[T]) -> T:
    """The stored value, or the default when absent or damaged."""
    from app.models.staff import AppSetting

    row = session.get(AppSetting, item.key)
    return setting_value(item, None if row is None else row.value)


def setting_value(item: Setting[T], raw: Any) -> T:
    """A stored raw value as the setting's value; the default when absent or damaged (also
    for readers that fetch the row through Core, app.services.verify_core)."""
    if raw is None:
        return item.default
    try:
        value = item.check(raw)
    except InvalidInput:
        return item.default  # a damaged setting must not stop the office from working
    return value


def read_settings(session: Session, items: tuple[Setting[Any], ...]) -> dict[str, Any]:
    values = {item.key: read_setting(session, item) for item in items}
    for low, high in ORDERED_PAIRS:  # a damaged pair falls back to both defaults
        if low.key in values and high.key in values and values[low.key] >= values[high.key]:
            values[low.key], values[high.key] = low.default, high.default
    return values


def put_setting(session: Session, item: Setting[T], value: T) -> None:
    """Store program state (no audit); for what staff edit use :func:`write_settings`."""
    from app.models.staff import AppSetting

    row = session.get(AppSetting, item.key)
    if row is None:
        session.add(AppSetting(key=item.key, value=value))
    else:
        row.value = value


def write_settings(session: Session, actor: Actor, changes: Mapping[str, Any],
                   audit_action: str = "office_settings_changed") -> dict[str, Any]:
    """Validate and store editable settings in the caller's transaction; one audit entry with
    ``{key: [before, after]}`` for what really changed. Returns the changed values."""
    clean: dict[str, Any] = {}
    for key, raw in changes.items():
        item = setting(key)
        if not item.editable:
            raise InvalidInput("setting_not_editable", field=key, key=key)
        clean[key] = item.check(raw)
    current = read_settings(session, tuple(SETTINGS[k] for k in SETTINGS))
    merged = {**current, **clean}
    for low, high in ORDERED_PAIRS:
        if (low.key in clean or high.key in clean) and merged[low.key] >= merged[high.key]:
            raise _invalid(low, merged[low.key], f"< {high.key}")
    diff = {k: [current[k], v] for k, v in clean.items() if current[k] != v}
    for key in diff:
        put_setting(session, SETTINGS[key], clean[key])
    if diff:
        from app.services.audit import append_audit

        append_audit(session, actor, audit_action, "app_settings", "office", diff)
    return {k: clean[k] for k in diff}


# --- typed snapshots of the groups the services use ------------------------------------------
@dataclass(frozen=True)
class UploadLimits:
    """The office's upload size rules, in bytes."""

    correction_min_bytes: int  # 补正 material: 200 KB-500 KB by default
    correction_max_bytes: int
    max_bytes: int  # any other upload


@dataclass(frozen=True)
class ImagingSettings:
    """The 1-inch photo's byte range, and the largest image decoded at all."""

    photo_min_bytes: int = PHOTO_MIN_BYTES.default
    photo_max_bytes: int = PHOTO_MAX_BYTES.default
    max_pixels: int = MAX_PIXELS.default  # larger images are refused before decoding


@dataclass(frozen=True)
class VerificationSettings:
    trust_max_age_days: int  # warn when other offices' keys are older than this
    # the phone verifier's trust list: the page warns past this age (issue 18)
    verifier_trust_max_age_days: int = VERIFIER_TRUST_MAX_AGE_DAYS.default

    # Issue 12 (field offices): warn / stop new filings this many days after the last sync.
    sync_warn_after_days: int = 7
    sync_freeze_after_days: int = 30
    # Issue 16: how long `registry-office login` lasts (hours).
    cli_session_hours: int = CLI_SESSION_HOURS.default


def upload_limits(session: Session) -> UploadLimits:
    v = read_settings(session, (CORRECTION_UPLOAD_MIN_BYTES, CORRECTION_UPLOAD_MAX_BYTES,
                                UPLOAD_MAX_BYTES))
    return UploadLimits(v[CORRECTION_UPLOAD_MIN_BYTES.key], v[CORRECTION_UPLOAD_MAX_BYTES.key],
                        v[UPLOAD_MAX_BYTES.key])


def imaging_settings(session: Session) -> ImagingSettings:
    v = read_settings(session, (PHOTO_MIN_BYTES, PHOTO_MAX_BYTES, MAX_PIXELS))
    return ImagingSettings(v[PHOTO_MIN_BYTES.key], v[PHOTO_MAX_BYTES.key], v[MAX_PIXELS.key])


def verification_settings(session: Session) -> VerificationSettings:
    return VerificationSettings(read_setting(session, TRUST_MAX_AGE_DAYS),
                                read_setting(session, VERIFIER_TRUST_MAX_AGE_DAYS))


def continuation_policy(session: Session, kind: str) -> ContinuationPolicy:
    """The office's continuation rules for one kind (defaults: docs/rules.md)."""
    return continuation_policies(session, (kind,))[kind]


def continuation_policies(session: Session, kinds: tuple[str, ...]) -> dict[str, ContinuationPolicy]:
    """The continuation rules of several kinds, read in one query."""
    from app.domain.validity import ContinuationPolicy
    from app.models.staff import AppSetting

    items = [s for kind in kinds for s in (CONTINUATION_OPENS_MONTHS[kind],
                                            CONTINUATION_DEADLINE_DAYS[kind],
                                            CONTINUATION_AFTER_LAPSE[kind])]
    stored = {row.key: row.value for row in session.scalars(
        select(AppSetting).where(AppSetting.key.in_([s.key for s in items])))}
    values: dict[str, int] = {}
    for item in items:
        try:
            values[item.key] = item.check(stored[item.key]) if stored.get(item.key) is not None \
                else item.default
        except InvalidInput:
            values[item.key] = item.default  # a damaged setting must not stop the office
    return {kind: ContinuationPolicy(values[CONTINUATION_OPENS_MONTHS[kind].key],
                                     values[CONTINUATION_DEADLINE_DAYS[kind].key],
                                     bool(values[CONTINUATION_AFTER_LAPSE[kind].key]))
            for kind in kinds}

# --- Issue 12: field-office sync (docs/rules.md lists the defaults as assumptions) ---
# The office's role: a field office takes filings and checks certificates; only the central
# office decides. Changed with `sync role` / SyncService.set_role (audited), not on the screen.
OFFICE_ROLE = Setting("office.role", str, "central", "state", editable=False, max_length=10,
                      parse=lambda v: _office_role(v))
# A field office whose last bundle from its central office is older than this warns at every
# verification (MOSIP's registration client warns before it freezes; one working week).
SYNC_WARN_AFTER_DAYS = Setting("sync.warn_after_days", int, 7, "verification", minimum=1,
                               maximum=365)
# ... and after this many days it takes no new filings until it syncs (MOSIP's freeze).
SYNC_FREEZE_AFTER_DAYS = Setting("sync.freeze_after_days", int, 30, "verification", minimum=1,
                                 maximum=3650)
for _item in (OFFICE_ROLE, SYNC_WARN_AFTER_DAYS, SYNC_FREEZE_AFTER_DAYS):
    SETTINGS[_item.key] = _item
ORDERED_PAIRS = (*ORDERED_PAIRS, (SYNC_WARN_AFTER_DAYS, SYNC_FREEZE_AFTER_DAYS))
OFFICE_ROLES = ("central", "field")


def _office_role(value: str) -> str:
    if value not in OFFICE_ROLES:
        raise InvalidInput("setting_invalid", field=OFFICE_ROLE.key, key=OFFICE_ROLE.key,
                           value=value, rule="central | field")
    return value
