"""A figure's chart on Slack: uploaded with the files v2 flow (``files_upload_v2``: get an upload
URL, send the bytes, complete the upload into a channel or thread) right after a channel answer.

Only channel answers carry a chart: Slack has no private (ephemeral) files, and a private answer
must not leave a picture in the channel. The upload needs the ``files:write`` scope and, like any
bot post, membership of the channel; when Slack refuses (a slash command in a channel the bot was
never invited to), the answer already stands and the log says why the picture is missing.
"""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.charts.service import Charts
from bot.core.message import Message
from bot.surfaces.slack.escape import plain

log = logging.getLogger(__name__)

ALT_MAX = 1000  # characters Slack keeps of an image's alt text
_SPECIAL = re.compile(r"<(?=[!@#])")  # <!channel>, <@U123>, <#C123>: broken with a zero-width space


def inert(text: str) -> str:
    """Curated text for a file's title and alt text: no control characters, and nothing Slack
    could read as a mention or a channel link (the fields are plain text; this is belt and braces)."""
    return _SPECIAL.sub("<\u200b", plain(text))


async def upload_chart(
    client: AsyncWebClient, charts: Charts, message: Message, channel: str, thread_ts: str | None = None
) -> str | None:
    """Upload the chart of ``message`` (if it has one) into ``channel`` / ``thread_ts``; returns the
    file id, or None when there is no chart or Slack refused it."""
    drawing = await charts.for_answer(message)
    if drawing is None:
        return None
    try:
        response = await client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            file=drawing.data,
            filename=drawing.filename,
            title=inert(drawing.title),
            alt_txt=inert(drawing.alt_text)[:ALT_MAX],
        )
    except SlackApiError as err:
        data = getattr(err.response, "data", None)
        error = data.get("error", "") if isinstance(data, dict) else "?"
        log.warning("slack: the chart for %s was not uploaded to %s: %s", drawing.figure_id, channel, error)
        return None
    except SlackRequestError as err:  # the bytes themselves were refused at the upload URL
        log.warning("slack: the chart for %s was not uploaded to %s: %s", drawing.figure_id, channel, err)
        return None
    file = response.get("file") or {}
    return str(file.get("id", "")) or None
