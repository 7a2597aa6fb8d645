"""Rows of the demo register, chunk by chunk, all drawn from one seeded random generator.

:class:`DemoBuilder` turns a seed into employers, then persons in chunks with their name keys,
qualifications, registrations (all three kinds, realistic numbers from the kinds'
``registration_number_template``, validity that is current, expiring soon or expired) and
filings in every type and state with their timelines. It only builds tuples; writing is
:mod:`app.demo.bulk`'s job, orchestration :mod:`app.services.demo_service`'s.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from app.demo import names
from app.demo.timeline import FilingPlan, filing_rows
from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.domain.name_keys import name_search_keys
from app.domain.registration_numbers import number_template, registration_province, template_values
from app.domain.validity import age_cap_date, anniversary

# (kind, share of persons, specialty weights)
KIND_MIX = (
    ("constructor", 0.58, {"building": 40, "municipal": 20, "mechanical": 14, "highway": 8,
                           "hydro": 6, "railway": 3, "port": 2, "mining": 3, "telecom": 3,
                           "airport": 1}),
    ("engineer", 0.27, {"structural": 40, "geotechnical": 14, "water_supply": 10, "hvac": 10,
                        "power": 4, "power_generation": 6, "power_distribution": 10,
                        "chemical": 6}),
    ("architect", 0.15, {"architecture": 1}),
)
SECOND_KIND_SHARE = 0.07
SECOND_SPECIALTY_SHARE = 0.25  # constructors with two specialties on one number
UNREGISTERED_SHARE = 0.1  # qualified but not (yet) registered
FILING_SHARE = 0.1


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Weighted:
    """A weighted choice with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


_KINDS = Weighted({k: share for k, share, _ in KIND_MIX})
_SPECIALTIES = {k: Weighted(w) for k, _, w in KIND_MIX}


@dataclass
class Chunk:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows.setdefault(table, []).append(row)


@dataclass
class RegRef:
    id: uuid.UUID
    kind: str
    specialty: str
    number: str
    valid_until: date


class DemoBuilder:
    def __init__(self, seed: int | str, today: date, used_id_numbers: set[str] | None = None,
                 used_usccs: set[str] | None = None, used_reg_numbers: set[str] | None = None,
                 serials: dict[str, int] | None = None, filing_serial: int = 0) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, time(9, 0), tzinfo=UTC)
        self.used_ids = used_id_numbers if used_id_numbers is not None else set()
        self.used_usccs = used_usccs if used_usccs is not None else set()
        self.used_regs = used_reg_numbers if used_reg_numbers is not None else set()
        self.serials: dict[str, int] = dict(serials or {})  # sequence name -> last serial
        self.filing_serial = filing_serial
        self.filings_made = 0
        self.pending_initial: list[str] = []  # states of initial filings awaiting a person
        self.employers: list[tuple[uuid.UUID, str]] = []  # (id, uscc)
        self._employer_cum: list[float] = []
        self._keys_cache: dict[str, tuple[str, ...]] = {}
        # the same templates and counters as approval (app.services.filing_apply)
        self._templates = {k: number_template(k) for k, _, _ in KIND_MIX}
        self._rules = {k: kind_rules(k) for k, _, _ in KIND_MIX}

    # -- employers ----------------------------------------------------------------------
    def employer_rows(self, count: int) -> list[tuple[Any, ...]]:
        rng, rows, seen = self.rng, [], set()
        for i in range(count):
            region = rng.choice(names.REGION_CODES)
            code = names.uscc(rng, region)
            while code in self.used_usccs:
                code = names.uscc(rng, region)
            self.used_usccs.add(code)
            long = i % 10 == 3  # one employer in ten has a name of more than 30 characters
            name = names.employer_name(rng, region, long)
            for k in range(2, 50):
                if name not in seen:
                    break
                name = names.employer_name(rng, region, long) if k < 10 else f"{name[:-4]}第{k}分公司"
            seen.add(name)
            eid = new_uuid(rng)
            industry = rng.choice(("建筑业", "勘察设计", "工程管理服务", "房地产开发"))
            cert = None if rng.random() < 0.2 else f"D{rng.choice('123')}{rng.randrange(10**8):08d}"
            rows.append((eid, code, name, industry, cert, 1, self.now, self.now))
            self.employers.append((eid, code))
        # A few large employers and a long tail, as in real registers.
        order = list(range(len(self.employers)))
        rng.shuffle(order)
        weights = [0.0] * len(order)
        for rank, i in enumerate(order):
            weights[i] = 1.0 / (rank + 1) ** 0.7
        self._employer_cum = list(accumulate(weights))
        return rows

    def _employer(self) -> tuple[uuid.UUID, str]:
        return self.employers[bisect(self._employer_cum, self.rng.random() * self._employer_cum[-1])]

    # -- persons ------------------------------------------------------------------------
    def chunk(self, count: int) -> Chunk:
        out = Chunk()
        plans: list[FilingPlan] = []
        for _ in range(count):
            plan = self._person(out)
            if plan is not None:
                plans.append(plan)
        for plan in plans:
            filing_rows(self, out, plan)
        return out

    def _person(self, out: Chunk) -> FilingPlan | None:
        rng, today = self.rng, self.today
        pid = new_uuid(rng)
        gender = "M" if rng.random() < 0.8 else "F"
        region = rng.choice(names.REGION_CODES)
        born = names.birth_date(rng, today)
        number = names.resident_id(rng, region, born, gender)
        while number in self.used_ids:
            number = names.resident_id(rng, region, born, gender)
        self.used_ids.add(number)
        name = names.person_name(rng, gender)
        employer = self._employer() if rng.random() < 0.96 else None
        working = (today - born).days - 22 * 365
        start = born + timedelta(days=22 * 365 + int(rng.random() * working))
        end = None if rng.random() < 0.8 else start + timedelta(days=365 * (3 + int(rng.random() * 8)))
        out.add("persons", (pid, "resident", number, name, gender, born, names.mobile(rng),
                            employer[0] if employer else None, start, end, names.mobile(rng),
                            rng.random() < 0.02, 1, self.now, self.now))
        keys = self._keys_cache.get(name)
        if keys is None:
            keys = self._keys_cache[name] = tuple(sorted(name_search_keys(name)))
        for key in keys:
            out.add("person_name_keys", (pid, key))
        regs, unregistered = self._qualifications(out, pid, number, born, employer)
        # Qualified-but-unregistered persons file more often: they supply the initial filings.
        if rng.random() >= (0.6 if unregistered else FILING_SHARE):
            return None
        return FilingPlan(pid, employer[0] if employer else None, tuple(regs), tuple(unregistered))

    def _qualifications(self, out: Chunk, pid: uuid.UUID, id_number: str, born: date,
                        employer: tuple[uuid.UUID, str] | None
                        ) -> tuple[list[RegRef], list[tuple[str, str]]]:
        rng = self.rng
        kinds = [_KINDS.pick(rng)]
        if rng.random() < SECOND_KIND_SHARE:
            other = _KINDS.pick(rng)
            if other != kinds[0]:
                kinds.append(other)
        regs: list[RegRef] = []
        unregistered: list[tuple[str, str]] = []
        for kind in kinds:
            specialties = [_SPECIALTIES[kind].pick(rng)]
            if kind == "constructor" and rng.random() < SECOND_SPECIALTY_SHARE:
                extra = _SPECIALTIES[kind].pick(rng)
                if extra not in specialties:
                    specialties.append(extra)
            earliest = born + timedelta(days=25 * 365)
            span = max((self.today - earliest).days - 60, 1)
            issued = earliest + timedelta(days=int(rng.random() * span))
            shared_number: str | None = None
            for spec in specialties:
                out.add("qualifications", (new_uuid(rng), pid, kind, spec,
                                           f"{issued.year}{int(rng.random() * 1e9):09d}", issued,
                                           self.now, self.now))
                if rng.random() < UNREGISTERED_SHARE:
                    unregistered.append((kind, spec))
                    continue
                if shared_number is None or kind != "constructor":
                    shared_number = self._reg_number(kind, spec, id_number, employer, issued)
                regs.append(self._registration(out, pid, kind, spec, shared_number, issued, born,
                                               employer))
        return regs, unregistered

    def _reg_number(self, kind: str, specialty: str, id_number: str,
                    employer: tuple[uuid.UUID, str] | None, issued: date) -> str:
        template = self._templates[kind]
        # Demo persons all hold resident IDs from names.REGION_CODES.
        province = registration_province(employer[1] if employer else None, id_number)
        low = max(issued.year, self.today.year - 15)
        first_year = low + int(self.rng.random() * (self.today.year + 1 - low))
        prefix = template.prefix(template_values(self._rules[kind], specialty, province,
                                                 first_year, issued.year))
        seq_name = template.counter(prefix)
        while True:
            serial = self.serials.get(seq_name, 0) + 1
            self.serials[seq_name] = serial
            number = template.number(prefix, serial)
            if number not in self.used_regs:
                self.used_regs.add(number)
                return number

    def _registration(self, out: Chunk, pid: uuid.UUID, kind: str, spec: str, number: str,
                      issued: date, born: date, employer: tuple[uuid.UUID, str] | None) -> RegRef:
        rng, today = self.rng, self.today
        rules = self._rules[kind]
        years = rules.validity_years
        roll = rng.random()
        if roll < 0.08:  # expired
            until = today - timedelta(days=1 + int(rng.random() * 399))
        elif roll < 0.18:  # expiring within three months: continuation window is open
            until = today + timedelta(days=int(rng.random() * 90))
        else:
            until = today + timedelta(days=90 + int(rng.random() * (years * 365 - 120)))
        cap = age_cap_date(born, rules) if rules.age_cap_years else None
        if cap is not None and until > cap:  # constructors: validity ends on the 65th birthday
            until = cap
        valid_from = anniversary(until + timedelta(days=1), -years)
        first = max(issued, valid_from - timedelta(days=365 * int(rng.random() * 4)))
        state = "cancelled" if rng.random() < 0.03 else "active"
        seal = f"{number}({0 if rng.random() < 0.95 else 1:02d})" if kind == "constructor" else number
        rid = new_uuid(rng)
        out.add("registrations", (rid, pid, kind, spec, number, employer[0] if employer else None,
                                  valid_from, until, seal, state, first, 1, self.now, self.now))
        return RegRef(rid, kind, spec, number, until)

    # -- filings ------------------------------------------------------------------------
    def next_filing_kind(self) -> tuple[str, str]:
        """Type and state of the next filing: a cycle through every type x state pair."""
        k = self.filings_made
        self.filings_made += 1
        # 增项注册 needs a constructor with a specialty to add: the rule cases (demo_cases) make those.
        types = tuple(t for t in fr.FILING_TYPES if t not in fr.TYPE_KINDS)
        return types[k % len(types)], fr.STATES[(k // len(types)) % len(fr.STATES)]

    def next_filing_number(self) -> str:
        self.filing_serial += 1
        return f"SB{self.today.year}{self.filing_serial:06d}"

    def other_employer(self, current: uuid.UUID | None) -> uuid.UUID:
        for _ in range(5):
            eid = self._employer()[0]
            if eid != current:
                return eid
        return self.employers[0][0] if self.employers[0][0] != current else self.employers[-1][0]
