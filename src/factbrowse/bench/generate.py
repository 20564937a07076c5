"""Deterministic synthetic fact bases of realistic shape, valid under the real format.

Every base is a pure function of ``(size, seed)``: the same bytes on every machine. Its shape
follows a hand-made dossier: about 2 KB a file with ~10 claims, ~5 leadership rows, ~10
timeline items and a few relations; ~5% of the entries are sources, and every row cites one
or two of them. Text is drawn from a fixed pseudo-word vocabulary (made by a seeded
generator, nothing is downloaded) with a Zipf distribution, so a few words are everywhere and
most are rare, as in real prose. Links go to popular entries more often than to others
(leaders are people, relation targets, timeline ``involves``, places, events, ``[[id]]``
wiki-links in text), so some entries have thousands of backlinks and most have a few. Dates
use every EDTF form the format documents. Files are spread over subfolders by kind, at most
``SHARD`` files a folder.

A generated base is cached in a folder named after its size, seed and :data:`GEN_VERSION`,
with a hidden manifest (written last, so a half-written folder is never reused) holding the
query set of the search benchmark.
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import random
import re
import shutil
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from factbrowse.core.dates import sort_key

GEN_VERSION = 2  # 2: dates in order, relation targets of the kind their type names
DEFAULT_SEED = 1729
SHARD = 500  # files per subfolder
MANIFEST = ".bench-manifest.json"
VOCABULARY_SIZE = 20_000
QUERY_COUNT = 300

KINDS: tuple[tuple[str, float], ...] = (
    ("source", 0.05),
    ("person", 0.30),
    ("organization", 0.20),
    ("event", 0.25),
    ("place", 0.20),
)
FOLDERS = {
    "source": "sources",
    "person": "people",
    "organization": "organizations",
    "event": "events",
    "place": "places",
}
# mean rows per entry, by kind (sources carry a few uncited-by-nature claims only)
CLAIMS = {"source": 2, "person": 10, "organization": 11, "event": 10, "place": 9}
LEADERS = {"source": 0, "person": 3, "organization": 8, "event": 5, "place": 4}
TIMELINE = {"source": 0, "person": 10, "organization": 12, "event": 10, "place": 9}
RELATIONS = {"source": 0, "person": 2, "organization": 4, "event": 3, "place": 2}

FIELDS = {
    "person": ["born", "nationality", "ethnicity", "role", "status", "education", "languages"],
    "organization": ["founded", "strength", "ideology", "area", "status", "funding", "emblem"],
    "event": ["casualties", "perpetrators", "outcome", "status", "weapons", "duration"],
    "place": ["population", "region", "terrain", "control", "languages", "status"],
    "source": ["language", "pages", "reliability"],
}
ROLES = [
    "Emir",
    "Deputy emir",
    "Spokesman",
    "Military commander",
    "Sharia judge",
    "Treasurer",
    "Founder",
    "Regional commander",
    "Governor",
    "Negotiator",
]
TARGET_KIND = {
    "located-in": "place",
    "operates-in": "place",
    "designated-by": "organization",
    **dict.fromkeys(
        ("part-of", "has-part", "member-of", "parent", "merged-into", "split-from"),
        "organization",
    ),
}
RELATION_TYPES = [
    "part-of",
    "has-part",
    "member-of",
    "parent",
    "merged-into",
    "predecessor",
    "successor",
    "split-from",
    "ally",
    "affiliate",
    "rival",
    "opponent",
    "designated-by",
    "located-in",
    "operates-in",
    "related",
]
ORG_WORDS = ["Front", "Brigade", "Movement", "Council", "Battalion", "Coalition", "Katiba"]
EVENT_WORDS = ["Attack on", "Battle of", "Siege of", "Kidnapping in", "Agreement of", "Raid on"]
PLACE_WORDS = ["", "", "", " Region", " District", " Circle", " Commune"]
PUBLISHERS = ["United Nations", "Institute for Sahel Studies", "Daily Gazette", "Wire Service"]
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
ACCENTS = str.maketrans({"a": "à", "e": "é", "i": "ï", "o": "ô", "u": "ü"})

ONSETS = ["", "b", "d", "f", "g", "k", "l", "m", "n", "r", "s", "t", "y", "z"]
ONSETS += ["ch", "sh", "kh", "dj", "gh", "tr", "br", "w", "h", "p"]
VOWELS = ["a", "e", "i", "o", "u", "ou", "ai", "ia", "a", "i"]
CODAS = ["", "", "", "n", "r", "l", "m", "s", "t", "k"]


# -- randomness helpers -----------------------------------------------------------------------


def zipf_cum(n: int, s: float = 1.07, q: float = 2.7) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights of ranks 0..n-1 (rank 0 most frequent)."""
    return list(itertools.accumulate(1.0 / (k + 1 + q) ** s for k in range(n)))


class Picker:
    """Draws from ``items`` with Zipf weights (the first item most often)."""

    def __init__(self, items: Sequence[str], s: float = 1.07) -> None:
        self.items = list(items)
        self.cum = zipf_cum(len(self.items), s)
        self.total = self.cum[-1] if self.cum else 0.0

    def pick(self, rng: random.Random) -> str:
        i = bisect.bisect(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]

    def many(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + (rng.choice(CODAS) if k == syllables - 1 else "")
        for k in range(syllables)
    )


def make_vocabulary(seed: int, n: int = VOCABULARY_SIZE) -> list[str]:
    """``n`` distinct pseudo-words, short ones first (they get the frequent Zipf ranks)."""
    rng = random.Random(f"vocabulary-{seed}")
    words: dict[str, None] = {}
    while len(words) < n:
        w = _word(rng, rng.choice((1, 2, 2, 2, 3, 3, 4)))
        if len(w) >= 2:
            words.setdefault(w)
    out = list(words)
    out.sort(key=lambda w: len(w) + rng.random() * 4)
    return out


def _names(seed: int, tag: str, n: int) -> list[str]:
    rng = random.Random(f"{tag}-{seed}")
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(_word(rng, rng.choice((2, 2, 3))).capitalize())
    return list(seen)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in text)
    return "-".join(p for p in out.split("-") if p) or "entry"


# -- the plan: every entry's id, kind and names, before any content --------------------------


@dataclass(frozen=True, slots=True)
class Planned:
    n: int
    id: str
    kind: str
    name: str
    short_name: str | None
    aliases: tuple[str, ...]
    relpath: str


class Plan:
    """Ids, kinds and names of all entries of a base, and who links to whom how often."""

    def __init__(self, size: int, seed: int) -> None:
        self.size, self.seed = size, seed
        self.vocabulary = make_vocabulary(seed)
        self.words = Picker(self.vocabulary)
        self.given = _names(seed, "given", 1500)
        self.family = _names(seed, "family", 4000)
        rng = random.Random(f"plan-{seed}-{size}")
        counts = {kind: max(1, round(size * share)) for kind, share in KINDS}
        counts["person"] += size - sum(counts.values())  # exact total
        kinds = [kind for kind, _ in KINDS for _ in range(counts[kind])]
        rng.shuffle(kinds)
        self.entries: list[Planned] = []
        by_kind: dict[str, list[str]] = {kind: [] for kind, _ in KINDS}
        for n, kind in enumerate(kinds):
            name, short, aliases = self._names_of(rng, kind)
            label = name.split()[0] + name[-6:-1] if kind == "source" else short or name
            id = f"{slug(label)}-{n}"
            folder = f"{FOLDERS[kind]}/{len(by_kind[kind]) // SHARD:03d}"
            self.entries.append(Planned(n, id, kind, name, short, aliases, f"{folder}/{id}.toml"))
            by_kind[kind].append(id)
        # popularity: shuffled, so that the most linked entries are anywhere in the base
        self.pickers: dict[str, Picker] = {}
        for kind, ids in by_kind.items():
            popular = list(ids)
            rng.shuffle(popular)
            self.pickers[kind] = Picker(popular, s=0.9)
        self.sources = by_kind["source"]
        everything = [e.id for e in self.entries]
        rng.shuffle(everything)
        self.pickers["any"] = Picker(everything, s=0.9)

    def _names_of(self, rng: random.Random, kind: str) -> tuple[str, str | None, tuple[str, ...]]:
        w = self.words
        if kind == "person":
            given, family = rng.choice(self.given), rng.choice(self.family)
            name = f"{given} {family}"
            aliases = [name.translate(ACCENTS), "".join(rng.choice(ARABIC) for _ in range(7))]
            if rng.random() < 0.4:
                aliases.append(f"Abu {rng.choice(self.given)}")
            return name, None, tuple(aliases[: rng.randint(1, 3)])
        if kind == "organization":
            core = [w.pick(rng).capitalize() for _ in range(rng.randint(1, 3))]
            name = f"{' '.join(core)} {rng.choice(ORG_WORDS)}"
            short = "".join(p[0] for p in name.split()).upper() + str(rng.randint(1, 99))
            other = (f"Front {' '.join(core)}", "".join(rng.choice(ARABIC) for _ in range(9)))
            return name, short, other[: rng.randint(0, 2)]
        if kind == "event":
            place = rng.choice(self.family)
            return f"{rng.choice(EVENT_WORDS)} {place} ({rng.randint(1990, 2025)})", None, ()
        if kind == "place":
            name = rng.choice(self.family) + rng.choice(PLACE_WORDS)
            return name, None, (name.translate(ACCENTS),) if rng.random() < 0.3 else ()
        title = " ".join(w.many(rng, rng.randint(1, 3))).capitalize()
        return f"{title} ({rng.randint(1995, 2025)})", None, ()


# -- content of one entry --------------------------------------------------------------------


def _in_order(row: dict[str, Any]) -> None:
    """Start before end, as a dossier has them (``check`` warns about the other way round);
    swapped, not drawn again, so the rest of the base stays as the seed makes it."""
    if "start" in row and sort_key(row["end"])[1] < sort_key(row["start"])[0]:
        row["start"], row["end"] = row["end"], row["start"]


def edtf(rng: random.Random) -> str:
    """A date in one of the documented EDTF forms, weighted as in a real dossier."""
    y = rng.randint(1990, 2025)
    form = rng.random()
    if form < 0.35:
        return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form < 0.60:
        return f"{y}-{rng.randint(1, 12):02d}"
    if form < 0.80:
        return str(y)
    if form < 0.87:
        return f"{y}~"
    if form < 0.93:
        return f"{y}?"
    if form < 0.98:
        return f"{y}/{min(2025, y + rng.randint(1, 8))}"
    return f"{y}/.."


class EntryWriter:
    def __init__(self, plan: Plan, planned: Planned) -> None:
        self.plan, self.e = plan, planned
        self.rng = random.Random(plan.seed * 1_000_003 + planned.n)

    def text(self, lo: int, hi: int, links: float = 0.0) -> str:
        rng = self.rng
        words = self.plan.words.many(rng, rng.randint(lo, hi))
        if links and rng.random() < links:
            target = self.link("any")
            words.insert(rng.randrange(len(words) + 1), f"[[{target}]]")
        return " ".join(words)

    def link(self, kind: str) -> str:
        for _ in range(8):
            target = self.plan.pickers[kind].pick(self.rng)
            if target != self.e.id:
                return target
        return self.plan.pickers[kind].items[-1]

    def cite(self) -> list[Any]:
        rng, sources = self.rng, self.plan.sources
        # the first citation of each entry goes round the sources, so every source is cited
        first = sources[self.e.n % len(sources)] if rng.random() < 0.1 else self.link("source")
        out: list[Any] = [first]
        if rng.random() < 0.15:
            out.append({"source": self.link("source"), "at": f"p. {rng.randint(1, 300)}"})
        return out

    def count(self, mean: int) -> int:
        return max(0, round(self.rng.gauss(mean, mean / 4))) if mean else 0

    def claim(self) -> dict[str, Any]:
        rng, kind = self.rng, self.e.kind
        row: dict[str, Any] = {"field": rng.choice(FIELDS[kind])}
        r = rng.random()
        row["value"] = (
            rng.randint(10, 50_000) if r < 0.2 else (rng.random() < 0.5) if r < 0.25 else None
        )
        if row["value"] is None:
            row["value"] = self.text(1, 4, links=0.15)
        r = rng.random()
        if r < 0.4:
            row["date"] = edtf(rng)
        elif r < 0.6:
            row["start"] = edtf(rng)
            if rng.random() < 0.5:
                row["end"] = edtf(rng)
                _in_order(row)
        if rng.random() < 0.1:
            row["note"] = self.text(3, 7)
        r = rng.random()
        if r < 0.10:
            row["rank"], row["reason"] = "preferred", self.text(3, 7)
        elif r < 0.15:
            row["rank"], row["reason"] = "deprecated", self.text(3, 7)
        if kind != "source" or rng.random() < 0.5:
            row["cite"] = self.cite()
        return row

    def leader(self) -> dict[str, Any]:
        rng = self.rng
        row: dict[str, Any] = {"person": self.link("person"), "role": rng.choice(ROLES)}
        if rng.random() < 0.8:
            row["start"] = edtf(rng)
        if rng.random() < 0.4:
            row["end"] = edtf(rng)
            _in_order(row)
        row["cite"] = self.cite()
        return row

    def relation(self) -> dict[str, Any]:
        rng = self.rng
        type = rng.choice(RELATION_TYPES)
        # a target of the kind its type names, as check wants (one draw, as for any kind)
        row: dict[str, Any] = {"type": type, "target": self.link(TARGET_KIND.get(type, "any"))}
        if rng.random() < 0.5:
            row["start"] = edtf(rng)
        if rng.random() < 0.2:
            row["note"] = self.text(2, 6)
        row["cite"] = self.cite()
        return row

    def item(self) -> dict[str, Any]:
        rng = self.rng
        row: dict[str, Any] = {"date": edtf(rng), "title": self.text(3, 6, links=0.1)}
        if rng.random() < 0.25:
            row["text"] = self.text(4, 10, links=0.4)
        if rng.random() < 0.4:
            row["involves"] = [
                self.link(rng.choice(("person", "organization"))) for _ in range(rng.randint(1, 2))
            ]
        if rng.random() < 0.3:
            row["place"] = self.link("place")
        if rng.random() < 0.1:
            row["event"] = self.link("event")
        row["cite"] = self.cite()
        return row

    def data(self) -> dict[str, Any]:
        rng, e = self.rng, self.e
        data: dict[str, Any] = {"kind": e.kind, "name": e.name}
        if e.short_name:
            data["short_name"] = e.short_name
        if e.aliases:
            data["aliases"] = list(e.aliases)
        if e.kind != "source" or rng.random() < 0.3:
            data["summary"] = self.text(8, 20, links=0.6)
        if rng.random() < 0.5:
            data["tags"] = self.plan.words.many(rng, rng.randint(1, 3))
        if e.kind == "source":
            data["source"] = {
                "title": self.text(3, 8).capitalize(),
                "author": f"{rng.choice(self.plan.given)} {rng.choice(self.plan.family)}",
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://example.org/{e.id}",
                "published": edtf(rng),
                "type": rng.choice(("primary", "secondary", "secondary", "tertiary")),
            }
            if rng.random() < 0.5:
                data["source"]["accessed"] = str(rng.randint(2015, 2025))
        sections = (
            ("claims", CLAIMS, self.claim),
            ("leadership", LEADERS, self.leader),
            ("relations", RELATIONS, self.relation),
            ("timeline", TIMELINE, self.item),
        )
        for key, means, make in sections:
            rows = [make() for _ in range(self.count(means[e.kind]))]
            if rows:
                data[key] = rows
        return data


_ARRAY = re.compile(r"\[\n((?:    [^\n]*,\n)+)\]")


def _one_line(m: re.Match[str]) -> str:
    return "[" + ", ".join(line.strip().rstrip(",") for line in m[1].splitlines()) + "]"


def entry_toml(plan: Plan, planned: Planned) -> str:
    """The file's text; arrays on one line, as people write them (tomli-w spreads them)."""
    return _ARRAY.sub(_one_line, tomli_w.dumps(EntryWriter(plan, planned).data()))


# -- queries for the search benchmark --------------------------------------------------------


def make_queries(plan: Plan, n: int = QUERY_COUNT) -> list[str]:
    """1-3 word queries and prefixes drawn from the corpus vocabulary and names."""
    rng = random.Random(f"queries-{plan.seed}-{plan.size}")
    out: list[str] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.3:
            q = plan.words.pick(rng)
        elif r < 0.5:
            q = " ".join(plan.words.many(rng, 2))
        elif r < 0.6:
            q = " ".join(plan.words.many(rng, 3))
        elif r < 0.8:  # a word being typed
            w = plan.words.pick(rng)
            q = w[: rng.randint(2, max(2, len(w) - 1))]
        elif r < 0.9:  # a name, perhaps being typed
            e = plan.entries[rng.randrange(len(plan.entries))]
            q = e.name.split(" (")[0]
            if rng.random() < 0.5:
                q = q[: rng.randint(3, max(3, len(q)))]
        else:  # two words, the last one being typed
            a, b = plan.words.many(rng, 2)
            q = f"{a} {b[: rng.randint(2, max(2, len(b)))]}"
        out.append(q.lower() if rng.random() < 0.8 else q)
    return out


# -- writing and caching ---------------------------------------------------------------------


def base_dir(cache: Path, size: int, seed: int) -> Path:
    return cache / f"n{size}-s{seed}-v{GEN_VERSION}"


def read_manifest(root: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


# Files are dated this long ago, as a user's files are when they open their base: a file
# changed within the loader's racy window (2 s) is read again by the next load, so a base
# measured straight after it was written had every file re-read by the warm load (1k: 392 ms
# against 154 ms for the same base a minute later).
AGED_S = 3600


def _write_range(args: tuple[int, int, int, int, str]) -> int:
    size, seed, start, stop, target = args
    plan = _cached_plan(size, seed)
    out = Path(target)
    total = 0
    dated = time.time() - AGED_S
    for planned in plan.entries[start:stop]:
        data = entry_toml(plan, planned).encode("utf-8")
        path = out / planned.relpath
        try:
            path.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.utime(path, (dated, dated))
        total += len(data)
    return total


_PLANS: dict[tuple[int, int], Plan] = {}


def _cached_plan(size: int, seed: int) -> Plan:
    key = (size, seed)
    if key not in _PLANS:
        _PLANS.clear()
        _PLANS[key] = Plan(size, seed)
    return _PLANS[key]


def generate(size: int, seed: int, target: Path, workers: int = 1) -> dict[str, Any]:
    """Write a base of ``size`` entries into ``target`` (which must not exist)."""
    started = time.perf_counter()
    plan = _cached_plan(size, seed)
    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    step = max(1, -(-size // (workers * 4)))
    chunks = [(size, seed, a, min(size, a + step), str(tmp)) for a in range(0, size, step)]
    if workers > 1 and size >= 5000:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            total = sum(pool.map(_write_range, chunks))
    else:
        total = sum(map(_write_range, chunks))
    manifest = {
        "size": size,
        "seed": seed,
        "version": GEN_VERSION,
        "files": size,
        "bytes": total,
        "generated_in_s": round(time.perf_counter() - started, 2),
        "queries": make_queries(plan),
        "kinds": {kind: sum(1 for e in plan.entries if e.kind == kind) for kind, _ in KINDS},
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    tmp.rename(target)
    return manifest


def ensure_base(cache: Path, size: int, seed: int = DEFAULT_SEED, workers: int = 1) -> Path:
    """The folder of the base ``(size, seed)``, generated unless already in ``cache``."""
    root = base_dir(cache, size, seed)
    manifest = read_manifest(root)
    if manifest and manifest.get("size") == size and manifest.get("version") == GEN_VERSION:
        return root
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    generate(size, seed, root, workers)
    return root
