"""Arabic personal names, in Latin or Arabic script, reduced to columns Splink can compare.

One victim reaches us as "Mohammed al-Hassan", "Muhammad Hasan" and "محمد الحسن". Splink can only
weigh what its columns let it see, so each name becomes canonical tokens in chain order (given
name, father, grandfather, family name), a key joining them, and a consonant skeleton.

How a name is read:
- Both scripts are cut into words. Arabic loses its diacritics and tatweel, and its alef, hamza,
  ta marbuta and alef maqsura forms are unified; other scripts go to ASCII through `anyascii`.
- Words become items: a name, an article (al-, el-, ال, and the sun-letter forms ad-, as-, ash-…
  before a name starting with that letter), a nasab connector (bin, ibn, ben, ould, walad, بن…),
  or the theophoric prefixes Abd ("servant of") and Abu ("father of"). Abd or Abu joins the next
  name into one token ("abd-rahman", "abu-bakr"), and al-Din / Allah join the name before them
  ("salah-din", "nasr-allah"), so each of those stays one name in the chain.
- A name in `_NAMES` takes its canonical spelling whatever its script or variant spelling; any
  other Latin word keeps a folded spelling (doubled letters and ou/oo/ee folded), and any other
  Arabic word is transliterated letter by letter (`_ARABIC_LETTERS`).
- The phonetic skeleton drops vowels and doubling and merges the usual confusions, so names
  outside the table still meet across scripts: حسين and Hussein both give "HSN". The letter by
  letter transliteration is made to meet Latin spellings there: ayn as a vowel, ha after s, k,
  d, z with the vowel Latin writes before it (سهيل Suhail, not "shyl"), ذ as th, ض as d with dh
  merged into d; joined parts (abu-, abd-, -din) are reduced part by part.
- A description of someone ("a member of the X family", "X's brother", زوجة…) is no name, nor is
  a chain that starts with ibn/bint ("son of X"): `normalise` gives None. A lone given name is
  read, but `name_columns` gives it nothing to link on: too many of the dead share it.

Normalising a key again gives the same key (the tests prove it on arbitrary text).

Libraries checked first (2026-11): camel-tools 1.5.7 requires numpy<2 (civcas needs numpy 2)
plus torch and transformers, and its analysers need data downloaded from outside PyPI; its
normalisers, like pyarabic's, do what `unicodedata` and `_ARABIC_UNIFY` do here in a few
lines. Neither knows that Mohammed, Muhammad and محمد are one name: that is `_NAMES`. jellyfish's
Soundex and Metaphone key English: Soundex keeps the first letter (Obeidi O130, Ubaydi U130)
and Metaphone keeps vowels at the start (OBT, UBT), where `phonetic` gives both "BD".
rapidfuzz's similarities run in Python; Splink computes them in SQL on DuckDB and Spark alike.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import NamedTuple

from anyascii import anyascii

# Canonical spelling → "Arabic spellings | Latin spellings". Latin spellings are compared folded
# (lower case, doubled letters single, ou/oo → u, ee → i, ph → f, dj → j), so "Mohammed" needs no
# line of its own beside "Mohamed". Kept to names common in the campaign's lists; the phonetic
# column carries the rest.
_NAMES: dict[str, str] = {
    "muhammad": "محمد | mohammed mohamad muhamed mohammod mohd mhd md",
    "ahmad": "احمد | ahmed ahamed",
    "mahmud": "محمود |",
    "hamid": "حامد حميد | hamed",
    "hamad": "حمد |",
    "hamza": "حمزة | hamzah hamze",
    "hasan": "حسن | hassen hasane",
    "husayn": "حسين | hussein hussain hussien hosein huseyin hussin",
    "husam": "حسام | hossam",
    "ali": "علي | aly",
    "alia": "عليا علياء عالية | aliya aliyah alya",
    "ala": "علاء |",
    "fatima": "فاطمة | fatimah fatma fatmah fatema fatemah fatemeh fatmeh",
    "aisha": "عائشة عايشة | aishah aysha ayesha aicha",
    "khadija": "خديجة | khadijah khadeja",
    "zaynab": "زينب | zainab zeinab zenab",
    "maryam": "مريم | mariam meryem mariyam",
    "amina": "آمنة أمينة | aminah amena",
    "layla": "ليلى | laila leila leyla lila",
    "huda": "هدى | hoda",
    "iman": "إيمان | eman imane",
    "asma": "أسماء |",
    "sara": "سارة | sarah",
    "nur": "نور |",
    "umar": "عمر | omar omer",
    "uthman": "عثمان | othman osman usman otman",
    "bakr": "بكر | bakar baker",
    "yusuf": "يوسف | yousef yousif youcef",
    "khalid": "خالد | khaled",
    "khalil": "خليل |",
    "ibrahim": "إبراهيم | ebrahim ibrahem brahim",
    "ismail": "إسماعيل | ismael esmail",
    "yahya": "يحيى | yahia yehia yahiya yehya",
    "zakariya": "زكريا | zakaria zakariah",
    "isa": "عيسى | eisa esa",
    "musa": "موسى | mosa",
    "ilyas": "إلياس | elias ilias",
    "ilham": "إلهام | elham",
    "abbas": "عباس |",
    "jafar": "جعفر | jafer",
    "salih": "صالح | saleh",
    "salah": "صلاح |",
    "said": "سعيد | saeid saied",
    "sayyid": "سيد | sayed seyed syed",
    "saad": "سعد |",
    "mustafa": "مصطفى | mostafa",
    "mahdi": "مهدي | mehdi",
    "hadi": "هادي | hady",
    "karim": "كريم | kerim",
    "aziz": "عزيز |",
    "rahman": "رحمن | rehman rahmane",
    "rahim": "رحيم |",
    "rahma": "رحمة | rahmah rahmat",
    "qadir": "قادر | qader kader kadir",
    "malik": "مالك | malek",
    "majid": "ماجد | majed maged",
    "latif": "لطيف |",
    "razzaq": "رزاق | razak",
    "salam": "سلام | selam",
    "sattar": "ستار |",
    "jabbar": "جبار |",
    "wahhab": "وهاب |",
    "hakim": "حكيم |",
    "jalil": "جليل |",
    "nasir": "ناصر | naser nacer",
    "nasr": "نصر |",
    "allah": "الله | ullah",
    "ilah": "إله | elah",
    "din": "دين |",
    "fath": "فتح |",
    "khayr": "خير | khair kheir",
    "izz": "عز | ezz",
    "sayf": "سيف | saif seif",
    "zayn": "زين | zain zein zine zin",
    "badr": "بدر | bader",
    "jamal": "جمال | gamal jamel",
    "kamal": "كمال | kamel",
    "tariq": "طارق | tarek tareq tarik",
    "walid": "وليد | oualid",
    "usama": "أسامة | osama osamah",
    "yasir": "ياسر | yasser",
    "ammar": "عمار |",
    "amir": "أمير | emir",
    "amer": "عامر |",
    "faysal": "فيصل | faisal feisal faycal",
    "adil": "عادل | adel",
    "ayman": "أيمن | aiman",
    "rashid": "راشد رشيد | rachid rached",
    "sami": "سامي | samy",
    "samir": "سمير |",
    "nabil": "نبيل |",
    "zayd": "زيد | zaid zeid",
    "haydar": "حيدر | haider heidar haidar",
    "jasim": "جاسم | jasem",
    "qasim": "قاسم | kasim kassem qasem",
    "kazim": "كاظم | kadhim kazem kadim kathem",
    "hashim": "هاشم | hashem hachem",
    "sulayman": "سليمان | suleiman sulaiman soliman sleiman",
    "dawud": "داود | daoud",
    "bilal": "بلال | belal",
    "imad": "عماد | emad",
    "ziyad": "زياد | ziad zyad",
    "hisham": "هشام | hesham hicham",
    "tahir": "طاهر | taher",
    "taha": "طه |",
    "yasin": "ياسين | yassine",
    "amin": "أمين | amine",
    "mansur": "منصور |",
    "marwan": "مروان | marouane",
    "uday": "عدي | udai oday odai",
    "qusay": "قصي | qusai kusay",
    "fahd": "فهد | fahad",
    "faris": "فارس | fares",
}

# Arabic letters, after unification, to the Latin skeleton the table's spellings share: emphatic
# and plain consonants fall together (ص/س → s, ط/ت → t), ayn and hamza vanish, and the long vowels
# ا و ي stand as a w y (the phonetic code treats w and y inside a word as vowels).
_ARABIC_LETTERS = str.maketrans(
    {
        **dict.fromkeys("اە", "a"),
        "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "th",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
        "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
        "ه": "h", "و": "w", "ي": "y", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v",
        "ۆ": "o", "ێ": "e", "ڕ": "r", "ڵ": "l",
    }
)  # fmt: skip

# Spelling variants of one Arabic letter, unified before lookup: alef with hamza or madda or
# wasla, hamza on waw or ya, ta marbuta (read as ha), alef maqsura (read as ya), Persian forms.
_ARABIC_UNIFY = str.maketrans(
    {
        **dict.fromkeys("أإآٱ", "ا"), "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ة": "ه",
        "ۀ": "ه", "ھ": "ه", "ک": "ك", "ء": None,
    }
)  # fmt: skip

_ARABIC_ARTICLES = ("ال", "ٱل")
_ARABIC_CONNECTORS = frozenset({"بن", "ابن", "بنت", "ولد"})
_ARABIC_ABU = frozenset({"ابو", "ابي", "ابا"})
_LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "l"})
_LATIN_CONNECTORS = frozenset({"bin", "ibn", "ben", "bint", "binti", "walad", "uld"})  # as folded
_SUN_CONSONANTS = ("t", "th", "d", "dh", "r", "z", "s", "sh", "n")
_SUN_ARTICLES = frozenset(v + c for v in "aeu" for c in _SUN_CONSONANTS)
_MERGE_BACK = frozenset({"din", "allah"})  # "Salah al-Din", "Nasr Allah": one name each
_DIN_ENDINGS = ("udin", "edin", "adin", "idin", "uldin", "eldin", "aldin", "din")
_ALLAH_ENDINGS = ("alah", "ulah", "olah", "ala", "ula")
_ABD_ALLAH = ("a", "ah", "ahi")  # Abdulla, Abdullah, Abdullahi once doubling is folded
_ABD_WORD = re.compile(r"aba?d([aeiou]{0,2})(l?)(.*)")
_DIGRAPH_HEADS = frozenset("kgscdzph")
_ARTICLE_LAM = re.compile(r"(aba?d[aeiou]{1,2}|[ae])ll([a-z]{3,})")
_ABU_WORD = re.compile(r"ab[uow](l?)(.+)")
_ABU_ARTICLE = frozenset({"abul", "abol", "abual", "abuel", "aboal", "aboel", "abwal"})
_WORD = re.compile(r"[a-z'`]+|[^\W\d_a-z]+")
_PHONETIC_DIGRAPHS = (
    ("kh", "X"), ("gh", "G"), ("sh", "C"), ("ch", "C"), ("th", "T"), ("dh", "D"), ("zh", "J"),
    ("ph", "F"), ("ck", "K"),
)  # fmt: skip
_PHONETIC_LETTERS = str.maketrans("qcvpx", "kkfbk")

NAME_COLUMNS = (
    "name_key",
    "given_name",
    "father_name",
    "family_name",
    "name_phonetic",
    "given_phonetic",
    "father_phonetic",
    "family_phonetic",
)

# Words that make a text a description of someone, not a name (compared lower case; Arabic
# unified as `_ARABIC_UNIFY` does, so ة is ه and أ is ا).
_LATIN_DESCRIPTIONS = frozenset(
    [
        "member",
        "members",
        "family",
        "relative",
        "relatives",
        "son",
        "daughter",
        "child",
        "children",
        "baby",
        "infant",
        "wife",
        "husband",
        "brother",
        "sister",
        "mother",
        "father",
        "nephew",
        "niece",
        "cousin",
        "uncle",
        "aunt",
        "grandson",
        "granddaughter",
        "grandfather",
        "grandmother",
        "unnamed",
        "unknown",
        "unidentified",
        "of",
        "and",
        "fils",
        "fille",
        "epouse",
        "frere",
        "soeur",
    ]
)
_ARABIC_DESCRIPTIONS = frozenset(
    [
        "عايله",
        "اسره",
        "زوجه",
        "زوج",
        "شقيق",
        "شقيقه",
        "اخو",
        "اخت",
        "والد",
        "والده",
        "طفل",
        "طفله",
        "رضيع",
        "رضيعه",
        "مجهول",
        "مجهوله",
        "نجل",
        "نجله",
        "حفيد",
        "حفيده",
        "ابنه",
        "ابناء",
        "وابنه",
        "وزوجته",
    ]
)


class _Kind(enum.Enum):
    NAME = "name"
    ARTICLE = "article"
    CONNECTOR = "connector"
    ABD = "abd"
    ABU = "abu"


class _Item(NamedTuple):
    kind: _Kind
    text: str = ""


_ARTICLE = _Item(_Kind.ARTICLE)
_CONNECTOR = _Item(_Kind.CONNECTOR)
_ABD = _Item(_Kind.ABD, "abd")
_ABU = _Item(_Kind.ABU, "abu")


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name as Splink compares it: canonical tokens in chain order, connectors removed.

    `father` is the second token when the chain is long enough (or "bin" said so) to tell it from
    a family name; `family` is the last token when there are two or more; `phonetic` is empty when
    no consonant survives.
    """

    tokens: tuple[str, ...]
    given: str
    father: str | None
    family: str | None
    key: str
    phonetic: str


def normalise(name: str | None) -> NormalisedName | None:
    """Read a name in Latin or Arabic script; None when nothing name-like is in it.

    A pandas column hands over NaN for an empty cell, so anything but a string counts as missing.
    """
    if not isinstance(name, str) or _described(name):
        return None
    units = _units(_items(name))
    if not units or units[0][1]:
        return None  # "ibn Ahmad", "بنت محمد": a son or daughter named by the parent alone
    tokens = tuple(token for token, _ in units)
    if _described(" ".join(tokens)):
        return None  # "Off" keys as "of", "Abdbaby" as "abd-baby": a key reads back as itself
    long_chain = len(tokens) >= 3 or (len(tokens) == 2 and units[1][1])
    return NormalisedName(
        tokens=tokens,
        given=tokens[0],
        father=tokens[1] if long_chain else None,
        family=tokens[-1] if len(tokens) >= 2 else None,
        key=" ".join(tokens),
        phonetic=" ".join(code for code in map(phonetic, tokens) if code),
    )


def name_columns(name: str | None) -> dict[str, str | None]:
    """The `NAME_COLUMNS` one name gives a Splink input table; all None for a missing name and
    for a lone given name, which many of the dead share: it is no name to link a person on."""
    normalised = normalise(name)
    if normalised is None or len(normalised.tokens) < 2:
        return dict.fromkeys(NAME_COLUMNS)
    father = normalised.father
    return {
        "name_key": normalised.key,
        "given_name": normalised.given,
        "father_name": father,
        "family_name": normalised.family,
        "name_phonetic": normalised.phonetic or None,
        "given_phonetic": phonetic(normalised.given) or None,
        "father_phonetic": (phonetic(father) or None) if father else None,
        "family_phonetic": phonetic(normalised.family or "") or None,
    }


def _described(name: str) -> bool:
    """A description of someone rather than a name: "a member of the X family", "X's brother",
    "زوجة محمد" (Muhammad's wife), "طفل" (a child), "مجهول" (unknown)."""
    text = unicodedata.normalize("NFKC", name).lower()
    if re.search(r"[^\W\d_]['’`]s\b", text):
        return True
    return any(
        word in _LATIN_DESCRIPTIONS or word.translate(_ARABIC_UNIFY) in _ARABIC_DESCRIPTIONS
        for word in _words(name)
    )


def phonetic(token: str) -> str:
    """The consonant skeleton of one token, robust to the vowels and doubling scripts disagree on.

    Vowels go (Arabic does not write short ones), w and y go inside a word (they are long vowels
    as often as consonants), a final h goes (ta marbuta), digraphs become one letter, and the
    usual confusions meet: q/k/c, g/gh, z/dh, v/f, p/b.
    """
    text = "".join(map(_skeleton, token.lower().split("-")))
    return re.sub(r"(.)\1+", r"\1", text)


def _skeleton(part: str) -> str:
    """`phonetic` of one part of a joined token (abu-, abd-, -din): no digraph across parts."""
    text = re.sub(r"[^a-z]", "", part)
    for digraph, code in _PHONETIC_DIGRAPHS:
        text = text.replace(digraph, code)
    text = text[:1] + re.sub(r"[aeiouwy]", "", text[1:])
    text = re.sub(r"[aeiou]", "", text).translate(_PHONETIC_LETTERS).upper()
    text = re.sub(r"(.)\1+", r"\1", text)
    return text[:-1] if len(text) > 1 and text.endswith("H") else text


def _items(name: str) -> list[_Item]:
    """Every word of the name as items, in order."""
    items: list[_Item] = []
    for word in _words(name):
        items.extend(_arabic_items(word) if _is_arabic(word[0]) else _latin_items(word))
    return items


def _words(name: str) -> Iterator[str]:
    """Lower-case words: Arabic ones bare of marks, all others in ASCII, apostrophes dropped."""
    text = "".join(c for c in unicodedata.normalize("NFKC", name) if _kept(c))
    runs = ("".join(run) for _, run in groupby(text, key=_is_arabic))
    ascii_text = "".join(run if _is_arabic(run[0]) else anyascii(run) for run in runs)
    for match in _WORD.finditer(ascii_text.lower()):
        word = match.group().replace("'", "").replace("`", "")
        if word:
            yield word


def _kept(char: str) -> bool:
    """Marks (tashkeel, stray accents), tatweel and format characters carry no name."""
    return unicodedata.category(char) not in ("Mn", "Cf") and char != "\u0640"


def _is_arabic(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and "ARABIC" in unicodedata.name(char, "")


def _arabic_items(word: str) -> list[_Item]:
    """One Arabic word; a word outside the table is transliterated and read as a Latin one."""
    unified = word.translate(_ARABIC_UNIFY)
    known = _special(unified, _ARABIC_CONNECTORS, {"ال"}, _ARABIC_ABU, "عبد", _arabic_index())
    if known:
        return known
    for prefix, head in (("عبد", _ABD), ("ابو", _ABU)):
        rest = word[len(prefix) :]
        if word[: len(prefix)].translate(_ARABIC_UNIFY) == prefix and len(rest) >= 2:
            return [head, *_arabic_items(rest)]
    if word.startswith(_ARABIC_ARTICLES) and len(word) > 3:
        return [_ARTICLE, *_arabic_items(word[2:])]
    for suffix, name in (("الله", "allah"), ("الدين", "din")):
        stem = unified.removesuffix(suffix)
        if stem != unified and len(stem) >= 2:
            return [*_arabic_items(stem), _Item(_Kind.NAME, name)]  # Nasrallah, Nasr al-Din
    cut = unified.find("ال", 3)
    if cut >= 3 and len(unified) - cut >= 5:  # two names joined by an article: Fatima al-Zahra
        return [*_arabic_items(unified[:cut]), _ARTICLE, *_arabic_items(unified[cut + 2 :])]
    latin = _transliterated(unified)
    return _latin_items(latin) if latin else []


def _transliterated(word: str) -> str:
    """Letter by letter. Ha or ta marbuta (unified to ha) or hha after a letter that would make a
    digraph with it (س+ح is not ش) gets the vowel Latin spellings write there: after a word's
    first letter, before its end, or after a digraph."""
    latin = ""
    for at, char in enumerate(word):
        letter = _transliterate(char)
        vowelled = at == 1 or at == len(word) - 1 or latin[-1:] == "h"
        if char in "هح" and latin[-1:] in _DIGRAPH_HEADS and vowelled:
            letter = "a" + letter  # Sahar, Suhail, Shahad, Jodah; but Adham, Ishaq
        latin += letter
    return latin


def _transliterate(char: str) -> str:
    """A letter outside `_ARABIC_LETTERS` (Urdu, Pashto…) still gets anyascii's Latin."""
    latin = char.translate(_ARABIC_LETTERS)
    return latin if latin != char else re.sub(r"[^a-z]", "", anyascii(char).lower())


def _latin_items(word: str) -> list[_Item]:
    """One Latin word: a special word, a table name, a word holding several, or itself folded."""
    folded = _fold(word)
    known = _special(
        folded, _LATIN_CONNECTORS, _LATIN_ARTICLES, ("abu", "abo"), "abd", _latin_index()
    )
    if known:
        return known
    if folded in _ABU_ARTICLE:
        return [_ABU, _ARTICLE]
    if folded[-2:] in ("al", "ul", "el") and folded[:-2] in _latin_index():
        return [_Item(_Kind.NAME, _latin_index()[folded[:-2]]), _ARTICLE]  # Nural-Din
    doubled = _ARTICLE_LAM.fullmatch(word)
    if doubled and doubled.group(2) not in _ABD_ALLAH:  # al-L…, Abd al-Latif: ll is no doubling
        head = [_ABD] if len(doubled.group(1)) > 1 else []
        return [*head, _ARTICLE, *_latin_items("l" + doubled.group(2))]
    return _abd_items(folded) or _split_items(folded) or [_Item(_Kind.NAME, folded)]


def _special(
    word: str,
    connectors: Collection[str],
    articles: Collection[str],
    abu: Collection[str],
    abd: str,
    index: dict[str, str],
) -> list[_Item]:
    """The words any script reads whole: connectors, articles, Abu, Abd and the table's names."""
    if word in connectors:
        return [_CONNECTOR]
    if word in articles:
        return [_ARTICLE]
    if word in abu:
        return [_ABU]
    if word == abd:
        return [_ABD]
    return [_Item(_Kind.NAME, index[word])] if word in index else []


def _abd_items(word: str) -> list[_Item]:
    """Abd written as one word with what follows: Abdul, Abdullah, Abdurrahman, Abdelkader."""
    match = _ABD_WORD.fullmatch(word)
    if match is None or (word.startswith("abad") and not match.group(2)):
        return []  # "Abad" is Abd only before the article: Abadalrahman
    vowels, article, rest = match.groups()
    if article and rest in ("", *_ABD_ALLAH):
        return [_ABD, _Item(_Kind.NAME, "allah")] if rest else [_ABD, _ARTICLE]
    if vowels in ("u", "a") and rest in _SUN_CONSONANTS:
        return [_ABD, _ARTICLE]  # Abdur, Abdus: the article assimilated to the next name
    if len(rest) < 2:
        return []
    return [_ABD, *([_ARTICLE] if article else []), *_latin_items(rest)]


def _split_items(word: str) -> list[_Item]:
    """Names run together with a known part: Abubakr, Alhassan, Salahuddin, Nasrallah."""
    index = _latin_index()
    abu = _ABU_WORD.fullmatch(word)
    if abu and (abu.group(2) in index or len(abu.group(2)) >= 3):
        return [_ABU, *([_ARTICLE] if abu.group(1) else []), *_latin_items(abu.group(2))]
    for endings, name in ((_DIN_ENDINGS, "din"), (_ALLAH_ENDINGS, "allah")):
        for ending in (*endings, *(ending + "e" for ending in endings)):
            stem = word.removesuffix(ending)
            if stem != word and stem in index:
                return [_Item(_Kind.NAME, index[stem]), _Item(_Kind.NAME, name)]
            if not stem and ending[0] in "aeiu":
                return [_ARTICLE, _Item(_Kind.NAME, name)]  # "Nour Eddine", "Nasir Uddin"
    rest = word[2:]
    if word.startswith(("al", "el")) and (rest in index or len(rest) >= 3):
        return [_ARTICLE, *_latin_items(rest)]  # Alhassan, Alobaidi, Almasri: the article joined
    return []


def _fold(word: str) -> str:
    """Spelling differences that never tell two names apart: doubling, ou/oo, ee, ph, dj."""
    previous = ""
    while word != previous:
        previous = word
        for old, new in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("dj", "j")):
            word = word.replace(old, new)
        word = re.sub(r"(.)\1+", r"\1", word)
    return word


def _units(items: list[_Item]) -> list[tuple[str, bool]]:
    """Items to (token, after a connector): articles dropped, Abd/Abu, al-Din and Allah joined."""
    items = _sun_articles(items)
    units: list[tuple[str, bool]] = []
    after_connector = False
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if item.kind is _Kind.CONNECTOR:
            after_connector = True
        elif item.kind is not _Kind.ARTICLE:
            parts = [item.text]
            while parts[-1] in ("abd", "abu") and index < len(items):
                if items[index].kind not in (_Kind.ARTICLE, _Kind.CONNECTOR):
                    parts.append(items[index].text)
                index += 1
            token = "-".join(parts)
            if token in _MERGE_BACK and units:
                units[-1] = (units[-1][0] + "-" + token, units[-1][1])
            else:
                units.append((token, after_connector))
            after_connector = False
    return units


def _sun_articles(items: list[_Item]) -> list[_Item]:
    """A sun-letter article ("as Sayyid", "ad-Din") is a word before a name with that letter.

    Read from the right, so that in "ad ud-Din" both articles go, as they would on a second pass.
    """
    result = list(items)
    following = ""
    for index in reversed(range(len(result))):
        item = result[index]
        if item.kind is not _Kind.NAME:
            continue
        if item.text in _SUN_ARTICLES and following.startswith(item.text[1:]):
            result[index] = _ARTICLE
        else:
            following = item.text
    return result


@cache
def _latin_index() -> dict[str, str]:
    """Folded Latin spelling → canonical name, the canonical spelling being one of its own."""
    return _index(1, _fold, include_canonical=True)


@cache
def _arabic_index() -> dict[str, str]:
    """Unified Arabic spelling → canonical name."""
    return _index(0, lambda word: word.translate(_ARABIC_UNIFY), include_canonical=False)


def _index(side: int, key: Callable[[str], str], *, include_canonical: bool) -> dict[str, str]:
    """One side of `_NAMES` as a lookup; a spelling claimed by two names is a bug in the table."""
    index: dict[str, str] = {}
    for canonical, spellings in _NAMES.items():
        words = spellings.split("|")[side].split()
        for spelling in [canonical, *words] if include_canonical else words:
            if index.setdefault(key(spelling), canonical) != canonical:
                raise ValueError(
                    f"{spelling!r} spells both {index[key(spelling)]!r} and {canonical!r}"
                )
    return index
