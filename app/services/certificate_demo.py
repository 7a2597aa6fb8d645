"""Demo post-step: a demo office key and specimen certificates in every state.

Registered with :func:`app.services.demo_service.register_post_step`, so a fresh demo register
has a demo signing key (passphrase ``DEMO_PASSPHRASE``, published for demo use ONLY; never the
office's key, never exported) and
certificates that are valid, whose window is over, superseded and revoked — all marked
``specimen`` so every printout carries a watermark. Persons without a photo or signature get
simple synthetic images (a grey silhouette, a pen stroke) drawn with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import random
import uuid
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.keys import DEMO_OFFICE_USCC, DEMO_PASSPHRASE
from app.errors import RegistryError
from app.models import Attachment, Certificate, Person, Registration, utcnow
from app.models.db import Database
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.certificate_queries import current_attachment
from app.services.certificate_service import annotate_in_session, revoke_in_session, today_in_china
from app.services.demo_service import DemoResult, register_post_step
from app.services.key_service import create_demo_key, demo_key

log = logging.getLogger(__name__)

# Published on purpose: demo registers are for training and testing, never for real certificates.
# (DEMO_PASSPHRASE and DEMO_OFFICE_USCC live in app.codes.keys: the key code must know them to
# keep the demo key out of every real use.)
DEMO_OFFICE_NAME = "注册管理中心（演示）"
PER_STATE = 2


def synthetic_photo(seed: str) -> bytes:
    """A 295x413 px, 300 dpi JPEG on white: a grey head-and-shoulders silhouette."""
    rng = random.Random(seed)
    img = Image.new("RGB", (295, 413), "white")
    d = ImageDraw.Draw(img)
    tone = rng.randint(90, 150)
    d.ellipse((92, 70, 203, 215), fill=(tone, tone, tone))
    d.pieslice((30, 230, 265, 520), 180, 360, fill=(tone - 30, tone - 30, tone - 25))
    d.text((8, 395), "SPECIMEN", fill=(200, 0, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, dpi=(300, 300))
    return out.getvalue()


def synthetic_signature(seed: str) -> tuple[bytes, bytes]:
    """A black pen stroke: (transparent PNG, white-background PNG), 300 dpi."""
    rng = random.Random(seed)
    w, h = 600, 200
    points = []
    for i in range(120):
        x = 30 + i * (w - 60) / 119
        y = h / 2 + 45 * math.sin(i / rng.uniform(4, 9)) * math.cos(i / rng.uniform(11, 23))
        points.append((x, y))
    ink = Image.new("L", (w, h), 0)
    ImageDraw.Draw(ink).line(points, fill=255, width=5, joint="curve")
    transparent = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    transparent.putalpha(ink)
    white = Image.new("RGB", (w, h), "white")
    white.paste((0, 0, 0), mask=ink)
    outs = []
    for image in (transparent, white):
        buf = io.BytesIO()
        image.save(buf, "PNG", dpi=(300, 300))
        outs.append(buf.getvalue())
    return outs[0], outs[1]


def _store(s: Session, person_id: uuid.UUID, purpose: str, data: bytes, media_type: str, actor: Actor) -> None:
    s.add(Attachment(person_id=person_id, purpose=purpose, filename=f"demo-{purpose}",
                     media_type=media_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     data=data, created_by=actor.username))


def _ensure_images(s: Session, person: Person, actor: Actor) -> None:
    added = []
    if current_attachment(s, person.id, "photo") is None:
        _store(s, person.id, "photo", synthetic_photo(person.id_number), "image/jpeg", actor)
        added.append("photo")
    if current_attachment(s, person.id, "signature") is None:
        transparent, white = synthetic_signature(person.id_number)
        _store(s, person.id, "signature", transparent, "image/png", actor)
        _store(s, person.id, "signature_print", white, "image/png", actor)
        added += ["signature", "signature_print"]
    if not person.mobile:
        person.mobile = "13800000000"
        added.append("mobile")
    s.flush()
    if added:
        append_audit(s, actor, "demo_images_added", "person", person.id, {"added": added})


def _replace_photo(s: Session, person: Person, actor: Actor) -> None:
    """A registration change for the 'superseded' example: a new photo."""
    now = utcnow()
    for row in s.scalars(select(Attachment).where(Attachment.person_id == person.id,
                                                  Attachment.purpose == "photo",
                                                  Attachment.superseded_at.is_(None))):
        row.superseded_at = now
    _store(s, person.id, "photo", synthetic_photo(person.id_number + "/new"), "image/jpeg", actor)
    s.flush()
    append_audit(s, actor, "demo_photo_replaced", "person", person.id, {})


def _candidates(s: Session, result: DemoResult, today: date) -> list[tuple[Person, str]]:
    """Sample persons with an active registration valid today and for the last 200 days."""
    out = []
    for pid in result.sample_person_ids:
        reg = s.scalars(select(Registration).where(
            Registration.person_id == pid, Registration.state == "active",
            Registration.valid_from <= today - timedelta(days=200),
            Registration.valid_until >= today + timedelta(days=30))).first()
        person = s.get(Person, pid)
        if reg is not None and person is not None:
            out.append((person, reg.registration_number))
    return out


@register_post_step
def annotate_demo_certificates(db: Database, result: DemoResult, actor: Actor) -> None:
    today = today_in_china()
    with db.session_scope() as s:
        if demo_key(s) is None:
            # Never the office's key (issue 10): a key of its own, marked demo, that signs only
            # specimens; it dates back far enough for the backdated examples below.
            create_demo_key(s, actor, DEMO_OFFICE_USCC, DEMO_OFFICE_NAME,
                            utcnow() - timedelta(days=400))
    wanted = {"valid": PER_STATE, "window_expired": PER_STATE, "superseded": PER_STATE,
              "revoked": PER_STATE}
    with db.session_scope(write=False) as s:
        candidates = [(p.id, number) for p, number in _candidates(s, result, today)]
    for person_id, number in candidates:
        state = next((k for k, v in wanted.items() if v > 0), None)
        if state is None:
            break
        try:
            # One transaction per example: a person refused (e.g. a pending filing) is skipped.
            with db.session_scope() as s:
                person = s.get(Person, person_id)
                assert person is not None
                _ensure_images(s, person, actor)
                _make(s, actor, person, number, state, today)
        except RegistryError as exc:
            if exc.code == "key_passphrase_wrong":
                log.warning("demo certificates skipped: the office key is not the demo key")
                return
            log.info("demo certificate for %s skipped: %s", number, exc.code)
            continue
        wanted[state] -= 1


def _make(s: Session, actor: Actor, person: Person, number: str, state: str, today: date) -> Certificate:
    def annotate(on: date) -> Certificate:
        return annotate_in_session(s, actor, number, DEMO_PASSPHRASE, on, specimen=True)

    if state == "window_expired":
        return annotate(today - timedelta(days=200))
    if state == "superseded":
        old = annotate(today - timedelta(days=30))
        _replace_photo(s, person, actor)
        annotate(today)
        return old
    cert = annotate(today)
    if state == "revoked":
        revoke_in_session(s, actor, cert, "演示：注销注册 / demo: registration cancelled")
    return cert
