"""Ranked full-text search over a fact base, with tantivy (BM25).

Every row of an entry is a tantivy document: each claim, leadership row, relation and
timeline item; the header is several (the name with the summary and source data, then the
short name and each alias on its own, so that a name is ranked on its own length). A
document's text goes into three scored fields, strongest first: ``names`` (name, short name,
aliases), ``title`` (a row's heading: claim field, role, relation type, timeline title,
source title) and ``body`` (values, notes, texts, the leader's or target's name, summary). A
fourth field, ``context``, holds the entry's names on every row, so that ``kouffa fulani``
finds the row of Kouffa's profile that says Fulani and ``jnim emir`` JNIM's leadership row;
used only in queries of several words, it adds a constant to the score.

Text is folded at index and query time by one registered analyzer (split on non-alphanumerics,
lowercase, ASCII folding), so ``petronin`` finds ``Pétronin`` and back. Apostrophes inside a
word are dropped first (``Jama'at`` is ``jamaat``). A query is built programmatically from its
tokens (user text never reaches tantivy's query parser): every word must match (falling back to
any word when no row matches them all), each in any field, exactly, as a prefix, or within one
or two edits (see :data:`POLICIES`); exact beats prefix beats fuzzy because a word matching
exactly matches the other ways as well. ``"double quotes"`` make a phrase.

Hits are grouped per entry (its best row). Snippets and highlight spans are computed in Python
for a returned hit when first read (a screen shows the first twenty or so of fifty), by
matching the same folded words against the row's text.
"""

from factbrowse.core.search.hits import Hit
from factbrowse.core.search.index import MAX_LIMIT, SearchError, SearchIndex
from factbrowse.core.search.query import parse_query

__all__ = ["MAX_LIMIT", "Hit", "SearchError", "SearchIndex", "parse_query"]
