"""The assessment state machine, as pure functions over a report's decisions.

A report with no decision is open. From open, a decision closes it as credible, not credible or
duplicate. A closed report can only be reopened (outcome `open`, reason `reopened`); a credible
one can also be *revised*: a later credible decision with other acknowledged figures, dated, which
moves the cumulative death count without being a new credible finding. Everything else — closing
twice, reopening an open report, a decision out of time order — is refused with a reason, because
the published counts (completed, still open, acknowledged deaths) are read off this history.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from civcas.errors import FieldError
from civcas.vocab import REASONS_FOR_OUTCOME, Outcome, ReasonCode


@dataclass(frozen=True)
class Decision:
    """One assessment decision; `duplicate_of` is the id of the report it repeats."""

    outcome: Outcome
    reason_code: ReasonCode
    decided_at: dt.datetime
    reason: str | None = None
    killed: int | None = None
    injured: int | None = None
    duplicate_of: int | None = None


def current_outcome(history: Sequence[Decision]) -> Outcome:
    """The report's state after its decisions (open when there are none)."""
    return history[-1].outcome if history else Outcome.OPEN


def is_revision(previous: Decision | None, decision: Decision) -> bool:
    """Whether `decision` revises acknowledged figures rather than completing an assessment."""
    return (
        previous is not None
        and previous.outcome is Outcome.CREDIBLE
        and decision.outcome is Outcome.CREDIBLE
    )


def check_content(decision: Decision, report_id: int) -> None:
    """The rules one decision must obey whatever came before it."""
    allowed = REASONS_FOR_OUTCOME[decision.outcome]
    if decision.reason_code not in allowed:
        names = ", ".join(sorted(code.value for code in allowed))
        raise FieldError(
            "reason_code",
            f"reason_code {decision.reason_code.value!r} does not fit outcome "
            f"{decision.outcome.value!r} (use {names})",
        )
    needs_text = decision.reason_code in (ReasonCode.OTHER, ReasonCode.REOPENED)
    if needs_text and not (decision.reason or "").strip():
        raise FieldError(
            "reason", f"reason_code {decision.reason_code.value!r} needs a free-text reason"
        )
    credible = decision.outcome is Outcome.CREDIBLE
    if credible and decision.killed is None:
        raise FieldError("killed", "a credible decision states the civilians killed (0 or more)")
    if not credible and (decision.killed is not None or decision.injured is not None):
        column = "killed" if decision.killed is not None else "injured"
        raise FieldError(column, "only credible decisions acknowledge killed or injured")
    duplicate = decision.outcome is Outcome.DUPLICATE
    if duplicate and decision.duplicate_of is None:
        raise FieldError("duplicate_of_external_id", "a duplicate names the report it duplicates")
    if not duplicate and decision.duplicate_of is not None:
        raise FieldError("duplicate_of_external_id", "only a duplicate names another report")
    if decision.duplicate_of == report_id:
        raise FieldError("duplicate_of_external_id", "a report cannot duplicate itself")


def check_transition(history: Sequence[Decision], decision: Decision) -> None:
    """The rules that depend on the report's state before `decision`."""
    state = current_outcome(history)
    if history and decision.decided_at <= history[-1].decided_at:
        raise FieldError(
            "decided_at",
            f"decided_at {decision.decided_at.isoformat()} is not after the report's previous "
            f"decision ({history[-1].decided_at.isoformat()})",
        )
    if decision.outcome is Outcome.OPEN and state is Outcome.OPEN:
        raise FieldError("outcome", "the report is already open; only a closed one can reopen")
    if is_revision(history[-1] if history else None, decision):
        previous = history[-1]
        if (previous.killed, previous.injured) == (decision.killed, decision.injured):
            raise FieldError(
                "killed", "a revision of a credible report must change killed or injured"
            )
        return
    if state is not Outcome.OPEN and decision.outcome is not Outcome.OPEN:
        raise FieldError(
            "outcome",
            f"the report is already assessed {state.value!r}; reopen it (outcome 'open', "
            "reason_code 'reopened') before deciding again",
        )


def check_decision(
    report_id: int,
    received_at: dt.datetime,
    history: Sequence[Decision],
    decision: Decision,
    now: dt.datetime,
) -> None:
    """Every rule for appending `decision` to a report's `history`; raises FieldError."""
    check_content(decision, report_id)
    if decision.decided_at <= received_at:
        raise FieldError(
            "decided_at",
            f"decided_at {decision.decided_at.isoformat()} is not after the report was "
            f"received ({received_at.isoformat()})",
        )
    if decision.decided_at > now:
        raise FieldError(
            "decided_at", f"decided_at {decision.decided_at.isoformat()} is in the future"
        )
    check_transition(history, decision)


def duplicate_edges(histories: Mapping[int, Sequence[Decision]]) -> dict[int, int]:
    """report id → the report it currently duplicates, for reports whose state is duplicate."""
    return {
        report_id: history[-1].duplicate_of
        for report_id, history in histories.items()
        if history and history[-1].outcome is Outcome.DUPLICATE and history[-1].duplicate_of
    }


def duplicate_cycle(edges: Mapping[int, int], start: int) -> list[int] | None:
    """The cycle of duplicate links through `start`, if following them from it comes back."""
    path, seen, node = [start], {start}, edges.get(start)
    while node is not None:
        if node == start:
            return path
        if node in seen:
            return None
        path.append(node)
        seen.add(node)
        node = edges.get(node)
    return None


def revisions(history: Iterable[Decision]) -> list[tuple[Decision, Decision]]:
    """(before, after) for every revision of acknowledged figures in a history."""
    ordered = list(history)
    return [
        (before, after)
        for before, after in itertools.pairwise(ordered)
        if is_revision(before, after)
    ]
