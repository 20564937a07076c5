"""``python -m factbrowse.bench``: see :mod:`factbrowse.bench.run`."""

from factbrowse.bench.run import main

raise SystemExit(main())
