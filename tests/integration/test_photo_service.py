"""Photo service: storing, superseding with history, audit, roles, settings; SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import numpy as np
import pytest
from sqlalchemy import select

from app.errors import InvalidInput, NotFound, PermissionDenied
from app.imaging.encoding import encode_jpeg_in_range, encode_png
from app.models import Attachment, AuditEntry, Person
from app.models.db import Database
from app.services.audit import verify_chain
from app.services.photo_service import ImagingSettings, PhotoService


def _person(db: Database) -> uuid.UUID:
    with db.session_scope() as s:
        p = Person(id_number="110101199003071234", name="张三", gender="M",
                   birth_date=date(1990, 3, 7))
        s.add(p)
        s.flush()
        return p.id


def _photo(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    rgb = (rng.random((413, 295, 3)) * 255).astype(np.uint8)
    return encode_jpeg_in_range(rgb, 1, 10**7).data


def _signature() -> tuple[bytes, bytes]:
    rgba = np.zeros((60, 200, 4), np.uint8)
    rgba[20:40, 20:180, 3] = 255
    white = np.full((60, 200, 3), 255, np.uint8)
    white[20:40, 20:180] = 0
    return encode_png(rgba), encode_png(white)


def test_store_and_replace_keeps_history(db: Database, actors) -> None:
    pid = _person(db)
    svc = PhotoService(db, actors["clerk"])
    first = svc.store_photo(pid, _photo(1), source="a.jpg")
    second_bytes = _photo(2)
    second = svc.store_photo(pid, second_bytes, source="b.jpg", details={"head_ratio": 0.66})
    images = svc.current_images(pid)
    assert images.photo is not None and images.photo.id == second.id
    assert images.photo.sha256 == hashlib.sha256(second_bytes).hexdigest()
    assert images.photo_history == 1 and images.signature is None
    assert svc.image_data(second.id) == second_bytes
    history = svc.history(pid, "photo")
    assert [h.id for h in history] == [second.id, first.id]
    assert history[1].superseded_at is not None and history[0].superseded_at is None
    with db.session_scope(write=False) as s:
        current = s.scalars(select(Attachment).where(Attachment.person_id == pid,
                                                     Attachment.superseded_at.is_(None))).all()
        assert len(current) == 1
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions.count("photo_stored") == 2
        assert verify_chain(s).ok


def test_signature_pair_is_stored_and_superseded_together(db: Database, actors) -> None:
    pid = _person(db)
    svc = PhotoService(db, actors["clerk"])
    t, p = _signature()
    svc.store_signature(pid, t, p)
    sig, prn = svc.store_signature(pid, t, p)
    images = svc.current_images(pid)
    assert images.signature is not None and images.signature.id == sig.id
    assert images.signature_print is not None and images.signature_print.id == prn.id
    assert images.signature.media_type == "image/png" and images.signature_history == 1


def test_refusals_leave_the_stored_photo_unchanged(db: Database, actors) -> None:
    pid = _person(db)
    svc = PhotoService(db, actors["clerk"])
    kept = svc.store_photo(pid, _photo(1))
    t, _ = _signature()
    for bad in (b"", b"%PDF-1.7 not a photo", _photo(3)[:2000], t):
        with pytest.raises(InvalidInput):
            svc.store_photo(pid, bad)
    wrong_size = encode_jpeg_in_range(np.zeros((100, 100, 3), np.uint8), 1, 10**6).data
    with pytest.raises(InvalidInput) as exc:
        svc.store_photo(pid, wrong_size)
    assert exc.value.code == "photo_not_jpeg"
    with pytest.raises(NotFound):
        svc.store_photo(uuid.uuid4(), _photo(4))
    with pytest.raises(PermissionDenied):
        PhotoService(db, actors["helpdesk"]).store_photo(pid, _photo(5))
    images = svc.current_images(pid)
    assert images.photo is not None and images.photo.id == kept.id and images.photo_history == 0


def test_settings_defaults_and_update(db: Database, actors) -> None:
    svc = PhotoService(db, actors["admin"])
    assert svc.settings() == ImagingSettings()
    updated = svc.update_settings(photo_min_bytes=20_000, photo_max_bytes=40_000)
    assert PhotoService(db, actors["clerk"]).settings() == updated
    assert updated.photo_max_bytes == 40_000
    with pytest.raises(InvalidInput):
        svc.update_settings(photo_min_bytes=50_000)
    with pytest.raises(PermissionDenied):
        PhotoService(db, actors["clerk"]).update_settings(max_pixels=10)


def test_settings_live_in_the_office_settings_registry(db: Database, actors) -> None:
    from app.models import AppSetting
    from app.services.office_settings import PHOTO_MAX_BYTES, PHOTO_MIN_BYTES

    svc = PhotoService(db, actors["admin"])
    svc.update_settings(photo_max_bytes=80_000)
    with db.session_scope() as s:
        assert s.get(AppSetting, PHOTO_MAX_BYTES.key).value == 80_000
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == "imaging_settings_changed"
        # A damaged value reads as its default: a bad setting never stops the office.
        s.add(AppSetting(key=PHOTO_MIN_BYTES.key, value="lots"))
    assert svc.settings() == ImagingSettings(photo_max_bytes=80_000)
    with pytest.raises(InvalidInput):
        svc.update_settings(photo_min_bytes=0)
    with pytest.raises(InvalidInput):
        svc.update_settings(no_such_setting=1)
