"""Screenshots of the bundled site for the README: `python scripts/screenshots.py`.

Builds the bundled content without search into a temporary folder, serves it on 127.0.0.1 and
has Debian's Chromium (through Playwright, as the browser tests do) photograph a profile and the
home page at a phone's width and a desktop's, into docs/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs/screenshots"
SHOTS = [  # (page, file, width, height)
    ("prisoners/amangeldy-dzhakhin/", "profile-phone.png", 390, 844),
    ("prisoners/amangeldy-dzhakhin/", "profile-desktop.png", 1280, 900),
    ("", "home-phone.png", 390, 844),
    ("", "home-desktop.png", 1280, 900),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        command = [sys.executable, "-m", "generator", "build", "--no-search", "--out", str(site)]
        built = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        if built.returncode != 0:
            raise SystemExit(f"the build failed:\n{built.stdout}{built.stderr}")
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox"],
            )
            for page_path, name, width, height in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + page_path)
                page.screenshot(path=OUT / name)
                page.close()
            browser.close()
        server.shutdown()
    print(f"Screenshots written to {OUT.relative_to(REPO)}/")


if __name__ == "__main__":
    main()
