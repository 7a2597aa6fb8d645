"""申辩 (appeals): the person contests an anomaly flag; a reviewer upholds or rejects it.

Seed 004 §2.6: the anomalies are 社保异常 and 人员查重异常 (and others). An upheld
social-security appeal clears ``Person.social_security_flag``, so the warning no longer stops
the person's filings. Every step is audited and the decision becomes a message (我的消息).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.domain.filing_rules import APPEAL_SUBJECTS, subject_params
from app.errors import InvalidInput, NotFound, RuleViolation
from app.messages import label
from app.models import Appeal, Filing, Person, ReviewMessage, utcnow
from app.services.audit import append_audit
from app.services.base import Service


@dataclass(frozen=True)
class AppealView:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    filing_id: uuid.UUID | None
    subject: str  # filing_rules.APPEAL_SUBJECTS
    statement: str
    state: str  # open / upheld / rejected
    created_by: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision: str | None


def appeal_view(a: Appeal, person_name: str) -> AppealView:
    return AppealView(a.id, a.person_id, person_name, a.filing_id, a.subject, a.statement, a.state,
                      a.created_by, a.created_at, a.decided_at, a.decided_by, a.decision)


class AppealService(Service):
    def create_appeal(self, person_id: uuid.UUID, *, subject: str, statement: str,
                      filing_id: uuid.UUID | None = None) -> AppealView:
        self.require("appeal.create")
        if subject not in APPEAL_SUBJECTS:
            raise InvalidInput("appeal_subject_unknown", field="subject", subject=subject,
                               allowed=list(APPEAL_SUBJECTS))
        text = (statement or "").strip()
        if not text:
            raise InvalidInput("required", field="statement")
        with self.db.session_scope() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound("person_not_found", ref=str(person_id))
            if filing_id is not None and s.get(Filing, filing_id) is None:
                raise NotFound("filing_not_found", ref=str(filing_id))
            if subject == "social_security" and not person.social_security_flag:
                raise RuleViolation("appeal_nothing_to_contest", **subject_params(subject))
            if s.scalars(select(Appeal.id).where(Appeal.person_id == person_id, Appeal.subject == subject,
                                                 Appeal.state == "open")).first():
                raise RuleViolation("appeal_already_open")
            a = Appeal(person_id=person_id, filing_id=filing_id, subject=subject, statement=text,
                       state="open", created_by=self.actor.username)
            s.add(a)
            s.flush()
            append_audit(s, self.actor, "appeal_created", "appeal", a.id,
                         {"person_id": person_id, "subject": subject, "filing_id": filing_id})
            return appeal_view(a, person.name)

    def decide_appeal(self, appeal_id: uuid.UUID, *, upheld: bool, decision: str) -> AppealView:
        self.require("appeal.decide")
        text = (decision or "").strip()
        if not text:
            raise InvalidInput("required", field="decision")
        with self.db.session_scope() as s:
            a = s.scalars(select(Appeal).where(Appeal.id == appeal_id).with_for_update()).first()
            if a is None:
                raise NotFound("appeal_not_found", ref=str(appeal_id))
            if a.state != "open":
                raise RuleViolation("appeal_already_decided")
            person = s.get(Person, a.person_id)
            assert person is not None
            a.state = "upheld" if upheld else "rejected"
            a.decided_at, a.decided_by, a.decision = utcnow(), self.actor.username, text
            cleared = False
            if upheld and a.subject == "social_security" and person.social_security_flag:
                person.social_security_flag = False
                cleared = True
            # The message is stored for the person, in Chinese like every message of the register.
            subject = label("appeal_subject", a.subject, "zh")
            s.add(ReviewMessage(filing_id=a.filing_id, person_id=a.person_id, author=self.actor.username,
                                body=f"申辩（{subject}）{'成立' if upheld else '不成立'}：{text}"))
            s.flush()
            append_audit(s, self.actor, "appeal_decided", "appeal", a.id,
                         {"state": a.state, "decision": text, "social_security_flag_cleared": cleared})
            return appeal_view(a, person.name)

    def list_appeals(self, *, open_only: bool = False, person_id: uuid.UUID | None = None,
                     limit: int = 500) -> list[AppealView]:
        self.require("person.read")
        q = select(Appeal, Person.name).join(Person, Person.id == Appeal.person_id)
        if open_only:
            q = q.where(Appeal.state == "open")
        if person_id is not None:
            q = q.where(Appeal.person_id == person_id)
        with self.db.session_scope(write=False) as s:
            return [appeal_view(a, name) for a, name in
                    s.execute(q.order_by(Appeal.created_at.desc()).limit(limit))]
