"""A figure's chart on Discord: the PNG is uploaded with the reply and shown inside the answer's
embed (``attachment://NAME``), with the chart in words as the attachment's description, which
Discord gives screen readers as the image's alt text."""

from __future__ import annotations

import io

import discord

from bot.charts import Drawing
from bot.surfaces.discord.embeds import cut, plain

DESCRIPTION_MAX = 1024  # Discord's limit for an attachment's description


def chart_file(drawing: Drawing) -> discord.File:
    return discord.File(
        io.BytesIO(drawing.data),
        filename=drawing.filename,
        # Curated text could hold "@everyone"; mentions are broken here as everywhere else.
        description=cut(plain(drawing.alt_text), DESCRIPTION_MAX),
    )


def show_chart(embed: discord.Embed, drawing: Drawing) -> discord.Embed:
    """Point the embed's image at the uploaded file, so the chart shows inside the answer."""
    return embed.set_image(url=f"attachment://{drawing.filename}")
