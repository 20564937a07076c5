"""``python -m factbrowse``."""

from factbrowse.cli import run

run()
