"""Slack mrkdwn escaping, safe links and truncation that never breaks markup.

Slack treats only ``&``, ``<`` and ``>`` as control characters: once escaped, ``<!channel>``,
``<!here>``, ``<@U123>`` and ``<https://evil|label>`` render as literal text and notify no one.
Nothing else is HTML-escaped (``'`` must stay ``'``). Control characters are dropped, because they
serve no reader and some clients render them as boxes.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 except tab and newline
_URL_FORBIDDEN = frozenset('|<> \t\r\n"')
MORE = "…"


def plain(text: str) -> str:
    """Text for ``plain_text`` objects: control characters removed; Slack does not parse it."""
    return _CONTROL.sub("", text)


def escape(text: str) -> str:
    """Text for ``mrkdwn`` objects and the fallback ``text``: ``&<>`` escaped, controls dropped."""
    return plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str) -> bool:
    """An http(s) URL that cannot break out of ``<url|label>`` (no ``|``, ``<``, ``>``, spaces)."""
    if not url.startswith(("https://", "http://")) or len(url) > 2000:
        return False
    return not any(ch in _URL_FORBIDDEN or unicodedata.category(ch)[0] == "C" for ch in url)


def link(url: str, label: str) -> str:
    """``<url|label>`` with the label escaped; just the escaped label when the URL is unsafe."""
    shown = escape(label) or escape(url)
    if not safe_url(url):
        return shown
    return f"<{url}|{shown}>"


def fit(mrkdwn: str, limit: int, more: str = MORE) -> str:
    """Cut already-escaped mrkdwn to ``limit`` characters, ending with ``more`` when cut.

    Never cuts inside an entity (``&amp;``) or a ``<url|label>`` link, so Slack never sees broken
    markup; prefers to cut at a line end or a space.
    """
    if len(mrkdwn) <= limit:
        return mrkdwn
    cut = mrkdwn[: max(0, limit - len(more))]
    # Back off from a half entity or a half link: find an opener with no closer after it.
    amp, semi = cut.rfind("&"), cut.rfind(";")
    if amp > semi:
        cut = cut[:amp]
    lt, gt = cut.rfind("<"), cut.rfind(">")
    if lt > gt:
        cut = cut[:lt]
    for stop in ("\n", " "):
        at = cut.rfind(stop)
        if at >= len(cut) * 3 // 4:  # only when it loses little
            cut = cut[:at]
            break
    return cut.rstrip() + more


def fit_plain(text: str, limit: int, more: str = MORE) -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(more))].rstrip() + more
