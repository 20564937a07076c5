"""The README's picture of the served browser: ``factbrowse serve`` on the bundled dossier,
opened in headless Chromium, Koufa found with ``/`` and opened.

    uv run python tests/served_screenshot.py docs/served-browser.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from chromium import ENTER, Chromium, missing
from served import Served, free_port, user_env

WIDTH, HEIGHT = 1280, 880  # the window; the page gets 1280 x 737 of it, headless


def take(out: Path) -> None:
    with tempfile.TemporaryDirectory() as home:
        # from a folder with no facts/ and no $FACTBROWSE_PATH: the bundled dossier
        served = Served(["--port", str(free_port())], user_env(Path(home)), cwd=Path(home))
        browser = None
        try:
            url = served.url()
            browser = Chromium(free_port(), WIDTH, HEIGHT)
            browser.open(url)
            browser.wait_for("bundled JNIM dossier · 173 entries", "the dossier loads")
            browser.type("/")
            browser.wait_for("esc Back", "the search box opens")
            browser.type("Koufa")
            browser.wait_for("for “Koufa”", "the search answers")
            browser.type(ENTER)
            browser.wait_for("Amadou Koufa  person · amadou-koufa", "Enter opens Koufa")
            browser.type("2")  # the Leadership tab: his roles and the groups he led
            browser.wait_for("Roles", "the leadership tab")
            browser.screenshot(out)
        finally:
            if browser is not None:
                browser.quit()
            served.close()


if __name__ == "__main__":
    if (why := missing()) is not None:
        sys.exit(f"served_screenshot: {why}")
    take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/served-browser.png"))
