"""Multi-workspace installs: the OAuth flow's settings and the SQL installation store.

Installations live in the same database as the reminders (SQLite or PostgreSQL), in slack-sdk's
own tables (``slack_bots``, ``slack_installations``, ``slack_oauth_states``), created at start.
"""

from __future__ import annotations

import logging

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.schema import CreateSchema

from bot.surfaces.slack.settings import SlackSettings

log = logging.getLogger(__name__)

#: Bot scopes, and why each is needed (the README's "Add to Slack" explains them to admins):
SCOPES = (
    "commands",  # the /figure slash command
    "app_mentions:read",  # "@figurebot casey report" in a channel or thread
    "chat:write",  # answers to mentions and anniversary posts
    "chat:write.public",  # anniversary posts to a public channel without inviting the bot first
    "users:read",  # users.info: is the person switching reminders on a workspace admin or owner?
    "files:write",  # a figure's chart, uploaded after a channel answer
)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRY_SECONDS = 600


class Installs:
    """The installation and OAuth state stores on one engine."""

    def __init__(self, settings: SlackSettings, engine: AsyncEngine, schema: str | None = None) -> None:
        if not (settings.client_id and settings.client_secret):
            raise ValueError("OAuth installs need SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        self.engine = engine
        self.schema = schema  # the store URL's ?schema=, where slack-sdk's tables go too
        self.installations = AsyncSQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine)
        self.states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine)
        self.oauth_settings = AsyncOAuthSettings(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scopes=list(SCOPES),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=self.installations,
            state_store=self.states,
            state_expiration_seconds=STATE_EXPIRY_SECONDS,
        )

    async def create_tables(self) -> None:
        """Create slack-sdk's tables if missing (idempotent)."""
        if self.schema:
            async with self.engine.begin() as conn:
                await conn.execute(CreateSchema(self.schema, if_not_exists=True))
        await self.installations.create_tables()  # type: ignore[no-untyped-call]
        await self.states.create_tables()  # type: ignore[no-untyped-call]

    async def bot_token(self, team_id: str) -> str | None:
        """The bot token installed in ``team_id``, or None when the app is not (any more) installed."""
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None
