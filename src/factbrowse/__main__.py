"""``python -m factbrowse``."""

from factbrowse.cli import run

if __name__ == "__main__":  # not again in a worker process (see core/read_pool.py)
    run()
