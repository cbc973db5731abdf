"""The built site in a real browser: headless Chromium (Debian's, with its matching chromedriver)
opens the home page and a figure page, checks the value, the sources and the search, and saves
screenshots. Skipped with the reason where no browser is installed; under ``CI=true`` it fails
instead, since ``.ci/run`` installs one.

``FIGUREBOT_SCREENSHOTS=DIR`` also saves the screenshots there (the README's come from it).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.facts.model import FactBook, Figure

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 15.0  # seconds for a page's script to act; generous for a loaded 2-core machine


def _browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        reason = f"no browser: {' and '.join(missing)} not found (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI needs it (.ci/run installs it)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def served(real_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _driver(tmp_path: Path, *, javascript: bool = True) -> WebDriver:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1000,1400",
        f"--user-data-dir={tmp_path / ('profile-js' if javascript else 'profile-nojs')}",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(0)
    return driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    _browser_or_skip()
    driver = _driver(tmp_path)
    try:
        yield driver
    finally:
        driver.quit()


def _save(driver: WebDriver, tmp_path: Path, name: str, *, publish: bool = False) -> None:
    """Save a screenshot under the test's folder (and ``FIGUREBOT_SCREENSHOTS`` if ``publish``)."""
    folders = [tmp_path / "screenshots"]
    if publish and os.environ.get("FIGUREBOT_SCREENSHOTS"):
        folders.append(Path(os.environ["FIGUREBOT_SCREENSHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        assert driver.save_screenshot(str(path)), path
        assert path.stat().st_size > 10_000  # a real rendering, not a blank image


def showcase(book: FactBook) -> Figure:
    """The figure with the most values (and then parts): the page with the most to check."""
    return max(book.figures, key=lambda f: (len(f.revisions), len(f.parts), f.id))


def test_search_finds_a_figure_and_its_page_shows_the_value_and_sources(
    browser: WebDriver, served: str, real_book: FactBook, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as when
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, WAIT)
    fig = showcase(real_book)
    driver.get(served)
    assert driver.find_element(By.TAG_NAME, "h1").text == real_book.title
    search = wait.until(when.visibility_of_element_located((By.ID, "q")))  # the script unhid the form
    label = driver.find_element(By.CSS_SELECTOR, "label[for=q]")
    assert label.text == "Search the figures and events"

    first_result = (By.CSS_SELECTOR, "#search-results li a")
    search.send_keys(fig.title)
    # Results follow each keystroke; the full title puts its figure first.
    wait.until(when.text_to_be_present_in_element(first_result, fig.title))
    assert driver.find_element(*first_result).text == fig.title
    status = driver.find_element(By.ID, "search-status").text
    assert status.endswith(("match.", "matches.", "shown."))
    _save(driver, tmp_path, "site-search.png")

    search.clear()
    search.send_keys("zzqx wombat")
    wait.until(when.text_to_be_present_in_element((By.ID, "search-status"), "Nothing matches"))
    assert driver.find_elements(By.CSS_SELECTOR, "#search-results li") == []

    search.clear()
    search.send_keys(fig.title)
    wait.until(when.text_to_be_present_in_element(first_result, fig.title))
    driver.find_element(*first_result).click()
    wait.until(when.url_to_be(f"{served}{fig.id}/"))

    assert driver.find_element(By.TAG_NAME, "h1").text == fig.title
    assert driver.find_element(By.ID, "value").text == fig.value_text
    assert fig.statement in driver.find_element(By.CLASS_NAME, "statement").text
    sources = driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=sources] ol.sources > li")
    assert len(sources) == len(fig.sources)
    for shown, source in zip(sources, fig.sources, strict=True):
        assert shown.find_element(By.CSS_SELECTOR, "cite a").get_attribute("href") == source.url
        assert shown.find_element(By.TAG_NAME, "blockquote").text == f"“{source.quote}”"
        assert source.publisher in shown.text
        assert bool(shown.find_elements(By.CLASS_NAME, "copy")) is source.weak
    history = driver.find_elements(By.CSS_SELECTOR, "table.history tbody tr")
    assert [row.find_elements(By.TAG_NAME, "td")[1].text for row in history] == [
        *(r.value_text for r in fig.revisions),
        fig.value_text,
    ]
    driver.set_window_size(1000, 1600)
    _save(driver, tmp_path, "site-figure.png", publish=True)


def _has_word_starting(entry: dict[str, Any], prefix: str) -> bool:
    text = " ".join([entry["title"], *entry["names"], entry["text"]]).lower()
    return any(word.startswith(prefix) for word in re.split(r"[^a-z0-9]+", text))


def test_a_search_link_with_q_opens_with_its_results(
    browser: WebDriver, served: str, real_site: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as when
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(served + "?q=Everard")
    WebDriverWait(driver, WAIT).until(
        when.presence_of_element_located((By.CSS_SELECTOR, "#search-results li"))
    )
    assert driver.find_element(By.ID, "q").get_attribute("value") == "Everard"
    # The same matching worked out here from search.json: a word of the entry begins "everard".
    entries = json.loads((real_site / "search.json").read_text(encoding="utf-8"))
    expected = [e for e in entries if _has_word_starting(e, "everard")]
    shown = driver.find_elements(By.CSS_SELECTOR, "#search-results li a")
    assert len(shown) == min(len(expected), 20) > 0
    assert {a.get_attribute("href") for a in shown} <= {served + e["path"] for e in expected}
    status = driver.find_element(By.ID, "search-status").text
    assert status.startswith(f"{len(expected)} match")
    _save(driver, tmp_path, "site-index.png", publish=True)


def test_without_javascript_every_fact_is_still_listed_and_linked(
    served: str, real_book: FactBook, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    _browser_or_skip()
    driver = _driver(tmp_path, javascript=False)
    try:
        driver.get(served)
        assert not driver.find_element(By.ID, "search").is_displayed()  # no dead search box
        listed = {a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ul.facts a")}
        assert {f"{served}{f.id}/" for f in real_book.facts} <= listed
        driver.get(f"{served}timeline/")
        years = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
        assert years == sorted({str(e.date.year) for e in real_book.events})
    finally:
        driver.quit()


def test_without_a_browser_it_skips_with_the_reason_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(f"{__name__}.CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no browser: /nonexistent/chromium not found"):
        _browser_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI needs it"):
        _browser_or_skip()
