"""`civcas link victims` on names across scripts (issue 18): one list in Arabic script, one in
Latin, no place known. The same people are found, and neither a lone given name nor "son of"
links anyone. Names written for this test."""

from __future__ import annotations

from typing import Any

from ledgers import load_ledger
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.ledger.models import Victim
from civcas.linking.store import clusters, run_link
from civcas.vocab import LinkKind

# (Arabic, Latin, sex, age): one person each, both lists.
PEOPLE = [
    ("سهيل محمود عادل النجار", "Suhail Mahmoud Adel Al-Najjar", "male", 34),
    ("سحر عون خليل ابوغزال", "Sahar Aoun Khalil Abu Ghazal", "female", 27),
    ("أدهم رياض منذر المصري", "Adham Riyadh Munther Almasri", "male", 19),
    ("جودة عبدربه سالم الشاعر", "Jodeh Abd Rabbo Salem El-Shaer", "male", 61),
    ("فاطمة نصرالدين علي حمدان", "Fatima Nasr al-Din Ali Hamdan", "female", 8),
]
ALONE = [("محمد", "Muhammad", "male", 40), ("ابن احمد", "Ahmad Ali Hassan", "male", 12)]
# People named on the Arabic list only, so that the list is not all matches (as no list is).
GIVEN, FATHERS, FAMILIES = (
    ["يوسف", "خالد", "عمر", "ابراهيم"],
    ["حسن", "كريم"],
    ["داود", "قاسم", "مطر"],
)
ONLY_ARABIC = [
    f"{given} {father} {family}" for given in GIVEN for father in FATHERS for family in FAMILIES
]


def rows(pairs: list[tuple[str, str, str, int]]) -> dict[str, list[dict[str, Any]]]:
    lists = ("Arabic list", "Latin list")
    reports = [
        {
            "external_id": f"R{n}",
            "source": source,
            "date_start": "2024-01-10",
            "country": "PS",
            "received_at": "2024-07-01T00:00",
        }
        for n, source in enumerate(lists)
    ]
    victims = [
        {
            "report_source": source,
            "report_external_id": f"R{n}",
            "external_id": f"{n}-{number}",
            "name": names[n],
            "sex": sex,
            "age": age,
            "status": "killed",
        }
        for number, (*names, sex, age) in enumerate(pairs)
        for n, source in enumerate(lists)
    ]
    victims += [
        {
            "report_source": lists[0],
            "report_external_id": "R0",
            "external_id": f"only-{number}",
            "name": name,
            "sex": "male",
            "age": 20 + number,
            "status": "killed",
        }
        for number, name in enumerate(ONLY_ARABIC)
    ]
    return {
        "sources": [{"name": source, "type": "monitor"} for source in lists],
        "reports": reports,
        "victims": victims,
    }


def linked(session: Session) -> set[frozenset[str]]:
    external = {vid: ext for vid, ext in session.execute(select(Victim.id, Victim.external_id))}
    return {
        frozenset(external[i] for i in members)
        for members in clusters(session, LinkKind.VICTIMS).values()
    }


def test_the_same_people_are_linked_across_scripts(session: Session) -> None:
    load_ledger(session, rows(PEOPLE + ALONE))
    run_link(session, LinkKind.VICTIMS)
    expected = {frozenset({f"0-{n}", f"1-{n}"}) for n in range(len(PEOPLE))}
    assert linked(session) == expected  # not "محمد"/"Muhammad", not "son of Ahmad"/"Ahmad…"


def test_a_lone_given_name_links_no_one(session: Session) -> None:
    """Two lists naming only "Muhammad", the same age and sex: nothing to tell him by."""
    load_ledger(session, rows([("محمد", "Muhammad", "male", 40), ("Muhammad", "محمد", "male", 40)]))
    run_link(session, LinkKind.VICTIMS)
    assert linked(session) == set()
