"""The assessment state machine, pure: every allowed and refused transition."""

from __future__ import annotations

import datetime as dt

import pytest

from civcas.assessment.rules import (
    Decision,
    check_decision,
    current_outcome,
    duplicate_cycle,
    is_revision,
    revisions,
)
from civcas.errors import FieldError
from civcas.vocab import Outcome, ReasonCode

RECEIVED = dt.datetime(2018, 1, 1)
NOW = dt.datetime(2019, 1, 1)


def at(day: int) -> dt.datetime:
    return RECEIVED + dt.timedelta(days=day)


def credible(day: int, killed: int = 2, injured: int | None = None) -> Decision:
    return Decision(Outcome.CREDIBLE, ReasonCode.CREDIBLE, at(day), killed=killed, injured=injured)


def not_credible(day: int, code: ReasonCode = ReasonCode.NO_STRIKES_IN_AREA) -> Decision:
    return Decision(Outcome.NOT_CREDIBLE, code, at(day), reason="see file")


def reopen(day: int, reason: str | None = "new video") -> Decision:
    return Decision(Outcome.OPEN, ReasonCode.REOPENED, at(day), reason=reason)


def duplicate(day: int, of: int | None) -> Decision:
    return Decision(Outcome.DUPLICATE, ReasonCode.DUPLICATE, at(day), duplicate_of=of)


def refused(history: list[Decision], decision: Decision, report_id: int = 1) -> str:
    with pytest.raises(FieldError) as caught:
        check_decision(report_id, RECEIVED, history, decision, NOW)
    return caught.value.field


def accepted(history: list[Decision], decision: Decision) -> None:
    check_decision(1, RECEIVED, history, decision, NOW)


def test_open_report_can_close_every_way() -> None:
    accepted([], credible(1))
    accepted([], not_credible(1))
    accepted([], duplicate(1, of=2))


def test_closed_report_must_reopen_before_a_new_decision() -> None:
    assert refused([not_credible(1)], credible(2)) == "outcome"
    assert refused([credible(1)], not_credible(2)) == "outcome"
    assert refused([duplicate(1, 2)], duplicate(2, 3)) == "outcome"
    accepted([not_credible(1)], reopen(2))
    accepted([not_credible(1), reopen(2)], credible(3))


def test_only_closed_reports_reopen() -> None:
    assert refused([], reopen(1)) == "outcome"
    assert refused([not_credible(1), reopen(2)], reopen(3)) == "outcome"


def test_revision_changes_the_acknowledged_figures() -> None:
    accepted([credible(1, killed=4)], credible(2, killed=6))
    accepted([credible(1, killed=4)], credible(2, killed=4, injured=1))
    assert refused([credible(1, killed=4)], credible(2, killed=4)) == "killed"
    assert is_revision(credible(1), credible(2))
    assert not is_revision(None, credible(2))
    assert not is_revision(reopen(1), credible(2))


def test_reasons_must_fit_the_outcome() -> None:
    wrong = Decision(Outcome.NOT_CREDIBLE, ReasonCode.CREDIBLE, at(1))
    assert refused([], wrong) == "reason_code"
    assert refused([], Decision(Outcome.CREDIBLE, ReasonCode.OTHER, at(1), killed=1)) == (
        "reason_code"
    )
    assert refused([], Decision(Outcome.NOT_CREDIBLE, ReasonCode.OTHER, at(1))) == "reason"
    assert refused([not_credible(1)], reopen(2, reason=" ")) == "reason"
    for code in (
        ReasonCode.NO_STRIKES_IN_AREA,
        ReasonCode.INSUFFICIENT_EVIDENCE,
        ReasonCode.OTHER_PARTY_RESPONSIBLE,
        ReasonCode.NO_CIVILIANS_HARMED,
    ):
        accepted([], Decision(Outcome.NOT_CREDIBLE, code, at(1)))


def test_deaths_only_on_credible_decisions() -> None:
    assert refused([], Decision(Outcome.CREDIBLE, ReasonCode.CREDIBLE, at(1))) == "killed"
    with_deaths = Decision(Outcome.NOT_CREDIBLE, ReasonCode.NO_STRIKES_IN_AREA, at(1), killed=3)
    assert refused([], with_deaths) == "killed"
    accepted([], credible(1, killed=0, injured=2))


def test_duplicates_name_another_report() -> None:
    assert refused([], duplicate(1, of=None)) == "duplicate_of_external_id"
    assert refused([], duplicate(1, of=1), report_id=1) == "duplicate_of_external_id"
    stray = Decision(Outcome.NOT_CREDIBLE, ReasonCode.NO_STRIKES_IN_AREA, at(1), duplicate_of=5)
    assert refused([], stray) == "duplicate_of_external_id"


def test_decisions_keep_time_order() -> None:
    assert refused([not_credible(5)], reopen(5)) == "decided_at"
    assert refused([not_credible(5)], reopen(4)) == "decided_at"
    before_receipt = Decision(Outcome.NOT_CREDIBLE, ReasonCode.OTHER, RECEIVED, reason="x")
    assert refused([], before_receipt) == "decided_at"
    future = Decision(Outcome.NOT_CREDIBLE, ReasonCode.OTHER, NOW + dt.timedelta(1), reason="x")
    assert refused([], future) == "decided_at"


def test_current_outcome_and_revisions() -> None:
    history = [credible(1, 4), credible(2, 6), reopen(3), not_credible(4)]
    assert current_outcome([]) is Outcome.OPEN
    assert current_outcome(history) is Outcome.NOT_CREDIBLE
    assert [(a.killed, b.killed) for a, b in revisions(history)] == [(4, 6)]


def test_duplicate_cycles_are_found() -> None:
    assert duplicate_cycle({1: 2, 2: 3, 3: 1}, 1) == [1, 2, 3]
    assert duplicate_cycle({1: 2, 2: 3}, 1) is None
    # A cycle elsewhere is not one through the start.
    assert duplicate_cycle({1: 2, 2: 3, 3: 2}, 1) is None
