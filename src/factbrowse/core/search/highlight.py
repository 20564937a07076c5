"""Snippets and highlight spans, computed in Python for the returned hits only."""

from __future__ import annotations

import functools

from factbrowse.core.links import Section
from factbrowse.core.search.query import POLICIES, STOP_FIELDS, WEIGHTS, Clause, Term, match_modes
from factbrowse.core.search.rows import Part, Row
from factbrowse.core.search.text import clean, forget_folded, word_spans


@functools.lru_cache(maxsize=65536)
def _within(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


@functools.lru_cache(maxsize=1024)
def _term_modes(term: Term, field: str) -> tuple[bool, int] | None:
    """Whether ``term`` matches words of index ``field`` as a prefix, and within how many
    edits; None when it never matches in that field."""
    if term.stop and field not in STOP_FIELDS:
        return None
    return match_modes(term, POLICIES[field])


@functools.lru_cache(maxsize=2048)
def _words(text: str) -> tuple[tuple[int, int, str], ...]:
    """The words of ``text`` (see :func:`word_spans`), kept: the hits of one query are
    mostly those of the query typed a key before."""
    return tuple(word_spans(text))


def forget_words() -> None:
    """Drop what highlighting keeps of the texts and words it has seen, so that the next
    searches work each out afresh (for measurements that compare two sets of searches)."""
    for kept in (_within, _term_modes, _words):
        kept.cache_clear()
    forget_folded()


def match_spans(
    text: str, clauses: list[Clause], field: str = "body"
) -> tuple[list[tuple[int, int]], int]:
    """Spans of ``text`` (indexed in ``field``) matching the query, and how well it matches
    (higher is better): a word scores 3 matched exactly, 2 as a prefix, 1 within the edits
    allowed. (This runs for every word of every row of every hit: it does the least a word.)"""
    words = _words(text)
    spans: list[tuple[int, int]] = []
    quality = 0
    for clause in clauses:
        best = 0
        if isinstance(clause, Term):
            modes = _term_modes(clause, field)
            if modes is None:
                continue
            prefix, fuzzy = modes
            term, n = clause.text, len(clause.text)
            for start, end, word in words:
                if word == term:
                    best = 3
                elif prefix and word.startswith(term):
                    best = max(best, 2)
                elif fuzzy and abs(len(word) - n) <= fuzzy and _within(word, term, fuzzy):
                    best = max(best, 1)
                else:
                    continue
                spans.append((start, end))
        else:
            n = len(clause.words)
            for k in range(len(words) - n + 1):
                if all(words[k + j][2] == clause.words[j] for j in range(n)):
                    spans.append((words[k][0], words[k + n - 1][1]))
                    best = 3 * n
        quality += best
    return _merge(spans), quality


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


SNIPPET_CHARS = 160
_LEAD = 50  # characters kept before the first highlight when the text is cut


def window(
    text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most about ``size`` characters of ``text`` around its first span, cut at spaces and
    marked with "…", with the spans moved to match."""
    if len(text) <= size:
        return text, tuple(spans)
    anchor = spans[0][0] if spans else 0
    start = max(0, anchor - _LEAD)
    if start > 0:
        space = text.find(" ", start, anchor)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", max(anchor + 1, start + size // 2), end)
        end = space if space > 0 else end
    lead = "…" if start > 0 else ""
    out = lead + text[start:end].strip() + ("…" if end < len(text) else "")
    shift = len(lead) - start
    moved = tuple(
        (s + shift, min(e, end) + shift) for s, e in spans if s >= start and s < end and e > s
    )
    return out, moved


_SEPARATOR = {"value": ": ", "person": ": ", "target": ": "}
_HEADINGS = ("field", "role", "type")


def describe_row(row: Row, clauses: list[Clause]) -> tuple[str, tuple[tuple[int, int], ...], str]:
    """Snippet, highlight spans and the field that matched best, for one row."""
    scored = []
    for part in row.parts:
        part = Part(part.field, part.index_field, clean(part.text))
        spans, quality = match_spans(part.text, clauses, part.index_field)
        scored.append((quality * WEIGHTS[part.index_field], part, spans))
    top = max(scored, key=lambda t: t[0])  # the first part wins ties
    field = top[1].field if top[0] > 0 else row.parts[0].field
    if row.section is Section.HEADER:
        part, spans = (top[1], top[2]) if top[0] > 0 else (row.parts[0], [])
        text, moved = window(part.text, spans)
        return text, moved, field
    # a row reads as one line: "about 2,000 — note", "Emir: Iyad Ag Ghaly" (the heading of a
    # claim, leadership row or relation is in ``Hit.where``: shown again only if it matched)
    text = ""
    all_spans: list[tuple[int, int]] = []
    for _, part, spans in scored:
        if part.field in _HEADINGS and not spans and len(scored) > 1:
            continue
        if text:
            text += _SEPARATOR.get(part.field, " — ")
        all_spans.extend((s + len(text), e + len(text)) for s, e in spans)
        text += part.text
    snippet, moved = window(text, all_spans)
    return snippet, moved, field
