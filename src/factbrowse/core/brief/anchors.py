"""Where the links of a brief lead: the anchor of an entry in the document, and which web
addresses may be live links at all."""

from __future__ import annotations

import hashlib
import re

from factbrowse.core.vocab import is_id

# an address with a scheme that opens a page, nothing a reader could not see in it, and none
# of the characters that end an autolink or an HTML attribute
_WEB = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def anchor(id: str) -> str:
    """``entry-ID``; an id that is not one (a file name the loader took as it is) by a
    digest, so that an anchor is always letters, digits and hyphens."""
    return f"entry-{id}" if is_id(id) else f"entry-x{hashlib.sha1(id.encode()).hexdigest()[:12]}"


def source_anchor(id: str) -> str:
    return "source-" + anchor(id).removeprefix("entry-")


def safe_url(url: str) -> bool:
    """Whether ``url`` may be a live link: http or https, as written (a ``javascript:``
    address or one with a control character in it is shown as text)."""
    return _WEB.fullmatch(url) is not None
