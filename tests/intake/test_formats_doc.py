"""docs/formats.md stays true to the row models: every kind, every column, in order."""

from __future__ import annotations

import json
import re
import typing
from enum import Enum
from pathlib import Path

import pytest

from civcas.intake import KINDS
from civcas.intake.readers import read_csv
from civcas.intake.rows import ROW_MODELS

FORMATS = Path(__file__).resolve().parent.parent.parent / "docs" / "formats.md"


def sections() -> dict[str, str]:
    """The text under each second-level heading, by heading."""
    text = FORMATS.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def column_table(section: str) -> list[list[str]]:
    """The rows of the section's first table whose first cell is a `column`."""
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            rows.append(cells)
        elif rows and not line.startswith("|"):
            break
    return rows


def enum_of(annotation: object) -> type[Enum] | None:
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


def test_every_kind_has_a_section_in_load_order() -> None:
    titles = list(sections())
    assert [title for title in titles if title in ROW_MODELS] == list(ROW_MODELS)
    assert list(ROW_MODELS) == list(KINDS)
    load_order = sections()["Load order"]
    numbered = re.findall(r"^\d+\. \[(\w+)\]", load_order, flags=re.MULTILINE)
    assert numbered == list(ROW_MODELS)


@pytest.mark.parametrize("kind", list(ROW_MODELS))
def test_every_column_is_documented_in_order(kind: str) -> None:
    model = ROW_MODELS[kind]
    table = column_table(sections()[kind])
    assert [cells[0].strip("`") for cells in table] == model.columns()
    for name, required, values, _rule in table:
        column = name.strip("`")
        assert required == ("yes" if column in model.required_columns else "no"), column
        enum = enum_of(model.model_fields[column].annotation)
        if enum is not None:
            assert values == ", ".join(f"`{member.value}`" for member in enum), column


def test_every_column_name_appears_in_the_guide() -> None:
    text = FORMATS.read_text(encoding="utf-8")
    missing = [
        f"{kind}.{column}"
        for kind, model in ROW_MODELS.items()
        for column in model.columns()
        if f"`{column}`" not in text
    ]
    assert missing == []


def test_the_commands_are_documented() -> None:
    text = FORMATS.read_text(encoding="utf-8")
    for command in (
        "civcas import reports",
        "civcas import all",
        "civcas export out/",
        "--kind",
        "--format json",
        "--public",
    ):
        assert command in text


def examples(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("kind", list(ROW_MODELS))
def test_the_examples_are_valid_rows(kind: str) -> None:
    section = sections()[kind]
    rows = [row for block in examples(section, "csv") for _, row in read_csv(block)[1]]
    rows += [row for block in examples(section, "json") for row in json.loads(block)]
    if kind in ("documents", "strikes", "gradings"):
        assert rows == []
        return
    assert rows, kind
    for row in rows:
        ROW_MODELS[kind].model_validate(row)
