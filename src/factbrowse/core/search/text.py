"""Text folding shared by the index, the queries and the highlighter: NFC, apostrophes
inside words dropped, lowercase, ASCII folding."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import tantivy

ANALYZER = "fold"
MAX_TOKEN = 40  # longer tokens are dropped, as by tantivy's default tokenizer
_APOSTROPHES = "'’ʼ‘`´"
_INNER_APOSTROPHE = re.compile(rf"(?<=[^\W_])[{_APOSTROPHES}](?=[^\W_])")
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")
_SPACES = re.compile(r"\s+")


def make_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_QUERY_ANALYZER = make_analyzer()


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Display form of text: NFC, whitespace runs as one space."""
    text = _nfc(text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def for_index(text: str) -> str:
    """Text as it is given to the analyzer: NFC, apostrophes inside words dropped."""
    text = _nfc(text)
    if not _APOSTROPHE_SET.isdisjoint(text):
        text = _INNER_APOSTROPHE.sub("", text)
    return text


def analyze(text: str) -> list[str]:
    """The folded terms of ``text``, exactly as they are indexed."""
    return list(_QUERY_ANALYZER.analyze(for_index(text)))


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """The term a word of displayed text is indexed as ('' if none)."""
    if word.isascii():
        word = word.translate(_NO_APOSTROPHES)
        return word.lower() if len(word) <= MAX_TOKEN else ""
    return "".join(_QUERY_ANALYZER.analyze(word.translate(_NO_APOSTROPHES)))


_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)


def forget_folded() -> None:
    """Drop the folded words kept (see :func:`_fold_word`)."""
    _fold_word.cache_clear()


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text``."""
    for m in _WORD.finditer(text):
        term = _fold_word(m[0])
        if term:
            yield m.start(), m.end(), term
