"""Bytes of one fact file to an :class:`Entry`, or to problems that say exactly where and why.

Everything that can be known from the file alone is checked here: encoding, TOML syntax, the
schema (at the line of the offending key, with "did you mean"), and uncited statements. Checks
that need other files (missing link targets, duplicate ids) belong to the fact base.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from factbrowse.core.first_errors import count_errors, first_errors, row_count
from factbrowse.core.locate import KeyPath, key_positions, locate
from factbrowse.core.model import FIELDS_BY_MODEL, Entry, field_names
from factbrowse.core.problems import MAX_PER_FILE, Problem, error, more_problems, warning
from factbrowse.core.rowmap import RowMap
from factbrowse.core.toml_messages import explain
from factbrowse.core.vocab import ID_PATTERN, Kind

MAX_FILE_BYTES = 2 * 1024 * 1024
# beyond this many schema errors, turning them all into problems costs seconds (see
# first_errors); below it, all are read, so that the rows without one are kept
FULL_DETAIL = 1000
CHUNKED_ROWS = 5000  # a file with more rows has its errors counted before it is validated
_ID = re.compile(ID_PATTERN)
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
# tomllib takes time quadratic in the length of a dotted key (50,000 parts: 35 s, 10 GB);
# no fact file needs more than a handful, so a very long chain is refused before parsing.
MAX_KEY_PARTS = 32
_LONG_DOTTED_KEY = re.compile(
    r"""(?:^|[{,])[ \t]*\[{0,2}[ \t]*"""  # where a key can start: a line, a table, a pair
    r"""(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*)""" + f"{{{MAX_KEY_PARTS},}}",
    re.MULTILINE,
)
CITED_SECTIONS = {
    "claims": "claim",
    "leadership": "leadership row",
    "relations": "relation",
    "timeline": "timeline item",
}


@dataclass(slots=True)
class ParsedFile:
    """What one file gave: an entry when it is usable, and its own problems.

    ``partial``: the file has schema errors, and ``entry`` is what remains without the
    offending rows, so one typo in a claim does not hide the rest of the entry."""

    entry: Entry | None
    problems: list[Problem] = field(default_factory=list)
    partial: bool = False


def id_problem(path: Path) -> Problem | None:
    if _ID.fullmatch(path.stem):  # not match: its `$` would take "abc\n" too
        return None
    suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "entry"
    return error(
        path,
        1,
        1,
        f"file name '{path.name}' is not a valid entry id: use lowercase letters, digits and "
        f"hyphens, e.g. '{suggestion}.toml'",
    )


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    trailing_newline = text.endswith(("\n", "\r"))
    if trailing_newline:
        return len(lines) + 1, 1
    return len(lines), len(lines[-1]) + 1


def decode(path: Path, data: bytes, size: int | None = None) -> tuple[str | None, Problem | None]:
    """Decode as UTF-8 (a BOM is allowed); a bad byte is reported at its line and column.
    ``size`` is the file's size on disk, when the reader left an oversized file unread."""
    size = len(data) if size is None else max(size, len(data))
    if size > MAX_FILE_BYTES:
        mib = size / 1024 / 1024
        return None, error(
            path, 1, 1, f"file is {mib:.1f} MiB; an entry file may be at most 2 MiB: split it"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        col = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return None, error(
            path,
            line,
            col,
            f"file is not valid UTF-8 (byte 0x{data[start]:02x}): save it as UTF-8",
        )
    if not text.strip():
        return None, error(path, 1, 1, "file is empty: an entry needs at least kind and name")
    return text, None


def parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """TOML 1.0 text to data, or the first syntax error at its line and column.

    rtoml (compiled, about 11x faster than tomllib; the parser chosen in issue 11 by
    conformance, speed and a thread stress that toml-rs failed) reads the files. tomllib, the
    standard library's exact TOML 1.0 reader, judges what rtoml rejects (for its message and
    position, and because rtoml refuses some valid files: very deep nesting, a float that
    overflows to inf, which the model then reports at its key) and what may use TOML 1.1
    syntax, which rtoml accepts and TOML 1.0 does not.
    """
    long_key = _LONG_DOTTED_KEY.search(text) if text.count(".") >= MAX_KEY_PARTS else None
    if long_key:
        start = long_key.start() + len(long_key[0]) - len(long_key[0].lstrip("{,[ \t"))
        line, col = _position(text, start)
        return None, error(
            path, line, col, f"dotted key has more than {MAX_KEY_PARTS} parts: shorten it"
        )
    try:
        data: dict[str, Any] | None = rtoml.loads(text)
    except (rtoml.TomlParsingError, ValueError):  # ValueError: an int of over 4,300 digits
        data = None
    if data is None or _may_use_toml_1_1(text):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return None, _syntax_error(path, text, str(exc))
        except ValueError:  # Python's cap on the digits of an int it converts from text
            line, col = _position(text, m.start()) if (m := _HUGE_NUMBER.search(text)) else (1, 1)
            return None, error(path, line, col, "number too long to read: shorten it")
        except RecursionError:
            return None, error(path, 1, 1, "TOML nesting is too deep to read: flatten the file")
        except MemoryError:
            return None, error(path, 1, 1, "file is too large to read")
    return data, None


# Each starts with a literal, so that re skips ahead to it: about 1 us a file, where one
# pattern of alternatives took 100.
_TIME_WITHOUT_SECONDS = re.compile(r":\d\d(?![\d:])(?<=(?<![\d:])\d\d:\d\d)")
_TRAILING_COMMA = re.compile(r",\s*\}")
_BYTE_ESCAPE = re.compile(r"\\[xe]")
_HUGE_NUMBER = re.compile(r"[0-9_]{4300}")  # past sys.get_int_max_str_digits(), int() refuses


def _may_use_toml_1_1(text: str) -> bool:
    """TOML 1.1 allows what TOML 1.0 forbids, and rtoml reads 1.1: \\x and \\e escapes, a time
    without seconds, newlines and a trailing comma in an inline table. True where any of them
    may appear (or a stray BOM, which rtoml lets through). It errs towards True: a match inside
    a string only costs a slower parse of that file."""
    return bool(
        "\ufeff" in text
        or ("\\" in text and _BYTE_ESCAPE.search(text))
        or _TIME_WITHOUT_SECONDS.search(text)
        or _TRAILING_COMMA.search(text)
        or _inline_table_left_open(text)
    )


def _inline_table_left_open(text: str) -> bool:
    """A line that opens more braces than it closes: an inline table may go on past it."""
    i = text.find("{")
    while i != -1:
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        end = len(text) if end == -1 else end
        if text.count("{", start, end) > text.count("}", start, end):
            return True
        i = text.find("{", end)
    return False


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_error(path: Path, text: str, message: str) -> Problem:
    """tomllib's "... (at line L, column C)" as a problem there, in words that say what to
    fix (``toml_messages.py``)."""
    m = _TOML_AT.search(message)
    if m:
        line, col = int(m[1]), int(m[2])
        message = explain(message[: m.start()])
    else:
        line, col = _end_position(text)
        message = explain(_TOML_END.sub("", message)) + " at end of file"
    return error(path, line, col, f"TOML syntax: {message}")


def _model_at(loc: KeyPath) -> type:
    for part in reversed(loc):
        if isinstance(part, str) and part in FIELDS_BY_MODEL:
            return FIELDS_BY_MODEL[part]
    return Entry


def _where(loc: KeyPath) -> str:
    """``("claims", 2, "cite")`` -> ``"claims #3 > cite"``, as a person counts rows."""
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            words[-1] += f" #{part + 1}"
        else:
            words.append(part)
    return " > ".join(words)


def _short(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 200:  # repr refuses 4,300 digits
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(err: dict[str, Any]) -> tuple[KeyPath, str]:
    """A pydantic error as (where it points, what a person should read). The tags of a
    claim value's kind (``<quantity>``) choose the keys to suggest, and are not shown."""
    tagged: KeyPath = tuple(p for p in err["loc"] if isinstance(p, str | int))
    loc: KeyPath = tuple(p for p in tagged if not (isinstance(p, str) and p.startswith("<")))
    kind = err["type"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "entry")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        parent = loc[:-1]
        fields = field_names(_model_at(tagged[:-1]))
        where = f" in {_where(parent)}" if parent else ""
        hint = _did_you_mean(str(name), fields)
        return loc, f"unknown key '{name}'{where}{hint}; known keys: {', '.join(fields)}"
    label = _where(loc) or "entry"
    if kind == "missing":
        table = _where(loc[:-1])
        return loc[:-1], f"missing required key '{name}'" + (f" in {table}" if table else "")
    if kind == "enum":
        choices = re.findall(r"'([^']+)'", ctx.get("expected", ""))
        hint = _did_you_mean(str(value), choices)
        return loc, f"{label} must be one of {', '.join(choices)}; got {_short(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return loc, (
            f"{label} must be an entry id (lowercase letters, digits and hyphens, the file "
            f"name without .toml); got {_short(value)}"
        )
    if kind == "finite_number":
        return loc, f"{label} must be a finite number; got {value} (quote it to keep it as text)"
    if kind == "int64":
        return loc, f"{label} must be an integer from -2^63 to 2^63-1; got {_short(value)}"
    if kind == "line_break":
        return loc, (
            f"{label} must be a single line; got a line break ({ctx.get('char')}) in "
            f"{_short(value)}"
        )
    if kind == "string_too_short":
        return loc, f"{label} must not be empty"
    if kind == "string_type":
        return loc, f"{label} must be a string; got {_short(value)}"
    if kind in ("list_type", "tuple_type"):
        example = ' e.g. cite = ["source-id"]' if name == "cite" else ""
        return loc, f"{label} must be a list{example}; got {_short(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type", "dataclass_type"):
        return loc, f"{label} must be a table; got {_short(value)}"
    if kind == "value_error":
        message = str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
        return loc, f"{label}: {message}" if loc else message
    return loc, f"{label}: {err['msg']}"


_ROWS = (*CITED_SECTIONS, "aliases", "tags", "names")
_ENTRY_KEYS = frozenset(field_names(Entry))
_OPTIONAL = ("short_name", "summary", "aliases", "tags", "names", "began", "ended", *CITED_SECTIONS)


def salvage(data: dict[str, Any], locs: list[KeyPath]) -> Entry | None:
    """The entry without the rows and optional keys that have errors, if that validates."""
    from pydantic import ValidationError  # pydantic: imported where entries are validated

    drop_rows: dict[str, set[int]] = {}
    drop_keys: set[str] = set()
    drop_source_keys: set[str] = set()
    for loc in locs:
        if len(loc) >= 2 and loc[0] in _ROWS and isinstance(loc[1], int):
            drop_rows.setdefault(str(loc[0]), set()).add(loc[1])
        elif len(loc) == 2 and loc[0] == "source" and loc[1] not in ("title", "type"):
            drop_source_keys.add(str(loc[1]))
        elif len(loc) >= 1 and (loc[0] in _OPTIONAL or loc[0] not in _ENTRY_KEYS):
            drop_keys.add(str(loc[0]))
        else:
            return None  # kind, name or the source table itself is wrong
    cleaned = {k: v for k, v in data.items() if k not in drop_keys}
    if drop_source_keys and isinstance(cleaned.get("source"), dict):
        source = cleaned["source"]
        cleaned["source"] = {k: v for k, v in source.items() if k not in drop_source_keys}
    for key, rows in drop_rows.items():
        if isinstance(cleaned.get(key), list):
            cleaned[key] = [row for i, row in enumerate(cleaned[key]) if i not in rows]
    try:
        return Entry.from_toml_data(cleaned)
    except ValidationError:
        return None


def validate(path: Path, text: str, data: dict[str, Any]) -> ParsedFile:
    from pydantic import ValidationError  # pydantic: imported where entries are validated

    if row_count(data) > CHUNKED_ROWS and (total := count_errors(data)) > FULL_DETAIL:
        return _too_broken(path, text, data, total)
    try:
        entry = Entry.from_toml_data(data)
    except ValidationError as exc:
        total = exc.error_count()
        if total > FULL_DETAIL:
            return _too_broken(path, text, data, total)
        errors = exc.errors(include_url=False)
        problems = _problems(path, text, [dict(err) for err in errors])
        locs = [tuple(p for p in err["loc"] if isinstance(p, str | int)) for err in errors]
        rest = salvage(data, locs)
        if rest is not None:
            problems.extend(uncited(path, text, rest, RowMap.of_data(data, rest)))
        problems = sorted(set(problems))
        return ParsedFile(rest, _capped(path, text, problems), partial=rest is not None)
    return ParsedFile(entry, _capped(path, text, uncited(path, text, entry)))


def _too_broken(path: Path, text: str, data: dict[str, Any], total: int) -> ParsedFile:
    """A file with more than :data:`FULL_DETAIL` errors: its first ones, and no salvage."""
    found = _problems(path, text, first_errors(data, MAX_PER_FILE))
    return ParsedFile(None, _capped(path, text, found, total, errors=True))


def _problems(path: Path, text: str, errors: list[dict[str, Any]]) -> list[Problem]:
    positions = key_positions(text)
    out = []
    for err in errors:
        loc, message = describe(err)
        line, col = locate(text, loc, positions)
        out.append(error(path, line, col, message))
    return out


def _capped(
    path: Path, text: str, problems: list[Problem], total: int = 0, errors: bool = False
) -> list[Problem]:
    """The first :data:`MAX_PER_FILE` problems, then one at the end of the file (where it
    sorts last) saying how many more there are, of ``total`` or of ``problems``."""
    shown = problems[:MAX_PER_FILE]
    more = max(total, len(problems)) - len(shown)
    if more <= 0:
        return shown
    hidden_errors = errors or any(p.is_error for p in problems[MAX_PER_FILE:])
    line, col = _end_position(text)
    return [*shown, more_problems(path, line, col, more, hidden_errors)]


def uncited(path: Path, text: str, entry: Entry, rows: RowMap | None = None) -> list[Problem]:
    """A warning for each statement without a citation (a source needs none for itself).
    ``rows``: where the entry's rows are in the file, when some were left out."""
    if entry.kind is Kind.SOURCE:
        return []
    missing: list[KeyPath] = [
        (section, i)
        for section in CITED_SECTIONS
        for i, row in enumerate(getattr(entry, section))
        if not row.cite
    ]
    missing += [
        (key,) for key in ("began", "ended") if (life := getattr(entry, key)) and not life.cite
    ]
    if not missing:
        return []
    positions = key_positions(text)
    out = []
    for key in missing:
        line, col = locate(text, rows(key) if rows else key, positions)
        what = CITED_SECTIONS.get(str(key[0]), f"[{key[0]}]")
        out.append(warning(path, line, col, f"{what} has no citation: add cite = [...]"))
    return out


def parse_bytes(path: Path, data: bytes, size: int | None = None) -> ParsedFile:
    """The whole per-file pipeline; never raises for anything a file can contain. ``size``:
    as for :func:`decode`."""
    text, problem = decode(path, data, size)
    if text is None:
        return ParsedFile(None, [problem] if problem else [])
    toml, problem = parse_toml(path, text)
    if toml is None:
        return ParsedFile(None, [problem] if problem else [])
    try:
        return validate(path, text, toml)
    except RecursionError:
        return ParsedFile(None, [error(path, 1, 1, "nesting is too deep: flatten the file")])
