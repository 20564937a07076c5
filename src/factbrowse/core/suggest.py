""" "Did you mean": the id closest to a missing one, found through an index of id ends.

Comparing a missing id with every id of the base (``difflib.get_close_matches``) cost 5 ms
per lookup in a 2,000-entry base and grows with the base: 200 deleted people, linked 6,300
times, kept ``check`` busy for 32 s and the browser at 100% for minutes. A slip of the hand
(a letter left out, doubled, replaced, two swapped) leaves some key of an id as it was: its
first two letters, its last two, its first and last, or its letters sorted. Only the ids that
share one of these keys, and are about as long, are compared: at most
:data:`MAX_CANDIDATES`, however large the base, and each missing id once. Among them difflib
ranks as before, so the common typo gets the same suggestion.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

MAX_CANDIDATES = 500  # ids compared per lookup
CUTOFF = 0.6  # difflib's default: below this, nothing is suggested


def _ends(word: str) -> tuple[str, ...]:
    """The keys an id is found by: its first two letters, its last two, its first and last,
    and its letters sorted (two swapped letters keep only that in a short id)."""
    return "^" + word[:2], word[-2:] + "$", f"^{word[:1]}-{word[-1:]}$", "".join(sorted(word))


def slug(text: str) -> str:
    """A name as an id would spell it: ``Abubakar Shekau`` -> ``abubakar-shekau``."""
    return _NOT_ID.sub("-", text.casefold()).strip("-")


_NOT_ID = re.compile(r"[^a-z0-9]+")


class Suggester:
    """Suggests among a fixed set of ids (build a new one when the ids change: 100,000 ids
    take about 0.1 s). When no id is spelled like the missing one, an id one of whose
    names (``names``: id -> its name, short name and aliases) it spells, or whose
    hyphen-separated words it is a run of (``shekau`` -> ``abubakar-shekau``), is suggested;
    that index is built at the first such miss."""

    def __init__(
        self, ids: Iterable[str], names: Callable[[], Iterable[tuple[str, str]]] | None = None
    ) -> None:
        self._ids = list(ids)
        self._by_end: dict[str, list[str]] = defaultdict(list)
        for id in self._ids:
            for end in _ends(id):
                self._by_end[end].append(id)
        self._memo: dict[str, str | None] = {}
        self._names = names
        self._by_name: dict[str, str] | None = None

    def suggest(self, word: str) -> str | None:
        """The id most like ``word``, if one is like enough."""
        if word not in self._memo:
            self._memo[word] = self._closest(word) or self._named(word)
        return self._memo[word]

    def _named(self, word: str) -> str | None:
        if self._by_name is None:
            by_name: dict[str, str] = {}
            for id, name in self._names() if self._names else ():
                by_name.setdefault(slug(name), id)
            for id in sorted(self._ids, key=len):  # the shortest id with the run wins
                parts = id.split("-")
                for i in range(len(parts)):
                    for j in range(i + 1, len(parts) + 1):
                        if (i, j) != (0, len(parts)):
                            by_name.setdefault("-".join(parts[i:j]), id)
            self._by_name = by_name
        found = self._by_name.get(word)
        return found if found != word else None

    def _closest(self, word: str) -> str | None:
        n = len(word)
        gap = max(2, n // 4)
        shared: Counter[str] = Counter(
            id
            for end in _ends(word)
            for id in self._by_end.get(end, ())
            if abs(len(id) - n) <= gap and id != word
        )
        # the ids sharing the most ends, then the nearest in length, are compared
        pool = heapq.nsmallest(
            MAX_CANDIDATES, shared, key=lambda c: (-shared[c], abs(len(c) - n), c)
        )
        close = difflib.get_close_matches(word, pool, n=1, cutoff=CUTOFF)
        return close[0] if close else None
