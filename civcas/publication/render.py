"""The statement as text (in the published release's words), Markdown, or JSON."""

from __future__ import annotations

import datetime as dt
import json

from civcas.publication.statement import MonitorRange, Statement


def month_name(period: str) -> str:
    return f"{dt.date.fromisoformat(period + '-01'):%B %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def ratio_sentence(statement: Statement, monitor: MonitorRange) -> str:
    """How many times the acknowledged count the monitor's likely range is."""
    official = statement.killed_cumulative
    band = f"{monitor.killed_min:,}–{monitor.killed_max:,}"
    if official == 0:
        return f"{monitor.name} estimates {band} likely civilian deaths; none are acknowledged."
    low, high = monitor.killed_min / official, monitor.killed_max / official
    return (
        f"{monitor.name} estimates {band} likely civilian deaths: {low:.1f}–{high:.1f} times "
        f"the {official:,} acknowledged."
    )


def as_text(statement: Statement) -> str:
    """Paragraphs that read like the coalition's monthly civilian-casualty release."""
    actor = statement.belligerent or "the belligerent"
    month = month_name(statement.period)
    paragraphs = [f"Monthly civilian casualty report — {month}"]
    if statement.strikes_total and statement.strikes_from and statement.strikes_to:
        paragraphs.append(
            f"{actor[:1].upper()}{actor[1:]} conducted a total of "
            f"{plural(statement.strikes_total, 'strike')} between "
            f"{month_name(statement.strikes_from)} and the end of {month}."
        )
    paragraphs.append(
        f"During this reporting period, {actor} carried over "
        f"{plural(statement.carried_over, 'open report')} and received "
        f"{plural(statement.received, 'new report')}"
        + (
            f"; {plural(statement.reopened, 'report was', 'reports were')} reopened"
            if statement.reopened
            else ""
        )
        + f". It completed the assessment of {plural(statement.completed, 'report')}: "
        f"{statement.credible:,} credible, resulting in "
        f"{plural(statement.credible_killed, 'unintentional civilian death')}; "
        f"{statement.non_credible:,} non-credible; {plural(statement.duplicate, 'duplicate')}. "
        f"{plural(statement.still_open, 'report remains', 'reports remain')} open."
    )
    for revision in statement.revisions:
        paragraphs.append(
            f"On {revision.decided_at[:10]} the deaths acknowledged for report "
            f"{revision.report} were revised from {revision.killed_before} to "
            f"{revision.killed_after}."
        )
    paragraphs.append(
        f"Based on the information available, at least "
        f"{plural(statement.killed_cumulative, 'civilian has', 'civilians have')} been "
        f"unintentionally killed by {actor}'s strikes since the start of its record."
    )
    paragraphs += [ratio_sentence(statement, monitor) for monitor in statement.monitors]
    return "\n\n".join(paragraphs) + "\n"


def as_markdown(statement: Statement) -> str:
    rows = [
        ("Strikes to date", f"{statement.strikes_total:,}"),
        ("Acknowledged civilian deaths (cumulative)", f"{statement.killed_cumulative:,}"),
        ("Reports carried over", f"{statement.carried_over:,}"),
        ("Reports received", f"{statement.received:,}"),
        ("Reports reopened", f"{statement.reopened:,}"),
        ("Assessments completed", f"{statement.completed:,}"),
        ("— credible", f"{statement.credible:,} ({statement.credible_killed:,} deaths)"),
        ("— not credible", f"{statement.non_credible:,}"),
        ("— duplicate", f"{statement.duplicate:,}"),
        ("Reports still open", f"{statement.still_open:,}"),
        ("Revisions of acknowledged deaths", f"{len(statement.revisions):,}"),
    ]
    rows += [
        (f"{m.name} likely deaths", f"{m.killed_min:,}–{m.killed_max:,}")
        for m in statement.monitors
    ]
    table = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return (
        f"# Civilian casualty statement, {month_name(statement.period)}\n\n"
        f"| Figure | Value |\n|---|---:|\n{table}\n"
    )


def as_json(statement: Statement) -> str:
    return json.dumps(statement.as_dict(), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": as_text, "markdown": as_markdown, "json": as_json}
