"""Who makes the allegations: a plausible, mostly fictional cast of sources.

The cast is shaped like the real landscape — a monitor grading on Airwars' scale, local
documentation networks, news agencies, social-media pages, partner forces, witnesses (never
public) and official bodies, including the coalition's own self-referrals, which in reality were
a large share of the credible findings. Every source is simulated and says so (`simulated`);
where it stands in for a real body, its name says so too ("Airwars (simulated)") and its address
is an example.org one, so that no invented figure is ever shown under a real organisation's name
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civcas.vocab import SourceType

MONITOR = "Airwars (simulated)"


@dataclass(frozen=True)
class SourceSpec:
    """A source, plus what the generator needs: id prefix, web domain, languages, countries."""

    name: str
    type: SourceType
    prefix: str
    domain: str | None
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    description: str
    weight: float

    @property
    def public(self) -> bool:
        return self.type is not SourceType.INDIVIDUAL

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type.value,
            "public": self.public,
            "url": f"https://{self.domain}" if self.domain and self.public else None,
            "description": self.description,
            "simulated": True,
        }


def _s(name: str, kind: SourceType, prefix: str, domain: str | None, langs: str, where: str,
       weight: float, description: str) -> SourceSpec:  # fmt: skip
    return SourceSpec(
        name, kind, prefix, domain, tuple(langs.split()), tuple(where.split()), description, weight
    )


T = SourceType
SOURCES: tuple[SourceSpec, ...] = (
    _s(MONITOR, T.MONITOR, "C", "airwars.example.org", "en ar", "IQ SY", 22,
       "Independent monitor of civilian harm from international military actions."),
    _s("Euphrates Civil Documentation Network", T.NGO, "ECDN", "ecdn-sy.example.org", "ar en",
       "SY", 5, "Volunteer network documenting civilian deaths along the Euphrates valley."),
    _s("Nineveh Human Rights Observatory", T.NGO, "NHRO", "nhro-iq.example.org", "ar en", "IQ",
       5, "Mosul-based rights group recording civilian harm in Nineveh governorate."),
    _s("Syrian Casualty Record Centre", T.NGO, "SCRC", "scrc.example.org", "ar en", "SY", 4,
       "Documents deaths of civilians in Syria by perpetrator, with named victim lists."),
    _s("Anbar Rights Monitor", T.NGO, "ARM", "anbar-rights.example.org", "ar", "IQ", 2,
       "Local monitor for Anbar province."),
    _s("Tigris Daily", T.MEDIA, "TD", "tigrisdaily.example.com", "en", "IQ", 5,
       "English-language Iraqi news site."),
    _s("Al-Furat Press Agency", T.MEDIA, "AFP-F", "alfurat-press.example.net", "ar", "SY IQ", 6,
       "Arabic news agency covering eastern Syria and western Iraq."),
    _s("Levant Wire", T.MEDIA, "LW", "levantwire.example.com", "en", "SY IQ", 5,
       "International wire service."),
    _s("Mesopotamia Observer", T.MEDIA, "MO", "mesopotamia-observer.example.com", "en ar", "IQ",
       3, "Iraqi weekly."),
    _s("Raqqa 24 (Facebook page)", T.SOCIAL_MEDIA, "R24", "facebook.example.com/raqqa24", "ar",
       "SY", 6, "Local citizen-journalist page from Raqqa."),
    _s("Mosul Now (Telegram)", T.SOCIAL_MEDIA, "MN", "t.example.me/mosulnow", "ar", "IQ", 6,
       "Telegram channel of Mosul residents."),
    _s("Deir ez-Zor Voice (Twitter)", T.SOCIAL_MEDIA, "DZV", "twitter.example.com/dzvoice",
       "ar en", "SY", 5, "Twitter account reporting from Deir ez-Zor governorate."),
    _s("Sinjar Updates (Twitter)", T.SOCIAL_MEDIA, "SU", "twitter.example.com/sinjarupdates",
       "en", "IQ", 2, "Twitter account run from the Sinjar area."),
    _s("Syrian Democratic Forces media centre (simulated)", T.PARTNER_FORCE, "SDF",
       "sdf-press.example.org", "ar en", "SY", 2,
       "Press office of the coalition's partner force in Syria."),
    _s("Iraqi Security Forces liaison cell (simulated)", T.PARTNER_FORCE, "ISF", None, "ar", "IQ",
       2, "Liaison reports passed by Iraqi forces to the coalition."),
    _s("Witness W-01", T.INDIVIDUAL, "W01", None, "ar", "IQ", 2, "Resident of west Mosul."),
    _s("Witness W-02", T.INDIVIDUAL, "W02", None, "ar", "SY", 2, "Resident of Raqqa."),
    _s("Witness W-03", T.INDIVIDUAL, "W03", None, "ar", "SY IQ", 2,
       "Relative of victims, displaced from the Euphrates valley."),
    _s("CJTF-OIR self-referral (simulated)", T.OFFICIAL, "SR", "inherentresolve.example.mil", "en",
       "IQ SY", 7, "Allegations raised from within the coalition's own strike reviews."),
    _s("Syrian Ministry of Foreign Affairs, letters to the UN (simulated)", T.OFFICIAL, "MOFA",
       "mofa-letters.example.gov", "ar en", "SY", 2, "Official letters alleging strikes."),
    _s("Nineveh Provincial Council (simulated)", T.OFFICIAL, "NPC", None, "ar", "IQ", 1,
       "Statements of the provincial council."),
)  # fmt: skip


def covering(country: str) -> list[SourceSpec]:
    """The sources that report on `country`."""
    return [source for source in SOURCES if country in source.countries]
