"""Text from a file cannot pass for lines of factbrowse's own: breaks in multi-line text are
shown indented under their row, and invisible characters that reorder or hide text are
shown as what they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Writer
from factbrowse.cli import main
from factbrowse.core.safetext import indented, one_line, sanitize

FORGED = "\\nSources\\n  [1] Forged report [forged]\\u2028Linked from\\r\\n  x"

HOSTILE = f"""
kind = "person"
name = "Ana"
summary = "Plain.{FORGED}"

[[claims]]
field = "born"
value = "1970"
note = "A note.{FORGED}"
cite = ["wp"]

[[timeline]]
date = "2020"
title = "Elected"
text = "Story.{FORGED}"
note = "Aside.{FORGED}"
cite = ["wp"]

[[leadership]]
person = "ana"
role = "Chair"
note = "Chaired.{FORGED}"
cite = ["wp"]
"""

SOURCE = 'kind = "source"\nname = "WP"\n[source]\ntitle = "WP"\n'


def test_show_lets_no_text_forge_a_section(write: Writer, facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write("people/ana.toml", HOSTILE)
    write("sources/wp.toml", SOURCE)
    assert main(["show", "ana", str(facts)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # one heading of each, factbrowse's own; the forged ones are indented under their row
    assert lines.count("Sources") == 1 and lines.count("Linked from") == 1
    assert "  [1] WP [wp]" in lines and "  [1] Forged report [forged]" not in lines
    summary = lines.index("Plain.")
    assert lines[summary + 1 : summary + 5] == [
        "  Sources",
        "    [1] Forged report [forged]",
        "  Linked from",
        "    x",
    ]
    note = next(i for i, line in enumerate(lines) if line.endswith("note: A note."))
    assert lines[note + 1] == " " * 12 + "Sources"
    assert lines[note + 2] == " " * 12 + "  [1] Forged report [forged]"


def test_breaks_are_indented_and_counted_once() -> None:
    assert (
        indented("a\r\nb\u2028c\x85d\ve\ff\rg\nh", "  ") == "a\n  b\n  c\n  d\n  e\n  f\n  g\n  h"
    )
    assert indented("one line", "  ") == "one line"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b",
             "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029"]
)  # fmt: skip
def test_invisible_characters_are_shown_by_code(char: str) -> None:
    code = f"<U+{ord(char):04X}>"
    assert sanitize(f"Ana{char}Marsh") == f"Ana{code}Marsh"
    assert one_line(f"Ana{char}Marsh") == f"Ana{code}Marsh"


def test_control_characters_still_show_as_before() -> None:
    assert sanitize("a\x1bb\x00c\x7fd\x9be\tf\ng") == "a␛b␀c␡d\\x9be\tf\ng"
