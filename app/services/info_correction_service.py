"""信息更正: changes to a person's name, ID number or ID type, applied only when a reviewer
approves them (seed 004 §2.7). The new value is validated when filed and again when applied
(the register may have changed meanwhile); a new resident ID number re-derives birth date and
gender, and a new name refreshes the pinyin search keys.

``id_type`` corrections carry ``<type>`` or ``<type>:<number>`` as the new value, because a
different document type usually comes with a different number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.validators import ID_TYPES
from app.errors import InvalidInput, NotFound, RuleViolation
from app.messages import field_label
from app.models import InfoCorrection, Person, Registration, ReviewMessage, utcnow
from app.services.audit import append_audit
from app.services.base import Service
from app.services.certificate_supersede import mark_superseded_by_change, supersede_reason
from app.services.name_index import refresh_name_keys
from app.services.register_common import (
    DERIVED_ID_TYPES,
    check_unique_id,
    clean_name,
    identity,
    load_person,
)

# What a correction may change; the fields' names are in errors.toml [fields].
FIELDS: tuple[str, ...] = ("name", "id_number", "id_type")


@dataclass(frozen=True)
class InfoCorrectionView:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    field: str  # one of FIELDS
    old_value: str
    new_value: str
    reason: str
    state: str  # pending / approved / rejected
    created_by: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision: str | None


def _view(c: InfoCorrection, person_name: str) -> InfoCorrectionView:
    return InfoCorrectionView(c.id, c.person_id, person_name, c.field, c.old_value, c.new_value,
                              c.reason, c.state, c.created_by, c.created_at, c.decided_at,
                              c.decided_by, c.decision)


def _current(p: Person, field: str) -> str:
    if field == "id_type":
        return f"{p.id_type}:{p.id_number}"
    return str(getattr(p, field))


def _resolve(s: Session, p: Person, field: str, raw: str) -> dict[str, object]:
    """The person's new attributes if ``raw`` were applied (validated, unique)."""
    if field == "name":
        return {"name": clean_name(raw)}
    if field == "id_number":
        id_type, number = p.id_type, raw
    else:
        id_type, _, number = raw.strip().partition(":")
        id_type = id_type.strip()
        if id_type not in ID_TYPES:
            raise InvalidInput("id_type_unknown", field="id_type", id_type=id_type)
        number = number or p.id_number
    derived = id_type in DERIVED_ID_TYPES
    normalised, gender, birth = identity(id_type, number, None if derived else p.gender,
                                         None if derived else p.birth_date)
    check_unique_id(s, id_type, normalised, exclude=p.id)
    return {"id_type": id_type, "id_number": normalised, "gender": gender, "birth_date": birth}


def _normal_value(field: str, changes: dict[str, object]) -> str:
    if field == "id_type":
        return f"{changes['id_type']}:{changes['id_number']}"
    return str(changes[field])


class InfoCorrectionService(Service):
    def create_info_correction(self, person_id: uuid.UUID, *, field: str, new_value: str,
                               reason: str) -> InfoCorrectionView:
        self.require("info_correction.create")
        if field not in FIELDS:
            raise InvalidInput("info_correction_field_unknown", allowed=list(FIELDS))
        why = (reason or "").strip()
        if not why:
            raise InvalidInput("required", field="reason")
        with self.db.session_scope() as s:
            p = load_person(s, person_id)
            value = _normal_value(field, _resolve(s, p, field, new_value))
            if value == _current(p, field):
                raise RuleViolation("info_correction_same_value", field="new_value")
            if s.scalars(select(InfoCorrection.id).where(
                    InfoCorrection.person_id == p.id, InfoCorrection.field == field,
                    InfoCorrection.state == "pending")).first():
                raise RuleViolation("info_correction_pending", field=field)
            c = InfoCorrection(person_id=p.id, field=field, old_value=_current(p, field)[:60],
                               new_value=value[:60], reason=why, state="pending",
                               created_by=self.actor.username)
            s.add(c)
            s.flush()
            append_audit(s, self.actor, "info_correction_created", "info_correction", c.id,
                         {"person_id": p.id, "field": field, "old": c.old_value, "new": c.new_value})
            return _view(c, p.name)

    def decide_info_correction(self, correction_id: uuid.UUID, *, approved: bool,
                               decision: str = "") -> InfoCorrectionView:
        self.require("info_correction.decide")
        text = (decision or "").strip()
        if not approved and not text:
            raise InvalidInput("required", field="decision")
        with self.db.session_scope() as s:
            c = s.scalars(select(InfoCorrection).where(InfoCorrection.id == correction_id)
                          .with_for_update()).first()
            if c is None:
                raise NotFound("info_correction_not_found", ref=str(correction_id))
            if c.state != "pending":
                raise RuleViolation("info_correction_already_decided")
            p = load_person(s, c.person_id)
            before = {k: getattr(p, k) for k in ("name", "id_type", "id_number", "gender", "birth_date")}
            if approved:
                changes = _resolve(s, p, c.field, c.new_value)  # re-validated at the moment of change
                for key, value in changes.items():
                    setattr(p, key, value)
                if c.field == "name":
                    refresh_name_keys(s, p.id, p.name)
            c.state = "approved" if approved else "rejected"
            c.decided_at, c.decided_by, c.decision = utcnow(), self.actor.username, text or None
            # The message is stored for the person, in Chinese like every message of the register.
            label = field_label(c.field, "zh")
            s.add(ReviewMessage(person_id=p.id, author=self.actor.username,
                                body=f"信息更正（{label}）{'审核通过' if approved else '审核不通过'}"
                                     + (f"：{text}" if text else "")))
            s.flush()
            after = {k: getattr(p, k) for k in before}
            if approved:
                # 000/003 "注册信息发生变更的，需登录政务平台重新下载电子证书": the name is signed on
                # the certificate, the ID number printed from the register.
                extra = ({"id_number": [before["id_number"], after["id_number"]]}
                         if before["id_number"] != after["id_number"] else None)
                kinds = set(s.scalars(select(Registration.kind).where(Registration.person_id == p.id)))
                for kind in sorted(kinds):
                    mark_superseded_by_change(s, self.actor, p.id, kind,
                                              supersede_reason("info_correction", str(c.id)[:8]), extra)
            append_audit(s, self.actor, "info_correction_decided", "info_correction", c.id,
                         {"state": c.state, "decision": text,
                          "changes": {k: [before[k], after[k]] for k in before if before[k] != after[k]}})
            return _view(c, p.name)

    def list_info_corrections(self, *, pending_only: bool = False, person_id: uuid.UUID | None = None,
                              limit: int = 500) -> list[InfoCorrectionView]:
        self.require("person.read")
        q = select(InfoCorrection, Person.name).join(Person, Person.id == InfoCorrection.person_id)
        if pending_only:
            q = q.where(InfoCorrection.state == "pending")
        if person_id is not None:
            q = q.where(InfoCorrection.person_id == person_id)
        with self.db.session_scope(write=False) as s:
            return [_view(c, name) for c, name in
                    s.execute(q.order_by(InfoCorrection.created_at.desc()).limit(limit))]
