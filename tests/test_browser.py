"""The review UI in a real browser: Debian's headless Chromium driven by Playwright.

Starts ``streamlit run app.py`` on a free local port, opens the seed, rejects a
link and accepts the next, checks the page counts them, downloads the TMX and
saves a screenshot.
``make install`` sets the browser up (the ``chromium`` Debian package and the
``playwright`` Python package); without them this test fails, saying so.

``ALIGN_UPDATE_SCREENSHOT=1`` also writes the screenshot to ``docs/review-ui.png``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Wide enough for the table beside the sidebar, tall enough to show the counts, the controls and the first rows.
VIEWPORT = {"width": 1400, "height": 1600}
#: The first page load aligns the seed (and may convert the model): generous.
LOAD_TIMEOUT_MS = 600_000
STEP_TIMEOUT_MS = 120_000

pytestmark = pytest.mark.model


def require_browser() -> None:
    """Fail (never skip) with the fix when the browser or its driver is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (installs Debian's chromium package) or `apt-get install chromium`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the playwright Python package is missing: run `make install` (it is in the [test] extra)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on 127.0.0.1 with a fresh project folder; yields its URL."""
    require_browser()
    port = free_port()
    log_path = tmp_path / "streamlit.log"
    env = {**os.environ, "ALIGN_PROJECT_DIR": str(tmp_path / "project")}  # ALIGN_CACHE_DIR is inherited
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {url}:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_review_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as err:  # noqa: BLE001 — the message names the fix
            pytest.fail(f"could not start {CHROMIUM} through playwright: {err}")
        try:
            page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
            page.goto(server)

            def metric(label: str):
                return page.locator('[data-testid="stMetric"]').filter(
                    has=page.get_by_text(label, exact=True)
                ).locator('[data-testid="stMetricValue"]')

            # The seed opens by default: its links, side by side, Arabic right to left, flags as badges.
            problem = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
            problem.or_(metric("Links")).first.wait_for(timeout=LOAD_TIMEOUT_MS)
            assert not problem.count(), problem.first.inner_text()
            expect(metric("Links")).to_have_text("10")
            expect(metric("Reviewed")).to_have_text("0")
            arabic = page.locator("table.align-review td.ar")
            expect(arabic).to_have_count(10)
            style = arabic.first.evaluate("cell => [getComputedStyle(cell).direction, getComputedStyle(cell).unicodeBidi]")
            assert style == ["rtl", "isolate"]
            expect(page.locator("table.align-review .badge").first).to_be_visible()

            # Corrections: reject the first link (English with no Arabic), which selects the next; accept that.
            rows = page.locator("table.align-review tr")
            page.get_by_role("button", name="Reject", exact=True).click()
            expect(metric("Reviewed")).to_have_text("1", timeout=STEP_TIMEOUT_MS)
            expect(rows.nth(1)).to_contain_text("rejected")
            settle(page)
            assert page.locator("table.align-review tr.selected td").first.inner_text().split()[0] == "2"
            page.get_by_role("button", name="Accept", exact=True).click()
            expect(metric("Reviewed")).to_have_text("2", timeout=STEP_TIMEOUT_MS)
            expect(rows.nth(2)).to_contain_text("accepted")

            settle(page)
            screenshot = tmp_path / "review-ui.png"
            page.screenshot(path=str(screenshot))
            assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            if os.environ.get("ALIGN_UPDATE_SCREENSHOT"):
                shutil.copyfile(screenshot, REPO / "docs" / "review-ui.png")

            # Export: the TMX of the accepted links, then of all links.
            page.get_by_role("tab", name="Export").click()
            tmx = download(page, "Download TMX", tmp_path / "accepted.tmx")
            units = etree.fromstring(tmx).findall("body/tu")
            assert b"<tu" in tmx and [unit.get("tuid") for unit in units] == ["1"]
            assert units[0].findtext("prop[@type='x-align-review']") == "accepted"

            page.get_by_text("All links", exact=True).click()
            expect(page.get_by_role("radio", name="All links")).to_be_checked(timeout=STEP_TIMEOUT_MS)
            deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
            while len(etree.fromstring(tmx).findall("body/tu")) != 10 and time.monotonic() < deadline:
                # The button serves the new file once the rerun after the radio click is done.
                tmx = download(page, "Download TMX", tmp_path / "all.tmx")
            assert len(etree.fromstring(tmx).findall("body/tu")) == 10
        finally:
            browser.close()


def settle(page) -> None:
    """Wait until the script run is over and every element is drawn (no stale element, no skeleton)."""
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning"
              && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')""",
        timeout=STEP_TIMEOUT_MS,
    )


def download(page, label: str, path: Path) -> bytes:
    """Click a download button and return the bytes the browser received."""
    with page.expect_download(timeout=STEP_TIMEOUT_MS) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(path)
    return path.read_bytes()
