"""What every pane builder needs to know about the entry being shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.profile import cited_sources


@dataclass(frozen=True)
class Ctx:
    record: Record
    base: BaseView

    @property
    def names(self) -> Mapping[str, str]:
        return self.base.names

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Source id -> citation number, by first use in the entry."""
        return {s: n for n, s in enumerate(cited_sources(self.record.entry), start=1)}

    def name(self, id: str) -> str:
        return self.names.get(id, id)
