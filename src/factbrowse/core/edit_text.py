"""A fact file's text for the in-app editor: opened so that it is safe to show, checked with
the loader's own functions before it is saved, and saved in one step or not at all.

The browser edits in the user's ``$EDITOR`` when it can; in a web browser (``factbrowse
serve``), or with no editor set, it edits in a text box of its own. That box draws the text
on the terminal as it is, so a control character (an ESC starting a sequence) or a character
that reorders or hides text (a bidi override) would reach the terminal raw. They are shown as
TOML escapes instead, ``\\u001B``, which mean the same character inside a ``"..."`` string,
where such characters are allowed at all; a file whose meaning an escape would change (one in
a ``'...'`` string) is left to a text editor.

A save is refused when the file would not load as it stands (the same checks as a load: its
syntax and its schema; a warning, such as a missing citation, does not stop it), and when the
file changed on disk since it was opened (a colleague's save), unless the user confirms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factbrowse.core.atomic import replace_file
from factbrowse.core.parse import MAX_FILE_BYTES, decode, id_problem, parse_bytes, parse_toml
from factbrowse.core.problems import Problem, error
from factbrowse.core.safetext import UNSAFE

BOM = b"\xef\xbb\xbf"
# what sanitize() would replace, and a carriage return that ends no line (TOML allows none);
# the editor splits lines at every break str.splitlines knows, the rest of them included
_ESCAPED = re.compile(f"(?!\r\n){UNSAFE.pattern}")


class CannotEdit(Exception):
    """The file cannot be edited in the app; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class EditableText:
    """A fact file opened for the in-app editor."""

    path: Path
    text: str
    """What the editor shows, and what it saves unless the user changes it."""
    escaped: int
    """How many characters ``text`` shows as ``\\uXXXX`` escapes."""
    original: bytes
    """The file when opened: a save checks that nobody changed it since."""

    @property
    def bom(self) -> bool:
        return self.original.startswith(BOM)


@dataclass(frozen=True, slots=True)
class Saved:
    editable: EditableText
    """The file as saved, for the next save's check."""


@dataclass(frozen=True, slots=True)
class Invalid:
    """The text would not load: not written. Errors only, in the order of the file."""

    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """The file changed on disk since it was opened: not written."""

    reason: str


@dataclass(frozen=True, slots=True)
class NotWritten:
    """Writing failed; the file is as it was."""

    reason: str


SaveResult = Saved | Invalid | Conflict | NotWritten


def open_text(path: Path) -> EditableText:
    """``path``'s text for the editor; :class:`CannotEdit` when it cannot be shown safely."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CannotEdit(f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CannotEdit(f"it is over {MAX_FILE_BYTES // 2**20} MiB: split it in a text editor")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _, problem = decode(path, data)
        where = f" (line {problem.line}, column {problem.col})" if problem else ""
        raise CannotEdit(
            f"it is not valid UTF-8{where}: save it as UTF-8 in a text editor"
        ) from None
    shown, escaped = _ESCAPED.subn(lambda m: f"\\u{ord(m[0]):04X}", text)
    if escaped and not _same_meaning(path, text, shown):
        raise CannotEdit(
            "it has invisible or control characters where an escape would change them "
            "(in a '...' string or a bare key): edit it in a text editor"
        )
    return EditableText(path, shown, escaped, data)


def _same_meaning(path: Path, text: str, shown: str) -> bool:
    """Whether the escapes leave the file's data as it was (a file that does not parse has
    none to change: the escapes only make its broken characters visible)."""
    data, _ = parse_toml(path, text)
    return data is None or parse_toml(path, shown)[0] == data


def errors_in(path: Path, text: str) -> list[Problem]:
    """The errors that would keep ``text``, saved as ``path``, from loading, by the loader's
    own checks; nothing is written."""
    bad_id = id_problem(path)
    parsed = parse_bytes(path, text.encode("utf-8"))
    errors = [p for p in parsed.problems if p.is_error]
    if parsed.entry is None and not errors:  # not expected: parse_bytes says why it failed
        errors = [error(path, 1, 1, "the file would not load")]
    return ([bad_id] if bad_id else []) + errors


def save_text(editable: EditableText, text: str, overwrite: bool = False) -> SaveResult:
    """Write ``text`` over ``editable``'s file if it would load, and (unless ``overwrite``)
    if nobody changed the file since it was opened."""
    path = editable.path
    errors = errors_in(path, text)
    if errors:
        return Invalid(tuple(errors))
    if not overwrite and (changed := _changed(editable)):
        return Conflict(changed)
    data = (BOM if editable.bom else b"") + text.encode("utf-8")
    try:
        replace_file(path, data)
    except OSError as exc:
        return NotWritten(f"cannot write it: {exc.strerror or exc}")
    return Saved(EditableText(path, text, editable.escaped, data))


def _changed(editable: EditableText) -> str | None:
    try:
        now = editable.path.read_bytes()
    except FileNotFoundError:
        return "it was deleted since you opened it"
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    return None if now == editable.original else "it changed on disk since you opened it"
