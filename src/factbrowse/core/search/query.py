"""User text to query clauses, and how each clause may match each field."""

from __future__ import annotations

from dataclasses import dataclass

from factbrowse.core.search.text import analyze

MAX_CLAUSES = 12


@dataclass(frozen=True, slots=True)
class Term:
    """A query word: matched exactly, as a prefix if ``prefix``, within ``fuzzy`` edits."""

    text: str
    prefix: bool = False
    fuzzy: int = 0
    stop: bool = False  # a stop word ("the") in a query of stop words: matched in names only


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


Clause = Term | Phrase


def _fuzzy_distance(term: str) -> int:
    if any(c.isdigit() for c in term) or len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2


def parse_query(query: str) -> list[Clause]:
    """Split user text into clauses; never fails. Text in double quotes is a phrase (an
    unclosed quote is ignored); everything else is folded words. Operators and punctuation are
    plain text: ``AND`` is the word "and", ``:*()`` separate words."""
    parts = query.split('"')
    closed = len(parts) % 2 == 1
    words: list[str] = []
    clauses: list[Clause] = []
    for i, part in enumerate(parts):
        tokens = analyze(part)
        quoted = i % 2 == 1 and (closed or i < len(parts) - 1)
        if quoted and len(tokens) > 1:
            clauses.append(Phrase(tuple(tokens)))
        elif quoted and tokens:
            clauses.append(Term(tokens[0]))
        else:
            words.extend(tokens)
    seen: set[str] = set()
    for n, word in enumerate(words):
        if word in seen:
            continue
        seen.add(word)
        last = n == len(words) - 1 and not query.rstrip('"').endswith((" ", "\t"))
        prefix = len(word) >= (2 if last else 4) and not word.isdigit()
        clauses.append(Term(word, prefix, _fuzzy_distance(word)))
    return clauses[:MAX_CLAUSES]


@dataclass(frozen=True, slots=True)
class FieldPolicy:
    """How a word matches one index field: its weight, the shortest word matched as a prefix,
    the shortest matched fuzzily and the most edits allowed. Short prefixes and wide fuzzy
    matches expand to many terms in long text, so they are kept to the names."""

    weight: float
    prefix_from: int
    fuzzy_from: int
    fuzzy_max: int


# Scored fields, strongest first (names and aliases alike: "names"), then "context".
POLICIES = {
    "names": FieldPolicy(6.0, 2, 4, 2),
    "title": FieldPolicy(2.0, 4, 4, 2),
    "body": FieldPolicy(1.0, 5, 5, 1),
}
CONTEXT_POLICY = FieldPolicy(0.0, 5, 5, 1)
WEIGHTS = {name: policy.weight for name, policy in POLICIES.items()}
PREFIX_SHARE = 0.5  # a prefix match scores a constant share of the field's weight
FUZZY_SHARE = 0.25  # a fuzzy match a smaller one
CONTEXT_SCORE = 2.0  # a word matching the entry's names on a row counts like a heading match
# A word in at least this many documents (or this share of them) is common; in this share,
# a stop word.
COMMON_DOCS = 2000
COMMON_SHARE = 0.002
STOPWORD_SHARE = 0.05
STOP_FIELDS = ("names", "title")


def match_modes(term: Term, policy: FieldPolicy) -> tuple[bool, int]:
    """Whether ``term`` matches as a prefix, and within how many edits, under ``policy``."""
    n = len(term.text)
    prefix = term.prefix and n >= policy.prefix_from
    fuzzy = min(term.fuzzy, policy.fuzzy_max) if n >= policy.fuzzy_from else 0
    return prefix, fuzzy
