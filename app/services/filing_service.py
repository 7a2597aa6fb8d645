"""Filing use cases: create (and submit), the employer's and the authority's steps, decisions.

Methods that move a filing are named after the actions of :mod:`app.domain.filing_rules`
(``submit``, ``employer_confirm``, ``accept``, ``request_corrections``,
``answer_corrections``, ``approve``, ``reject``, ``withdraw``, ``employer_consent``);
:meth:`FilingService.perform` takes the filing page's actions by code, checked against the
table. Each is one transaction: the table decides whether the move is legal, the role comes
from the table's permission, and every step appends a timeline event (审核进度) and an audit
entry; review opinions become messages (我的消息). Queries (lists, the filing page, history,
messages) live in :class:`FilingQueries`, which this class extends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules, validate_registration_number
from app.errors import InvalidInput, RuleViolation
from app.models import (
    Attachment,
    CorrectionRequest,
    Filing,
    FilingEvent,
    ReviewMessage,
    utcnow,
)
from app.models.db import Database
from app.services.attachment_service import (
    attach_to_filing,
    current_photo_signature,
    store_attachment,
)
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.filing_apply import apply_approval
from app.services.filing_facts import check_filing, filing_number, jsonable, registration_of
from app.services.filing_queries import FilingQueries, load_filing
from app.services.filing_views import (
    AttachmentInfo,
    FilingView,
    NewAttachment,
    attachment_info,
    filing_view,
)
from app.services.office_role import CENTRAL_ACTIONS, require_central, require_not_frozen
from app.services.office_settings import UploadLimits, upload_limits
from app.services.register_common import check_version, load_employer, load_person

# The actions :meth:`FilingService.perform` takes (the others have their own input).
PERFORMABLE = tuple(a for a in fr.TRANSITIONS if a not in ("submit", "answer_corrections"))


class FilingService(FilingQueries):
    def __init__(self, db: Database, actor: Actor, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, actor)
        self.today = today  # injectable clock: windows and validity depend on the day

    # --- drafts -----------------------------------------------------------------------------

    def create_filing(self, *, person_id: uuid.UUID, filing_type: str, kind: str, specialty: str,
                      data: Mapping[str, Any] | None = None,
                      new_employer_id: uuid.UUID | None = None) -> FilingView:
        """A draft (个人草稿). For a change of employer the new employer defaults to the one in
        the person's record (seed 004 §3.2.1: update the personal details first)."""
        self.require("filing.write")
        form = _form(filing_type, kind, specialty, data)
        with self.db.session_scope() as s:
            f = self._create(s, person_id, filing_type, kind, specialty, form, new_employer_id)
            return filing_view(s, f, self.actor.role)

    def create_and_submit(self, *, person_id: uuid.UUID, filing_type: str, kind: str, specialty: str,
                          data: Mapping[str, Any] | None = None,
                          attachments: Sequence[NewAttachment] = (),
                          conditions_accepted: bool, commitment_accepted: bool,
                          social_security_override: bool = False) -> FilingView:
        """The wizard's 上报 as one use case: create the filing, attach each file and submit it
        in one transaction. When any step is refused (no photo yet, say) nothing is stored:
        no draft is left behind to block the specialty."""
        self.require("filing.write")
        self.require(fr.TRANSITIONS["submit"].permission)
        if attachments:
            self.require("attachment.write")
        form = _form(filing_type, kind, specialty, data)
        with self.db.session_scope() as s:
            f = self._create(s, person_id, filing_type, kind, specialty, form, None)
            for a in attachments:
                attach_to_filing(s, self.actor, f, a)
            target = fr.next_state(f.state, "submit")
            return self._submit(s, f, target, conditions_accepted, commitment_accepted,
                                social_security_override)

    def update_draft(self, filing_id: uuid.UUID, *, data: Mapping[str, Any] | None = None,
                     new_employer_id: uuid.UUID | None = None,
                     expected_version: int | None = None) -> FilingView:
        self.require("filing.write")
        with self.db.session_scope() as s:
            f = load_filing(s, filing_id)
            check_version(f.version, expected_version)
            if f.state != fr.DRAFT:
                raise RuleViolation("filing_action_not_allowed", **fr.action_params("edit"),
                                      **fr.state_params(f.state))
            if data is not None:
                f.data = fr.normalise_form(f.type, data)
            if new_employer_id is not None:
                f.employer_id = load_employer(s, new_employer_id).id
            check_filing(s, f, load_person(s, f.person_id), self.today(), at_submission=False)
            s.flush()
            append_audit(s, self.actor, "filing_updated", "filing", f.id, {"data": f.data,
                                                                          "employer_id": f.employer_id})
            return filing_view(s, f, self.actor.role)

    def upload_limits(self) -> UploadLimits:
        """The office's upload size limits, so a caller can refuse a file before reading it."""
        with self.db.session_scope(write=False) as s:
            return upload_limits(s)

    def attach(self, filing_id: uuid.UUID, *, purpose: str, filename: str, content: bytes) -> AttachmentInfo:
        """Upload material to a filing still with the person or the employer."""
        self.require("attachment.write")
        with self.db.session_scope() as s:
            row = attach_to_filing(s, self.actor, load_filing(s, filing_id),
                                   NewAttachment(purpose, filename, content))
            return attachment_info(row)

    def refile(self, filing_id: uuid.UUID) -> FilingView:
        """撤回的数据可以再次申请注册: a new draft with the withdrawn filing's form and uploads."""
        self.require("filing.write")
        with self.db.session_scope() as s:
            require_not_frozen(s, self.today())  # issue 12
            old = load_filing(s, filing_id)
            if not fr.can_refile(old.state):
                raise RuleViolation("filing_not_refilable")
            person = load_person(s, old.person_id)
            reg = registration_of(s, person.id, old.kind, old.specialty)
            f = Filing(number=filing_number(s, self.today()), person_id=person.id, type=old.type,
                       kind=old.kind, specialty=old.specialty, state=fr.DRAFT,
                       registration_id=reg.id if reg else None, employer_id=old.employer_id,
                       old_employer_id=old.old_employer_id, data=dict(old.data or {}),
                       created_by=self.actor.username)
            check_filing(s, f, person, self.today(), at_submission=False)
            s.add(f)
            s.flush()
            for a in s.scalars(select(Attachment).where(Attachment.filing_id == old.id,
                                                        Attachment.correction_id.is_(None))):
                s.add(Attachment(person_id=a.person_id, filing_id=f.id, purpose=a.purpose,
                                 filename=a.filename, media_type=a.media_type, size=a.size,
                                 sha256=a.sha256, data=a.data, created_by=self.actor.username))
            self._event(s, f, "refile", None, fr.DRAFT, f"再次申报（原申报 {old.number}）")
            append_audit(s, self.actor, "filing_refiled", "filing", f.id,
                         {"number": f.number, "from": old.number})
            return filing_view(s, f, self.actor.role)

    def discard_draft(self, filing_id: uuid.UUID, expected_version: int | None = None) -> None:
        """Throw away a draft that was never filed (one left by an older version's wizard or
        by the CLI would otherwise block the specialty: only one open filing per specialty).
        Filed filings are withdrawn, never deleted."""
        self.require("filing.write")
        with self.db.session_scope() as s:
            f = load_filing(s, filing_id, lock=True)
            check_version(f.version, expected_version)
            if f.state != fr.DRAFT:
                raise RuleViolation("filing_action_not_allowed", **fr.action_params("discard"),
                                      **fr.state_params(f.state))
            uploads = s.scalars(select(Attachment).where(Attachment.filing_id == f.id)).all()
            append_audit(s, self.actor, "filing_draft_discarded", "filing", f.id,
                         {"number": f.number, "type": f.type, "person_id": f.person_id,
                          "attachments": [a.sha256 for a in uploads]})
            for a in uploads:
                s.delete(a)
            s.delete(f)

    # --- the person's and the employer's steps ----------------------------------------------

    def submit(self, filing_id: uuid.UUID, *, conditions_accepted: bool, commitment_accepted: bool,
               social_security_override: bool = False, expected_version: int | None = None) -> FilingView:
        """上报 a draft: every rule again (the register may have changed since the draft), then
        the conditions, the commitment, the social-security warning, photo and signature."""
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "submit", expected_version)
            return self._submit(s, f, target, conditions_accepted, commitment_accepted,
                                social_security_override)

    def employer_confirm(self, filing_id: uuid.UUID, *, note: str | None = None,
                         expected_version: int | None = None) -> FilingView:
        return self._simple(filing_id, "employer_confirm", note, expected_version)

    def employer_consent(self, filing_id: uuid.UUID, *, note: str | None = None,
                         expected_version: int | None = None) -> FilingView:
        """Record the employer's consent to withdraw a filing the employer has reported to the
        authority (企业已上报) that is not yet accepted (seed 004 §5)."""
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "employer_consent", expected_version)
            f.employer_consent = True
            return self._move(s, f, "employer_consent", target, note or "聘用单位同意撤回")

    def withdraw(self, filing_id: uuid.UUID, *, note: str | None = None,
                 expected_version: int | None = None) -> FilingView:
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "withdraw", expected_version)
            f.decided_at, f.decided_by = utcnow(), self.actor.username
            return self._move(s, f, "withdraw", target, note)

    # --- the authority's steps ---------------------------------------------------------------

    def accept(self, filing_id: uuid.UUID, *, note: str | None = None,
               expected_version: int | None = None) -> FilingView:
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "accept", expected_version)
            self._message(s, f, note or "申报已受理")
            return self._move(s, f, "accept", target, note)

    def request_corrections(self, filing_id: uuid.UUID, *, content: str, reason: str,
                            expected_version: int | None = None) -> FilingView:
        """补正: the authority names the missing material (content) and why (reason)."""
        content, reason = (content or "").strip(), (reason or "").strip()
        if not content:
            raise InvalidInput("required", field="content")
        if not reason:
            raise InvalidInput("required", field="reason")
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "request_corrections", expected_version)
            c = CorrectionRequest(filing_id=f.id, requested_by=self.actor.username, content=content,
                                  reason=reason, state="open")
            s.add(c)
            s.flush()
            self._message(s, f, f"补正内容：{content}；补正原因：{reason}")
            return self._move(s, f, "request_corrections", target, f"补正内容：{content}；补正原因：{reason}",
                              {"correction_id": c.id, "content": content, "reason": reason})

    def answer_corrections(self, filing_id: uuid.UUID, *, filename: str, content: bytes,
                           note: str | None = None, correction_id: uuid.UUID | None = None,
                           expected_version: int | None = None) -> FilingView:
        """Upload the missing material (200 KB-500 KB); the request closes and the filing goes
        back to where the authority had it."""
        self.require(fr.TRANSITIONS["answer_corrections"].permission)
        with self.db.session_scope() as s:
            f = load_filing(s, filing_id, lock=True)
            check_version(f.version, expected_version)
            q = select(CorrectionRequest).where(CorrectionRequest.filing_id == f.id,
                                                CorrectionRequest.state == "open")
            if correction_id is not None:
                q = q.where(CorrectionRequest.id == correction_id)
            c = s.scalars(q.order_by(CorrectionRequest.requested_at.desc())).first()
            if c is None or f.state != fr.CORRECTIONS_REQUESTED:
                raise RuleViolation("no_open_correction")
            origin = s.scalars(select(FilingEvent.from_state).where(
                FilingEvent.filing_id == f.id, FilingEvent.action == "request_corrections")
                .order_by(FilingEvent.seq.desc())).first()
            target = fr.next_state(f.state, "answer_corrections", return_state=origin)
            row = store_attachment(s, self.actor, purpose="correction", filename=filename, data=content,
                                   person_id=f.person_id, filing_id=f.id, correction_id=c.id)
            c.state, c.answered_at, c.answered_by = "answered", utcnow(), self.actor.username
            c.answer_note = (note or "").strip() or None
            return self._move(s, f, "answer_corrections", target, c.answer_note,
                              {"correction_id": c.id, "attachment_id": row.id, "sha256": row.sha256})

    def approve(self, filing_id: uuid.UUID, *, opinion: str | None = None,
                registration_number: str | None = None,
                expected_version: int | None = None) -> FilingView:
        """审批通过: the filing is applied to the register in the same transaction."""
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "approve", expected_version)
            effect = apply_approval(s, self.actor, f, self.today(), registration_number)
            text = (opinion or "").strip() or "审批通过"
            f.decided_at, f.decided_by, f.opinion = utcnow(), self.actor.username, text
            f.data = {**(f.data or {}), "applied": jsonable(effect)}
            self._message(s, f, f"审批通过：{text}")
            return self._move(s, f, "approve", target, text, {"effect": effect})

    def reject(self, filing_id: uuid.UUID, *, opinion: str,
               expected_version: int | None = None) -> FilingView:
        text = (opinion or "").strip()
        if not text:
            raise RuleViolation("opinion_required", field="opinion")
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, "reject", expected_version)
            f.decided_at, f.decided_by, f.opinion = utcnow(), self.actor.username, text
            self._message(s, f, f"审批不通过：{text}")
            return self._move(s, f, "reject", target, text)

    # --- the filing page's actions by code ---------------------------------------------------

    def perform(self, filing_id: uuid.UUID, action: str, *, note: str | None = None,
                opinion: str | None = None, content: str | None = None, reason: str | None = None,
                registration_number: str | None = None,
                expected_version: int | None = None) -> FilingView:
        """The action ``action`` of the transition table (the one a :class:`FilingView` offers
        in ``allowed_actions``), with the input it needs. ``submit`` belongs to
        :meth:`create_and_submit` / :meth:`submit` and ``answer_corrections`` carries a file:
        they are called by name."""
        if action not in PERFORMABLE:
            raise InvalidInput("filing_action_unknown", field="action", action=action,
                               allowed=list(PERFORMABLE))
        v = expected_version
        if action == "request_corrections":
            return self.request_corrections(filing_id, content=content or "", reason=reason or "",
                                            expected_version=v)
        if action == "approve":
            return self.approve(filing_id, opinion=opinion, registration_number=registration_number,
                                expected_version=v)
        if action == "reject":
            return self.reject(filing_id, opinion=opinion or "", expected_version=v)
        if action == "accept":
            return self.accept(filing_id, note=note, expected_version=v)
        if action == "withdraw":
            return self.withdraw(filing_id, note=note, expected_version=v)
        if action == "employer_consent":
            return self.employer_consent(filing_id, note=note, expected_version=v)
        return self._simple(filing_id, action, note, v)  # employer_confirm

    # --- internals --------------------------------------------------------------------------

    def _create(self, s: Session, person_id: uuid.UUID, filing_type: str, kind: str, specialty: str,
                form: dict[str, Any], new_employer_id: uuid.UUID | None) -> Filing:
        require_not_frozen(s, self.today())  # issue 12: a frozen field office takes no filings
        person = load_person(s, person_id)
        reg = registration_of(s, person.id, kind, specialty)
        if new_employer_id is not None:
            load_employer(s, new_employer_id)
        employer_id = new_employer_id or person.employer_id
        f = Filing(number=filing_number(s, self.today()), person_id=person.id, type=filing_type,
                   kind=kind, specialty=specialty, state=fr.DRAFT,
                   registration_id=reg.id if reg else None, employer_id=employer_id,
                   old_employer_id=reg.employer_id if reg and filing_type == fr.CHANGE else None,
                   data=form, created_by=self.actor.username)
        check_filing(s, f, person, self.today(), at_submission=False)
        s.add(f)
        s.flush()
        self._event(s, f, "create", None, fr.DRAFT, None)
        append_audit(s, self.actor, "filing_created", "filing", f.id,
                     {"number": f.number, "type": filing_type, "kind": kind, "specialty": specialty,
                      "person_id": person.id, "data": form})
        return f

    def _submit(self, s: Session, f: Filing, target: str, conditions_accepted: bool,
                commitment_accepted: bool, social_security_override: bool) -> FilingView:
        person = load_person(s, f.person_id)
        check_filing(s, f, person, self.today(), at_submission=True)
        has_photo, has_signature = current_photo_signature(s, person.id)
        fr.check_submission(fr.SubmissionFacts(
            conditions_accepted, commitment_accepted, has_photo, has_signature,
            person.social_security_flag, social_security_override))
        f.conditions_accepted, f.commitment_accepted = True, True
        if f.type in (fr.INITIAL, fr.REREGISTRATION, fr.ADDITION):
            # Registered with the employer that confirms the filing: the person's current one.
            f.employer_id = person.employer_id
        # The override is stored only when it was needed: it is the applicant's commitment.
        f.social_security_override = bool(social_security_override and person.social_security_flag)
        f.submitted_at = utcnow()
        note = "申请人确认社保异常提示后继续申报" if f.social_security_override else None
        return self._move(s, f, "submit", target, note,
                          {"social_security_override": f.social_security_override})

    def _simple(self, filing_id: uuid.UUID, action: str, note: str | None,
                expected_version: int | None) -> FilingView:
        with self.db.session_scope() as s:
            f, target = self._start(s, filing_id, action, expected_version)
            return self._move(s, f, action, target, note)

    def _start(self, s: Session, filing_id: uuid.UUID, action: str,
               expected_version: int | None) -> tuple[Filing, str]:
        """Role first (from the table), then the row (locked), its version and the table.
        Returns the filing and its target state, decided before anything on the row changes."""
        self.require(fr.TRANSITIONS[action].permission)
        if action in CENTRAL_ACTIONS:  # issue 12: only the central office decides
            require_central(s, CENTRAL_ACTIONS[action])
        f = load_filing(s, filing_id, lock=True)
        check_version(f.version, expected_version)
        return f, fr.next_state(f.state, action, employer_consent=f.employer_consent)

    def _move(self, s: Session, f: Filing, action: str, target: str, note: str | None,
              details: dict[str, Any] | None = None) -> FilingView:
        source, new = f.state, target
        f.state = new
        self._event(s, f, action, source, new, note)
        s.flush()
        append_audit(s, self.actor, f"filing_{action}", "filing", f.id,
                     {"number": f.number, "from": source, "to": new, "note": note, **(details or {})})
        return filing_view(s, f, self.actor.role)

    def _event(self, s: Session, f: Filing, action: str, source: str | None, target: str,
               note: str | None) -> None:
        seq = len(f.events) + 1
        f.events.append(FilingEvent(seq=seq, actor=self.actor.username, action=action,
                                    from_state=source, to_state=target, note=note))

    def _message(self, s: Session, f: Filing, body: str) -> None:
        s.add(ReviewMessage(filing_id=f.id, person_id=f.person_id, author=self.actor.username, body=body))


def _form(filing_type: str, kind: str, specialty: str, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The type's own form, checked before any session is opened."""
    fr.check_type(filing_type)
    kind_rules(kind).specialty(specialty)
    form = fr.normalise_form(filing_type, data)
    if "registration_number" in form:
        form["registration_number"] = validate_registration_number(
            kind, form["registration_number"], specialty)
    return form
