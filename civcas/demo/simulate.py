"""The assessment backlog, month by month: which reports arrive and which decisions close them.

Each month receives exactly the planned number of reports and takes exactly the planned number of
decisions of each outcome, drawn (oldest-first, with noise) from the reports open at the time, so
that the statement counted from the result reproduces the plan. Event truth (how many died) is
left to `content`: only who decided what, when, with which acknowledged deaths, is fixed here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from civcas import months
from civcas.demo.places import Place, active
from civcas.demo.plan import MonthPlan, apportion
from civcas.demo.sources import SourceSpec, covering
from civcas.demo.texts import reopen_reason, revision_reason, stock_reason
from civcas.vocab import Outcome, ReasonCode

EARLIEST = {"IQ": dt.date(2014, 8, 8), "SY": dt.date(2014, 9, 23)}  # first strikes per country
MINUTE = dt.timedelta(minutes=1)
EXTRA_SHARE = 0.2  # of new reports that repeat an event already reported
YOUNG_EXTRA = dt.timedelta(days=120)  # extras wait this long for a duplicate finding
REOPEN_WITHIN = dt.timedelta(days=365)  # reopenings concern recent findings


@dataclass(eq=False)
class Event:
    """One alleged incident; several reports may describe it."""

    place: Place
    day: dt.date
    reports: list[Report] = field(default_factory=list)
    credible: bool = False
    acknowledged: int = 0


@dataclass(eq=False)
class Decision:
    outcome: Outcome
    reason_code: ReasonCode
    decided_at: dt.datetime
    reason: str | None = None
    killed: int | None = None
    injured: int | None = None
    duplicate_of: Report | None = None


@dataclass(eq=False)
class Report:
    source: SourceSpec
    external_id: str
    event: Event
    received_at: dt.datetime
    extra: bool
    decisions: list[Decision] = field(default_factory=list)

    @property
    def state(self) -> Outcome:
        return self.decisions[-1].outcome if self.decisions else Outcome.OPEN

    @property
    def last_time(self) -> dt.datetime:
        return self.decisions[-1].decided_at if self.decisions else self.received_at


class Backlog:
    """The ledger being built: events, reports and decisions, advanced one planned month a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[Event] = []
        self.reports: list[Report] = []
        self.open: dict[Report, None] = {}  # insertion-ordered: runs must be reproducible
        self.serials: dict[str, int] = {}

    def run(self, plans: list[MonthPlan]) -> None:
        for plan in plans:
            self.month(plan)

    def month(self, plan: MonthPlan) -> None:
        """Receive, reopen, decide and revise exactly as `plan` says."""
        start, end = months.start(plan.period), months.end(plan.period)
        open_extras = sum(1 for r in self.open if r.extra)
        self.receive(plan.period, plan.received, plan.duplicate - open_extras)
        reopened = self.reopen(plan.reopened, start, end)
        pool = [r for r in self.open if r not in reopened]
        duplicates = self.oldest([r for r in pool if r.extra], plan.duplicate)
        pool = [r for r in pool if r not in set(duplicates)]
        credible = self.credible_candidates(pool, plan.credible)
        pool = [r for r in pool if r not in set(credible)]
        young = start - YOUNG_EXTRA
        late = [r for r in pool if r.extra and r.received_at > young]
        settled = [r for r in pool if r not in set(late)]
        rest = self.oldest(settled, min(plan.non_credible, len(settled)))
        rest += self.oldest(late, plan.non_credible - len(rest))
        for report in duplicates:
            original = report.event.reports[0]
            reason = f"Duplicate of {original.source.name} report {original.external_id}."
            self.decide(
                report,
                Decision(
                    Outcome.DUPLICATE, ReasonCode.DUPLICATE, end, reason, duplicate_of=original
                ),
                start,
            )
        shares = [self.rng.paretovariate(1.3) for _ in credible]
        for report, killed in zip(credible, apportion(plan.credible_killed, shares), strict=True):
            self.find_credible(report, killed, start, end)
        for report in rest:
            code, reason = stock_reason(self.rng, report.event.credible)
            self.decide(report, Decision(Outcome.NOT_CREDIBLE, code, end, reason), start)
        for delta in plan.revisions:
            self.revise(delta, start, end)

    def oldest(self, candidates: list[Report], count: int) -> list[Report]:
        """`count` reports, the longest-waiting first, with some noise (a backlog, not a queue)."""
        if count > len(candidates):
            raise RuntimeError(f"need {count} reports, only {len(candidates)} open")
        noise = {r: dt.timedelta(days=self.rng.expovariate(1 / 45)) for r in candidates}
        ranked = sorted(candidates, key=lambda r: (r.received_at - noise[r], r.external_id))
        return ranked[: max(count, 0)]

    def credible_candidates(self, pool: list[Report], count: int) -> list[Report]:
        """Reports to find credible: first reports of events nobody has found credible yet."""
        ranked = self.oldest(pool, len(pool))
        chosen: list[Report] = []
        taken: set[Event] = set()
        for report in sorted(ranked, key=lambda r: r.extra):  # stable: first reports first
            if len(chosen) < count and not report.event.credible and report.event not in taken:
                chosen.append(report)
                taken.add(report.event)
        if len(chosen) < count:
            raise RuntimeError(f"need {count} credible candidates, found {len(chosen)}")
        return chosen

    def moment(self, after: dt.datetime, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A decision time in [start, end), strictly after `after`, on the minute."""
        low = max(start, after + MINUTE)
        minutes = int((end - MINUTE - low) / MINUTE)
        if minutes < 0:
            raise RuntimeError(f"no time left in the month after {after}")
        return low + MINUTE * self.rng.randint(0, minutes)

    def decide(self, report: Report, decision: Decision, start: dt.datetime) -> None:
        """Date `decision` (its decided_at holds the month's end) and append it."""
        decision.decided_at = self.moment(report.last_time, start, decision.decided_at)
        report.decisions.append(decision)
        if decision.outcome is Outcome.OPEN:
            self.open[report] = None
        else:
            self.open.pop(report, None)

    def find_credible(self, report: Report, killed: int, start: dt.datetime, end: dt.datetime):
        injured = self.rng.choice([None, 0, 1, 2, 3, 5]) if killed else self.rng.randint(1, 4)
        reason = "More likely than not, a Coalition strike unintentionally harmed civilians."
        decision = Decision(Outcome.CREDIBLE, ReasonCode.CREDIBLE, end, reason, killed, injured)
        self.decide(report, decision, start)
        report.event.credible = True
        report.event.acknowledged = max(report.event.acknowledged, killed)

    def reopen(self, count: int, start: dt.datetime, end: dt.datetime) -> set[Report]:
        """Reopen `count` reports found not credible before this month, on new information."""
        closed = [
            r for r in self.reports if r.state is Outcome.NOT_CREDIBLE and r.last_time < start
        ]
        recent = [r for r in closed if r.last_time > start - REOPEN_WITHIN]
        chosen = self.oldest(recent if len(recent) >= count else closed, count)
        for report in chosen:
            reason = reopen_reason(self.rng)
            self.decide(report, Decision(Outcome.OPEN, ReasonCode.REOPENED, end, reason), start)
        return set(chosen)

    def revise(self, delta: int, start: dt.datetime, end: dt.datetime) -> None:
        """Change the acknowledged deaths of an earlier credible report by `delta`."""
        candidates = [
            r
            for r in self.reports
            if r.state is Outcome.CREDIBLE
            and r.last_time < start
            and (r.decisions[-1].killed or 0) >= max(-delta, 1)
        ]
        report = self.rng.choice(sorted(candidates, key=lambda r: r.received_at))
        before = report.decisions[-1]
        killed = (before.killed or 0) + delta
        reason = revision_reason(self.rng, before.killed or 0, killed)
        decision = Decision(
            Outcome.CREDIBLE, ReasonCode.CREDIBLE, end, reason, killed, before.injured
        )
        self.decide(report, decision, start)
        report.event.acknowledged = max(report.event.acknowledged, killed)

    def receive(self, period: str, count: int, extras_needed: int) -> None:
        """`count` new reports in `period`; enough repeats of known events to find duplicates."""
        times = sorted(self.arrival(period) for _ in range(count))
        extras = max(extras_needed, sum(self.rng.random() < EXTRA_SHARE for _ in times))
        flags = [True] * min(extras, count) + [False] * (count - min(extras, count))
        self.rng.shuffle(flags)
        for moment, extra in zip(times, flags, strict=True):
            event = self.repeatable(moment) if extra else None
            self.add_report(event or self.new_event(period, moment), moment, event is not None)

    def arrival(self, period: str) -> dt.datetime:
        """A receipt time in `period`, in working hours, never on the month's last day."""
        first, last = months.first_day(period), months.last_day(period)
        low = max(first, EARLIEST["IQ"])
        day = self.rng.randint(low.day, last.day - 1)
        hour, minute = self.rng.randint(6, 20), self.rng.randint(0, 59)
        return dt.datetime(first.year, first.month, day, hour, minute)

    def new_event(self, period: str, moment: dt.datetime) -> Event:
        """An incident at a place struck that month, a few days before it was reported."""
        places = [(p, w) for p, w in active(period) if EARLIEST[p.country] <= moment.date()]
        place = self.rng.choices([p for p, _ in places], [w for _, w in places])[0]
        lag = dt.timedelta(days=min(int(self.rng.expovariate(1 / 6)), 60))
        event = Event(place, max(moment.date() - lag, EARLIEST[place.country]))
        self.events.append(event)
        return event

    def repeatable(self, moment: dt.datetime) -> Event | None:
        """A recent event, first reported before `moment`, that another source could repeat."""
        candidates = []
        for event in reversed(self.events):
            first = event.reports[0].received_at
            if moment - first > dt.timedelta(days=75):
                break
            used = {r.source for r in event.reports}
            if first < moment and any(s not in used for s in covering(event.place.country)):
                candidates.append(event)
        return self.rng.choice(candidates) if candidates else None

    def add_report(self, event: Event, moment: dt.datetime, extra: bool) -> None:
        used = {r.source for r in event.reports}
        sources = [s for s in covering(event.place.country) if s not in used]
        source = self.rng.choices(sources, [s.weight for s in sources])[0]
        serial = self.serials[source.name] = self.serials.get(source.name, 0) + 1
        if source.prefix == "C":
            external_id = f"C{event.place.country[0]}{serial:04d}"
        else:
            external_id = f"{source.prefix}-{moment.year}-{serial:04d}"
        report = Report(source, external_id, event, moment, extra)
        event.reports.append(report)
        self.reports.append(report)
        self.open[report] = None
