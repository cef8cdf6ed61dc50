"""Settings a deployment may change, in one TOML file.

The file is the one named by `--settings`, else by $CIVCAS_SETTINGS, else ./civcas.toml when it
exists; without any, the defaults hold. It holds the evidence-matching rule (`[match]`, see
`civcas.evidence.rule`), so that the CLI and the site show and apply the same rule.

Whether the site's session cookie is marked `Secure` (sent over HTTPS only) is a property of the
deployment, not of the ledger: it is $CIVCAS_SECURE_COOKIES (`civcas serve --secure-cookies`
sets it for its workers), off by default so that `make run` works over plain http on localhost.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from civcas.errors import FieldError
from civcas.evidence.rule import MatchRule

SETTINGS_VARIABLE = "CIVCAS_SETTINGS"
SECURE_COOKIES_VARIABLE = "CIVCAS_SECURE_COOKIES"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})
DEFAULT_FILE = Path("civcas.toml")


def settings_path(
    explicit: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The settings file in force, or None when there is none (defaults)."""
    named = explicit or (os.environ if environ is None else environ).get(SETTINGS_VARIABLE)
    if named:
        path = Path(named)
        if not path.is_file():
            raise FieldError("settings", f"{path} does not exist or is not a file")
        return path
    return DEFAULT_FILE if DEFAULT_FILE.is_file() else None


def match_rule(explicit: str | Path | None = None) -> MatchRule:
    """The matching rule: the settings file's `[match]` table over the defaults."""
    path = settings_path(explicit)
    return MatchRule() if path is None else MatchRule.from_settings(path)


def secure_cookies(environ: Mapping[str, str] | None = None) -> bool:
    """Whether session cookies are marked `Secure` (and every answer carries HSTS):
    $CIVCAS_SECURE_COOKIES, one of 1/true/yes/on or 0/false/no/off; off when unset."""
    value = (os.environ if environ is None else environ).get(SECURE_COOKIES_VARIABLE, "")
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError(
        SECURE_COOKIES_VARIABLE, f"{value!r} is neither on (1, true, yes) nor off (0, false, no)"
    )
