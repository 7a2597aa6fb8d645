"""A real browser for the phone verifier tests (issue 18): Debian's chromium, headless, driven
by Selenium through chromium-driver, and a local HTTP server for the published folder.

127.0.0.1 is a secure context for Chromium, so the camera, the service worker and WebCrypto
behave as on the office's HTTPS site. The camera is Chromium's fake capture device playing a
video file (``--use-file-for-fake-video-capture``), the media permission prompt answered yes.
"""

from __future__ import annotations

import functools
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def require_chromium() -> None:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed "
                    "(apt-get install chromium chromium-driver; .ci/run installs them)")


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".js": "text/javascript",
                      ".wasm": "application/wasm"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(width: int = 390, height: int = 844, lang: str = "zh-CN",
             fake_video: Path | None = None) -> Iterator[Any]:
    """A headless Chromium window of the given size; ``fake_video``: what its camera sees."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", f"--lang={lang}", "--hide-scrollbars",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    if fake_video is not None:
        options.add_argument(f"--use-file-for-fake-video-capture={fake_video}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_window_size(width, height)
        yield driver
    finally:
        driver.quit()


def wait_for_verdict(driver: Any, timeout: float = 20.0) -> dict[str, str]:
    """The result element's data once it shows a verdict (not idle, not busy)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = driver.execute_script(
            "const r = document.getElementById('result');"
            "return {status: r.dataset.status, detail: r.dataset.detail || '',"
            " warnings: r.dataset.warnings || '', text: r.innerText};")
        if data["status"] not in ("idle", "busy", "", None):
            return dict(data)
        time.sleep(0.05)
    raise AssertionError(f"no verdict within {timeout} s: {data}")


def check_pasted(driver: Any, text: str, timeout: float = 20.0) -> dict[str, str]:
    """Paste ``text`` into the page and press 核验 (the same path as a person pasting)."""
    driver.execute_script(
        "document.getElementById('result').dataset.status = 'idle';"
        "document.getElementById('pasted').value = arguments[0];"
        "document.getElementById('check').click();", text)
    return wait_for_verdict(driver, timeout)
