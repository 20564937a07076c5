"""Browser-like history of places visited: back, forward, and the path walked."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """An entry, the tab shown and the row under the cursor."""

    id: str
    tab: str = "profile"
    row: int = 0


@dataclass
class History:
    """``visit`` forgets the forward list, as a browser does; ``back``/``forward`` take the
    place the user is leaving (with its current tab and row) so returning restores it."""

    back_stack: list[Place] = field(default_factory=list)
    current: Place | None = None
    forward_stack: list[Place] = field(default_factory=list)

    def visit(self, place: Place, leaving: Place | None = None) -> None:
        if self.current is not None:
            self.back_stack.append(leaving or self.current)
        self.current = place
        self.forward_stack.clear()

    def update(self, leaving: Place) -> None:
        """Remember where in the current entry the user is."""
        if self.current is not None and self.current.id == leaving.id:
            self.current = leaving

    def back(self, leaving: Place | None = None) -> Place | None:
        if not self.back_stack:
            return None
        if leaving is not None:
            self.update(leaving)
        if self.current is not None:
            self.forward_stack.append(self.current)
        self.current = self.back_stack.pop()
        return self.current

    def forward(self, leaving: Place | None = None) -> Place | None:
        if not self.forward_stack:
            return None
        if leaving is not None:
            self.update(leaving)
        if self.current is not None:
            self.back_stack.append(self.current)
        self.current = self.forward_stack.pop()
        return self.current

    def trail(self, limit: int = 8) -> list[Place]:
        """The path walked up to the current place (the last ``limit`` places)."""
        path = [*self.back_stack, *([self.current] if self.current else [])]
        return path[-limit:]

    def forget(self, ids: set[str]) -> None:
        """Drop places of entries that no longer exist."""
        self.back_stack = [p for p in self.back_stack if p.id not in ids]
        self.forward_stack = [p for p in self.forward_stack if p.id not in ids]
