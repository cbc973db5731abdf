"""Page links: every answer ends with its fact's page when the site's base URL is set."""

from __future__ import annotations

import pytest

from bot.core.context import Context
from bot.core.message import Kind, Message
from bot.core.pages import SiteLinks, normalise_base_url, with_links
from bot.core.render_text import render
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import FactBook

BASE = "https://facts.example.org/met/"
CTX = Context(surface="test", channel="test:1")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://facts.example.org/met", BASE),
        (" https://facts.example.org/met/ ", BASE),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
    ],
)
def test_base_urls_are_normalised_to_a_folder(given: str, expected: str) -> None:
    assert normalise_base_url(given) == expected


@pytest.mark.parametrize(
    "bad", ["facts.example.org", "ftp://facts.example.org/", "https://", "https://x.org/?a=1", "/met/"]
)
def test_a_base_url_that_is_not_a_web_folder_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="http"):
        normalise_base_url(bad)


@pytest.fixture
def linked(book: FactBook) -> Router:
    return Router(shelf=Shelf(book), links=SiteLinks(BASE))


@pytest.mark.asyncio
async def test_an_answer_ends_with_its_page(linked: Router) -> None:
    message = await linked.handle("convictions", CTX)
    assert message.kind is Kind.ANSWER
    assert message.page == BASE + "officers_with_criminal_records/"
    assert render(message).splitlines()[-1] == (
        "Full history and sources: https://facts.example.org/met/officers_with_criminal_records/"
    )
    assert message.fallback.endswith(f"Full history and sources: {message.page}")


@pytest.mark.asyncio
async def test_events_and_sources_link_their_page(linked: Router) -> None:
    event = await linked.handle("figure everard abduction", CTX)
    assert event.page == BASE + "everard_abducted/"
    sources = await linked.handle("source suspended_officers", CTX)
    assert sources.kind is Kind.SOURCES and sources.page == BASE + "suspended_officers/"


@pytest.mark.asyncio
async def test_a_timeline_links_the_timeline_page_and_each_event_its_own(linked: Router) -> None:
    message = await linked.handle("timeline", CTX)
    assert message.page == BASE + "timeline/"
    assert [i.url for i in message.items] == [BASE + f"{i.ref}/" for i in message.items]
    assert render(message).splitlines()[-1] == f"The whole timeline: {BASE}timeline/"


@pytest.mark.asyncio
async def test_topics_link_the_home_page(linked: Router) -> None:
    assert (await linked.handle("figures", CTX)).page == BASE


@pytest.mark.asyncio
@pytest.mark.parametrize("line", ["dismissals of wombats", "help", "remind on", "source"])
async def test_no_page_where_there_is_no_single_fact(linked: Router, line: str) -> None:
    message = await linked.handle(line, CTX)
    assert message.page is None
    assert "Full history" not in render(message)


@pytest.mark.asyncio
async def test_without_a_base_url_nothing_links(router: Router) -> None:
    message = await router.handle("convictions", CTX)
    assert message.kind is Kind.ANSWER and message.page is None
    assert "Full history" not in render(message)


class Recorder:
    def __init__(self) -> None:
        self.posted: list[Message] = []

    async def post(self, channel: str, message: Message) -> str:
        self.posted.append(message)
        return "ref"


@pytest.mark.asyncio
async def test_scheduled_posts_carry_the_event_page() -> None:
    recorder = Recorder()
    poster = with_links(recorder, SiteLinks(BASE))
    await poster.post("main", Message(Kind.REMINDER, "5 years ago today: x", ref="everard_abducted"))
    assert recorder.posted[0].page == BASE + "everard_abducted/"
    assert with_links(recorder, None) is recorder
