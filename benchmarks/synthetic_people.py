"""Deterministic synthetic children, agency episodes and NCMEC submissions.

Test data only. People come in households (siblings share a last name and an
address, twins also share a date of birth); first and last names are drawn with
Zipf-like frequencies from short lists of common US names (with accented,
apostrophe and hyphenated forms) plus a long tail of made-up names, as real name
distributions have. Each child has one to three missing episodes in the agency
file; most episodes have an NCMEC submission, re-keyed with errors:

* name typos (insertion, deletion, substitution, adjacent transposition), a
  nickname for the first name (from a hand list of common US forms, deliberately not
  the ``nicknames`` table the matcher uses), a first or last name replaced by another,
  swapped first and last names, a dropped part of a hyphenated name, lost accents,
  upper case, blank fields;
* date-of-birth keying errors (one digit, two adjacent digits transposed, day and
  month swapped), also those that make no valid date (kept as the text an extract
  would hold, ``PersonKey.dob_text``), and blanks;
* addresses abbreviated, mistyped, blank or moved; dates last seen a few days off;
* a sibling's first name copied onto a record (a form filled in from the wrong
  household member: 2% of the submissions of children with siblings, 0.5% of the
  episodes; drawn from a stream of its own, so that the rest of the data is unchanged).

Traps: siblings in the agency file, twins, and submissions for children the
agency has no episode for (some of them siblings of agency children).

``make_dataset(n_episodes, seed)`` returns a :class:`Dataset`; ``truth`` holds the
``(episode index, submission index)`` pairs of the same episode.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate

from missingreport.matching import PersonKey

__all__ = ["Dataset", "Person", "make_dataset", "names_and_dob_only", "without_addresses"]


def _words(text: str) -> list[str]:
    return text.split()


_BOYS = _words(
    "Liam Noah Oliver Elijah James William Benjamin Lucas Henry Alexander Mason Michael "
    "Ethan Daniel Jacob Logan Jackson Levi Sebastian Mateo Jack Owen Theodore Aiden Samuel "
    "Joseph John David Wyatt Matthew Luke Asher Carter Julian Grayson Leo Jayden Gabriel "
    "Isaac Lincoln Anthony Hudson Dylan Ezra Thomas Charles Christopher Jaxon Maverick Josiah "
    "Isaiah Andrew Elias Joshua Nathan Caleb Ryan Adrian Miles Eli Nolan Christian Aaron "
    "Cameron Ezekiel Colton Luca Landon Hunter Jonathan Santiago Axel Easton Cooper Jeremiah "
    "José Ángel Roman Connor Robert Jordan Ian Carson Nicholas Dominic Austin Xavier Kai "
    "Parker Adam Wesley Jesús Tyler Brandon Kevin Zachary Jason Justin"
)
_GIRLS = _words(
    "Olivia Emma Charlotte Amelia Ava Sophia Isabella Mia Evelyn Harper Luna Camila Gianna "
    "Elizabeth Eleanor Ella Abigail Sofía Avery Scarlett Emily Aria Penelope Chloe Layla "
    "Mila Nora Hazel Madison Ellie Lily Nova Isla Grace Violet Aurora Riley Zoey Willow "
    "Emilia Stella Zoë Victoria Hannah Addison Leah Lucy Eliana Ivy Everly Lillian Paisley "
    "Elena Naomi Maya Natalie Kinsley Delilah Claire Audrey Aaliyah Ruby Brooklyn Alice "
    "Aubrey Autumn Savannah Valentina Kennedy Madelyn Josephine Bella Skylar Genesis Sophie "
    "Hailey Sadie Natalia Quinn Caroline Allison Gabriella Anna Serenity Nevaeh Cora Ariana "
    "Lydia Jade Sarah Eva Madeline Piper Peyton Vivian Clara Samantha María Iris Julia Rose "
    "Margaret Katherine Renée Chloé Destiny Jasmine Ashley Brianna Alexis Jessica Mary-Kate"
)
_SURNAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
    "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
    "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
    "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed "
    "Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
    "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster "
    "Jiménez Peña Muñoz Núñez Ibáñez O'Brien O'Connor D'Angelo McDonald Washington"
)
_SYLLABLES = _words(
    "ka ra li mo be ton son ley ber an el da vi ro na shi ter ford wick mar co lan dre "
    "ha gen sto vel zu qui bran dal fen gor hol jus kel mor nest pel rid sel tor ul van "
    "wes yor zan bri cla dra fle gla pra stan tre"
)
_STREETS = _words(
    "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Walnut Sunset Lincoln Jackson "
    "Church Highland Meadow River Spring Forest Willow Chestnut Franklin Madison Jefferson"
)
_SUFFIXES = (
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Road", "Rd"),
    ("Drive", "Dr"),
    ("Lane", "Ln"),
    ("Court", "Ct"),
    ("Boulevard", "Blvd"),
)
_CITIES = _words(
    "Springfield Riverside Franklin Greenville Bristol Clinton Fairview Salem Madison "
    "Georgetown Arlington Ashland Dover Oxford Jackson Burlington Manchester Milton Newport"
)


@dataclass(frozen=True)
class Person:
    child_id: int
    household: int
    first: str
    last: str
    dob: date
    sex: str
    street: str
    city: str
    state: str
    postal_code: str


@dataclass
class Dataset:
    episodes: list[PersonKey]
    submissions: list[PersonKey]
    #: (episode index, submission index) of the same episode.
    truth: set[tuple[int, int]]
    episode_child: list[int]
    submission_child: list[int]


#: Share of people whose name comes from the common-name lists (the rest: long tail).
_COMMON_SURNAME_SHARE = 0.2
_COMMON_FIRST_SHARE = 0.45


def _zipf(items: list[str], exponent: float = 1.0, offset: float = 3.0) -> list[float]:
    """Cumulative Zipf-like weights by rank (for ``random.choices(cum_weights=...)``)."""
    return list(accumulate(1.0 / (rank + offset) ** exponent for rank in range(len(items))))


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        tail: set[str] = set()
        while len(tail) < 20000:
            parts = [rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))]
            tail.add("".join(parts).capitalize())
        self.tail = sorted(tail)
        rng.shuffle(self.tail)
        self.tail_w = _zipf(self.tail, 0.8, 50.0)
        # calibrated on US data: the commonest surname ~0.9% of people, the
        # commonest given name ~1.1% of children of that sex
        self.sur_w = _zipf(_SURNAMES, 1.0, 8.0)
        self.boy_w, self.girl_w = _zipf(_BOYS, 1.0, 25.0), _zipf(_GIRLS, 1.0, 25.0)

    def surname(self) -> str:
        rng = self.rng
        pick = (
            rng.choices(_SURNAMES, cum_weights=self.sur_w)[0]
            if rng.random() < _COMMON_SURNAME_SHARE
            else rng.choices(self.tail, cum_weights=self.tail_w)[0]
        )
        if rng.random() < 0.05:
            other = rng.choices(_SURNAMES, cum_weights=self.sur_w)[0]
            if other != pick:
                pick = f"{pick}-{other}"
        return pick

    def first(self, sex: str) -> str:
        rng = self.rng
        if rng.random() >= _COMMON_FIRST_SHARE:
            return rng.choices(self.tail, cum_weights=self.tail_w)[0]
        if sex == "M":
            return rng.choices(_BOYS, cum_weights=self.boy_w)[0]
        return rng.choices(_GIRLS, cum_weights=self.girl_w)[0]


def _population(rng: random.Random, n_children: int) -> list[Person]:
    names = _Names(rng)
    people: list[Person] = []
    household = 0
    start = date(2007, 1, 1).toordinal()
    span = date(2024, 12, 31).toordinal() - start
    while len(people) < n_children:
        household += 1
        last = names.surname()
        city_no = rng.randrange(len(_CITIES))
        suffix = rng.choice(_SUFFIXES)[0]
        street = f"{rng.randint(1, 9999)} {rng.choice(_STREETS)} {suffix}"
        postal = f"{30000 + city_no * 40 + rng.randrange(40):05d}"
        size = rng.choices((1, 2, 3, 4), (55, 25, 12, 8))[0]
        twins = size >= 2 and rng.random() < 0.06
        dob_ord = start + rng.randrange(span)
        used: set[str] = set()
        for k in range(size):
            sex = rng.choice("MF")
            first = names.first(sex)
            while first in used:
                first = names.first(sex)
            used.add(first)
            if k > 0 and not (twins and k == 1):
                gap = rng.randint(300, 2000)
                dob_ord = dob_ord - gap if dob_ord - gap >= start else dob_ord + gap
            born = date.fromordinal(dob_ord)
            city = _CITIES[city_no]
            people.append(
                Person(len(people), household, first, last, born, sex, street, city, "GA", postal)
            )
    return people[:n_children]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text
    pos = rng.randrange(len(text))
    kind = rng.choice(("insert", "delete", "substitute", "transpose"))
    letter = rng.choice(_LETTERS)
    if text[pos].isupper():
        letter = letter.upper()
    if kind == "insert":
        return text[:pos] + letter + text[pos:]
    if kind == "delete" and len(text) > 2:
        return text[:pos] + text[pos + 1 :]
    if kind == "transpose" and pos + 1 < len(text) and text[pos] != text[pos + 1]:
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    options = [c for c in _LETTERS if c != text[pos].lower()]
    repl = rng.choice(options)
    return text[:pos] + (repl.upper() if text[pos].isupper() else repl) + text[pos + 1 :]


def _strip_accents(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


#: Nicknames as people write them, from a hand list of common US forms: deliberately not
#: the ``nicknames`` package the matcher uses, so that the benchmark does not share its
#: table (some of these the package lacks: the matcher must cope through spelling).
_NICKNAMES: dict[str, tuple[str, ...]] = {
    "william": ("Will", "Bill", "Billy", "Liam"), "james": ("Jim", "Jimmy", "Jamie"),
    "alexander": ("Alex", "Xander", "Sasha"), "michael": ("Mike", "Mikey", "Mick"),
    "benjamin": ("Ben", "Benny", "Benji"), "elizabeth": ("Liz", "Beth", "Lizzie", "Eliza"),
    "daniel": ("Dan", "Danny"), "matthew": ("Matt", "Matty"), "joseph": ("Joe", "Joey"),
    "samuel": ("Sam", "Sammy"), "christopher": ("Chris", "Topher"), "anthony": ("Tony",),
    "nicholas": ("Nick", "Nicky"), "jonathan": ("Jon", "Johnny"), "robert": ("Rob", "Bobby"),
    "gabriel": ("Gabe",), "theodore": ("Theo", "Teddy"), "zachary": ("Zach", "Zack"),
    "abigail": ("Abby", "Gail"), "isabella": ("Bella", "Izzy"), "victoria": ("Tori", "Vicky"),
    "katherine": ("Kate", "Katie", "Kat"), "margaret": ("Maggie", "Meg", "Peggy"),
    "madison": ("Maddie",), "natalie": ("Nat",), "samantha": ("Sam", "Sammie"),
    "josephine": ("Josie",), "gabriella": ("Gabby", "Ella"), "penelope": ("Penny",),
    "savannah": ("Vanna",), "jessica": ("Jess", "Jessie"), "ashley": ("Ash",),
    "jeremiah": ("Jerry",), "joshua": ("Josh",), "andrew": ("Andy", "Drew"),
    "nathan": ("Nate",), "timothy": ("Tim",), "dominic": ("Dom",), "sebastian": ("Seb",),
}  # fmt: skip


def _nicknames_of(name: str) -> tuple[str, ...]:
    return _NICKNAMES.get(_strip_accents(name).lower(), ())


def _dob_error(rng: random.Random, dob: date) -> date | str:
    """One keying error in a date of birth: a date, or the text of one that is no
    valid date (``2011-17-04``: day and month swapped) as an extract holds it."""
    digits = f"{dob.year:04d}{dob.month:02d}{dob.day:02d}"
    for _ in range(20):
        kind = rng.choice(("digit", "transpose", "swap"))
        if kind == "swap":
            cand = digits[:4] + digits[6:8] + digits[4:6]
        elif kind == "digit":
            pos = rng.choice((2, 3, 4, 5, 6, 7, 7, 6))
            cand = digits[:pos] + rng.choice("0123456789") + digits[pos + 1 :]
        else:
            pos = rng.choice((2, 4, 6, 3, 5))
            cand = digits[:pos] + digits[pos + 1] + digits[pos] + digits[pos + 2 :]
        if cand == digits:
            continue
        try:
            return date(int(cand[:4]), int(cand[4:6]), int(cand[6:8]))
        except ValueError:
            return f"{cand[:4]}-{cand[4:6]}-{cand[6:8]}"
    return dob


#: Share of (heavily re-keyed) records of a child with siblings whose first name is a
#: sibling's: a form filled in from the wrong household member.
_SIBLING_FIRST_SHARE = 0.02


class _Household:
    """The first names of each child's siblings, and a stream of its own deciding when
    one is copied onto a record (so that every other draw of the data set stays)."""

    def __init__(self, rng: random.Random, siblings: dict[int, list[str]]) -> None:
        self.rng, self.siblings = rng, siblings

    def copied(self, keys: list[PersonKey], children: list[int], factor: float) -> list[PersonKey]:
        """The keys, some with a sibling's first name instead of the child's own."""
        out: list[PersonKey] = []
        for key, child in zip(keys, children, strict=True):
            others = self.siblings.get(child)
            if others and self.rng.random() < _SIBLING_FIRST_SHARE * factor:
                key = replace(key, first=self.rng.choice(others))
            out.append(key)
        return out


def _siblings(people: list[Person]) -> dict[int, list[str]]:
    by_household: dict[int, list[Person]] = {}
    for p in people:
        by_household.setdefault(p.household, []).append(p)
    return {
        p.child_id: [q.first for q in members if q.child_id != p.child_id]
        for members in by_household.values()
        if len(members) > 1
        for p in members
    }


def _key(p: Person, record: str | None, seen: date | None) -> PersonKey:
    return PersonKey(
        p.first, p.last, p.dob, p.sex, p.street, p.city, p.state, p.postal_code, record, seen
    )


def _corrupt(
    rng: random.Random, k: PersonKey, heavy: bool, names: _Names | None = None
) -> PersonKey:
    f = 1.0 if heavy else 0.25
    first, last, dob, sex = k.first or "", k.last or "", k.dob, k.sex
    dob_text: str | None = None
    if rng.random() < 0.15 * f:
        nicks = _nicknames_of(first)
        if nicks:
            first = rng.choice(nicks)
    if names is not None and rng.random() < 0.02 * f:
        first = names.first(sex or "F")  # replaced, not misspelled
    if names is not None and rng.random() < 0.01 * f:
        last = names.surname()
    if rng.random() < 0.05 * f:
        first = _typo(rng, first)
    if rng.random() < 0.05 * f:
        last = _typo(rng, last)
    if "-" in last and rng.random() < 0.5 * f:
        parts = last.split("-")
        last = rng.choice((parts[0], parts[1], " ".join(parts)))
    if rng.random() < 0.5:
        first, last = _strip_accents(first), _strip_accents(last)
    if rng.random() < 0.3 * f:
        first, last = first.upper(), last.upper()
    if rng.random() < 0.02 * f:
        first, last = last, first
    if rng.random() < 0.015 * f:
        first = ""
    if rng.random() < 0.01 * f:
        last = ""
    if dob is not None and rng.random() < 0.05 * f:
        changed = _dob_error(rng, dob)
        if isinstance(changed, str):
            dob, dob_text = None, changed
        else:
            dob = changed
    if rng.random() < 0.02 * f:
        dob = None
    if rng.random() < 0.05 * f:
        sex = None
    elif rng.random() < 0.01 * f:
        sex = "F" if sex == "M" else "M"
    street, city, postal = k.street, k.city, k.postal_code
    r = rng.random()
    if r < 0.12 * f:
        street = city = postal = None
    elif r < 0.18 * f:
        street = f"{rng.randint(1, 9999)} {rng.choice(_STREETS)} {rng.choice(_SUFFIXES)[0]}"
        postal = f"{rng.randint(30000, 30800):05d}"
    elif street is not None:
        for long_form, short in _SUFFIXES:
            if rng.random() < 0.3:
                street = street.replace(long_form, short)
        if rng.random() < 0.05 * f:
            street = _typo(rng, street)
        if postal is not None and rng.random() < 0.02 * f:
            postal = postal[:4] + rng.choice("0123456789")
    seen = k.last_seen
    if seen is not None:
        shift = rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 1, -1, 2, 3))
        seen = None if rng.random() < 0.05 * f else seen + timedelta(days=shift)
    return replace(
        k,
        first=first or None,
        last=last or None,
        dob=dob,
        sex=sex,
        street=street,
        city=city,
        postal_code=postal,
        last_seen=seen,
        dob_text=dob_text,
    )


def make_dataset(n_episodes: int, seed: int = 20240307, *, sibling_names: bool = True) -> Dataset:
    """About ``n_episodes`` episodes and 0.9 x as many submissions (deterministic);
    ``sibling_names=False`` copies no sibling's first name (all else the same)."""
    rng = random.Random(seed)
    n_children = max(2, int(n_episodes / 1.15))
    people = _population(rng, int(n_children / 0.92) + 2)
    namer = _Names(random.Random(seed + 1))  # replacement names (own stream: same people)
    in_agency: list[Person] = []
    outsiders: list[Person] = []
    for p in people:
        (in_agency if rng.random() < 0.92 else outsiders).append(p)
    rng.shuffle(in_agency)
    episodes: list[PersonKey] = []
    episode_child: list[int] = []
    start = date(2023, 1, 1).toordinal()
    for p in in_agency:
        count = rng.choices((1, 2, 3), (88, 9, 3))[0]
        seen_days = sorted(rng.sample(range(0, 900, 45), count))
        for day in seen_days:
            seen = date.fromordinal(start + day + rng.randrange(40))
            key = _key(p, f"CR{p.child_id:07d}", seen)
            episodes.append(_corrupt(rng, key, heavy=False, names=namer))
            episode_child.append(p.child_id)
            if len(episodes) >= n_episodes:
                break
        if len(episodes) >= n_episodes:
            break
    subs: list[tuple[PersonKey, int, int]] = []
    for idx, ep in enumerate(episodes):
        if rng.random() < 0.85:
            sub = _corrupt(rng, replace(ep, record_number=None), heavy=True, names=namer)
            subs.append((sub, idx, episode_child[idx]))
    # children the agency has no episode for, many of them siblings of agency children
    outsider_count = int(0.06 * len(subs))
    for p in outsiders[:outsider_count]:
        seen = date.fromordinal(start + rng.randrange(900))
        subs.append((_corrupt(rng, _key(p, None, seen), heavy=True, names=namer), -1, p.child_id))
    rng.shuffle(subs)
    truth = {(ep_idx, s_idx) for s_idx, (_, ep_idx, _) in enumerate(subs) if ep_idx >= 0}
    submissions = [s for s, _, _ in subs]
    if sibling_names:  # last, from a stream of its own: every other value stays as it was
        house = _Household(random.Random(seed + 2), _siblings(people))
        episodes = house.copied(episodes, episode_child, 0.25)
        submissions = house.copied(submissions, [c for _, _, c in subs], 1.0)
    return Dataset(episodes, submissions, truth, episode_child, [c for _, _, c in subs])


def without_addresses(keys: list[PersonKey]) -> list[PersonKey]:
    """The same keys with street, city, state and postal code blanked."""
    return [replace(k, street=None, city=None, state=None, postal_code=None) for k in keys]


def names_and_dob_only(keys: list[PersonKey]) -> list[PersonKey]:
    """Only names and dates of birth (no sex, address, record number or date last seen)."""
    return [PersonKey(k.first, k.last, k.dob, dob_text=k.dob_text) for k in keys]
