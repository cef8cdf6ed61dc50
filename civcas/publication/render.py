"""The statement as text (in the published release's words), Markdown, or JSON.

Text and Markdown are written in the reader's language (`civcas.i18n.Words`: English unless the
site or `--language` asks otherwise); a statement of a simulated ledger starts by saying so.
"""

from __future__ import annotations

import json

from civcas.i18n import ENGLISH, Words, counted
from civcas.ledger import simulated
from civcas.publication.statement import MonitorRange, Statement


def simulated_notice(words: Words) -> str:
    return f"{words.gettext(simulated.TITLE)}: {words.gettext(simulated.NOTICE)}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def ratio_sentence(statement: Statement, monitor: MonitorRange, words: Words = ENGLISH) -> str:
    """How many times the acknowledged count the monitor's likely range is."""
    official = statement.killed_cumulative
    values = {
        "monitor": words.source(monitor.name),
        "range": f"{monitor.killed_min:,}–{monitor.killed_max:,}",
    }
    if official == 0:
        return (
            words.gettext(
                "%(monitor)s estimates %(range)s likely civilian deaths; none are acknowledged."
            )
            % values
        )
    low, high = monitor.killed_min / official, monitor.killed_max / official
    return words.gettext(
        "%(monitor)s estimates %(range)s likely civilian deaths: %(low)s–%(high)s times the "
        "%(official)s acknowledged."
    ) % {**values, "low": f"{low:.1f}", "high": f"{high:.1f}", "official": f"{official:,}"}


def strikes_sentence(statement: Statement, words: Words) -> str:
    return words.gettext(
        "%(actor)s conducted a total of %(strikes)s between %(first)s and the end of %(month)s."
    ) % {
        "actor": capitalised(words.party(statement.belligerent)),
        "strikes": counted(
            words.ngettext("%(count)s strike", "%(count)s strikes", statement.strikes_total),
            statement.strikes_total,
        ),
        "first": words.month(statement.strikes_from or statement.period),
        "month": words.month(statement.period),
    }


def period_sentence(statement: Statement, words: Words) -> str:
    """The month's reports: carried over, received, reopened, completed, still open."""
    s, ngettext = statement, words.ngettext
    reopened = ""
    if s.reopened:
        reopened = counted(
            ngettext(
                "; %(count)s report was reopened", "; %(count)s reports were reopened", s.reopened
            ),
            s.reopened,
        )
    numbers = {
        "carried_over": ngettext("%(count)s open report", "%(count)s open reports", s.carried_over),
        "received": ngettext("%(count)s new report", "%(count)s new reports", s.received),
        "completed": ngettext("%(count)s report", "%(count)s reports", s.completed),
        "credible_killed": ngettext(
            "%(count)s unintentional civilian death",
            "%(count)s unintentional civilian deaths",
            s.credible_killed,
        ),
        "duplicate": ngettext("%(count)s duplicate", "%(count)s duplicates", s.duplicate),
        "still_open": ngettext(
            "%(count)s report remains open.", "%(count)s reports remain open.", s.still_open
        ),
    }
    said = {name: counted(text, getattr(s, name)) for name, text in numbers.items()}
    return words.gettext(
        "During this reporting period, %(actor)s carried over %(carried_over)s and received "
        "%(received)s%(reopened)s. It completed the assessment of %(completed)s: %(credible)s "
        "credible, resulting in %(credible_killed)s; %(non_credible)s non-credible; "
        "%(duplicate)s. %(still_open)s"
    ) % {
        **said,
        "actor": words.party(s.belligerent),
        "reopened": reopened,
        "credible": f"{s.credible:,}",
        "non_credible": f"{s.non_credible:,}",
    }


def as_text(statement: Statement, words: Words = ENGLISH) -> str:
    """Paragraphs that read like the coalition's monthly civilian-casualty release."""
    _ = words.gettext
    paragraphs = [simulated_notice(words)] if statement.simulated else []
    paragraphs.append(
        _("Monthly civilian casualty report — %(month)s") % {"month": words.month(statement.period)}
    )
    if statement.strikes_total and statement.strikes_from and statement.strikes_to:
        paragraphs.append(strikes_sentence(statement, words))
    paragraphs.append(period_sentence(statement, words))
    for revision in statement.revisions:
        paragraphs.append(
            _(
                "On %(date)s the deaths acknowledged for report %(report)s were revised from "
                "%(before)s to %(after)s."
            )
            % {
                "date": revision.decided_at[:10],
                "report": revision.report,
                "before": revision.killed_before,
                "after": revision.killed_after,
            }
        )
    killed = statement.killed_cumulative
    paragraphs.append(
        counted(
            words.ngettext(
                "Based on the information available, at least %(count)s civilian has been "
                "unintentionally killed by %(actor)s's strikes since the start of its record.",
                "Based on the information available, at least %(count)s civilians have been "
                "unintentionally killed by %(actor)s's strikes since the start of its record.",
                killed,
            ),
            killed,
            actor=words.party(statement.belligerent),
        )
    )
    paragraphs += [ratio_sentence(statement, monitor, words) for monitor in statement.monitors]
    return "\n\n".join(paragraphs) + "\n"


def as_markdown(statement: Statement, words: Words = ENGLISH) -> str:
    _ = words.gettext
    rows = [
        (_("Strikes to date"), f"{statement.strikes_total:,}"),
        (_("Acknowledged civilian deaths (cumulative)"), f"{statement.killed_cumulative:,}"),
        (_("Reports carried over"), f"{statement.carried_over:,}"),
        (_("Reports received"), f"{statement.received:,}"),
        (_("Reports reopened"), f"{statement.reopened:,}"),
        (_("Assessments completed"), f"{statement.completed:,}"),
        (
            _("— credible"),
            _("%(reports)s (%(deaths)s deaths)")
            % {"reports": f"{statement.credible:,}", "deaths": f"{statement.credible_killed:,}"},
        ),
        (_("— not credible"), f"{statement.non_credible:,}"),
        (_("— duplicate"), f"{statement.duplicate:,}"),
        (_("Reports still open"), f"{statement.still_open:,}"),
        (_("Revisions of acknowledged deaths"), f"{len(statement.revisions):,}"),
    ]
    rows += [
        (
            _("%(monitor)s likely deaths") % {"monitor": words.source(m.name)},
            f"{m.killed_min:,}–{m.killed_max:,}",
        )
        for m in statement.monitors
    ]
    table = "\n".join(f"| {label} | {value} |" for label, value in rows)
    title = _("Civilian casualty statement, %(month)s") % {"month": words.month(statement.period)}
    notice = f"> {simulated_notice(words)}\n\n" if statement.simulated else ""
    return f"# {title}\n\n{notice}| {_('Figure')} | {_('Value')} |\n|---|---:|\n{table}\n"


def as_json(statement: Statement, words: Words = ENGLISH) -> str:
    """Figures and provenance: the same in every language (`words` is not used)."""
    return json.dumps(statement.as_dict(), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": as_text, "markdown": as_markdown, "json": as_json}
