"""Where an entry's rows stand in its file, once rows with errors have been left out.

A file whose third relation has an error loads without it, so the entry's relation #3 is the
file's relation #4: a problem found in the entry (a missing link, no citation, a check) is
located by the file's numbering, or it points at the wrong row. A row is left out exactly when
it does not validate on its own (``parse.salvage`` drops the rows that have errors), so the
kept rows are found again by validating each row alone, and only for a section that lost rows.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

from factbrowse.core.locate import KeyPath

if TYPE_CHECKING:
    from factbrowse.core.model import Entry

ROW_SECTIONS = ("names", "claims", "leadership", "relations", "timeline")
_STUB = {"kind": "person", "name": "-"}


class RowMap:
    """Maps an entry's key paths (``("relations", 2, "target")``) to the file's."""

    def __init__(self, kept: dict[str, list[int]] | None = None) -> None:
        self._kept = kept or {}

    @classmethod
    def of_data(cls, data: dict[str, Any], entry: Entry) -> RowMap:
        from pydantic import ValidationError  # pydantic: imported where entries are validated

        from factbrowse.core.model import Entry

        kept: dict[str, list[int]] = {}
        for section in ROW_SECTIONS:
            rows = data.get(section)
            if not isinstance(rows, list) or len(rows) == len(getattr(entry, section)):
                continue
            kept[section] = []
            for i, row in enumerate(rows):
                try:
                    Entry.from_toml_data({**_STUB, section: [row]})
                except ValidationError:
                    continue
                kept[section].append(i)
        return cls(kept)

    @classmethod
    def of_text(cls, text: str, entry: Entry) -> RowMap:
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            return cls()
        return cls.of_data(data, entry)

    def __call__(self, key: KeyPath) -> KeyPath:
        if len(key) < 2 or not isinstance(key[1], int):
            return key
        kept = self._kept.get(str(key[0]))
        if kept is None or key[1] >= len(kept):
            return key
        return (key[0], kept[key[1]], *key[2:])
