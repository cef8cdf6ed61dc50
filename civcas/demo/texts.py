"""The words of the demo: stock reasons, reopening notes, summaries and archived texts.

Varied wording matters: the published record's free text is what readers quote, and a demo whose
every reason reads the same would hide bugs in how reasons are shown.
"""

from __future__ import annotations

import random

from civcas.vocab import ReasonCode

NOT_CREDIBLE = {
    ReasonCode.INSUFFICIENT_EVIDENCE: (
        "Insufficient information to assess: no specific time or location was given.",
        "The report gave a governorate only; no strike could be matched to it.",
        "Insufficient evidence: imagery review was inconclusive.",
        "Could not be corroborated from the available strike records and imagery.",
    ),
    ReasonCode.NO_STRIKES_IN_AREA: (
        "No Coalition strikes were conducted in the area on the date alleged.",
        "The nearest Coalition strike that day was more than 10 km away.",
        "Strike logs show no engagements within 48 hours of the alleged time.",
    ),
    ReasonCode.NO_CIVILIANS_HARMED: (
        "Strikes engaged ISIS fighting positions; no civilians were present.",
        "Post-strike imagery shows no damage to the civilian structures named.",
        "The strike hit an ISIS vehicle in open terrain; no civilians were observed.",
    ),
    ReasonCode.OTHER_PARTY_RESPONSIBLE: (
        "The harm was caused by ISIS shelling, not by a Coalition strike.",
        "Russian or Syrian regime aircraft were active in the area at the time.",
        "Iraqi artillery, not Coalition aircraft, engaged the area.",
        "An ISIS vehicle-borne explosive device caused the casualties.",
    ),
    ReasonCode.OTHER: (
        "The incident predates Coalition operations in the area.",
        "The allegation concerns a ground raid outside the scope of this review.",
    ),
}
WEIGHTS = {
    ReasonCode.INSUFFICIENT_EVIDENCE: 45,
    ReasonCode.NO_STRIKES_IN_AREA: 25,
    ReasonCode.NO_CIVILIANS_HARMED: 12,
    ReasonCode.OTHER_PARTY_RESPONSIBLE: 12,
    ReasonCode.OTHER: 6,
}


def stock_reason(rng: random.Random, event_credible: bool) -> tuple[ReasonCode, str]:
    """A not-credible reason; a repeat of an event already found credible says so."""
    if event_credible:
        return ReasonCode.OTHER, "Same incident as a report already assessed credible."
    codes = list(WEIGHTS)
    code = rng.choices(codes, [WEIGHTS[c] for c in codes])[0]
    return code, rng.choice(NOT_CREDIBLE[code])


def reopen_reason(rng: random.Random) -> str:
    return rng.choice(
        (
            "Reopened on new information from the source, with imagery.",
            "Reopened after a partner force placed Coalition strikes nearby.",
            "Reopened on review of the original assessment.",
            "Reopened: a monitor supplied victims' names and the exact location.",
        )
    )


def revision_reason(rng: random.Random, before: int, after: int) -> str:
    verb = "raised" if after > before else "lowered"
    why = rng.choice(("after a further review", "on new information", "after a records check"))
    return f"Acknowledged deaths {verb} from {before} to {after} {why}."


MALE = (
    "Ahmed",
    "Mohammed",
    "Ali",
    "Omar",
    "Khalid",
    "Hassan",
    "Hussein",
    "Mahmoud",
    "Yusuf",
    "Ibrahim",
    "Abdullah",
    "Mustafa",
    "Saleh",
    "Jasim",
    "Faisal",
    "Hamid",
    "Walid",
    "Adnan",
)
FEMALE = (
    "Fatima",
    "Aisha",
    "Maryam",
    "Zainab",
    "Hanan",
    "Noor",
    "Amal",
    "Huda",
    "Samira",
    "Khadija",
    "Layla",
    "Rania",
    "Salma",
    "Widad",
    "Iman",
    "Sara",
)
FAMILY = (
    "al-Jubouri",
    "al-Obeidi",
    "al-Hamdani",
    "al-Shammari",
    "al-Dulaimi",
    "al-Ali",
    "al-Hassan",
    "al-Kurdi",
    "al-Hamad",
    "al-Khalaf",
    "al-Issa",
    "al-Mohammed",
    "al-Saleh",
    "al-Abdullah",
    "al-Juma",
    "al-Hussein",
)
ARABIC = {
    "Ahmed": "أحمد",
    "Mohammed": "محمد",
    "Ali": "علي",
    "Omar": "عمر",
    "Khalid": "خالد",
    "Fatima": "فاطمة",
    "Aisha": "عائشة",
    "Maryam": "مريم",
    "Zainab": "زينب",
    "Hanan": "حنان",
    "al-Jubouri": "الجبوري",
    "al-Obeidi": "العبيدي",
    "al-Hamdani": "الحمداني",
    "al-Ali": "العلي",
    "al-Hassan": "الحسن",
    "al-Khalaf": "الخلف",
}


def person_name(rng: random.Random, female: bool) -> str:
    """A name as sources write it: given name, father's name, family; sometimes in Arabic."""
    given = rng.choice(FEMALE if female else MALE)
    father, family = rng.choice(MALE), rng.choice(FAMILY)
    if rng.random() < 0.2 and given in ARABIC and family in ARABIC:
        return f"{ARABIC[given]} {ARABIC[family]}"
    return f"{given} {father} {family}" if rng.random() < 0.7 else f"{given} {family}"


# How other lists spell the same names: written here from the sources' own habits, apart from
# the normaliser in civcas.linking.names, so that linking is tested against spellings it did not
# write itself.
SPELLINGS = {
    "Ahmed": ("Ahmad", "Ahmet"),
    "Mohammed": ("Muhammad", "Mohamed", "Mohammad", "Mohamad"),
    "Omar": ("Umar", "Omer"),
    "Khalid": ("Khaled", "Kaled"),
    "Hassan": ("Hasan", "Hasan"),
    "Hussein": ("Husayn", "Hussain", "Husain"),
    "Mahmoud": ("Mahmud", "Mahmood"),
    "Yusuf": ("Youssef", "Yousef", "Yusef"),
    "Ibrahim": ("Ebrahim", "Ibraheem"),
    "Abdullah": ("Abd Allah", "Abdallah", "Abdulla"),
    "Mustafa": ("Mostafa", "Moustafa"),
    "Saleh": ("Salih", "Salah"),
    "Jasim": ("Jassim", "Jasem"),
    "Faisal": ("Faysal", "Feisal"),
    "Hamid": ("Hamed",),
    "Walid": ("Waleed", "Oualid"),
    "Fatima": ("Fatma", "Fatimah"),
    "Aisha": ("Aysha", "Ayesha"),
    "Maryam": ("Mariam", "Meryem"),
    "Zainab": ("Zaynab", "Zeinab"),
    "Khadija": ("Khadijah", "Khadeeja"),
    "Layla": ("Laila", "Leila"),
    "al-Jubouri": ("al-Jabouri", "Jubouri", "al-Juburi"),
    "al-Obeidi": ("al-Ubaydi", "Obeidi", "el-Obeidi"),
    "al-Hamdani": ("Hamdani", "el-Hamdani"),
    "al-Shammari": ("Shammari", "al-Shamari"),
    "al-Dulaimi": ("al-Dulaymi", "Dulaimi"),
    "al-Hassan": ("al-Hasan", "Hassan", "el-Hassan"),
    "al-Hussein": ("al-Husayn", "Hussein"),
    "al-Mohammed": ("al-Muhammad", "Mohammed"),
    "al-Abdullah": ("al-Abdallah", "Abdullah"),
}


def respelled(rng: random.Random, name: str) -> str:
    """The same person's name as another list writes it: other transliterations, sometimes in
    Arabic, sometimes without the father's name."""
    words = name.split()
    if len(words) == 3 and rng.random() < 0.3:
        words = [words[0], words[2]]
    if rng.random() < 0.2 and all(word in ARABIC for word in words):
        return " ".join(ARABIC[word] for word in words)
    return " ".join(
        rng.choice((word, *SPELLINGS[word])) if word in SPELLINGS else word for word in words
    )
