"""The Discord surface (discord.py with app commands).

- ``settings``: ``DiscordSettings.from_sources([discord] table, environment)``; no discord.py import,
  so reading configuration stays fast.
- ``adapter``: ``DiscordSurface(router, settings)`` with ``start``/``stop``/``post``.
- ``commands``: the slash commands, each mapped to a core command line.
- ``embeds``: ``Message`` -> embed, within Discord's limits.
- ``sync``: ``sync_commands(settings, guild=...)``, the explicit registration step.
- ``client``: endpoints, intents, mentions and sharding of the discord.py client.
"""
