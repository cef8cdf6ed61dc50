"""The calibration arithmetic: per-month targets that reproduce the coalition's published figures.

Pure and seed-independent. From the packaged CSV it derives, for every month of the campaign
(2014-08..2019-12), how many strikes to log, reports to receive, decisions of each outcome to
take, deaths to acknowledge, and which revisions to date — so that the statement counted from the
generated rows states what the coalition stated. Where the CSV is blank the plan fills in values
consistent with the stated ones (see `_counts`, `_deaths`, `_solve_run`); where the published
figures contradict each other (carried-over ≠ last month's still-open) the still-open figure wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import pairwise

from civcas import months
from civcas.demo.official import OfficialMonth, read_official
from civcas.demo.places import intensity

FIRST, LAST = "2014-08", "2019-12"
# The seed article's Airwars "likely deaths" (confirmed + fair) as of 2018-06-30.
AIRWARS_LIKELY = {"2018-06": (6488, 9947)}

DEFAULT_RECEIVED = 30  # reports received in a month the CSV says nothing about
FREE_MIN_OTHER = 10  # a free month completes at least this many besides its credible ones
DUPLICATE_SHARE = 0.05  # of non-credible completions, when the split is not stated
KILLED_PER_CREDIBLE = 4  # typical acknowledged deaths per credible report
CREDIBLE_PER_KILLED = 6  # credible reports ≈ deaths / 6 when only deaths are known
STRIKES_PER_REPORT = 25  # before Oct 2016: one allegation received per ~25 strikes
PRE_DECISIONS_FROM, PRE_CREDIBLE_FROM = "2014-12", "2015-05"
PRE_CLOSE_SHARE, PRE_CREDIBLE_SHARE = 0.4, 0.12


@dataclass(frozen=True)
class MonthPlan:
    """What the month's statement must come out as, and the revisions that make it so."""

    period: str
    strikes: int
    strikes_total: int
    received: int
    reopened: int
    credible: int
    credible_killed: int
    non_credible: int
    duplicate: int
    revisions: tuple[int, ...]
    carried_over: int
    still_open: int
    killed_cumulative: int

    @property
    def completed(self) -> int:
        return self.credible + self.non_credible + self.duplicate


@dataclass
class Draft:
    """A month's targets while they are being worked out; None = not decided yet."""

    credible: int
    non_credible: int | None = None
    duplicate: int | None = None
    completed: int | None = None
    received: int | None = None
    reopened: int = 0
    killed: int = 0
    revisions: tuple[int, ...] = ()


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder; deterministic)."""
    if total == 0 or not weights:
        return [0] * len(weights)
    scale = sum(weights) or len(weights)
    shares = [total * (w if sum(weights) else 1) / scale for w in weights]
    parts = [math.floor(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: (parts[i] - shares[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _strikes(rows: dict[str, OfficialMonth], periods: list[str]) -> dict[str, int]:
    """Strikes per month: the stated cumulative totals exactly, spread by campaign intensity."""
    counts: dict[str, int] = {}
    done, total = 0, 0
    for index, period in enumerate(periods):
        stated = rows[period].strikes_total if period in rows else None
        if stated is None:
            continue
        between = periods[done : index + 1]
        parts = apportion(stated - total, [intensity(p) for p in between])
        counts.update(zip(between, parts, strict=True))
        done, total = index + 1, stated
    for period in periods[done:]:
        counts[period] = round(intensity(period))
    return counts


def _deaths(
    rows: dict[str, OfficialMonth], window: list[str]
) -> tuple[dict[str, int], dict[str, tuple[int, ...]], int]:
    """Deaths acknowledged per month, revisions per month, and the total before the window.

    Between two stated cumulative figures, the gap not covered by stated monthly deaths goes to
    the blank months; when there are none (or the gap is negative) it becomes a revision dated
    in the month the cumulative figure moved.
    """
    killed = {p: rows[p].credible_killed if p in rows else None for p in window}
    credible = {p: rows[p].credible if p in rows else None for p in window}
    anchors = [p for p in window if p in rows and rows[p].killed_cumulative is not None]
    cumulative = {p: rows[p].killed_cumulative or 0 for p in anchors}
    for p in window:
        if killed[p] is None and (p <= anchors[0] or p > anchors[-1]):
            killed[p] = KILLED_PER_CREDIBLE * (credible[p] or 0)
    before = cumulative[anchors[0]] - sum(killed[p] or 0 for p in window if p <= anchors[0])
    revisions: dict[str, tuple[int, ...]] = {}
    for low, high in pairwise(anchors):
        between = [p for p in window if low < p <= high]
        gap = cumulative[high] - cumulative[low] - sum(killed[p] or 0 for p in between)
        blanks = [p for p in between if killed[p] is None and credible[p] != 0]
        for p in between:
            killed[p] = killed[p] or 0
        if gap > 0 and blanks:
            for p, part in zip(blanks, apportion(gap, [1.0] * len(blanks)), strict=True):
                killed[p] = part
        elif gap != 0:
            revisions[high] = (gap,)
    if before < 0:
        raise ValueError(
            f"the first cumulative figure is below the deaths stated after it: {before}"
        )
    return {p: killed[p] or 0 for p in window}, revisions, before


def _counts(row: OfficialMonth | None, killed: int) -> Draft:
    """The month's outcome counts: stated ones kept, blanks made consistent with them."""
    c, n, d, done = (
        (row.credible, row.non_credible, row.duplicate, row.completed) if row else (None,) * 4
    )
    if c is None:
        wanted = 0 if killed == 0 else max(1, math.ceil(killed / CREDIBLE_PER_KILLED))
        if done is not None and n is not None:
            room = done - n - (d or 0)
            wanted = room - (0 if d is not None else round(room * DUPLICATE_SHARE))
            wanted = max(wanted, 1 if killed else 0)
        c = wanted
    draft = Draft(credible=c, non_credible=n, duplicate=d, completed=done, killed=killed)
    if done is None and n is not None:
        draft.duplicate = d or 0
        draft.completed = c + n + draft.duplicate
    _split(draft)
    return draft


def _split(draft: Draft) -> None:
    """Once completed is known, the blank non-credible/duplicate counts are its remainder."""
    if draft.completed is None:
        return
    rest = draft.completed - draft.credible
    if draft.non_credible is None and draft.duplicate is None:
        draft.duplicate = round(rest * DUPLICATE_SHARE)
    if draft.non_credible is None:
        draft.non_credible = rest - (draft.duplicate or 0)
    if draft.duplicate is None:
        draft.duplicate = rest - draft.non_credible
    if min(rest, draft.non_credible, draft.duplicate) < 0:
        raise ValueError(f"inconsistent outcome counts: {draft}")


def _open_anchor(rows: dict[str, OfficialMonth], window: list[str], index: int) -> int | None:
    """Reports open at the end of window[index]: its still-open, else next month's carried-over."""
    period = window[index]
    if period in rows and rows[period].still_open is not None:
        return rows[period].still_open
    following = months.following(period)
    if following in rows and rows[following].carried_over is not None:
        return rows[following].carried_over
    return None


def _received_known(row: OfficialMonth | None, draft: Draft) -> int | None:
    """The stated received figure, unless the month's still-open should determine it.

    Official 'received' sometimes includes reopened reports; still-open is the better anchor,
    so when still-open and completed are both known, received is derived instead.
    """
    if row is None or row.received is None:
        return None
    if row.still_open is not None and draft.completed is not None:
        return None
    return row.received


def _solve_run(drafts: dict[str, Draft], run: list[str], opened: int, anchor: int | None) -> int:
    """Fill received/completed in `run` so that the open count lands on `anchor`; returns it."""
    unknown_done = [p for p in run if drafts[p].completed is None]
    unknown_received = [p for p in run if drafts[p].received is None]
    reopened = sum(drafts[p].reopened for p in run)
    if unknown_done or anchor is None:
        for p in unknown_received:
            drafts[p].received = DEFAULT_RECEIVED
        minimum = [drafts[p].credible + FREE_MIN_OTHER for p in unknown_done]
        inflow = sum(drafts[p].received or 0 for p in run) + reopened
        known = sum(drafts[p].completed or 0 for p in run)
        total = sum(minimum) if anchor is None else inflow - (anchor - opened) - known
        if total < sum(minimum) and unknown_received:
            drafts[unknown_received[-1]].received = (
                (drafts[unknown_received[-1]].received or 0) + sum(minimum) - total
            )
        extra = apportion(max(total - sum(minimum), 0), [1.0] * len(unknown_done))
        for p, low, more in zip(unknown_done, minimum, extra, strict=True):
            drafts[p].completed = low + more
    elif unknown_received:
        known = sum(drafts[p].received or 0 for p in run)
        done = sum(drafts[p].completed or 0 for p in run)
        total = max(anchor - opened + done - reopened - known, 0)
        for p, part in zip(
            unknown_received, apportion(total, [1.0] * len(unknown_received)), strict=True
        ):
            drafts[p].received = part
    for p in run:
        _split(drafts[p])
        draft = drafts[p]
        assert draft.completed is not None and draft.received is not None
        if opened + draft.received < draft.completed:
            raise ValueError(f"{p}: {draft.completed} completions but only {opened} open")
        opened += draft.received + draft.reopened - draft.completed
    return opened


def _window(rows: dict[str, OfficialMonth], window: list[str], killed: dict[str, int]):
    """Drafts for the months the CSV covers, solved run by run between open-count anchors."""
    drafts = {p: _counts(rows.get(p), killed[p]) for p in window}
    for p in window:
        drafts[p].reopened = (rows[p].reopened or 0) if p in rows else 0
        drafts[p].received = _received_known(rows.get(p), drafts[p])
    run: list[str] = []
    opened = 0
    for index, period in enumerate(window):
        run.append(period)
        anchor = _open_anchor(rows, window, index)
        if anchor is not None or index == len(window) - 1:
            opened = _solve_run(drafts, run, opened, anchor)
            run = []
    return drafts


def _pre_window(periods: list[str], strikes: dict[str, int], killed: int) -> dict[str, Draft]:
    """The campaign before the first monthly report: a backlog assessed down to zero by its end.

    The first report (2016-10) has 3 still open after 18 received and 15 completed, so nothing
    can be carried into it; the deaths acknowledged before it are spread over 2015–2016.
    """
    drafts: dict[str, Draft] = {}
    opened = 0
    for index, period in enumerate(periods):
        received = max(2, round(strikes[period] / STRIKES_PER_REPORT))
        pool = opened + received
        done = 0 if period < PRE_DECISIONS_FROM else round(pool * PRE_CLOSE_SHARE)
        done = pool if index == len(periods) - 1 else done
        credible = round(done * PRE_CREDIBLE_SHARE) if period >= PRE_CREDIBLE_FROM else 0
        drafts[period] = Draft(credible=credible, completed=done, received=received)
        _split(drafts[period])
        opened = pool - done
    parts = apportion(killed, [float(d.credible) for d in drafts.values()])
    for draft, part in zip(drafts.values(), parts, strict=True):
        draft.killed = part
    return drafts


def build_plan(official: list[OfficialMonth] | None = None) -> list[MonthPlan]:
    """The month-by-month targets, 2014-08..2019-12, derived from the official figures."""
    rows = {row.period: row for row in (official if official is not None else read_official())}
    periods = months.span(FIRST, LAST)
    window = [p for p in periods if p >= min(rows)]
    strikes = _strikes(rows, periods)
    killed, revisions, before = _deaths(rows, window)
    drafts = _pre_window([p for p in periods if p < window[0]], strikes, before)
    drafts.update(_window(rows, window, killed))
    plans, opened, total, cumulative = [], 0, 0, 0
    for period in periods:
        draft = replace(drafts[period], revisions=revisions.get(period, ()))
        total += strikes[period]
        cumulative += draft.killed + sum(draft.revisions)
        plan = MonthPlan(
            period=period,
            strikes=strikes[period],
            strikes_total=total,
            received=draft.received or 0,
            reopened=draft.reopened,
            credible=draft.credible,
            credible_killed=draft.killed,
            non_credible=draft.non_credible or 0,
            duplicate=draft.duplicate or 0,
            revisions=draft.revisions,
            carried_over=opened,
            still_open=opened + (draft.received or 0) + draft.reopened - (draft.completed or 0),
            killed_cumulative=cumulative,
        )
        opened = plan.still_open
        plans.append(plan)
    return plans
