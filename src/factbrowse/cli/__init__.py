"""The ``factbrowse`` command line: a thin layer over the core, one module a group of commands.

Exit codes: 0 success; 1 the fact base has errors (``check``), an entry was not found, a search
found nothing, a file would be overwritten or could not be written, the search engine could
not run the query, the folder is not in git (``history``), or ``serve`` cannot listen;
2 usage (bad arguments, no such fact folder). Every user error is one line on stderr; the
non-interactive commands never import Textual.
"""

from factbrowse.cli.main import main, run

__all__ = ["main", "run"]
