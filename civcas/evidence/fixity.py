"""Fixity: is the evidence civcas holds still the evidence it received?

Every document keeps the SHA-256 it had at intake. `check_fixity` re-hashes each archived text
and names every document whose content no longer gives that hash, as archivists check fixity on
a schedule. A document held only by its hash (no archived text) cannot be re-checked, and is
counted apart rather than passed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.ledger.models import Document


@dataclass(frozen=True)
class Mismatch:
    document_id: int
    url: str | None
    recorded: str
    computed: str


@dataclass
class Fixity:
    checked: int = 0
    hash_only: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)


def check_fixity(session: Session) -> Fixity:
    """Every document's archived text re-hashed against the SHA-256 recorded at intake."""
    found = Fixity()
    query = select(Document.id, Document.url, Document.sha256, Document.archived_text)
    for document_id, url, recorded, text in session.execute(
        query.order_by(Document.id).execution_options(yield_per=1000)
    ):
        if text is None:
            found.hash_only += 1
            continue
        found.checked += 1
        computed = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if computed != recorded:
            found.mismatches.append(Mismatch(document_id, url, recorded, computed))
    return found
