"""The table: figure, value, floor, ratio, target and pass/miss; and the JSON beside it.

A result is a dict with ``meta`` and ``rows``; each row is a dict with ``figure``, ``value``
and ``unit`` (``s``, ``MB``, ``x`` or ``text``), and optionally ``floor`` and ``floor_label``,
``ratio``, ``target`` (its text) and ``ok`` (True, False, or None when not judged).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COLUMNS = ("figure", "value", "floor", "ratio", "target", "")


def fmt(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        v = float(value)
        if v < 0.001:
            return f"{v * 1e6:.0f} µs"
        if v < 1:
            return f"{v * 1000:.3g} ms" if v < 0.1 else f"{v * 1000:.0f} ms"
        return f"{v:.2f} s"
    if unit == "MB":
        return f"{float(value):,.0f} MB"
    if unit == "x":
        return f"{float(value):.2f}x"
    return str(value)


def cells(row: dict[str, Any]) -> list[str]:
    unit = row.get("unit", "s")
    floor = row.get("floor")
    floor_text = ""
    if floor is not None:
        floor_text = fmt(floor, row.get("floor_unit", unit))
        if row.get("floor_label"):
            floor_text += f" ({row['floor_label']})"
    ratio = row.get("ratio")
    ok = row.get("ok")
    mark = "" if ok is None else "pass" if ok else "MISS"
    return [
        str(row["figure"]),
        fmt(row.get("value"), unit) + (f" {row['note']}" if row.get("note") else ""),
        floor_text,
        "" if ratio is None else f"{ratio:.2f}x",
        row.get("target") or "",
        mark,
    ]


def render(result: dict[str, Any]) -> str:
    """The result as a plain-text table, one row per figure, grouped by section."""
    table = [list(COLUMNS)]
    sections: list[tuple[int, str]] = []
    last = None
    for row in result.get("rows", []):
        if row.get("section") != last:
            last = row.get("section")
            sections.append((len(table), str(last or "")))
        table.append(cells(row))
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    lines = []
    heads = dict(sections)

    def line(r: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()

    lines.append(line(table[0]))
    lines.append("  ".join("-" * w for w in widths))
    for n, r in enumerate(table[1:], start=1):
        if heads.get(n):
            lines.append(f"[{heads[n]}]")
        lines.append(line(r))
    meta = result.get("meta", {})
    if meta:
        lines.append("")
        lines.append(
            "  ".join(f"{k}: {v}" for k, v in meta.items() if isinstance(v, str | int | float))
        )
    for note in result.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)


def write_json(result: dict[str, Any], out: Path, stamp: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return path
