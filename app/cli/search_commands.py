"""`person find QUERY` (the persons screen's search on the command line) and `demo`."""

from __future__ import annotations

import argparse
import sys
import time

from app.cli.context import CliContext, Commands, command_group
from app.services.search_service import PersonHit, SearchService


def register(sub: Commands) -> None:
    f = command_group(sub, "person", "persons on the register / 人员").add_parser(
        "find", help="search persons by ID number, registration number, employer, name or pinyin")
    f.add_argument("query", help="what to look for (empty: everybody, by name)")
    f.add_argument("--limit", type=int, default=20, help="rows per page (1-1000, default 20)")
    f.add_argument("--offset", type=int, default=0, help="skip this many rows")
    f.add_argument("--count", action="store_true", help="also count all matches")
    f.set_defaults(handler=cmd_person_find)

    d = sub.add_parser("demo", help="fill the register with demo data / 生成演示数据")
    d.add_argument("--persons", type=int, required=True, help="number of persons")
    d.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    d.add_argument("--force", action="store_true",
                   help="generate even though the register already holds persons")
    d.set_defaults(handler=cmd_demo)


def _hit_line(ctx: CliContext, hit: PersonHit) -> str:
    gender = ctx.say("search.male") if hit.gender == "M" else ctx.say("search.female")
    regs = "、".join(hit.registration_numbers) or "-"
    return (f"{hit.name}\t{hit.id_number_masked}\t{gender}\t{hit.birth_date.isoformat()}\t"
            f"{hit.employer_name or '-'}\t{regs}")


def cmd_person_find(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = SearchService(ctx.database(), ctx.actor())
    page = svc.search(args.query, limit=args.limit, offset=args.offset)
    total = svc.count(args.query) if args.count else None
    data = {"query": args.query, "understood_as": list(page.kinds), "offset": page.offset,
            "has_more": page.has_more, "total": total, "hits": list(page.hits)}
    lines = [_hit_line(ctx, h) for h in page.hits]
    if not page.hits:
        lines.append(ctx.say("search.no_match"))
    if total is not None:
        lines.append(ctx.say("search.total", total=total))
    if page.has_more:
        lines.append(ctx.say("search.more", next=page.offset + len(page.hits)))
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.demo_service import DemoService  # heavy (pinyin tables): only for `demo`

    svc = DemoService(ctx.database(), ctx.actor())
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "indexes":
            print(ctx.say("demo.indexing"), file=sys.stderr, flush=True)
            return
        now = time.monotonic()
        if now - last[0] >= 1.0 or done == total:  # a line a second at most
            last[0] = now
            print(ctx.say("demo.progress", done=done, total=total), file=sys.stderr, flush=True)

    result = svc.generate(args.persons, args.seed, force=args.force, progress=progress)
    data = {"seed": result.seed, "persons": result.persons, "counts": result.counts,
            "elapsed_seconds": round(result.elapsed_seconds, 2), "post_steps": list(result.post_steps)}
    lines = [ctx.say("demo.done", seed=result.seed, seconds=result.elapsed_seconds)]
    lines += [f"  {table}: {n}" for table, n in result.counts.items()]
    ctx.emit(data, "\n".join(lines))
    return 0
