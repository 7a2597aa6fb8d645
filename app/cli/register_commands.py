"""`person add|show|update|flag-social-security`, `employer add|find`, `qualification add`,
`registration list|import`, `info-correction create|decide|list`.

Services are imported inside the handlers so `--help` and other commands start fast.
A person is named by UUID or by ID number (``--id-type`` for other documents); an employer by
UUID or USCC. Bad input exits 2 with a message, a refused rule exits 1 (app.cli).
"""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from typing import TYPE_CHECKING

from app.cli.context import CliContext, Commands, command_group
from app.domain.kinds import KINDS
from app.domain.validators import ID_TYPES
from app.errors import InvalidInput, NotFound
from app.messages import field_label

if TYPE_CHECKING:
    from app.services.register_service import PersonView, RegisterService, RegistrationView


def iso_date(text: str) -> date:
    """argparse type: a usage error (exit 2) for anything but YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def uuid_arg(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an id: {text!r}") from None


def resolve_person(svc: RegisterService, ref: str, id_type: str = "resident") -> PersonView:
    """UUID, or an ID number of ``id_type``."""
    try:
        return svc.get_person(uuid.UUID(ref.strip()))
    except ValueError:
        pass
    person = svc.find_person(ref, id_type)
    if person is None:
        raise NotFound("person_not_found", ref=ref)
    return person


def register(sub: Commands) -> None:
    person = command_group(sub, "person", "persons on the register / 人员")
    a = person.add_parser("add", help="add a person (birth date and gender come from a resident ID)")
    a.add_argument("--id-type", default="resident", choices=ID_TYPES)
    a.add_argument("--id-number", required=True)
    a.add_argument("--name", required=True)
    _person_options(a)
    a.add_argument("--gender", help="M/F (only needed for non-resident IDs)")
    a.add_argument("--birth-date", type=iso_date, help="YYYY-MM-DD (only needed for non-resident IDs)")
    a.add_argument("--confirm-region", action="store_true",
                   help="the ID's region code is not in the GB/T 2260 list: checked on the document")
    a.set_defaults(handler=cmd_person_add)

    sh = person.add_parser("show", help="a person's full record")
    sh.add_argument("person", help="UUID or ID number")
    sh.add_argument("--id-type", default="resident", choices=ID_TYPES)
    sh.set_defaults(handler=cmd_person_show)

    u = person.add_parser("update", help="change contact and employment details")
    u.add_argument("person", help="UUID or ID number")
    u.add_argument("--id-type", default="resident", choices=ID_TYPES)
    u.add_argument("--name")
    _person_options(u)
    u.add_argument("--no-fixed-term", action="store_true", help="employment without end date")
    u.add_argument("--expected-version", type=int)
    u.set_defaults(handler=cmd_person_update)

    fl = person.add_parser("flag-social-security", help="record a social-security anomaly")
    fl.add_argument("person")
    fl.add_argument("--id-type", default="resident", choices=ID_TYPES)
    fl.add_argument("--note", default="")
    fl.set_defaults(handler=cmd_person_flag)

    emp = sub.add_parser("employer", help="employers / 企业").add_subparsers(dest="employer_command", required=True)
    ea = emp.add_parser("add", help="add an employer")
    ea.add_argument("--uscc", required=True)
    ea.add_argument("--name", required=True)
    ea.add_argument("--industry")
    ea.add_argument("--qualification-cert-no", help="the enterprise qualification certificate (omit: none)")
    ea.set_defaults(handler=cmd_employer_add)
    ef = emp.add_parser("find", help="search employers by the start of the name (or USCC)")
    ef.add_argument("text")
    ef.add_argument("--limit", type=int, default=20)
    ef.set_defaults(handler=cmd_employer_find)

    qual = sub.add_parser("qualification", help="qualifications / 职业资格").add_subparsers(
        dest="qualification_command", required=True)
    qa = qual.add_parser("add", help="record a qualification certificate")
    qa.add_argument("person")
    qa.add_argument("--id-type", default="resident", choices=ID_TYPES)
    qa.add_argument("--kind", required=True, choices=KINDS)
    qa.add_argument("--specialty", required=True)
    qa.add_argument("--certificate-number", required=True)
    qa.add_argument("--issued-on", required=True, type=iso_date)
    qa.set_defaults(handler=cmd_qualification_add)

    reg = sub.add_parser("registration", help="registrations / 注册").add_subparsers(
        dest="registration_command", required=True)
    rl = reg.add_parser("list", help="list registrations")
    rl.add_argument("--person")
    rl.add_argument("--id-type", default="resident", choices=ID_TYPES)
    rl.add_argument("--kind", choices=KINDS)
    rl.add_argument("--state", choices=["active", "cancelled"])
    rl.add_argument("--expiring-before", type=iso_date)
    rl.add_argument("--limit", type=int, default=500)
    rl.set_defaults(handler=cmd_registration_list)

    ri = reg.add_parser("import", help="record a registration granted before this register (reviewer)")
    ri.add_argument("person")
    ri.add_argument("--id-type", default="resident", choices=ID_TYPES)
    ri.add_argument("--kind", required=True, choices=KINDS)
    ri.add_argument("--specialty", required=True)
    ri.add_argument("--number", required=True, help="the registration number")
    ri.add_argument("--valid-from", required=True, type=iso_date)
    ri.add_argument("--valid-until", required=True, type=iso_date)
    ri.add_argument("--first-registered-on", type=iso_date)
    ri.add_argument("--seal-number")
    ri.add_argument("--employer", help="USCC or id (default: the person's employer)")
    ri.set_defaults(handler=cmd_registration_import)

    ic = sub.add_parser("info-correction", help="信息更正: name / ID changes").add_subparsers(
        dest="info_command", required=True)
    c = ic.add_parser("create", help="file a correction (applied when a reviewer approves it)")
    c.add_argument("person")
    c.add_argument("--id-type", default="resident", choices=ID_TYPES)
    c.add_argument("--field", required=True, choices=["name", "id_number", "id_type"])
    c.add_argument("--new-value", required=True, help="for id_type: TYPE or TYPE:NUMBER")
    c.add_argument("--reason", required=True)
    c.set_defaults(handler=cmd_info_create)
    d = ic.add_parser("decide", help="approve or reject a correction (reviewer)")
    d.add_argument("correction", type=uuid_arg)
    g = d.add_mutually_exclusive_group(required=True)
    g.add_argument("--approve", action="store_true")
    g.add_argument("--reject", action="store_true")
    d.add_argument("--decision", default="")
    d.set_defaults(handler=cmd_info_decide)
    li = ic.add_parser("list", help="list corrections")
    li.add_argument("--pending", action="store_true")
    li.set_defaults(handler=cmd_info_list)


def _person_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mobile")
    p.add_argument("--employer", help="employer USCC or id")
    p.add_argument("--employment-start", type=iso_date)
    p.add_argument("--employment-end", type=iso_date)
    p.add_argument("--operator-mobile")


def register_service(ctx: CliContext) -> RegisterService:
    # Imported here: the services pull in pypinyin's dictionaries, which every other command
    # would otherwise pay for at start-up.
    from app.services.register_service import RegisterService

    return RegisterService(ctx.database(), ctx.actor())


def _person_text(ctx: CliContext, p: PersonView) -> str:
    gender = ctx.say("register.male") if p.gender == "M" else ctx.say("register.female")
    lines = [f"{p.name}  {p.id_type}:{p.id_number}  {gender}  {p.birth_date}", f"id: {p.id}"]
    if p.employer_name:
        lines.append(ctx.say("register.employer", name=p.employer_name, uscc=p.employer_uscc))
    if p.social_security_flag:
        lines.append(ctx.say("register.social_security_flag"))
    return "\n".join(lines)


def _reg_line(ctx: CliContext, r: RegistrationView) -> str:
    return (f"{r.registration_number}\t{ctx.label('kind', r.kind)}/{ctx.specialty(r.kind, r.specialty)}"
            f"\t{r.valid_from}~{r.valid_until}\t{r.status}\t{r.person_name}\t{r.employer_name or ''}")


def _has(ctx: CliContext, present: bool) -> str:
    return ctx.say("register.present") if present else ctx.say("register.absent")


def cmd_person_add(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    employer_id = svc.get_employer(args.employer).id if args.employer else None
    p = svc.create_person(id_type=args.id_type, id_number=args.id_number, name=args.name,
                          gender=args.gender, birth_date=args.birth_date, mobile=args.mobile,
                          employer_id=employer_id, employment_start=args.employment_start,
                          employment_end=args.employment_end, operator_mobile=args.operator_mobile,
                          confirm_region=args.confirm_region)
    ctx.emit(p, ctx.say("register.person_added", person=_person_text(ctx, p)))
    return 0


def cmd_person_show(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    record = svc.person_record(resolve_person(svc, args.person, args.id_type).id)
    lines = [_person_text(ctx, record.person),
             ctx.say("register.photo_and_signature", photo=_has(ctx, record.has_photo),
                     signature=_has(ctx, record.has_signature))]
    lines += [_reg_line(ctx, r) for r in record.registrations]
    lines += [f"{f.number}\t{ctx.label('filing_type', f.type)}\t{ctx.label('filing_state', f.state)}"
              for f in record.filings]
    ctx.emit(record, "\n".join(lines))
    return 0


def cmd_person_update(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    person = resolve_person(svc, args.person, args.id_type)
    changes: dict[str, object] = {}
    for key in ("name", "mobile", "operator_mobile", "employment_start", "employment_end"):
        value = getattr(args, key)
        if value is not None:
            changes[key] = value
    if args.no_fixed_term:
        changes["employment_end"] = None
    if args.employer:
        changes["employer_id"] = svc.get_employer(args.employer).id
    if not changes:
        raise InvalidInput("nothing_to_change")
    p = svc.update_person(person.id, changes, expected_version=args.expected_version)
    ctx.emit(p, ctx.say("register.person_updated", person=_person_text(ctx, p)))
    return 0


def cmd_person_flag(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    p = svc.flag_social_security(resolve_person(svc, args.person, args.id_type).id, args.note)
    ctx.emit(p, _person_text(ctx, p))
    return 0


def cmd_employer_add(ctx: CliContext, args: argparse.Namespace) -> int:
    e = register_service(ctx).add_employer(uscc=args.uscc, name=args.name, industry=args.industry,
                               qualification_cert_no=args.qualification_cert_no)
    ctx.emit(e, ctx.say("register.employer_added", name=e.name, uscc=e.uscc))
    return 0


def cmd_employer_find(ctx: CliContext, args: argparse.Namespace) -> int:
    found = register_service(ctx).find_employers(args.text, limit=args.limit)
    ctx.emit(found, "\n".join(f"{e.uscc}\t{e.name}" for e in found))
    return 0


def cmd_qualification_add(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    q = svc.add_qualification(resolve_person(svc, args.person, args.id_type).id, kind=args.kind,
                              specialty=args.specialty, certificate_number=args.certificate_number,
                              issued_on=args.issued_on)
    ctx.emit(q, ctx.say("register.qualification_added", specialty=ctx.specialty(q.kind, q.specialty),
                        number=q.certificate_number))
    return 0


def cmd_registration_list(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    person_id = resolve_person(svc, args.person, args.id_type).id if args.person else None
    regs = svc.list_registrations(person_id=person_id, kind=args.kind, state=args.state,
                                  expiring_before=args.expiring_before, limit=args.limit)
    ctx.emit(regs, "\n".join(_reg_line(ctx, r) for r in regs))
    return 0


def cmd_registration_import(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    person = resolve_person(svc, args.person, args.id_type)
    employer_id = svc.get_employer(args.employer).id if args.employer else None
    r = svc.import_registration(person.id, kind=args.kind, specialty=args.specialty,
                                registration_number=args.number, valid_from=args.valid_from,
                                valid_until=args.valid_until, first_registered_on=args.first_registered_on,
                                seal_number=args.seal_number, employer_id=employer_id)
    ctx.emit(r, ctx.say("register.registration_recorded", registration=_reg_line(ctx, r)))
    return 0


def cmd_info_create(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = register_service(ctx)
    c = svc.create_info_correction(resolve_person(svc, args.person, args.id_type).id, field=args.field,
                                   new_value=args.new_value, reason=args.reason)
    ctx.emit(c, ctx.say("register.correction_filed", id=c.id, field=field_label(c.field, ctx.lang),
                        old=c.old_value, new=c.new_value))
    return 0


def cmd_info_decide(ctx: CliContext, args: argparse.Namespace) -> int:
    c = register_service(ctx).decide_info_correction(args.correction, approved=args.approve, decision=args.decision)
    ctx.emit(c, ctx.say("register.correction_decided", id=c.id, state=c.state))
    return 0


def cmd_info_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = register_service(ctx).list_info_corrections(pending_only=args.pending)
    ctx.emit(items, "\n".join(f"{c.id}\t{c.person_name}\t{c.field}\t{c.old_value} -> {c.new_value}\t{c.state}"
                              for c in items))
    return 0
