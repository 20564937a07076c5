"""tomllib's syntax errors in the words of someone fixing a fact file.

tomllib says what its parser expected (``Illegal character '\\n'``, ``Invalid value``); a
person needs what is wrong in the file and how to fix it (a closing quote is missing; text
needs quotes). The parser's wording is matched, not its position: the problem keeps the
line and column tomllib gives. A message not known here is passed on as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

UNTERMINATED = "unterminated string (a closing {} is missing)"


def _control(m: re.Match[str]) -> str:
    """A control character in a "..." string (tomllib: Illegal) or elsewhere (Found)."""
    char = _char(m[2])
    code = f"U+{ord(char):04X}" if char != "?" else m[2]
    if m[1] == "Illegal" and char != "?":
        return f"control character {code} in a string: delete it, or write \\u{ord(char):04X}"
    return f"control character {code}: delete it"


def _char(quoted: str) -> str:
    r"""The character of tomllib's ``'\x01'`` (a Python repr); ``?`` if it cannot tell."""
    body = quoted[1:-1]
    try:
        text = body.encode("ascii", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return "?"
    return text if len(text) == 1 else "?"


def _table(m: re.Match[str]) -> str:
    """``('source',)`` or ``('x', 'b')`` (a Python tuple) as ``source`` or ``x.b``."""
    parts = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", m[1])]
    return ".".join(parts) or m[1]


RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Illegal character '\\n'"), UNTERMINATED.format('`"`')),
    (re.compile(r"Found invalid character '\\n'"), UNTERMINATED.format("`'`")),
    (re.compile(r"Unterminated string"), UNTERMINATED.format('`"` or `"""`')),
    (re.compile(r"""Expected "'"$"""), UNTERMINATED.format("`'`")),
    (re.compile(r"""Expected "'''"$"""), UNTERMINATED.format("`'''`")),
    (re.compile(r"""Expected '\"\"\"'$"""), UNTERMINATED.format('`"""`')),
    (re.compile(r"(Illegal|Found invalid) character ('.*')$"), _control),
    (re.compile(r"Invalid value"), 'invalid or missing value: text needs quotes ("...")'),
    (
        re.compile(r"Expected '=' after a key"),
        "expected '=' after the key: write key = value (a key with a space needs quotes)",
    ),
    (
        re.compile(r"Expected newline or end of document after a statement"),
        "expected the end of the line after the value: one key = value a line (does text "
        "lack its quotes?)",
    ),
    (
        re.compile(r"Invalid statement"),
        "a line must be key = value, a [table] or [[table]] header, or a # comment",
    ),
    (
        re.compile(r"Invalid initial character for a key part"),
        "expected a key (letters, digits, _ and -, or a quoted string); an inline table "
        "{ ... } must be on one line",
    ),
    (re.compile(r"Expected '\]' at the end of a table"), "a [table] header needs its ']'"),
    (re.compile(r"Expected '\]\]' at the end of an array"), "a [[table]] header needs its ']]'"),
    (re.compile(r"Unclosed array"), "list not closed: a ',' between items or the ']' is missing"),
    (
        re.compile(r"Unclosed inline table"),
        "inline table not closed: a ',' between its keys or the '}' is missing (it must be "
        "on one line)",
    ),
    (
        re.compile(r"Cannot overwrite a value"),
        "this key is set twice: a key may appear once in a table (or row); keep one",
    ),
    (
        re.compile(r"Cannot declare (\(.*\)) twice"),
        lambda m: f"table [{_table(m)}] is declared twice: merge the two into one",
    ),
    (
        re.compile(r"Cannot (?:mutate immutable|redefine) namespace (\(.*\))"),
        lambda m: (
            f"'{_table(m)}' is given whole already (inline or above): it cannot be added to here"
        ),
    ),
    (
        re.compile(r"Duplicate inline table key '(.*)'"),
        lambda m: f"key '{m[1]}' appears twice in this inline table: keep one",
    ),
    (
        re.compile(r"Unescaped '\\\\?' in a string"),
        'a backslash in "..." starts an escape (\\n, \\", \\\\, \\uXXXX): write \\\\ for a '
        "backslash, or use '...' quotes",
    ),
    (re.compile(r"Invalid hex value"), "\\u needs 4 hexadecimal digits, \\U needs 8"),
    (
        re.compile(r"Escaped character is not a Unicode scalar value"),
        "this escape is not a Unicode character",
    ),
    (
        re.compile(r"Invalid date or datetime"),
        'invalid date: write YYYY-MM-DD, or quote it ("2017-03", "2012~") for a partial '
        "or uncertain date",
    ),
]


def explain(message: str) -> str:
    """tomllib's message (without its position) as a person fixing the file needs it."""
    for pattern, wording in RULES:
        m = pattern.search(message)
        if m:
            return wording if isinstance(wording, str) else wording(m)
    return message[:1].lower() + message[1:]
