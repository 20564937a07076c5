"""The worked example in docs/format.md is a valid fact base, as the page promises."""

from __future__ import annotations

import re
from pathlib import Path

from factbrowse.core.loader import load

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"
EXAMPLE = re.compile(r"`facts/([\w/-]+\.toml)`:\n\n```toml\n(.*?)```", re.DOTALL)


def test_complete_example_loads_without_problems(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    files = EXAMPLE.findall(text)
    assert len(files) == 5
    for relpath, body in files:
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    base = load(tmp_path)
    assert [str(p) for p in base.problems] == []
    front = base.get("example-front")
    assert [c.value for c in front.entry.claims if c.field == "strength"] == [
        "about 1,000",
        "2,000-3,000",
    ]
    assert {b.origin for b in base.linked_from("jane-doe")} == {"example-front"}
