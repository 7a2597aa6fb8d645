"""`filing create|attach|submit|confirm|accept|request-correction|answer-correction|
approve|reject|withdraw|consent|refile|discard|show|list|history|messages` and `appeal create|decide|list`.

Enough to take a filing from creation to approval from the shell. A filing is named by its
number (SB...) or UUID; a person by UUID or ID number.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.boundary import input_bytes
from app.cli.context import CliContext, Commands
from app.cli.register_commands import register_service as _register_svc
from app.cli.register_commands import resolve_person, uuid_arg
from app.domain import filing_rules as fr
from app.domain.kinds import KINDS
from app.domain.validators import ID_TYPES

if TYPE_CHECKING:
    from app.services.filing_service import FilingService
    from app.services.filing_views import FilingSummary, FilingView

# CLI verb -> service method (named after the action of the transition table).
SIMPLE_ACTIONS = {
    "confirm": ("employer_confirm", "the employer reports it to the authority (企业已上报)"),
    "accept": ("accept", "the authority accepts (受理)"),
    "consent": ("employer_consent", "record the employer's consent to withdraw (企业同意撤回)"),
    "withdraw": ("withdraw", "withdraw (撤回)"),
}


def register(sub: Commands) -> None:
    filing = sub.add_parser("filing", help="filings / 注册申报").add_subparsers(dest="filing_command", required=True)

    c = filing.add_parser("create", help="create a draft filing")
    _person_arg(c)
    c.add_argument("--type", required=True, choices=fr.FILING_TYPES, dest="filing_type")
    c.add_argument("--kind", required=True, choices=KINDS)
    c.add_argument("--specialty", required=True)
    c.add_argument("--reason", help="modification / cancellation reason code")
    c.add_argument("--reason-text", default="")
    c.add_argument("--forced", action="store_true", help="forced cancellation (needs a judgment upload)")
    c.add_argument("--registration-number", help="initial: the number assigned by the authority")
    c.add_argument("--new-employer", help="change: USCC or id (default: the person's employer)")
    c.set_defaults(handler=cmd_create)

    a = filing.add_parser("attach", help="upload material to a draft or submitted filing")
    a.add_argument("filing")
    a.add_argument("--purpose", required=True, choices=["release_certificate", "judgment", "other"])
    a.add_argument("--file", required=True, type=Path)
    a.set_defaults(handler=cmd_attach)

    s = filing.add_parser("submit", help="submit (上报): conditions and commitment must be accepted")
    s.add_argument("filing")
    s.add_argument("--accept-conditions", action="store_true", help="the approval conditions were read and ticked")
    s.add_argument("--accept-commitment", action="store_true", help="the applicant makes the personal commitment")
    s.add_argument("--override-social-security", action="store_true",
                   help="the applicant confirms going on despite the social-security warning")
    s.add_argument("--expected-version", type=int)
    s.set_defaults(handler=cmd_submit)

    for verb, (_, text) in SIMPLE_ACTIONS.items():
        p = filing.add_parser(verb, help=text)
        p.add_argument("filing")
        p.add_argument("--note")
        p.add_argument("--expected-version", type=int)
        p.set_defaults(handler=cmd_simple, verb=verb)

    rc = filing.add_parser("request-correction", help="ask for corrections (补正): content and reason")
    rc.add_argument("filing")
    rc.add_argument("--content", required=True)
    rc.add_argument("--reason", required=True)
    rc.add_argument("--expected-version", type=int)
    rc.set_defaults(handler=cmd_request_correction)

    ac = filing.add_parser("answer-correction", help="upload the requested material (200 KB-500 KB)")
    ac.add_argument("filing")
    ac.add_argument("--file", required=True, type=Path)
    ac.add_argument("--note")
    ac.add_argument("--expected-version", type=int)
    ac.set_defaults(handler=cmd_answer_correction)

    ap = filing.add_parser("approve", help="approve (审批通过) and apply to the register")
    ap.add_argument("filing")
    ap.add_argument("--opinion")
    ap.add_argument("--registration-number", help="initial: the number to assign (default: generated)")
    ap.add_argument("--expected-version", type=int)
    ap.set_defaults(handler=cmd_approve)

    rj = filing.add_parser("reject", help="reject (审批不通过) with an opinion")
    rj.add_argument("filing")
    rj.add_argument("--opinion", required=True)
    rj.add_argument("--expected-version", type=int)
    rj.set_defaults(handler=cmd_reject)

    dd = filing.add_parser("discard", help="delete a draft that was never submitted")
    dd.add_argument("filing")
    dd.set_defaults(handler=cmd_discard)

    rf = filing.add_parser("refile", help="file a withdrawn filing again (new draft)")
    rf.add_argument("filing")
    rf.set_defaults(handler=cmd_refile)

    sh = filing.add_parser("show", help="a filing with its timeline (审核进度)")
    sh.add_argument("filing")
    sh.set_defaults(handler=cmd_show)

    ls = filing.add_parser("list", help="list filings, newest first")
    ls.add_argument("--state", action="append", choices=fr.STATES)
    ls.add_argument("--person")
    ls.add_argument("--id-type", default="resident", choices=ID_TYPES)
    ls.add_argument("--type", choices=fr.FILING_TYPES, dest="filing_type")
    ls.add_argument("--text")
    ls.add_argument("--limit", type=int, default=200)
    ls.set_defaults(handler=cmd_list)

    hi = filing.add_parser("history", help="a person's decided filings (历史申报)")
    _person_arg(hi)
    hi.set_defaults(handler=cmd_history)

    me = filing.add_parser("messages", help="a person's messages (我的消息)")
    _person_arg(me)
    me.set_defaults(handler=cmd_messages)

    appeal = sub.add_parser("appeal", help="申辩: contest an anomaly flag").add_subparsers(
        dest="appeal_command", required=True)
    ca = appeal.add_parser("create", help="file an appeal for a person")
    _person_arg(ca)
    ca.add_argument("--subject", required=True, choices=list(fr.APPEAL_SUBJECTS))
    ca.add_argument("--statement", required=True)
    ca.add_argument("--filing")
    ca.set_defaults(handler=cmd_appeal_create)
    da = appeal.add_parser("decide", help="uphold or reject an appeal (reviewer)")
    da.add_argument("appeal", type=uuid_arg)
    g = da.add_mutually_exclusive_group(required=True)
    g.add_argument("--uphold", action="store_true")
    g.add_argument("--reject", action="store_true")
    da.add_argument("--decision", required=True)
    da.set_defaults(handler=cmd_appeal_decide)
    la = appeal.add_parser("list", help="list appeals")
    la.add_argument("--open", action="store_true")
    la.set_defaults(handler=cmd_appeal_list)


def _person_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("person", help="UUID or ID number")
    p.add_argument("--id-type", default="resident", choices=ID_TYPES)


def _svc(ctx: CliContext) -> FilingService:
    from app.services.filing_service import FilingService  # lazily: see register_commands

    return FilingService(ctx.database(), ctx.actor())


def _read(path: Path, limit_bytes: int) -> bytes:
    """The upload, refused before a byte is read when over the office's limit (a device such
    as /dev/zero or a directory is refused too)."""
    return input_bytes(str(path), "file", limit_bytes)


def _text(ctx: CliContext, f: FilingView) -> str:
    lines = [f"{f.number}  {ctx.label('filing_type', f.type)}  {f.kind}/{f.specialty}  {f.person_name}",
             ctx.say("filing.state", state=ctx.label("filing_state", f.state))]
    for e in f.events:
        lines.append(f"  {e.seq:>2}. {e.at:%Y-%m-%d %H:%M} {e.actor:<10} {ctx.label('filing_action', e.action)}"
                     f" -> {ctx.label('filing_state', e.to_state)}{'  ' + e.note if e.note else ''}")
    for c in f.open_corrections:
        lines.append(ctx.say("filing.open_correction", content=c.content, reason=c.reason))
    if f.opinion:
        lines.append(ctx.say("filing.opinion", opinion=f.opinion))
    if f.allowed_actions:
        lines.append(ctx.say("filing.next_actions", actions=", ".join(f.allowed_actions)))
    return "\n".join(lines)


def _summary_line(ctx: CliContext, r: FilingSummary) -> str:
    return (f"{r.number}\t{ctx.label('filing_type', r.type)}\t{r.kind}/{r.specialty}"
            f"\t{ctx.label('filing_state', r.state)}\t{r.person_name}")


def _history_line(ctx: CliContext, r: FilingSummary) -> str:
    line = f"{r.number}\t{ctx.label('filing_type', r.type)}\t{ctx.label('filing_state', r.state)}"
    return f"{line}\t{r.decided_at:%Y-%m-%d}" if r.decided_at else line


def cmd_create(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    reg = _register_svc(ctx)
    person = resolve_person(reg, args.person, args.id_type)
    data: dict[str, object] = {}
    if args.reason:
        data.update(reason=args.reason, reason_text=args.reason_text)
    if args.filing_type == fr.CANCELLATION:
        data["forced"] = args.forced
    if args.registration_number:
        data["registration_number"] = args.registration_number
    new_employer = reg.get_employer(args.new_employer).id if args.new_employer else None
    f = svc.create_filing(person_id=person.id, filing_type=args.filing_type, kind=args.kind,
                          specialty=args.specialty, data=data, new_employer_id=new_employer)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_attach(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    data = _read(args.file, svc.upload_limits().max_bytes)
    a = svc.attach(svc.get_filing(args.filing).id, purpose=args.purpose, filename=args.file.name, content=data)
    ctx.emit(a, ctx.say("filing.uploaded", filename=a.filename, size=a.size, media_type=a.media_type))
    return 0


def cmd_submit(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.submit(svc.get_filing(args.filing).id, conditions_accepted=args.accept_conditions,
                   commitment_accepted=args.accept_commitment,
                   social_security_override=args.override_social_security,
                   expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_simple(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    method = getattr(svc, SIMPLE_ACTIONS[args.verb][0])
    f = method(svc.get_filing(args.filing).id, note=args.note, expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_request_correction(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.request_corrections(svc.get_filing(args.filing).id, content=args.content, reason=args.reason,
                                expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_answer_correction(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    data = _read(args.file, svc.upload_limits().correction_max_bytes)
    f = svc.answer_corrections(svc.get_filing(args.filing).id, filename=args.file.name, content=data,
                               note=args.note, expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_approve(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.approve(svc.get_filing(args.filing).id, opinion=args.opinion,
                    registration_number=args.registration_number, expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_reject(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.reject(svc.get_filing(args.filing).id, opinion=args.opinion, expected_version=args.expected_version)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_refile(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.refile(svc.get_filing(args.filing).id)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_discard(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    f = svc.get_filing(args.filing)
    svc.discard_draft(f.id, expected_version=f.version)
    ctx.emit({"discarded": f.number}, ctx.say("filing.discarded", number=f.number))
    return 0


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    f = _svc(ctx).get_filing(args.filing)
    ctx.emit(f, _text(ctx, f))
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    person_id = None
    if args.person:
        person_id = resolve_person(_register_svc(ctx), args.person, args.id_type).id
    rows = svc.list_filings(states=args.state, person_id=person_id, filing_type=args.filing_type,
                            text=args.text, limit=args.limit)
    ctx.emit(rows, "\n".join(_summary_line(ctx, r) for r in rows))
    return 0


def _person_id(ctx: CliContext, args: argparse.Namespace) -> Any:
    return resolve_person(_register_svc(ctx), args.person, args.id_type).id


def cmd_history(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).history(_person_id(ctx, args))
    ctx.emit(rows, "\n".join(_history_line(ctx, r) for r in rows))
    return 0


def cmd_messages(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).messages(_person_id(ctx, args))
    ctx.emit(rows, "\n".join(f"{m.at:%Y-%m-%d %H:%M}\t{m.filing_number or ''}\t{m.body}" for m in rows))
    return 0


def cmd_appeal_create(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    filing_id = svc.get_filing(args.filing).id if args.filing else None
    a = svc.create_appeal(_person_id(ctx, args), subject=args.subject, statement=args.statement,
                          filing_id=filing_id)
    ctx.emit(a, ctx.say("filing.appeal_filed", id=a.id, subject=ctx.label("appeal_subject", a.subject)))
    return 0


def cmd_appeal_decide(ctx: CliContext, args: argparse.Namespace) -> int:
    a = _svc(ctx).decide_appeal(args.appeal, upheld=args.uphold, decision=args.decision)
    ctx.emit(a, ctx.say("filing.appeal_decided", id=a.id, state=a.state))
    return 0


def cmd_appeal_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).list_appeals(open_only=args.open)
    ctx.emit(rows, "\n".join(f"{a.id}\t{a.person_name}\t{ctx.label('appeal_subject', a.subject)}\t{a.state}"
                             for a in rows))
    return 0
