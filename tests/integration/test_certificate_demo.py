"""The demo post-step: a demo key and specimen certificates in every state that verify."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.codes.keys import DEMO_PASSPHRASE
from app.codes.verify import EXPIRED, VALID, check_code
from app.errors import InvalidInput, RuleViolation
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.demo_service import generate_demo
from app.services.key_service import KeyService
from app.services.verification_service import VerificationService


def test_demo_register_has_certificates_in_every_state(db: Database, actors: dict[str, Actor]) -> None:
    result = generate_demo(db, 120, seed=7, actor=actors["admin"])
    assert "annotate_demo_certificates" in result.post_steps
    keys = KeyService(db, actors["admin"]).list_keys()
    assert [(k.state, k.demo) for k in keys] == [("active", True)]
    certs = CertificateService(db, actors["clerk"]).find()
    states = sorted({c.state for c in certs})
    assert states == ["revoked", "superseded", "valid", "window_expired"], states
    assert all(c.specimen for c in certs)
    lookup = VerificationService(db, actors["helpdesk"]).key_lookup()
    now = datetime.now(UTC)
    svc = CertificateService(db, actors["clerk"])
    for c in certs:
        view = svc.get_view(c.serial)
        assert view.photo and view.signature and view.specimen
        status = check_code(view.payload, lookup, now).status
        # The offline check sees only the signed window; revocation comes from the register.
        assert status == (EXPIRED if c.state == "window_expired" else VALID), (c.state, status)
    # The demo key is never published as the office's key (issue 10): no trust file from it.
    with pytest.raises(RuleViolation) as err:
        KeyService(db, actors["admin"]).export_trust(DEMO_PASSPHRASE)
    assert err.value.code == "signing_key_missing"


def test_demo_key_never_becomes_the_office_key(db: Database, actors: dict[str, Actor]) -> None:
    """README set-up: init, then demo, then the office makes its real key."""
    generate_demo(db, 60, seed=5, actor=actors["admin"])
    keys = KeyService(db, actors["admin"])
    # The published passphrase can never protect a real key.
    with pytest.raises(InvalidInput) as err:
        keys.init_office_key(DEMO_PASSPHRASE, "11100000000013338W", "真实的注册中心")
    assert err.value.code == "key_passphrase_demo"
    real = keys.init_office_key("the real office passphrase", "11100000000013338W", "真实的注册中心")
    assert not real.demo and real.state == "active"
    data = json.loads(keys.export_trust("the real office passphrase"))
    assert [k["key_id"] for k in data["keys"]] == [real.key_id]  # the demo key is not in it
    # Demo certificates stay specimens signed by the demo key; nothing real is signed by it.
    demo_ids = {k.key_id for k in keys.list_keys() if k.demo}
    certs = CertificateService(db, actors["clerk"]).find()
    assert certs and all(c.key_id in demo_ids and c.specimen for c in certs)


def test_demo_payloads_say_specimen(db: Database, actors: dict[str, Actor]) -> None:
    from app.codes.payload import decode_unverified

    generate_demo(db, 60, seed=3, actor=actors["admin"])
    svc = CertificateService(db, actors["clerk"])
    certs = svc.find()
    assert certs and all(decode_unverified(svc.get_view(c.serial).payload).specimen for c in certs)


def test_demo_register_shows_each_rule_of_issue_9(db: Database, actors: dict[str, Actor]) -> None:
    from app.services.register_service import RegisterService
    from app.services.search_service import SearchService

    result = generate_demo(db, 40, seed=5, actor=actors["admin"])
    assert "demo_rule_cases" in result.post_steps
    reg, search = RegisterService(db, actors["clerk"]), SearchService(db, actors["clerk"])

    def regs(name: str):  # type: ignore[no-untyped-def]
        (hit,) = search.search_persons(name, 0, 5)
        return reg.person_record(hit.person_id).registrations

    (early,) = regs("林延续")  # continuation approved before expiry: next period recorded
    assert early.next_valid_from == early.valid_until.fromordinal(early.valid_until.toordinal() + 1)
    for name in ("何过期", "邓过期"):  # lapsed
        (lapsed,) = regs(name)
        assert lapsed.status == "expired"
    added = regs("韩增项")  # constructor with 增项: two specialties, one number
    assert {r.specialty for r in added} == {"building", "municipal"}
    assert len({r.registration_number for r in added}) == 1
    certs = CertificateService(db, actors["clerk"])
    changed = [c for c in certs.find(state="superseded") if c.name == "宋变更"]
    assert changed and changed[0].supersede_reason.startswith("change:")
