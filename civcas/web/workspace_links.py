"""The clerical review queue of linkage (`civcas link`): the latest run's uncertain pairs, the two
records side by side with the level each comparison reached, and a verdict — the same event or
person, or not — recorded through `linking.store.decide`, which every later run respects."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from civcas.errors import FieldError
from civcas.linking.review import side_by_side
from civcas.linking.store import decide, latest_run, review_queue
from civcas.vocab import LinkKind
from civcas.web.deps import CSRF, DB
from civcas.web.templating import render
from civcas.web.workspace_support import Form, Reader, frame, gettext, text, workspace_router

router = workspace_router()

SHOWN = 20
"""Pairs on one page of the queue, most likely first."""


def kind_of(request: Request, name: str) -> LinkKind:
    if name not in {kind.value for kind in LinkKind}:
        raise HTTPException(404, gettext(request)("there is no such review queue"))
    return LinkKind(name)


@router.get("/workspace/links/{kind}", response_class=HTMLResponse)
def queue(request: Request, kind: str, session: DB, user: Reader) -> HTMLResponse:
    chosen = kind_of(request, kind)
    pairs = review_queue(session, chosen)
    context = {
        **frame(user),
        "kind": chosen,
        "run": latest_run(session, chosen),
        "total": len(pairs),
        "pairs": [(pair, side_by_side(session, chosen, pair)) for pair in pairs[:SHOWN]],
        "notice": request.session.pop("notice", None),
    }
    return render(request, "workspace/links.html", context)


@router.post("/workspace/links/{kind}", dependencies=[CSRF])
def verdict(request: Request, kind: str, session: DB, form: Form, user: Reader) -> Response:
    """One verdict, signed with the user's name; back to the queue."""
    _ = gettext(request)
    chosen = kind_of(request, kind)
    try:
        left, right = int(text(form, "left")), int(text(form, "right"))
        same = {"same": True, "different": False}[text(form, "verdict")]
    except (KeyError, ValueError):
        raise HTTPException(400, _("the form names no pair or no verdict")) from None
    try:
        decide(session, chosen, left, right, same=same, decided_by=user.name)
    except FieldError as refused:
        raise HTTPException(400, refused.message) from None
    request.session["notice"] = (
        _("Recorded: %(left)s and %(right)s are the same.")
        if same
        else _("Recorded: %(left)s and %(right)s are different.")
    ) % {"left": left, "right": right}
    return RedirectResponse(f"/workspace/links/{chosen.value}", status_code=303)
