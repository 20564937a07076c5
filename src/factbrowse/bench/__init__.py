"""The factbrowse benchmark: ``python -m factbrowse.bench`` (see :mod:`factbrowse.bench.run`).

Kept import-free, so a measuring subprocess pays only for what it measures."""
